"""The rules engine: DESIGN.md's precedence on every field, for every pair of layers,
with "always" and "only if blank"; manual edits; exceptions; auto-publish; why."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from books.i18n import set_language
from books.rules.engine import (
    FACTS,
    FIELDS,
    MODES,
    DocumentFacts,
    PartyFacts,
    Rule,
    RuleBook,
    Setting,
    end_of_month_plus,
    resolve,
)
from books.rules.explain import explain

ISSUED = date(2026, 11, 10)
BEFORE = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
IMPORTED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PARTY = PartyFacts(id=7, name="Adobe", created_at=datetime(2025, 1, 1, tzinfo=UTC))
DOC = DocumentFacts(issue_date=ISSUED, gross=Decimal("120.00"), tax=Decimal("20.00"),
                    submitted_by="bob", imported_at=IMPORTED)
LAYERS = ("default", "document", "party", "higher", "manual")
"""1 dossier defaults, 2 automatic (read / proposed), 3 party rule, 4 user rule, 5 manual."""


def value_at(layer: int, name: str) -> object:
    """The value layer ``layer`` gives ``name`` (due dates: that many days after issue)."""
    if name == "due_date":
        return (ISSUED + timedelta(days=layer)).isoformat()
    return f"L{layer}-{name}"


def setting_of(name: str, layer: int, mode: str) -> dict[str, Setting]:
    if name == "due_date":
        return {"due_days": Setting(layer, mode)}
    return {name: Setting(value_at(layer, name), mode)}


def inputs(name: str, layers: dict[int, str]) -> tuple[dict, RuleBook]:
    """Fields and rules giving ``name`` a value at each of ``layers`` (layer → mode)."""
    fields: dict[str, dict] = {}
    rules = []
    for layer, mode in layers.items():
        if layer == 1:
            fields[name] = {"value": value_at(1, name), "source": "default", "rule": "dossier"}
        elif layer == 2:
            source = "document" if name in FACTS else "automatic"
            fields[name] = {"value": value_at(2, name), "source": source, "rule": None}
        elif layer == 3:
            rules.append(Rule(id=3, kind="supplier", party_id=PARTY.id, party_name="Adobe",
                              sets=setting_of(name, 3, mode), created_by="marie",
                              created_at=BEFORE))
        elif layer == 4:
            rules.append(Rule(id=4, kind="user", condition={"user": "bob"},
                              sets=setting_of(name, 4, mode), created_by="marie",
                              created_at=BEFORE))
        else:
            fields[name] = {"value": value_at(5, name), "source": "manual", "by": "bob",
                            "at": IMPORTED.isoformat()}
    return fields, RuleBook.of(rules)


def expected(name: str, low: int, high: int, mode: str) -> int:
    """Which layer wins, as DESIGN.md says it."""
    if high == 5:
        return 5
    if low == 2 and name in FACTS:  # a fact read on the document: rules only fill it
        return 2
    if mode == "only_if_blank" and low > 1:
        return low
    return high


PAIRS = list(itertools.combinations(range(1, 6), 2))
CASES = [(name, low, high, mode, low_mode) for name in FIELDS for low, high in PAIRS
         for mode in MODES for low_mode in MODES
         if not (low in (1, 2, 5) and low_mode == "only_if_blank")
         and not (high == 5 and mode == "only_if_blank")]


@pytest.mark.parametrize(("name", "low", "high", "mode", "low_mode"), CASES)
def test_precedence_of_every_pair_of_layers(name, low, high, mode, low_mode):
    fields, book = inputs(name, {low: low_mode, high: mode})
    result = resolve(DOC, fields, PARTY, book, date(2026, 11, 20))
    winner = expected(name, low, high, mode)
    assert result.fields[name]["value"] == value_at(winner, name), (LAYERS[low - 1],
                                                                     LAYERS[high - 1], mode)


@pytest.mark.parametrize(("name", "layer", "mode"),
                         [(n, layer, m) for n in FIELDS for layer in (3, 4) for m in MODES])
def test_a_rule_fills_a_blank_field_in_either_mode(name, layer, mode):
    fields, book = inputs(name, {layer: mode})
    result = resolve(DOC, fields, PARTY, book, date(2026, 11, 20))
    assert result.fields[name]["value"] == value_at(layer, name)
    assert result.fields[name]["source"] == "rule"
    assert result.fields[name]["rule"] == layer
    assert result.fired == [layer]


def test_manual_edits_survive_reapplying_rules():
    fields, book = inputs("account", {3: "always", 5: "always"})
    first = resolve(DOC, fields, PARTY, book, date(2026, 11, 20))
    again = resolve(DOC, first.fields, PARTY, book, date(2026, 11, 20))
    assert again.fields["account"] == fields["account"]
    assert again.fired == []


def test_rule_values_of_a_previous_pass_are_recomputed():
    fields, book = inputs("account", {3: "always"})
    first = resolve(DOC, fields, PARTY, book, date(2026, 11, 20))
    assert first.fields["account"]["value"] == "L3-account"
    after_delete = resolve(DOC, first.fields, PARTY, RuleBook.of([]), date(2026, 11, 20))
    assert "account" not in after_delete.fields


def test_the_party_rule_applies_only_to_its_party():
    fields, book = inputs("account", {3: "always"})
    other = PartyFacts(id=8, name="Google")
    assert "account" not in resolve(DOC, fields, other, book, date(2026, 11, 20)).fields
    assert "account" not in resolve(DOC, fields, None, book, date(2026, 11, 20)).fields


def test_payment_method_rules_follow_the_resolved_payment_method():
    party = Rule(id=1, kind="supplier", party_id=7, sets={"payment_method": Setting("CB"),
                                                        "account": Setting("6064")})
    card = Rule(id=2, kind="payment_method", condition={"payment_method": "CB"},
                sets={"account": Setting("6251"), "paid": Setting(True)})
    cheque = Rule(id=3, kind="payment_method", condition={"payment_method": "CHQ"},
                  sets={"account": Setting("6000")})
    result = resolve(DOC, {}, PARTY, RuleBook.of([party, card, cheque]), date(2026, 11, 20))
    assert result.fields["account"]["value"] == "6251"
    assert result.fields["paid"]["value"] is True
    assert result.fired == [1, 2]


def test_due_end_of_month():
    assert end_of_month_plus(date(2026, 2, 10), 10) == date(2026, 3, 10)
    rule = Rule(id=1, kind="supplier", party_id=7, sets={"due_end_of_month": Setting(0)})
    result = resolve(DOC, {}, PARTY, RuleBook.of([rule]), date(2026, 11, 20))
    assert result.fields["due_date"]["value"] == "2026-11-30"


def test_a_due_rule_needs_an_issue_date():
    rule = Rule(id=1, kind="supplier", party_id=7, sets={"due_days": Setting(30)})
    result = resolve(DocumentFacts(), {}, PARTY, RuleBook.of([rule]), date(2026, 11, 20))
    assert "due_date" not in result.fields


def test_a_defaults_rule_replaces_the_dossier_columns_but_not_what_was_read():
    default = Rule(id=1, kind="defaults", sets={"vat_rate": Setting("20"),
                                               "currency": Setting("USD")})
    fields = {"currency": {"value": "EUR", "source": "default", "rule": "dossier.base_currency"},
              "vat_rate": {"value": "5.5", "source": "document"}}
    result = resolve(DOC, fields, PARTY, RuleBook.of([default]), date(2026, 11, 20))
    assert result.fields["currency"]["value"] == "USD"
    assert result.fields["currency"]["source"] == "default"
    assert result.fields["vat_rate"]["value"] == "5.5"


def publishing(created: datetime = BEFORE) -> Rule:
    return Rule(id=1, kind="supplier", party_id=7, sets={"auto_publish": Setting(True)},
                created_by="marie", created_at=created)


def test_auto_publish_only_for_documents_imported_after_the_rule():
    book = RuleBook.of([publishing()])
    assert resolve(DOC, {}, PARTY, book, date(2026, 11, 20)).auto_publish is True
    late = RuleBook.of([publishing(IMPORTED + timedelta(seconds=1))])
    result = resolve(DOC, {}, PARTY, late, date(2026, 11, 20))
    assert result.fields["auto_publish"]["value"] is True
    assert result.auto_publish is False


def test_a_manual_no_stops_auto_publish_and_a_manual_yes_counts_at_once():
    book = RuleBook.of([publishing()])
    no = {"auto_publish": {"value": False, "source": "manual", "by": "bob"}}
    assert resolve(DOC, no, PARTY, book, date(2026, 11, 20)).auto_publish is False
    yes = {"auto_publish": {"value": True, "source": "manual", "by": "bob"}}
    assert resolve(DOC, yes, None, RuleBook.of([]), date(2026, 11, 20)).auto_publish is True


@pytest.mark.parametrize(("condition", "document", "holds"), [
    ({"amount_above": "100"}, DOC, True),
    ({"amount_above": "500"}, DOC, False),
    ({"vat_missing": True}, DocumentFacts(imported_at=IMPORTED), True),
    ({"vat_missing": True}, DOC, False),
    ({"flags": ["totals"]}, DocumentFacts(imported_at=IMPORTED, flags=("totals",)), True),
    ({"flags": ["totals"]}, DOC, False),
    ({"party_new_this_month": True}, DOC, False),
    ({"amount_above": "100", "vat_missing": True}, DOC, False),
])
def test_an_exception_stops_auto_publish_when_it_holds(condition, document, holds):
    stop = Rule(id=9, kind="exception", condition=condition, sets={}, created_by="marie",
                created_at=BEFORE)
    result = resolve(document, {}, PARTY, RuleBook.of([publishing(), stop]), date(2026, 11, 20))
    assert result.auto_publish is (not holds)
    assert result.exception == (9 if holds else None)
    if holds:
        assert result.fields["auto_publish"]["rule"] == 9


def test_an_exception_on_a_party_created_this_month():
    stop = Rule(id=9, kind="exception", condition={"party_new_this_month": True}, sets={})
    young = PartyFacts(id=7, name="Adobe", created_at=datetime(2026, 11, 2, tzinfo=UTC))
    result = resolve(DOC, {}, young, RuleBook.of([publishing(), stop]), date(2026, 11, 20))
    assert result.auto_publish is False


def test_the_reminder_note_is_for_suppliers_documents():
    rule = Rule(id=1, kind="supplier", party_id=7,
                sets={"note": Setting("Toujours renseigner le numéro de facture")})
    result = resolve(DOC, {}, PARTY, RuleBook.of([rule]), date(2026, 11, 20))
    assert result.note == "Toujours renseigner le numéro de facture"


def test_why_a_field_holds_its_value():
    set_language("fr")
    rule = Rule(id=1, kind="supplier", party_id=7, party_name="Adobe",
                sets={"account": Setting("6064")}, created_by="marie",
                created_at=datetime(2026, 11, 3, 10, 0, tzinfo=UTC))
    result = resolve(DOC, {}, PARTY, RuleBook.of([rule]), date(2026, 11, 20))
    assert explain("account", result.fields["account"]) == (
        "Compte 6064 — règle fournisseur Adobe, créée par marie le 03/11/2026")
    manual = {"value": "6061", "source": "manual", "by": "bob", "at": "2026-11-21T10:00:00+00:00"}
    assert explain("account", manual) == "Compte 6061 — saisi par bob le 21/11/2026"
    assert explain("currency", {"value": "EUR", "source": "document"}) == (
        "Devise EUR — lu sur le document")
