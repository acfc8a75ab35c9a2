"""Rules benchmark: ``python -m bench.rules`` prints JSON figures (issue 18).

A dossier of 10,000 suppliers with 50,000 documents waiting in its inbox (five each,
read and matched, their fields as the pipeline leaves them), in a fresh SQLite
database (or ``--database URL``). A bulk rule (account, VAT rate only if blank,
due days, paid) is given to all 10,000 suppliers at once, as "Modifier la
sélection" on the whole list does:

- ``diff_s``: the difference worked out (every document resolved with the new rules,
  the fields that change listed) — what the confirmation waits on; target ≤ 1 s;
- ``apply_s``: the rules and the documents written and committed, with their
  undo entry; target ≤ 2 s;
- ``undo_s``: ``u`` taking it all back;
- ``resolve_ms``: the engine resolving one document (party rule, a payment-method
  rule, a user rule, an exception and defaults in the book), mean over 20,000;
  target ≤ 0.2 ms.

Figures are medians of ``--repeat`` runs (each run undone before the next); the
``_cpu_s`` figures are the process's CPU time (the wall time on a shared machine
also counts waiting for a core: ``load_average`` says how busy it was).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

PARTIES = 10_000
DOCUMENTS = 50_000
SLUG = "bench-rules"


def build(folder: Path, database: str | None) -> Any:
    """A workspace on a dossier with the suppliers and the inbox documents."""
    from sqlalchemy import insert, select

    from books.config import Settings
    from books.context import open_workspace
    from books.dossiers.service import DossierDraft, create_dossier, get_dossier
    from store.models import Document, Party

    settings = Settings(config_path=folder / "config.toml",
                        database=database or str(folder / "saisie.db"),
                        inbox_root=folder / "inbox", archive_root=folder / "archive",
                        watch_inbox=False)
    ws = open_workspace(settings, "bench")
    create_dossier(ws, DossierDraft(name="Bench Rules"))
    dossier_id = get_dossier(ws, SLUG).id
    with ws.transaction() as session:
        session.execute(insert(Party), [
            {"dossier_id": dossier_id, "kind": "supplier", "code": f"F{n:06d}",
             "name": f"Fournisseur {n}", "sort_key": f"fournisseur {n}",
             "search_key": f"f{n:06d} fournisseur {n}", "custom_fields": {}}
            for n in range(PARTIES)])
        ids = list(session.execute(select(Party.id).where(Party.dossier_id == dossier_id)
                                   .order_by(Party.id)).scalars())
        session.execute(insert(Document), [_document(dossier_id, ids[n % PARTIES], n)
                                           for n in range(DOCUMENTS)])
    return ws, ids


def _document(dossier_id: int, party_id: int, n: int) -> dict[str, Any]:
    issued = date(2026, 10, 1) + timedelta(days=n % 60)
    stamp = datetime(2026, 11, 1, tzinfo=UTC).isoformat()
    extracted = {"issue_date": issued.isoformat(), "currency": "EUR",
                 "totals": {"net": "100.00", "tax": "20.00", "gross": "120.00"},
                 "vat": [{"rate": "20", "base": "100.00", "amount": "20.00"}]}
    fields = {"currency": {"value": "EUR", "source": "document", "rule": None, "by": None,
                           "at": stamp},
              "due_date": {"value": (issued + timedelta(days=30)).isoformat(),
                           "source": "default", "rule": "dossier.default_due_days", "by": None,
                           "at": stamp},
              "vat_rate": {"value": "20", "source": "document", "rule": None, "by": None,
                           "at": stamp},
              "party": {"value": "F", "source": "match", "rule": "auto", "by": None,
                        "at": stamp}}
    return {"dossier_id": dossier_id, "direction": "purchase", "status": "review",
            "party_id": party_id, "number": f"FA-{n}", "issue_date": issued,
            "gross": Decimal("120.00"), "net": Decimal("100.00"), "tax": Decimal("20.00"),
            "file_hash": f"{n:064x}", "stored_path": f"x/{n}", "original_name": f"f-{n}.pdf",
            "extracted": extracted, "fields": fields, "flags": [], "submitted_by": "bench"}


def bulk(ws: Any, ids: list[int]) -> dict[str, float]:
    """One bulk rule over every supplier: diff, apply, undo (seconds)."""
    from books.parties.undo import undo_last
    from books.rules.service import commit, plan_party_rules

    start, cpu = time.perf_counter(), time.process_time()
    plan = plan_party_rules(ws, SLUG, "supplier", ids,
                            {"account": "6064", "vat_rate": "20", "due_days": "45",
                             "paid": "no"}, only_if_blank=["vat_rate"])
    diff, diff_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    applied = commit(ws, plan)
    apply, apply_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert applied.documents == plan.documents_changed == DOCUMENTS, applied
    start = time.perf_counter()
    undo_last(ws, SLUG)
    undo = time.perf_counter() - start
    return {"diff_s": diff, "diff_cpu_s": diff_cpu, "apply_s": apply, "apply_cpu_s": apply_cpu,
            "undo_s": undo, "changes": float(len(plan.diff))}


def resolve_ms(rounds: int = 20_000) -> float:
    """The engine's time for one document, in milliseconds."""
    from books.rules.engine import DocumentFacts, PartyFacts, Rule, RuleBook, Setting, resolve

    made = datetime(2026, 10, 1, tzinfo=UTC)
    rules = [
        Rule(1, "supplier", {"account": Setting("6064"), "vat_rate": Setting("20", "only_if_blank"),
                             "due_days": Setting(45), "paid": Setting(False),
                             "auto_publish": Setting(True)}, party_id=7, party_name="Adobe",
             created_by="marie", created_at=made),
        Rule(2, "payment_method", {"paid": Setting(True)}, condition={"payment_method": "carte"},
             created_at=made),
        Rule(3, "user", {"description": Setting("Notes de frais")}, condition={"user": "bob"},
             created_at=made),
        Rule(4, "exception", {}, condition={"amount_above": "5000"}, created_at=made),
        Rule(5, "defaults", {"account": Setting("6000")}, created_at=made),
    ]
    book = RuleBook.of(rules)
    document = DocumentFacts(issue_date=date(2026, 11, 2), gross=Decimal("120.00"),
                             tax=Decimal("20.00"), submitted_by="bob",
                             imported_at=datetime(2026, 11, 20, tzinfo=UTC))
    fields = {"currency": {"value": "EUR", "source": "document"},
              "due_date": {"value": "2026-12-02", "source": "default"},
              "payment_method": {"value": "carte", "source": "default"},
              "vat_rate": {"value": "20", "source": "document"},
              "party": {"value": "F7", "source": "match"}}
    party = PartyFacts(7, "Adobe", made)
    today = date(2026, 12, 2)
    start = time.perf_counter()
    for _ in range(rounds):
        resolve(document, fields, party, book, today)
    return (time.perf_counter() - start) / rounds * 1000


def main() -> None:
    """Build, measure, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", help="A PostgreSQL URL (default: a fresh SQLite file).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="saisie-bench-rules-") as tmp:
        start = time.perf_counter()
        ws, ids = build(Path(tmp), args.database)
        built = time.perf_counter() - start
        runs = [bulk(ws, ids) for _ in range(args.repeat)]
        ws.close()
    figures = {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}
    figures.update(parties=PARTIES, documents=DOCUMENTS, build_s=round(built, 1),
                   load_average=round(os.getloadavg()[0], 1),
                   resolve_ms=round(resolve_ms(), 4), repeat=args.repeat,
                   targets={"diff_s": 1.0, "apply_s": 2.0, "resolve_ms": 0.2})
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
