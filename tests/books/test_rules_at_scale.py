"""A bulk rule at scale (issue 18): a few thousand inbox documents of hundreds of
parties, some with a rule already and some without, one published and one edited by
hand. The diff's counts are what commit writes, every document gets its own party's
new rule id in its provenance, and undo puts every document's fields back as the exact
text they had and the rules as they were, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from json import loads
from typing import Any

from sqlalchemy import insert, select, text

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.parties.undo import undo_last
from books.rules.service import commit, list_rules, plan_party_rules
from store.models import Document, Party

PARTIES = 400
DOCUMENTS = 2_000
SLUG = "scale"


def _fields(issued: date, n: int) -> dict[str, Any]:
    stamp = datetime(2026, 11, 1, tzinfo=UTC).isoformat()
    fields: dict[str, Any] = {
        "currency": {"value": "EUR", "source": "document", "rule": None, "by": None,
                     "at": stamp},
        "due_date": {"value": (issued + timedelta(days=30)).isoformat(), "source": "default",
                     "rule": "dossier.default_due_days", "by": None, "at": stamp},
        "party": {"value": f"F{n % PARTIES:04d}", "source": "match", "rule": "auto",
                  "by": None, "at": stamp}}
    if n % 3:
        fields["vat_rate"] = {"value": "20", "source": "document", "rule": None, "by": None,
                              "at": stamp}
    if n % 7 == 0:
        fields["description"] = {"value": "Réparation — pièce n°2", "source": "manual",
                                 "by": "alice", "at": stamp}
    return fields


def _build(ws: Workspace) -> tuple[int, list[int]]:
    create_dossier(ws, DossierDraft(name="Scale"))
    dossier_id = get_dossier(ws, SLUG).id
    with ws.transaction() as session:
        session.execute(insert(Party), [
            {"dossier_id": dossier_id, "kind": "supplier", "code": f"F{n:04d}",
             "name": f"Fournisseur {n} é", "sort_key": f"fournisseur {n}",
             "search_key": f"f{n:04d} fournisseur {n}", "custom_fields": {}}
            for n in range(PARTIES)])
        ids = list(session.execute(select(Party.id).where(Party.dossier_id == dossier_id)
                                   .order_by(Party.id)).scalars())
        rows = []
        for n in range(DOCUMENTS):
            issued = date(2026, 10, 1) + timedelta(days=n % 45)
            rows.append({
                "dossier_id": dossier_id, "direction": "purchase",
                "status": "published" if n == 5 else "review", "party_id": ids[n % PARTIES],
                "number": f"FA-{n}", "issue_date": issued, "gross": Decimal("120.00"),
                "net": Decimal("100.00"), "tax": Decimal("20.00"), "file_hash": f"{n:064x}",
                "stored_path": f"x/{n}", "original_name": f"f-{n}.pdf",
                "extracted": {"issue_date": issued.isoformat()}, "fields": _fields(issued, n),
                "flags": [], "submitted_by": "alice"})
        session.execute(insert(Document), rows)
    return dossier_id, ids


def _stored(ws: Workspace, dossier_id: int) -> dict[int, str]:
    """Every document's fields as the database holds them (text)."""
    cast = "fields::text" if ws.engine.dialect.name == "postgresql" else "fields"
    with ws.read() as session:
        return dict(session.execute(text(f"SELECT id, {cast} FROM document "
                                         "WHERE dossier_id = :d"), {"d": dossier_id}).all())


def test_a_bulk_rule_over_thousands_of_documents_is_applied_as_diffed_and_undone_exactly(
        admin: Workspace) -> None:
    dossier_id, ids = _build(admin)
    first = plan_party_rules(admin, SLUG, "supplier", ids[: PARTIES // 2], {"account": "6226"})
    commit(admin, first)  # half the parties have a rule already: updates and inserts mixed
    rules_before, fields_before = list_rules(admin, SLUG), _stored(admin, dossier_id)

    plan = plan_party_rules(admin, SLUG, "supplier", ids,
                            {"account": "6064", "vat_rate": "5.5", "due_days": "45",
                             "paid": "non"}, only_if_blank=["vat_rate"])
    in_review = DOCUMENTS - 1
    assert plan.documents_changed == in_review
    assert len({c.document_id for c in plan.diff}) == in_review
    applied = commit(admin, plan)
    assert applied.documents == plan.documents_changed

    after = _stored(admin, dossier_id)
    rule_of = {r.party_id: r.id for r in list_rules(admin, SLUG)}
    with admin.read() as session:
        party_of = dict(session.execute(select(Document.id, Document.party_id)
                                        .where(Document.dossier_id == dossier_id)).all())
    changed = {c.document_id for c in plan.diff}
    for document_id, stored in after.items():
        if document_id not in changed:
            assert stored == fields_before[document_id]  # the published one
            continue
        fields = loads(stored)
        assert fields["account"]["value"] == "6064"
        assert fields["account"]["rule"] == rule_of[party_of[document_id]]
        assert fields["paid"]["value"] is False
        had_vat = "vat_rate" in loads(fields_before[document_id])
        assert fields["vat_rate"]["value"] == ("20" if had_vat else "5.5")
        if "description" in fields:
            assert fields["description"]["source"] == "manual"
    diffed = {(c.document_id, c.field) for c in plan.diff}
    assert ("account" in {f for _d, f in diffed}) and len(diffed) == len(plan.diff)

    undo_last(admin, SLUG)
    assert _stored(admin, dossier_id) == fields_before
    assert list_rules(admin, SLUG) == rules_before
