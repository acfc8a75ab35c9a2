"""``saisie documents show`` (for people) of a document filled by a rule: the rule is
named with who made it and when, as the document view's "why" says (it failed with a
KeyError on the source 'rule')."""

from __future__ import annotations

from pathlib import Path

from books.context import Workspace
from books.inbox.runner import run_once
from books.rules.service import commit, get_party_ids, plan_party_rules
from tests.books.test_inbox import documents, drop, invoice
from tests.books.test_rules_service import SLUG, garage  # noqa: F401  (fixture)
from tests.cli.conftest import Run


def test_a_field_filled_by_a_rule_names_its_rule(cli: Run, admin: Workspace,
                                                 garage: Path) -> None:  # noqa: F811
    commit(admin, plan_party_rules(admin, SLUG, "supplier",
                                   get_party_ids(admin, SLUG, "supplier", ["F001"]),
                                   {"account": "6064"}))
    drop(garage, "F-1.xml", invoice("F-1"))
    run_once(admin)
    (doc,) = documents(admin)
    shown = cli("documents", "show", str(doc.id))
    assert shown.exit_code == 0, shown.stderr
    (line,) = [line for line in shown.stdout.splitlines() if "6064" in line]
    assert "règle fournisseur Dupont Plomberie SARL, créée par alice le " in line
