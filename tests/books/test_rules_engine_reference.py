"""The rules engine against a plain reading of its precedence.

The engine is tuned for a change over 50,000 documents (settings worked out once per
rule, the offer of a value inlined, the fields handed over without a copy). Here a
straightforward version of the same rules — the engine as first written, one small
function per step — is the reference, and random documents, fields and rule books
must come out of both alike: every field with its provenance, the auto-publish
decision, the exception that stopped it, the note and the rules that fired.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from books.rules.engine import (
    FACTS,
    FIELD_OF,
    LAYER_OF_SOURCE,
    MODES,
    SETTINGS,
    DocumentFacts,
    PartyFacts,
    Rule,
    RuleBook,
    Setting,
    resolve,
    resolve_owned,
)

TODAY = date(2026, 11, 20)
MADE = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


# ------------------------------------------------------------------ the reference


def reference(document: DocumentFacts, fields: Mapping[str, dict[str, Any]],
              party: PartyFacts | None, book: RuleBook) -> dict[str, Any]:
    """The precedence read plainly: each layer's rules offered in turn, field by field."""
    out = {k: v for k, v in fields.items() if v.get("source") != "rule"}
    for rule in book.defaults:
        _apply(out, rule, document)
    rule = book.by_party.get(party.id) if party is not None else None
    if rule is not None:
        _apply(out, rule, document, party.name if party else None)
    method = (out.get("payment_method") or {}).get("value")
    for rule in book.payment_methods:
        if method and rule.condition.get("payment_method") == method:
            _apply(out, rule, document)
    for rule in book.users:
        if document.submitted_by and rule.condition.get("user") == document.submitted_by:
            _apply(out, rule, document)
    stopped = next((r for r in book.exceptions if _holds(r, document, out, party)), None)
    if stopped is not None:
        _offer(out, "auto_publish", {"value": False, **stopped.provenance}, "always")
    fired = sorted({v["rule"] for v in out.values()
                    if v.get("source") == "rule" and isinstance(v.get("rule"), int)})
    note = (out.get("note") or {}).get("value")
    return {"fields": out, "fired": fired, "auto_publish": _auto_publish(out, document, stopped),
            "exception": stopped.id if stopped else None,
            "note": str(note) if note and document.direction == "purchase" else None}


def _apply(out: dict[str, Any], rule: Rule, document: DocumentFacts,
           party_name: str | None = None) -> None:
    for name, setting in rule.sets.items():
        value = _value_for(name, setting.value, document)
        if value is None:
            continue
        candidate = {"value": value, **rule.provenance}
        if party_name:
            candidate["party"] = party_name
        _offer(out, FIELD_OF[name], candidate, setting.mode)


def _layer_of(provenance: Mapping[str, Any]) -> int:
    layer = provenance.get("layer")
    return int(layer) if layer else LAYER_OF_SOURCE.get(provenance.get("source") or "", 2)


def _offer(out: dict[str, Any], name: str, candidate: dict[str, Any], mode: str) -> None:
    current = out.get(name)
    if current is not None and current.get("value") not in (None, ""):
        held = _layer_of(current)
        if held > candidate["layer"]:
            return
        if name in FACTS and current.get("source") == "document":
            return
        if mode == "only_if_blank" and held > 1:
            return
    out[name] = candidate


def _value_for(setting: str, value: Any, document: DocumentFacts) -> Any:
    if value in (None, ""):
        return None
    if setting in ("due_days", "due_end_of_month"):
        if document.issue_date is None:
            return None
        day = document.issue_date
        if setting == "due_end_of_month":
            day = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        return (day + timedelta(days=int(value))).isoformat()
    return value


def _holds(rule: Rule, document: DocumentFacts, out: Mapping[str, Any],
           party: PartyFacts | None) -> bool:
    condition, checks = rule.condition, []
    if condition.get("amount_above") not in (None, ""):
        try:
            limit: Decimal | None = Decimal(str(condition["amount_above"]))
        except InvalidOperation:
            limit = None
        checks.append(limit is not None and document.gross is not None
                      and abs(document.gross) > limit)
    if condition.get("vat_missing"):
        vat = out.get("vat_rate")
        checks.append((vat is None or vat.get("value") in (None, "")) and not document.tax)
    if condition.get("flags"):
        checks.append(bool(set(condition["flags"]) & set(document.flags)))
    if condition.get("party_new_this_month"):
        created = party.created_at if party else None
        checks.append(created is not None
                      and (created.year, created.month) == (TODAY.year, TODAY.month))
    return bool(checks) and all(checks)


def _auto_publish(out: Mapping[str, Any], document: DocumentFacts, stopped: Rule | None) -> bool:
    provenance = out.get("auto_publish")
    if stopped is not None or provenance is None or provenance.get("value") is not True:
        return False
    if provenance.get("source") == "manual":
        return True
    created = provenance.get("created")
    if created is None or document.imported_at is None:
        return False
    moment = datetime.fromisoformat(created)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment < document.imported_at


# ------------------------------------------------------------------ random inputs

VALUES = {"account": st.sampled_from(["6064", "6226", "", None]),
          "vat_rate": st.sampled_from(["20", "5.5", "", None]),
          "due_days": st.sampled_from([0, 30, 45, "", None]),
          "due_end_of_month": st.sampled_from([0, 10, None]),
          "payment_method": st.sampled_from(["carte", "virement", "", None]),
          "paid": st.sampled_from([True, False, None]),
          "description": st.sampled_from(["Logiciels", "", None]),
          "currency": st.sampled_from(["EUR", "USD", None]),
          "auto_publish": st.sampled_from([True, False, None]),
          "note": st.sampled_from(["Toujours le numéro", "", None])}
SOURCES = ["default", "document", "match", "automatic", "learning", "check", "manual", "rule",
           "odd"]


@st.composite
def rule_sets(draw: st.DrawFn) -> dict[str, Setting]:
    names = draw(st.lists(st.sampled_from(SETTINGS), max_size=5, unique=True))
    return {n: Setting(draw(VALUES[n]), draw(st.sampled_from(MODES))) for n in names}


@st.composite
def books(draw: st.DrawFn) -> RuleBook:
    rules = [Rule(1, "supplier", draw(rule_sets()), party_id=7, party_name="Adobe",
                  created_by="marie", created_at=MADE)] if draw(st.booleans()) else []
    for rule_id in range(2, 2 + draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["payment_method", "user", "exception", "defaults"]))
        condition: dict[str, Any] = {}
        if kind == "payment_method":
            condition = {"payment_method": draw(st.sampled_from(["carte", "virement"]))}
        elif kind == "user":
            condition = {"user": draw(st.sampled_from(["bob", "marie"]))}
        elif kind == "exception":
            condition = draw(st.sampled_from([{"amount_above": "100"}, {"vat_missing": True},
                                              {"flags": ["totals"]},
                                              {"party_new_this_month": True}, {}]))
        made = draw(st.sampled_from([MADE, datetime(2026, 12, 1, tzinfo=UTC)]))
        rules.append(Rule(rule_id, kind, {} if kind == "exception" else draw(rule_sets()),
                          condition=condition, created_at=made))
    return RuleBook.of(rules)


@st.composite
def documents(draw: st.DrawFn) -> tuple[DocumentFacts, dict[str, Any]]:
    issued = draw(st.sampled_from([None, date(2026, 2, 27), date(2026, 11, 10)]))
    document = DocumentFacts(
        issue_date=issued, gross=draw(st.sampled_from([None, Decimal("50"), Decimal("-500")])),
        tax=draw(st.sampled_from([None, Decimal("0"), Decimal("20")])),
        flags=tuple(draw(st.lists(st.sampled_from(["totals", "vat"]), max_size=2))),
        submitted_by=draw(st.sampled_from([None, "bob", "marie"])),
        imported_at=draw(st.sampled_from([None, datetime(2026, 11, 2, tzinfo=UTC)])),
        direction=draw(st.sampled_from(["purchase", "sale"])))
    fields = {}
    for name in draw(st.lists(st.sampled_from(list(VALUES)), max_size=6, unique=True)):
        field = FIELD_OF[name]
        source = draw(st.sampled_from(SOURCES))
        fields[field] = {"value": draw(VALUES[name]), "source": source,
                         "rule": draw(st.sampled_from([None, 9, "dossier.x"])), "by": None}
        if draw(st.booleans()):
            fields[field]["layer"] = draw(st.sampled_from([1, 3, 4, "4", 0]))
    return document, fields


PARTIES = st.sampled_from([None, PartyFacts(7, "Adobe SAS", datetime(2026, 11, 3, tzinfo=UTC)),
                           PartyFacts(7, "", None), PartyFacts(8, "Google", MADE)])


@settings(max_examples=600, deadline=None)
@given(documents(), PARTIES, books())
def test_the_engine_gives_what_the_plain_reading_gives(document_fields, party, book) -> None:
    document, fields = document_fields
    expected = reference(document, fields, party, book)
    for result in (resolve(document, fields, party, book, TODAY),
                   resolve_owned(document, {k: v for k, v in fields.items()
                                            if v.get("source") != "rule"}, party, book, TODAY)):
        assert result.fields == expected["fields"]
        assert result.fired == expected["fired"]
        assert result.auto_publish == expected["auto_publish"]
        assert result.exception == expected["exception"]
        assert result.note == expected["note"]
