"""The inbox lists' reading (books.inbox.listing, store.documents_list) on SQLite and
PostgreSQL: sorts, pages by keyset, filters in memory, counts, and the bulk actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.errors import InvalidInput
from books.inbox import bulk
from books.inbox.documents import get_document
from books.inbox.listing import DocumentSource, DocumentWatch, doc_query, filter_words, waiting
from books.parties.changes import add_party

FLAGS = ([], ["party_unknown"], ["totals"], ["possible_duplicate"], [])


@pytest.fixture
def inbox(admin: Workspace) -> tuple[Workspace, int]:
    """A dossier with 150 purchase invoices (every fifth document has no party)."""
    from store.inbox import insert_document

    create_dossier(admin, DossierDraft(name="Boulangerie Dupré"))
    create_dossier(admin, DossierDraft(name="Garage Martin"))
    dossier = get_dossier(admin, "boulangerie-dupre")
    party = add_party(admin, "boulangerie-dupre", "supplier", {"code": "F1", "name": "Élevage Zoé"})
    with admin.transaction() as session:
        for n in range(1, 151):
            flags = FLAGS[n % 5]
            net = Decimal(n * 10) + Decimal("0.5")
            insert_document(
                session=session, dossier_id=dossier.id, direction="purchase", status="review",
                party_id=None if flags == ["party_unknown"] else party.id,
                party_name_detected="Farines du Sud", number=f"F-{n:04}",
                issue_date=date(2026, 1 + n % 12, 1 + n % 28) if n % 7 else None, net=net,
                tax=net / 5, gross=net * Decimal("1.2"), file_hash=f"{n:064}",
                stored_path=f"ab/{n}.pdf", original_name=f"{n}.pdf", flags=list(flags),
                fields={"note": {"value": "Relancer"}} if n == 3 else {})
    return admin, dossier.id


def every_row(source: DocumentSource, query, page: int = 16) -> list:  # type: ignore[no-untyped-def]
    """Every row of a query, page by page by keyset as the list reads them."""
    rows, after = [], None
    while True:
        found, after = source.read(query, len(rows), page, after)
        rows.extend(found)
        if len(found) < page:
            return rows


@pytest.mark.parametrize("sort", ["date", "party", "number", "net", "tax", "gross", "state", "flags"])
def test_every_sort_pages_by_keyset_in_both_directions(inbox, sort: str) -> None:  # type: ignore[no-untyped-def]
    ws, dossier_id = inbox
    source = DocumentSource(ws)
    up = every_row(source, doc_query(dossier_id, "purchase", sort=sort, descending=False))
    down = every_row(source, doc_query(dossier_id, "purchase", sort=sort, descending=True))
    assert len(up) == 150 and [r.id for r in down] == [r.id for r in reversed(up)]
    if sort == "net":
        assert [r.net for r in up] == sorted(r.net for r in up)  # by value, not as text
    if sort == "date":
        assert up[0].issue_date is None and down[0].issue_date == max(r.issue_date for r in up if r.issue_date)
    assert source.count(doc_query(dossier_id, "purchase", sort=sort)) == 150
    source.close()


@pytest.mark.parametrize("sort", ["date", "party", "number", "net", "tax", "gross", "state", "flags"])
def test_the_whole_lists_ids_in_its_order(inbox, sort: str) -> None:  # type: ignore[no-untyped-def]
    """What the document view steps through: every row, in the order the list shows them."""
    ws, dossier_id = inbox
    source = DocumentSource(ws)
    for descending in (False, True):
        for text, flag in (("", None), ("zoe", None), ("", "party_unknown")):
            query = doc_query(dossier_id, "purchase", text, sort=sort, descending=descending, flag=flag)
            assert source.ordered_ids(query) == [r.id for r in every_row(source, query)], (text, flag)
    source.close()


def test_an_exact_duplicate_lists_the_number_of_the_document_it_repeats(inbox) -> None:  # type: ignore[no-untyped-def]
    """A duplicate is never read: its row carries its file name and the original's number
    (it listed blanks)."""
    from store.inbox import insert_document

    ws, dossier_id = inbox
    source = DocumentSource(ws)
    original = every_row(source, doc_query(dossier_id, "purchase", "F-0004"))[0]
    with ws.transaction() as session:
        copy = insert_document(session=session, dossier_id=dossier_id, direction="purchase",
                               status="duplicate", duplicate_of=original.id, file_hash="4" * 64,
                               stored_path="ab/4.pdf", original_name="scan-4.pdf")
    rows = {r.id: r for r in every_row(source, doc_query(dossier_id, "purchase", sort="number"))}
    assert (rows[copy].number, rows[copy].original_name, rows[copy].net) == ("F-0004", "scan-4.pdf", None)
    assert rows[original.id].number == "F-0004" and rows[1].number == "F-0001"
    from store.documents_list import rows_by_ids

    with ws.read() as session:
        assert [r.number for r in rows_by_ids(session=session, document_ids=[copy, 1])] == ["F-0004", "F-0001"]
    source.close()


def test_text_amount_and_flag_filters(inbox) -> None:  # type: ignore[no-untyped-def]
    ws, dossier_id = inbox
    source = DocumentSource(ws)
    assert filter_words("1 250,50 Zoé") == ("1250.50", "zoe")
    found = source.read(doc_query(dossier_id, "purchase", "1 250,5"), 0, 50)[0]
    assert [r.number for r in found] == ["F-0125"]  # 1 250,50 HT
    zoe = doc_query(dossier_id, "purchase", "zoe")
    assert source.count(zoe) == 120 and len(source.ids(zoe)) == 120
    unknown = doc_query(dossier_id, "purchase", flag="party_unknown")
    assert source.count(unknown) == 30
    assert all(r.party_id is None for r in source.read(unknown, 0, 64)[0])
    noted = source.read(doc_query(dossier_id, "purchase", flag="reminder_note"), 0, 64)[0]
    assert [r.number for r in noted] == ["F-0003"] and "reminder_note" in noted[0].flags
    assert source.count(doc_query(dossier_id, "purchase", "f-000", flag="totals")) == 2
    assert source.count(doc_query(dossier_id, "purchase", state="failed")) == 0
    assert source.count(doc_query(dossier_id, "purchase", state="all")) == 150
    assert source.count(doc_query(dossier_id, "sale")) == 0
    source.close()


def test_waiting_counts_and_watch(inbox) -> None:  # type: ignore[no-untyped-def]
    from store.inbox import update_document

    ws, dossier_id = inbox
    assert waiting(ws, [dossier_id])[(dossier_id, "purchase")] == (150, 90, 0)
    watch = DocumentWatch(ws, doc_query(dossier_id, "purchase"))
    assert watch.poll() == (False, None)
    with ws.transaction() as session:
        for document_id in range(1, 5):
            update_document(session=session, document_id=document_id, status="read")
    changed = watch.poll()
    assert changed is not None and changed[1] == (0, 4)
    with ws.transaction() as session:  # two of them read: 2 of 4
        for document_id in range(1, 3):
            update_document(session=session, document_id=document_id, status="review")
    changed = watch.poll()
    assert changed is not None and changed[1] == (2, 4)
    watch.close()


def test_what_is_committed_between_mark_and_the_first_poll_is_a_change(inbox) -> None:  # type: ignore[no-untyped-def]
    """The list marks the data as it opens and polls later (after its first rows are drawn):
    a document arriving in between is not taken for the list's starting point."""
    ws, dossier_id = inbox
    quiet = DocumentWatch(ws, doc_query(dossier_id, "purchase"))
    quiet.mark()
    assert quiet.poll() == (ws.engine.dialect.name != "sqlite", None)  # nothing happened
    quiet.close()
    watch = DocumentWatch(ws, doc_query(dossier_id, "purchase"))
    watch.mark()
    from store.inbox import insert_document

    with ws.transaction() as session:
        insert_document(session=session, dossier_id=dossier_id, direction="purchase", status="review",
                        file_hash="e" * 64, stored_path="ef/1.pdf", original_name="late.pdf")
    assert watch.poll() == (True, None)
    watch.close()


def test_a_batch_s_progress_counts_what_arrives_after_the_first_hundred(inbox) -> None:  # type: ignore[no-untyped-def]
    """The pipeline claims a hundred files at a time: a drop of 240 reads "… / 240",
    not "… / 100" (seen walking issue 17)."""
    from store.inbox import insert_document, update_document

    ws, dossier_id = inbox
    watch = DocumentWatch(ws, doc_query(dossier_id, "purchase"))
    assert watch.poll() == (False, None)  # at rest: what arrives next is a batch

    def arrive(count: int, start: int) -> list[int]:
        with ws.transaction() as session:
            return [insert_document(session=session, dossier_id=dossier_id, direction="purchase",
                                    status="read", file_hash=f"{n:064}", stored_path=f"cd/{n}.pdf",
                                    original_name=f"drop-{n}.pdf") for n in range(start, start + count)]

    first = arrive(100, 1000)
    assert watch.poll()[1] == (0, 100)  # type: ignore[index]
    with ws.transaction() as session:
        for document_id in first[:60]:
            update_document(session=session, document_id=document_id, status="review")
    assert watch.poll()[1] == (60, 100)  # type: ignore[index]
    arrive(100, 2000)
    assert watch.poll()[1] == (60, 200)  # type: ignore[index]
    arrive(40, 3000)
    assert watch.poll()[1] == (60, 240)  # type: ignore[index]
    watch.close()


def test_bulk_publish_names_the_blocked_and_set_is_undone(inbox) -> None:  # type: ignore[no-untyped-def]
    ws, dossier_id = inbox
    ids = list(range(1, 11))
    result = bulk.publish_many(ws, ids)
    assert len(result.done) == 4 and len(result.refused) == 6
    assert any(label == "F-0001" and "tiers inconnu" in why for label, why in result.refused)
    with pytest.raises(InvalidInput, match="19,6"):
        bulk.set_many(ws, [11, 12], "vat_rate", "19,6")
    done = bulk.set_many(ws, [11, 12, 1], "payment_method", "chèque")
    assert len(done.done) == 3 and done.undo is not None
    assert get_document(ws, 11).fields["payment_method"]["value"] == "chèque"
    assert bulk.undo(ws, done.undo) == 3
    assert "payment_method" not in get_document(ws, 11).fields
    assert sorted(result.done) == [4, 5, 9, 10]
    deleted = bulk.delete_many(ws, [4, 13])
    assert deleted.done == [13] and deleted.refused[0][0] == "F-0004"  # published: kept
    moved = bulk.move_many(ws, [14], "garage-martin")
    assert moved.done == [14] and get_document(ws, 14).dossier_slug == "garage-martin"
    assert bulk.undo(ws, moved.undo) == 1 and get_document(ws, 14).dossier_slug == "boulangerie-dupre"
    # The move and its undo show in both dossiers' logs.
    from books.access.audit import list_events

    for slug in ("garage-martin", "boulangerie-dupre"):
        actions = [e.action for e in list_events(ws, slug) if e.entity_id.startswith("14 ")]
        assert actions[:2] == ["undo", "move"], slug


def test_every_state_and_flag_with_a_word_reads_and_counts(inbox) -> None:  # type: ignore[no-untyped-def]
    """The filter index's statement goes through the driver: no expanding IN (the
    "being read" state and the unfiled list's dossiers raised, and the list stayed on
    "lecture…")."""
    from books.inbox.listing import FLAGS
    from store.documents_list import STATES

    ws, dossier_id = inbox
    source = DocumentSource(ws)
    for state in STATES:
        for flag in (None, *FLAGS):
            for kind, dossier, dossiers in (("purchase", dossier_id, ()), ("unfiled", None, (dossier_id, 2))):
                query = doc_query(dossier, kind, "f-00", state=state, flag=flag, dossiers=dossiers)
                rows = source.read(query, 0, 64)[0]
                assert source.count(query) >= len(rows)
    working = doc_query(dossier_id, "purchase", "zoe", state="working")
    assert source.count(working) == 0
    source.close()


def test_a_closed_list_builds_no_index(inbox, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The index a list asked for in the background is not read once the list is closed
    (the delayed build queried a database whose next user had reset it, in the tests)."""
    import time

    from books.inbox import listing

    ws, dossier_id = inbox
    source = DocumentSource(ws)
    asked: list[object] = []
    monkeypatch.setattr(listing.DocIndexes, "get", lambda self, query: asked.append(query))
    source.indexes.prepare(doc_query(dossier_id, "purchase", sort="number"))
    source.close()
    time.sleep(listing.PREPARE_DELAY * 3)
    assert asked == []
