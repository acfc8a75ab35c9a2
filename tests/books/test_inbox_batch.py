"""The pipeline's batches: what one pass takes together is recorded as if taken one by
one (duplicates within the batch, the same invoice twice, the firm's folder), and the
batch statements claim and advance only what is still theirs."""

from __future__ import annotations

import os
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.inbox.documents import list_documents
from books.inbox.folders import FIRM_FOLDER
from books.inbox.runner import run_once
from books.matching.service import forget_indexes
from books.parties.changes import add_party
from tests.books.test_inbox import OTHER, drop, invoice


@pytest.fixture
def garage(admin: Workspace) -> Path:
    create_dossier(admin, DossierDraft(name="Garage Central", siren="552100554"))
    add_party(admin, "garage-central", "supplier",
              {"code": "F001", "name": "Dupont Plomberie SARL", "siren": "443061841"})
    forget_indexes()
    return Path(get_dossier(admin, "garage-central").inbox_path)


def _documents(ws: Workspace, slug: str | None = "garage-central", **kw):
    return sorted(list_documents(ws, slug, **kw), key=lambda d: d.id)


def test_the_same_bytes_twice_in_one_pass(admin: Workspace, garage: Path) -> None:
    drop(garage, "a.xml", invoice("F-1"))
    drop(garage, "copie de a.xml", invoice("F-1"))
    drop(garage, "b.xml", invoice("F-2"))
    summary = run_once(admin)
    assert (summary.processed, summary.review, summary.duplicates) == (3, 2, 1)
    docs = _documents(admin)
    (original,) = [d for d in docs if d.number == "F-1" and d.status == "review"]
    (copy,) = [d for d in docs if d.status == "duplicate"]
    assert copy.duplicate_of == original.id and copy.file_hash == original.file_hash
    assert copy.flags == [] and "possible_duplicate" not in original.flags


def test_an_unreadable_file_twice_in_one_pass(admin: Workspace, garage: Path) -> None:
    drop(garage, "scan.pdf", b"not a pdf")
    drop(garage, "scan (2).pdf", b"not a pdf")
    summary = run_once(admin)
    assert (summary.failed, summary.duplicates) == (1, 1)
    failed, copy = _documents(admin)
    assert failed.status == "failed" and failed.flags == ["failed"]
    assert copy.status == "duplicate" and copy.duplicate_of == failed.id


def test_a_zip_holding_one_invoice_twice(admin: Workspace, garage: Path) -> None:
    packed = garage / "lot.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("Z-1.xml", invoice("Z-1"))
        archive.writestr("Z-1 bis.xml", invoice("Z-1"))
    os.utime(packed, (time.time() - 5, time.time() - 5))
    summary = run_once(admin)
    assert (summary.review, summary.duplicates) == (1, 1)
    first, second = _documents(admin)
    assert second.status == "duplicate" and second.duplicate_of == first.id
    assert first.source == second.source == "lot.zip"


def test_content_already_stored_and_dropped_again_with_new_files(admin: Workspace,
                                                                 garage: Path) -> None:
    drop(garage, "a.xml", invoice("F-1"))
    run_once(admin)
    drop(garage, "a again.xml", invoice("F-1"))
    drop(garage, "c.xml", invoice("F-3"))
    summary = run_once(admin)
    assert (summary.review, summary.duplicates) == (1, 1)
    first = _documents(admin)[0]
    (copy,) = [d for d in _documents(admin) if d.status == "duplicate"]
    assert copy.duplicate_of == first.id


def test_the_same_invoice_twice_is_flagged_once_per_pair(admin: Workspace, garage: Path) -> None:
    drop(garage, "a.xml", invoice("F-7"))
    drop(garage, "b.xml", invoice("F-7").replace(b"<cbc:ProfileID>", b"<!-- 2 --><cbc:ProfileID>"))
    drop(garage, "c.xml", invoice("F-7").replace(b"<cbc:ProfileID>", b"<!-- 3 --><cbc:ProfileID>"))
    drop(garage, "d.xml", invoice("F-7", net="200.00"))  # another total: another invoice
    run_once(admin)
    docs = _documents(admin)  # in the order taken (the folder's order)
    (other,) = [d for d in docs if d.gross == Decimal("240.00")]
    first, second, third = [d for d in docs if d is not other]
    assert first.flags == [] and other.flags == []
    assert second.flags == third.flags == ["possible_duplicate"]
    assert second.fields["possible_duplicate_of"]["value"] == first.id
    assert third.fields["possible_duplicate_of"]["value"] == first.id


def test_the_firm_folder_in_one_pass_with_the_dossier_folder(admin: Workspace,
                                                             garage: Path) -> None:
    firm = admin.settings.inbox_root / FIRM_FOLDER
    drop(garage, "direct.xml", invoice("R-1"))
    drop(firm, "same content.xml", invoice("R-1"))
    drop(firm, "twice 1.xml", invoice("R-2"))
    drop(firm, "twice 2.xml", invoice("R-2"))
    drop(firm, "for-nobody.xml", invoice("R-3", buyer=OTHER, seller=OTHER))
    summary = run_once(admin)
    assert (summary.review, summary.duplicates, summary.unassigned) == (2, 2, 1)
    docs = _documents(admin)
    originals = {d.number: d for d in docs if d.status == "review"}
    assert set(originals) == {"R-1", "R-2"}
    for copy in [d for d in docs if d.status == "duplicate"]:
        assert copy.duplicate_of == originals[copy.number].id
    (waiting,) = _documents(admin, None, unassigned=True)
    assert waiting.number == "R-3"


def test_claims_already_made_are_not_taken_again(admin: Workspace) -> None:
    from store.inbox import FileClaim, claim_many

    files = [FileClaim(f"/in/{n}.xml", 10, 1, None, None) for n in range(3)]
    with admin.transaction() as session:
        first = claim_many(session=session, files=files[:2], worker="one")
    with admin.transaction() as session:
        second = claim_many(session=session, files=files, worker="two")
        again = claim_many(session=session, files=files, worker="two")
    assert [held for _row, held in first] == [True, True]
    assert [held for _row, held in second] == [False, False, True]
    assert [row.claimed_by for row, _held in second] == ["one", "one", "two"]
    assert [row.id for row, _h in second[:2]] == [row.id for row, _h in first]
    assert [held for _row, held in again] == [False, False, True]  # still "two"'s own


def test_a_claim_inserted_meanwhile_by_another_worker(admin: Workspace,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The look found nothing, another worker's insert came first: the file is theirs."""
    import store.inbox as inbox

    files = [inbox.FileClaim("/in/raced.xml", 10, 1, None, None),
             inbox.FileClaim("/in/free.xml", 10, 1, None, None)]
    with admin.transaction() as session:
        inbox.claim_many(session=session, files=files[:1], worker="other")
    looked = inbox._intakes_at
    calls = []

    def blind(session, wanted):  # the first look misses the other worker's row
        calls.append(len(wanted))
        return {} if len(calls) == 1 else looked(session, wanted)

    monkeypatch.setattr(inbox, "_intakes_at", blind)
    with admin.transaction() as session:
        claims = inbox.claim_many(session=session, files=files, worker="me")
    assert [(row.path, row.claimed_by, held) for row, held in claims] == [
        ("/in/raced.xml", "other", False), ("/in/free.xml", "me", True)]


def test_documents_moved_on_by_another_worker_are_left(admin: Workspace, garage: Path) -> None:
    from store.inbox import advance_many, insert_documents

    with admin.transaction() as session:
        ids = insert_documents(session=session, rows=[
            {"dossier_id": None, "direction": "unknown", "file_hash": f"{n:064d}",
             "stored_path": f"{n}.xml", "original_name": f"{n}.xml", "status": "stored"}
            for n in range(3)])
    with admin.transaction() as session:
        assert advance_many(session=session, expected="stored",
                            changes=[(ids[1], {"status": "read", "number": "X"})]) == {ids[1]}
    with admin.transaction() as session:
        moved = advance_many(session=session, expected="stored", changes=[
            (ids[0], {"status": "read", "number": "A"}), (ids[1], {"status": "read", "number": "B"}),
            (ids[2], {"status": "failed", "failure": "no"})])
    assert moved == {ids[0], ids[2]}
    docs = {d.id: d for d in list_documents(admin, None, unassigned=True)}
    assert (docs[ids[0]].number, docs[ids[1]].number, docs[ids[2]].status) == ("A", "X", "failed")


def test_a_refused_claim_leaves_the_files_for_a_later_pass(admin: Workspace, garage: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import store.inbox as inbox
    from books.errors import StoreUnavailable

    def refuse(**_kw: object) -> None:
        raise StoreUnavailable("base indisponible")

    drop(garage, "a.xml", invoice("F-1"))
    claim_many = inbox.claim_many
    monkeypatch.setattr(inbox, "claim_many", refuse)
    summary = run_once(admin)
    assert summary.processed == 0 and summary.errors == ["base indisponible"]
    assert (garage / "a.xml").exists()
    monkeypatch.setattr(inbox, "claim_many", claim_many)
    assert run_once(admin).review == 1
