"""Issue 19 item: the demo's published history goes through publish, so its entries exist
and the FEC export of a demo dossier passes ``fec check``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from books.context import Workspace
from books.demo import data as demo_data
from books.demo.seed import seed_demo
from books.errors import InvalidInput
from books.inbox.documents import list_documents
from books.ledger.fec import export_fec
from books.ledger.fec_check import check_fec
from books.ledger.posting import document_entries, fiscal_year


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
        years: dict[int, list[int]] = {}
        for (entry,) in entries:  # numbers restart with each fiscal year, without a gap
            years.setdefault(fiscal_year(entry.entry_date, None), []).append(entry.number)
        assert all(sorted(n) == list(range(1, len(n) + 1)) for n in years.values())
    today = date.today()
    checked = 0
    for year in (today.year - 1, today.year):  # one FEC per fiscal year, each clean
        done = export_fec(admin, "boulangerie-dupre", date(year, 1, 1), date(year, 12, 31),
                          tmp_path)
        report = check_fec(done.path)
        assert (report.errors, report.alerts) == (0, 0), report.findings
        assert done.lines == 3 * report.entries
        checked += report.entries
    assert checked == len(published)
    with pytest.raises(InvalidInput, match="un seul exercice"):
        export_fec(admin, "boulangerie-dupre", date(today.year - 1, 1, 1), today, tmp_path)
