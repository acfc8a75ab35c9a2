"""The demo's rules: set through the rules service, and the inbox documents the demo
drops come out of the pipeline filled by them, each field saying why."""

from __future__ import annotations

import pytest

from books.context import Workspace
from books.demo import data as demo_data
from books.demo.seed import seed_demo
from books.i18n import set_language
from books.inbox.documents import document_details, list_documents
from books.rules.service import list_rules


def test_demo_documents_come_out_filled_by_the_demo_rules(
        admin: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("fr")
    monkeypatch.setattr(demo_data, "DOSSIERS", (("Boulangerie Dupré", "commerce", 40, 30),))
    seed_demo(admin)
    rules = list_rules(admin, "boulangerie-dupre")
    kinds = [r.kind for r in rules]
    assert kinds.count("supplier") == 7
    assert {"payment_method", "exception", "defaults"} <= set(kinds)
    filled = [document_details(d) for d in list_documents(admin, "boulangerie-dupre", ("review",))
              if (d.fields.get("account") or {}).get("source") == "rule"]
    assert filled
    account = filled[0]["fields"]["account"]
    assert account["why"].startswith(f"Compte {account['value']} — règle fournisseur ")
    assert sum(r.fired_count for r in rules) >= len(filled)
