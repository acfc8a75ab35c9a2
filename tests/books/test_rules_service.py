"""Rules on a dossier: new documents filled with provenance, the inbox changed after a
diff whose counts are what is applied, manual edits surviving, undo, auto-publish only
after the rule, published documents untouched, and only admins editing."""

from __future__ import annotations

from pathlib import Path

import pytest

from books.context import Workspace
from books.errors import PermissionDenied
from books.i18n import set_language
from books.inbox.documents import document_details, get_document
from books.inbox.review import publish, set_fields
from books.inbox.runner import run_once
from books.parties.undo import undo_last
from books.rules.service import (
    commit,
    get_party_ids,
    list_rules,
    plan_delete,
    plan_party_rules,
    plan_rule,
)
from tests.books.test_inbox import documents, drop, invoice

SLUG = "garage-central"


@pytest.fixture
def garage(admin: Workspace) -> Path:
    """The garage's dossier with its supplier F001 (as the inbox tests make it)."""
    from tests.books import test_inbox

    return test_inbox.garage.__wrapped__(admin)


def supplier_rule(ws: Workspace, apply: bool = True, **values: str):
    ids = get_party_ids(ws, SLUG, "supplier", ["F001"])
    plan = plan_party_rules(ws, SLUG, "supplier", ids, values, apply_to_inbox=apply)
    return plan, commit(ws, plan)


def test_a_new_document_is_filled_by_its_suppliers_rule(admin: Workspace, garage: Path) -> None:
    set_language("fr")
    supplier_rule(admin, account="6064", note="Toujours renseigner le numéro de facture",
                  due_days="45")
    drop(garage, "F-1.xml", invoice("F-1"))
    run_once(admin)
    (doc,) = documents(admin)
    details = document_details(doc)
    account = details["fields"]["account"]
    assert (account["value"], account["source"], account["by"]) == ("6064", "rule", "alice")
    assert account["why"].startswith("Compte 6064 — règle fournisseur Dupont Plomberie SARL, "
                                     "créée par alice le ")
    assert details["fields"]["due_date"]["source"] == "document"  # read: a rule does not replace
    assert details["note"] == "Toujours renseigner le numéro de facture"
    (rule,) = list_rules(admin, SLUG)
    assert rule.fired_count == 1 and rule.last_fired_at is not None


def test_the_diff_counts_are_what_is_applied_and_manual_edits_survive(
        admin: Workspace, garage: Path) -> None:
    for n in range(3):
        drop(garage, f"F-{n}.xml", invoice(f"F-{n}"))
    run_once(admin)
    first, second, third = sorted(d.id for d in documents(admin))
    set_fields(admin, first, {"account": "6061"})
    publish(admin, [third])
    ids = get_party_ids(admin, SLUG, "supplier", ["F001"])
    plan = plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6064", "paid": "oui"})
    changed = {c.document_id for c in plan.diff}
    assert changed == {first, second}  # the published one is not in the inbox
    assert {(c.document_id, c.field, c.old, c.new) for c in plan.diff} == {
        (first, "paid", None, True), (second, "paid", None, True), (second, "account", None, "6064")}
    # named by number, as people name them (it gave the file name)
    assert all(c.document == get_document(admin, c.document_id).number for c in plan.diff)
    assert {c.document for c in plan.diff} < {"F-0", "F-1", "F-2"}
    applied = commit(admin, plan)
    assert applied.documents == plan.documents_changed == 2
    assert get_document(admin, first).fields["account"]["value"] == "6061"
    assert get_document(admin, first).fields["account"]["source"] == "manual"
    assert get_document(admin, second).fields["account"]["value"] == "6064"
    assert get_document(admin, second).fields["account"]["rule"] == list_rules(admin, SLUG)[0].id
    assert "account" not in get_document(admin, third).fields


def test_undo_restores_every_field_and_provenance_and_the_rules(admin: Workspace,
                                                                garage: Path) -> None:
    supplier_rule(admin, account="6064")
    drop(garage, "F-1.xml", invoice("F-1"))
    run_once(admin)
    (doc,) = documents(admin)
    before = get_document(admin, doc.id).fields
    rules_before = list_rules(admin, SLUG)
    _plan, applied = supplier_rule(admin, account="6226", vat_rate="20")
    assert applied.documents == 1
    assert get_document(admin, doc.id).fields["account"]["value"] == "6226"
    undone = undo_last(admin, SLUG)
    assert undone.action == "rules"
    assert get_document(admin, doc.id).fields == before
    assert list_rules(admin, SLUG) == rules_before


def test_deleting_a_rule_brings_the_lower_layer_back(admin: Workspace, garage: Path) -> None:
    drop(garage, "F-1.xml", invoice("F-1"))
    run_once(admin)
    (doc,) = documents(admin)
    plan = plan_rule(admin, SLUG, "defaults", {"account": "6000"})
    commit(admin, plan)
    supplier_rule(admin, account="6064")
    assert get_document(admin, doc.id).fields["account"]["value"] == "6064"
    party_rule = next(r for r in list_rules(admin, SLUG) if r.kind == "supplier")
    plan = plan_delete(admin, SLUG, party_rule.id)
    assert [(c.field, c.old, c.new) for c in plan.diff] == [("account", "6064", "6000")]
    commit(admin, plan)
    assert get_document(admin, doc.id).fields["account"]["source"] == "default"


def test_auto_publish_only_for_documents_imported_after_the_rule(admin: Workspace,
                                                                 garage: Path) -> None:
    drop(garage, "F-old.xml", invoice("F-old"))
    run_once(admin)
    (old,) = documents(admin)
    _plan, applied = supplier_rule(admin, account="6064", auto_publish="oui")
    assert applied.documents == 1
    assert get_document(admin, old.id).status == "review"  # applied, never auto-published
    drop(garage, "F-new.xml", invoice("F-new"))
    summary = run_once(admin)
    new = next(d for d in documents(admin) if d.number == "F-new")
    assert new.status == "published"
    assert summary.published == 1


def test_an_exception_stops_auto_publish(admin: Workspace, garage: Path) -> None:
    supplier_rule(admin, auto_publish="oui")
    commit(admin, plan_rule(admin, SLUG, "exception", {}, condition={"amount_above": "100"}))
    drop(garage, "F-1.xml", invoice("F-1"))  # 120.00
    run_once(admin)
    (doc,) = documents(admin)
    assert doc.status == "review"
    assert doc.fields["auto_publish"]["value"] is False
    assert doc.fields["auto_publish"]["kind"] == "exception"


def test_only_admins_edit_rules(team: dict[str, Workspace], garage: Path) -> None:
    from books.dossiers.service import set_access

    set_access(team["alice"], SLUG, ["bob", "carol"])
    for login in ("bob", "carol"):
        with pytest.raises(PermissionDenied):
            plan_party_rules(team[login], SLUG, "supplier", [1], {"account": "6064"})
        with pytest.raises(PermissionDenied):
            plan_rule(team[login], SLUG, "defaults", {"account": "6000"})
    assert list_rules(team["carol"], SLUG) == []


def test_a_bulk_rule_new_to_several_parties_fills_each_ones_documents(
        admin: Workspace, garage: Path) -> None:
    from books.parties.changes import add_party
    from tests.books.test_inbox import OTHER

    add_party(admin, SLUG, "supplier", {"code": "F002", "name": OTHER.name, "siren": OTHER.siren})
    drop(garage, "F-1.xml", invoice("F-1"))
    drop(garage, "F-2.xml", invoice("F-2", seller=OTHER))
    run_once(admin)
    assert sorted(d.party_code for d in documents(admin)) == ["F001", "F002"]
    ids = get_party_ids(admin, SLUG, "supplier", ["F001", "F002"])
    plan = plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6064"})
    assert len(plan.diff) == plan.documents_changed == 2
    assert commit(admin, plan).documents == 2
    rules = {r.party_code: r.id for r in list_rules(admin, SLUG)}
    for doc in documents(admin):
        assert doc.fields["account"]["value"] == "6064"
        assert doc.fields["account"]["rule"] == rules[doc.party_code]


def test_accounts_follow_the_dossiers_own_chart_when_it_has_one(
        admin: Workspace, garage: Path, tmp_path: Path) -> None:
    from books.errors import InvalidInput
    from books.ledger.chart import import_accounts

    ids = get_party_ids(admin, SLUG, "supplier", ["F001"])
    with pytest.raises(InvalidInput, match="classe 6 ou 2"):
        plan_party_rules(admin, SLUG, "supplier", ids, {"account": "7061"})
    assert plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6064999"}).rules_changed == 1
    chart = tmp_path / "plan.csv"
    chart.write_text("606410;Fournitures informatiques\n622610;Honoraires juridiques\n",
                     encoding="utf-8")
    assert import_accounts(admin, SLUG, chart).added == 2  # the dossier's own accounts
    with pytest.raises(InvalidInput, match="pas dans le plan comptable"):
        plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6064999"})
    assert plan_party_rules(admin, SLUG, "supplier", ids, {"account": "606410"}).rules_changed == 1
    assert plan_party_rules(admin, SLUG, "supplier", ids, {"account": "606400"}).rules_changed == 1


def test_a_rule_made_from_a_document_applies_to_it_alone_unless_asked(
        admin: Workspace, garage: Path) -> None:
    from books.rules.service import values_from_document

    drop(garage, "F-1.xml", invoice("F-1"))
    drop(garage, "F-2.xml", invoice("F-2"))
    run_once(admin)
    first, second = sorted(documents(admin), key=lambda d: d.id)
    set_fields(admin, first.id, {"account": "6226", "description": "Dépannage"})
    values = values_from_document(get_document(admin, first.id).fields)
    assert values["account"] == "6226" and values["description"] == "Dépannage"
    assert values["currency"] == "EUR"
    ids = get_party_ids(admin, SLUG, "supplier", ["F001"])
    plan = plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6064"},
                            apply_to_inbox=False, document_ids=[second.id])
    assert {c.document_id for c in plan.diff} == {second.id}
    commit(admin, plan)
    assert get_document(admin, second.id).fields["account"]["value"] == "6064"
    assert get_document(admin, first.id).fields["account"]["source"] == "manual"


def test_a_change_planned_on_rules_changed_meanwhile_is_refused(admin: Workspace,
                                                                garage: Path) -> None:
    from books.errors import Conflict

    ids = get_party_ids(admin, SLUG, "supplier", ["F001"])
    first = plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6064"})
    second = plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6226"})
    commit(admin, second)
    with pytest.raises(Conflict):
        commit(admin, first)  # it would create the rule someone just created
    third = plan_party_rules(admin, SLUG, "supplier", ids, {"paid": "oui"})
    commit(admin, plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6061"}))
    with pytest.raises(Conflict):
        commit(admin, third)  # the rule it read changed since
    (rule,) = list_rules(admin, SLUG)
    assert rule.sets["account"]["value"] == "6061" and "paid" not in rule.sets


def test_only_the_first_analysis_decides_auto_publish(admin: Workspace, garage: Path) -> None:
    from datetime import UTC, date, datetime

    from books.dossiers.service import get_dossier
    from books.rules.service import fill_new, identity_of, wants_publishing

    supplier_rule(admin, auto_publish="oui")
    dossier = identity_of(get_dossier(admin, SLUG))
    (party_id,) = get_party_ids(admin, SLUG, "supplier", ["F001"])
    extracted = {"issue_date": "2026-11-02", "totals": {"gross": "120.00", "tax": "20.00"},
                 "format": "ubl"}
    later = datetime.now(UTC).replace(year=datetime.now(UTC).year + 1)

    def decided(first: bool) -> bool:
        fields = fill_new(admin, dossier, extracted, party_id, "purchase", {}, [], "alice",
                          later, date.today(), first=first)
        return wants_publishing(fields)

    assert decided(first=True) is True
    assert decided(first=False) is False


def test_a_connected_dossiers_software_keeps_the_parties_accounts(
        admin: Workspace, garage: Path) -> None:
    """Connected to an accounting software, the dossier's party accounts are kept there:
    a party rule refuses one (from a list, the CLI or a rules file alike), the editor's
    whole-content save keeps the one a rule had, and the other settings still apply."""
    from sqlalchemy import update

    from books.errors import InvalidInput
    from books.rules.exchange import import_toml
    from store.models import Dossier

    ids = get_party_ids(admin, SLUG, "supplier", ["F001"])
    supplier_rule(admin, account="6064", due_days="45")  # made before the connection
    with admin.transaction() as session:
        session.execute(update(Dossier).where(Dossier.slug == SLUG)
                        .values(accounting_software="Sage"))
    with pytest.raises(InvalidInput, match="connecté à Sage"):
        plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6061"})
    report = import_toml(admin, SLUG, '[supplier.F001]\naccount = "6061"\n', "regles.toml")
    assert [key for key, _why in report.invalid] == ["supplier.F001"]
    assert "connecté à Sage" in report.invalid[0][1]
    plan = plan_party_rules(admin, SLUG, "supplier", ids, {"due_days": "30"}, replace=True)
    commit(admin, plan)
    (rule,) = list_rules(admin, SLUG)
    assert rule.sets["account"]["value"] == "6064" and rule.sets["due_days"]["value"] == 30


def test_an_edit_made_while_a_rule_change_is_confirmed_is_not_written_over(
        admin: Workspace, garage: Path) -> None:
    """The difference is worked out, a person edits one of its documents, then the change
    is confirmed: nothing is written (the edit would be lost), the person is told; worked
    out again, the rule applies and the edit stays. A document published meanwhile is
    only left out."""
    from books.errors import Conflict

    for n in range(3):
        drop(garage, f"F-{n}.xml", invoice(f"F-{n}"))
    run_once(admin)
    first, second, third = sorted(d.id for d in documents(admin))
    ids = get_party_ids(admin, SLUG, "supplier", ["F001"])
    plan = plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6064", "paid": "oui"})
    assert plan.documents_changed == 3
    publish(admin, [third])  # left out, not a conflict
    set_fields(admin, first, {"description": "Joints (à la main)"})
    with pytest.raises(Conflict, match="1 pièce"):
        commit(admin, plan)
    assert list_rules(admin, SLUG) == []
    assert "account" not in get_document(admin, second).fields
    plan = plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6064", "paid": "oui"})
    assert commit(admin, plan).documents == 2
    fields = get_document(admin, first).fields
    assert fields["description"]["value"] == "Joints (à la main)"
    assert fields["account"]["value"] == "6064"


def test_undoing_a_rule_leaves_a_document_edited_since(admin: Workspace, garage: Path) -> None:
    """A rule fills two documents; a person then edits one; undoing the rule puts the
    other back as it was and leaves the edited one (its edit, and the rule's values it
    was checked with) as it is."""
    for n in range(2):
        drop(garage, f"F-{n}.xml", invoice(f"F-{n}"))
    run_once(admin)
    first, second = sorted(d.id for d in documents(admin))
    supplier_rule(admin, account="6064")
    set_fields(admin, first, {"description": "Joints (à la main)"})
    undo_last(admin, SLUG)
    assert list_rules(admin, SLUG) == []
    assert "account" not in get_document(admin, second).fields
    kept = get_document(admin, first).fields
    assert kept["description"]["value"] == "Joints (à la main)"
    assert kept["account"]["value"] == "6064"
