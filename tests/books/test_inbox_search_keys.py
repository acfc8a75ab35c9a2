"""Documents' stored search keys: what they hold, kept right by every write, and the inbox
list's filter finding what the user types through them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.inbox import bulk
from books.inbox.listing import DocumentSource, doc_query
from books.inbox.review import assign_party, set_fields
from books.parties.changes import add_party
from store.document_keys import NOTE, search_key
from store.models import Document


def test_key_holds_flags_number_amounts_and_the_name_read_only_without_party() -> None:
    values = {"flags": ["totals"], "number": "FA-Éte 12", "net": Decimal("1250"),
              "tax": Decimal("250.00"), "gross": None, "party_id": None,
              "party_name_detected": "Boulangerie DUPRÉ\nSARL"}
    assert search_key(values) == "|f:totals| fa-ete 12 1250.00 250.00 boulangerie dupre sarl"
    assert search_key({**values, "party_id": 7}) == "|f:totals| fa-ete 12 1250.00 250.00"
    noted = search_key({**values, "fields": {"note": {"value": "Relancer"}}})
    assert noted == NOTE + search_key(values)
    assert search_key({**values, "fields": '{"note": {"value": ""}}'}) == search_key(values)
    long = {**values, "party_name_detected": "x" * 900}  # cut to the column, the note kept
    assert len(search_key(long)) == 500 - len(NOTE)
    assert search_key({**long, "fields": {"note": {"value": "x"}}}).startswith(NOTE)
    assert len(search_key({**long, "fields": {"note": {"value": "x"}}})) == 500


def stored_keys_are_right(ws: Workspace) -> None:
    """Every document's stored key is the one its columns make."""
    with ws.read() as session:
        rows = session.execute(select(Document)).scalars().all()
        for row in rows:
            assert row.search_key == search_key(row.model_dump()), row.id


@pytest.fixture
def inbox(admin: Workspace) -> tuple[Workspace, int]:
    """A dossier with two suppliers and 30 invoices, the first ten without a party."""
    from store.inbox import insert_document

    create_dossier(admin, DossierDraft(name="Boulangerie Dupré"))
    create_dossier(admin, DossierDraft(name="Garage Martin"))
    dossier = get_dossier(admin, "boulangerie-dupre")
    add_party(admin, "boulangerie-dupre", "supplier", {"code": "F1", "name": "Élevage Zoé"})
    add_party(admin, "boulangerie-dupre", "supplier", {"code": "F2", "name": "Minoterie Abel"})
    with admin.transaction() as session:
        for n in range(1, 31):
            insert_document(
                session=session, dossier_id=dossier.id, direction="purchase", status="review",
                party_id=None if n <= 10 else 1, party_name_detected="Farines du Sud",
                number=f"F-{n:04}", issue_date=date(2026, 3, n), net=Decimal(n * 100),
                tax=Decimal(n * 20), gross=Decimal(n * 120), file_hash=f"{n:064}",
                stored_path=f"ab/{n}.pdf", original_name=f"{n}.pdf",
                flags=["party_unknown"] if n <= 10 else [])
    return admin, dossier.id


def numbers(ws: Workspace, dossier_id: int, typed: str = "", flag: str | None = None) -> list[str]:
    """The numbers a fresh list shows for what is typed, in date order."""
    source = DocumentSource(ws)
    try:
        query = doc_query(dossier_id, "purchase", typed, descending=False, flag=flag)
        return [r.number or "" for r in source.read(query, 0, 100)[0]]
    finally:
        source.close()


def test_every_write_keeps_the_key_and_the_filter_finds_it(inbox) -> None:  # type: ignore[no-untyped-def]
    ws, dossier_id = inbox
    stored_keys_are_right(ws)
    assert numbers(ws, dossier_id, "1 440") == ["F-0012"]  # 1440.00 TTC, typed as people do
    assert numbers(ws, dossier_id, "farines") == [f"F-{n:04}" for n in range(1, 11)]
    assert len(numbers(ws, dossier_id, "zoe")) == 20  # the party's name, from the party

    assign_party(ws, 1, "F2")  # a party linked: its name counts, the name read no more
    set_fields(ws, 2, {"number": "AV-77", "net": "5 000,00"})
    stored_keys_are_right(ws)
    assert "F-0001" not in numbers(ws, dossier_id, "farines")
    assert numbers(ws, dossier_id, "abel") == ["F-0001"]
    assert numbers(ws, dossier_id, "av-77 5000") == ["AV-77"]

    done = bulk.assign_many(ws, [3, 4], "F1")
    assert numbers(ws, dossier_id, "farines") == ["AV-77"] + [f"F-{n:04}" for n in range(5, 11)]
    bulk.undo(ws, done.undo)
    stored_keys_are_right(ws)
    assert "F-0003" in numbers(ws, dossier_id, "farines")


def test_a_reminder_note_written_with_the_fields_alone(inbox) -> None:  # type: ignore[no-untyped-def]
    from store.rules import set_document_fields

    ws, dossier_id = inbox
    with ws.transaction() as session:
        set_document_fields(session=session, changes=[
            (11, {"note": {"value": "Relancer"}}), (12, {"note": {"value": "Appeler"}})])
    stored_keys_are_right(ws)
    assert numbers(ws, dossier_id, flag="reminder_note") == ["F-0011", "F-0012"]
    with ws.transaction() as session:
        set_document_fields(session=session, changes=[(11, {}), (12, {"note": {"value": "x"}})])
        session.execute(text("UPDATE document SET status = 'published' WHERE id = 13"))
        set_document_fields(session=session, changes=[(13, {"note": {"value": "y"}})])
    stored_keys_are_right(ws)  # a published document's fields (and key) are left alone
    assert numbers(ws, dossier_id, flag="reminder_note") == ["F-0012"]


def test_a_party_renamed_or_merged_changes_no_document(inbox) -> None:  # type: ignore[no-untyped-def]
    """The party's name is read from the party: renaming or merging it rewrites no key."""
    from books.parties.changes import get_party_by_id, merge_parties, rename_party
    from books.parties.listing import Selection

    ws, dossier_id = inbox
    with ws.read() as session:
        before = dict(session.execute(select(Document.id, Document.search_key)).all())
    rename_party(ws, 1, "Laiterie Chloé", get_party_by_id(ws, 1).version)
    assert numbers(ws, dossier_id, "zoe") == [] and len(numbers(ws, dossier_id, "chloe")) == 20
    merge_parties(ws, "boulangerie-dupre", 2, Selection(ids=frozenset({1, 2})))
    assert len(numbers(ws, dossier_id, "abel")) == 20
    with ws.read() as session:
        assert dict(session.execute(select(Document.id, Document.search_key)).all()) == before


def test_unlinking_a_party_in_the_store_brings_the_name_read_back(inbox) -> None:  # type: ignore[no-untyped-def]
    """``store.parties.changes.soft_delete`` unlinks documents still in review (the
    services refuse deleting a party with documents; the store keeps the keys right anyway)."""
    from store.parties.changes import soft_delete, undelete

    ws, dossier_id = inbox
    with ws.transaction() as session:
        links = soft_delete(session=session, party_ids=[1])
    stored_keys_are_right(ws)
    assert len(numbers(ws, dossier_id, "farines")) == 30
    with ws.transaction() as session:
        undelete(session=session, party_ids=[1], links=links)
    stored_keys_are_right(ws)
    assert len(numbers(ws, dossier_id, "farines")) == 10


@pytest.mark.parametrize("sort", ["party", "number", "net", "gross", "state", "flags"])
def test_sorted_pages_come_from_the_index_in_the_order_sql_gives(inbox, sort: str) -> None:  # type: ignore[no-untyped-def]
    """Sorted otherwise than by date, a list's pages come from its in-memory index once
    built (SQL sorts the whole list for each page): the same rows, in the same order,
    both ways, and shown at once (``read_now``)."""
    from store.documents_list import page

    ws, dossier_id = inbox
    source = DocumentSource(ws)
    for descending in (False, True):
        query = doc_query(dossier_id, "purchase", sort=sort, descending=descending)
        with ws.read() as session:
            expected = [r.id for r in page(session=session, query=query, offset=0, limit=100)[0]]
        if not descending:  # not built yet: read in a worker (then built for both ways)
            assert source.read_now(query, 0, 8) is None
            source.indexes.get(query)
        assert [r.id for r in source.read(query, 0, 100)[0]] == expected
        assert [r.id for r in source.read(query, 7, 5)[0]] == expected[7:12]
        assert [r.id for r in source.read_now(query, 25, 10) or []] == expected[25:30]
    source.close()
