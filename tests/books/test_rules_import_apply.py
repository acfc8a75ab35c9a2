"""A rules file of several kinds: each kind's change sees the ones before it (no document
loses what an earlier kind gave it), the report counts each document once, and the whole
import is one undo step that puts every rule and document back."""

from __future__ import annotations

from pathlib import Path

from books.context import Workspace
from books.i18n import set_language
from books.inbox.documents import get_document
from books.inbox.runner import run_once
from books.parties.undo import undo_last
from books.rules.exchange import import_toml
from books.rules.service import list_rules
from tests.books.test_inbox import documents, drop, invoice
from tests.books.test_rules_service import SLUG, garage  # noqa: F401  (fixture)

TEMPLATE = """
[supplier.F001]
account = "6064"
due_days = 45

[[defaults]]
description = "Achats divers"

[[payment_method]]
when = "carte"
paid = true
"""


def test_an_import_of_several_kinds_applies_each_on_the_last_and_undoes_in_one_step(
        admin: Workspace, garage: Path) -> None:  # noqa: F811
    set_language("fr")
    drop(garage, "F-1.xml", invoice("F-1"))
    drop(garage, "F-2.xml", invoice("F-2"))
    run_once(admin)
    before = {d.id: d.fields for d in documents(admin)}
    report = import_toml(admin, SLUG, TEMPLATE, "modele.toml")
    assert report.invalid == [] and len(report.applied) == 3
    assert report.documents_changed == 2  # two documents, changed by two kinds each
    for doc in documents(admin):
        fields = get_document(admin, doc.id).fields
        assert fields["account"]["value"] == "6064"  # the supplier's, kept by the defaults'
        assert fields["description"]["value"] == "Achats divers"
    assert len(list_rules(admin, SLUG)) == 3
    undone = undo_last(admin, SLUG)
    assert "modele.toml" in undone.summary
    assert list_rules(admin, SLUG) == []
    assert {d.id: get_document(admin, d.id).fields for d in documents(admin)} == before


def test_a_defaults_or_payment_method_rule_applies_to_the_whole_inbox_keeping_party_rules(
        admin: Workspace, garage: Path) -> None:  # noqa: F811
    from books.inbox.review import set_fields
    from books.rules.service import commit, get_party_ids, plan_party_rules, plan_rule

    set_language("fr")
    drop(garage, "F-1.xml", invoice("F-1"))
    drop(garage, "F-2.xml", invoice("F-2"))
    run_once(admin)
    first, second = documents(admin)
    commit(admin, plan_party_rules(admin, SLUG, "supplier",
                                   get_party_ids(admin, SLUG, "supplier", ["F001"]),
                                   {"account": "6064"}))
    assert plan_rule(admin, SLUG, "defaults", {"description": "Achats"},
                     apply_to_inbox=False).documents_changed == 0
    plan = plan_rule(admin, SLUG, "defaults", {"description": "Achats", "account": "6000"})
    assert sorted((c.field, c.new) for c in plan.diff) == [("description", "Achats")] * 2
    assert commit(admin, plan).documents == 2
    fields = get_document(admin, first.id).fields
    assert (fields["account"]["value"], fields["description"]["value"]) == ("6064", "Achats")
    set_fields(admin, second.id, {"payment_method": "carte"})
    plan = plan_rule(admin, SLUG, "payment_method", {"paid": "oui"},
                     condition={"payment_method": "carte"})
    assert [(c.document_id, c.field, c.new) for c in plan.diff] == [(second.id, "paid", True)]
