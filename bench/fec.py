"""``python -m bench.fec [ENTRIES] [--database URL]``: the FEC export and its check at scale.

Fills a fresh dossier (SQLite in a temporary folder unless ``--database`` names
an empty PostgreSQL database) with ENTRIES journal entries (100,000 by default),
half of three lines and half of four (about 350,000 lines), written in bulk as
publishing writes them; then times ``books.ledger.fec.export_fec`` and
``books.ledger.fec_check.check_fec`` on the file it writes (wall and process
CPU: a loaded machine inflates the first, not the second). Targets: each ≤ 3 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from books.config import Settings
from books.context import Workspace, open_workspace
from books.dossiers.service import DossierDraft, create_dossier
from books.i18n import set_language
from books.ledger.fec import export_fec
from books.ledger.fec_check import check_fec

SLUG = "bench-fec"
START = date(2026, 1, 1)
BATCH = 10_000


def _lines(n: int, label: str, aux: str) -> list[dict[str, Any]]:
    net = Decimal(1000 + (n * 7919) % 500_000) / 100
    vat = (net * Decimal("0.20")).quantize(Decimal("0.01"))
    common = {"label": label, "currency_amount": None, "currency": None, "aux_number": None,
              "aux_label": None}
    lines = [{**common, "account": "607000", "account_label": "Achats de marchandises",
              "debit": net, "credit": Decimal("0.00")}]
    total = net + vat
    if n % 2:
        extra = Decimal(500 + n % 9000) / 100
        vat2 = (extra * Decimal("0.055")).quantize(Decimal("0.01"))
        lines.append({**common, "account": "607000", "account_label": "Achats de marchandises",
                      "debit": extra, "credit": Decimal("0.00")})
        lines.append({**common, "account": "445660", "account_label": "TVA déductible",
                      "debit": vat + vat2, "credit": Decimal("0.00")})
        total += extra + vat2
    else:
        lines.append({**common, "account": "445660", "account_label": "TVA déductible",
                      "debit": vat, "credit": Decimal("0.00")})
    lines.append({**common, "account": "401000", "account_label": "Fournisseurs",
                  "aux_number": aux, "aux_label": f"Fournisseur {aux}", "debit": Decimal("0.00"),
                  "credit": total})
    return lines


def fill(ws: Workspace, entries: int) -> int:
    """Write ``entries`` entries in the ACH journal; how many lines they hold."""
    from sqlalchemy import insert, update

    from books.ledger.posting import prepare_dossier
    from store.models import Entry, EntryLine, Journal

    dossier = create_dossier(ws, DossierDraft(name="Bench FEC", siren="552100554")).dossier
    with ws.transaction() as session:
        prepare_dossier(session, dossier.id)
        journal = session.execute(Journal.__table__.select().where(
            Journal.dossier_id == dossier.id, Journal.kind == "purchase")).one()
    written = 0
    for first in range(1, entries + 1, BATCH):
        heads, lines = [], []
        for n in range(first, min(first + BATCH, entries + 1)):
            day = START + timedelta(days=n * 300 // entries)
            aux = f"F{n % 2000:05d}"
            label = f"Fournisseur {aux} — FA-{n}"
            heads.append({"id": n, "dossier_id": dossier.id, "journal_id": journal.id, "number": n,
                          "fiscal_year": 2026,
                          "entry_date": day, "valid_date": day + timedelta(days=3),
                          "piece_ref": f"FA-{n}", "piece_date": day, "label": label,
                          "currency": "EUR", "created_by": "bench"})
            lines += [{**line, "entry_id": n, "position": i}
                      for i, line in enumerate(_lines(n, label, aux), 1)]
        with ws.transaction() as session:
            session.execute(insert(Entry), heads)
            session.execute(insert(EntryLine), lines)
        written += len(lines)
    with ws.transaction() as session:
        session.execute(update(Journal).where(Journal.id == journal.id).values(last_number=entries))
    return written


def run(entries: int = 100_000, database: str | None = None) -> dict[str, float]:
    """Fill, export and check; the figures."""
    set_language("fr")
    with tempfile.TemporaryDirectory(prefix="bench-fec-") as folder:
        root = Path(folder)
        settings = Settings(config_path=root / "config.toml",
                            database=database or str(root / "saisie.db"),
                            inbox_root=root / "inbox", archive_root=root / "archive",
                            watch_inbox=False)
        ws = open_workspace(settings, "bench")
        began = time.perf_counter()
        lines = fill(ws, entries)
        filled = time.perf_counter() - began
        wall, cpu = time.perf_counter(), time.process_time()
        done = export_fec(ws, SLUG, START, date(2026, 12, 31), root)
        export_wall, export_cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        report = check_fec(done.path)
        check_wall, check_cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = done.path.stat().st_size
        ws.close()
    return {"entries": entries, "lines": lines, "exported": done.lines, "bytes": size,
            "fill_s": filled, "export_wall_s": export_wall, "export_cpu_s": export_cpu,
            "check_wall_s": check_wall, "check_cpu_s": check_cpu,
            "errors": report.errors, "alerts": report.alerts}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.fec")
    parser.add_argument("entries", nargs="?", type=int, default=100_000)
    parser.add_argument("--database", default=None, help="an empty PostgreSQL database URL")
    args = parser.parse_args()
    f = run(args.entries, args.database)
    print(f"{f['entries']:,} entries, {f['lines']:,} lines written in {f['fill_s']:.1f} s "
          f"({'PostgreSQL' if args.database else 'SQLite'})")
    print(f"fec export: {f['exported']:,} lines, {f['bytes'] / 1e6:.1f} MB in "
          f"{f['export_wall_s']:.2f} s wall, {f['export_cpu_s']:.2f} s CPU (target ≤ 3 s)")
    print(f"fec check: {f['check_wall_s']:.2f} s wall, {f['check_cpu_s']:.2f} s CPU "
          f"(target ≤ 3 s), {f['errors']} errors, {f['alerts']} alerts")


if __name__ == "__main__":
    main()
