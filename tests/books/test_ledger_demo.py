"""Issue 19 item: the demo's published history goes through publish, so its entries exist
and the FEC export of a demo dossier passes ``fec check``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from books.context import Workspace
from books.demo import data as demo_data
from books.demo.seed import seed_demo
from books.inbox.documents import list_documents
from books.ledger.fec import export_fec
from books.ledger.fec_check import check_fec
from books.ledger.posting import document_entries


def test_the_demo_publishes_through_the_ledger(admin: Workspace, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_data, "DOSSIERS", (("Boulangerie Dupré", "commerce", 20, 12),))
    seed_demo(admin)
    published = list_documents(admin, "boulangerie-dupre", ("published",))
    purchases = [d for d in published if d.direction == "purchase"]
    sales = [d for d in published if d.direction == "sale"]
    assert len(purchases) == 8 and len(sales) > 40
    for kind, documents in (("ACH", purchases), ("VTE", sales)):
        entries = [document_entries(admin, d.id) for d in documents]
        assert all(len(e) == 1 and e[0].journal_code == kind for e in entries)
        assert sorted(e[0].number for e in entries) == list(range(1, len(documents) + 1))
    today = date.today()
    done = export_fec(admin, "boulangerie-dupre", date(today.year - 1, 1, 1), today, tmp_path)
    report = check_fec(done.path)
    assert (report.errors, report.alerts, report.entries) == (0, 0, len(published)), \
        report.findings
    assert done.lines == 3 * len(published)
