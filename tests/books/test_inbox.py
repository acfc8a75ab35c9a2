"""The inbox pipeline: every file dropped becomes exactly one document (or one failure, or
one duplicate record), read, matched and checked, and the original leaves the folder."""

from __future__ import annotations

import os
import time
import zipfile
from datetime import date
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

import pytest

from books.context import Workspace
from books.demo.invoice import DemoParty, ubl_invoice
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.inbox.documents import document_details, list_documents
from books.inbox.folders import FIRM_FOLDER, is_candidate
from books.inbox.runner import run_once
from books.matching.service import forget_indexes
from books.parties.changes import add_party

GARAGE = DemoParty("Garage Central SARL", "552100554", "FR96552100554", "Lyon", "69003")
PLOMBIER = DemoParty("Dupont Plomberie SARL", "443061841", "FR64443061841", "Lyon", "69001")
OTHER = DemoParty("Société Inconnue SAS", "732829320", "FR44732829320", "Paris", "75011")


def invoice(number: str, *, seller: DemoParty = PLOMBIER, buyer: DemoParty = GARAGE,
            net: str = "100.00", issued: date = date(2026, 11, 2)) -> bytes:
    return ubl_invoice(number=number, issued=issued, due=date(2026, 12, 2), seller=seller,
                       buyer=buyer, net=Decimal(net), rate=Decimal("20"),
                       description="Réparation").encode()


@pytest.fixture
def garage(admin: Workspace) -> Path:
    """A dossier (the garage, SIREN 552100554) with its supplier, and its inbox folder."""
    create_dossier(admin, DossierDraft(name="Garage Central", siren="552100554"))
    add_party(admin, "garage-central", "supplier",
              {"code": "F001", "name": "Dupont Plomberie SARL", "siren": "443061841"})
    forget_indexes()
    return Path(get_dossier(admin, "garage-central").inbox_path)


def drop(folder: Path, name: str, data: bytes) -> Path:
    """A file dropped a while ago (the pipeline leaves files still being written)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    past = time.time() - 5
    os.utime(path, (past, past))
    return path


def documents(ws: Workspace, slug: str | None = "garage-central", **kw):
    return list_documents(ws, slug, **kw)


def test_a_purchase_is_read_matched_and_checked(admin: Workspace, garage: Path) -> None:
    drop(garage, "F-1.xml", invoice("F-1"))
    summary = run_once(admin)
    assert summary.to_json() == {"processed": 1, "review": 1, "published": 0, "duplicates": 0,
                                 "failed": 0, "unassigned": 0}
    (doc,) = documents(admin)
    assert (doc.status, doc.direction, doc.party_code, doc.number) == (
        "review", "purchase", "F001", "F-1")
    assert doc.gross == Decimal("120.00") and doc.flags == []
    details = document_details(doc)
    assert details["fields"]["party"]["source"] == "match"
    assert details["fields"]["party"]["reason"] == "SIREN 443 061 841"
    assert details["fields"]["due_date"]["source"] == "document"
    assert details["fields"]["currency"] == {**details["fields"]["currency"], "value": "EUR",
                                             "source": "document"}
    stored = admin.settings.archive_root / doc.stored_path
    assert stored.read_bytes() == invoice("F-1")
    assert not (garage / "F-1.xml").exists()
    assert (garage / "traités" / date.today().strftime("%Y-%m") / "F-1.xml").exists()


def test_the_same_bytes_twice_is_a_duplicate_record(admin: Workspace, garage: Path) -> None:
    drop(garage, "a.xml", invoice("F-1"))
    run_once(admin)
    drop(garage, "copie de a.xml", invoice("F-1"))
    summary = run_once(admin)
    assert summary.duplicates == 1
    first, second = sorted(documents(admin), key=lambda d: d.id)
    assert second.status == "duplicate" and second.duplicate_of == first.id
    assert first.status == "review"


def test_a_duplicate_waits_beside_its_original_not_a_classer(admin: Workspace, garage: Path) -> None:
    """Dropped in the dossier's own folder, a duplicate is never read: it takes its
    original's direction (it waited "à classer", as a document of no known direction),
    whether the original was read before or comes in the same batch."""
    from books.inbox.listing import DocumentSource, doc_query

    drop(garage, "a.xml", invoice("F-1"))
    run_once(admin)
    drop(garage, "copie de a.xml", invoice("F-1"))
    drop(garage, "b.xml", invoice("F-2"))
    drop(garage, "copie de b.xml", invoice("F-2"))
    assert run_once(admin).duplicates == 2
    copies = [d for d in documents(admin) if d.status == "duplicate"]
    assert sorted((d.original_name, d.direction) for d in copies) == [
        ("copie de a.xml", "purchase"), ("copie de b.xml", "purchase")]
    dossier_id = get_dossier(admin, "garage-central").id
    source = DocumentSource(admin)
    assert source.count(doc_query(dossier_id, "purchase")) == 4
    assert source.count(doc_query(None, "unfiled", dossiers=(dossier_id,))) == 0
    source.close()


def test_the_same_invoice_in_another_form_is_flagged(admin: Workspace, garage: Path) -> None:
    drop(garage, "a.xml", invoice("F-7"))
    drop(garage, "b.xml", invoice("F-7").replace(b"<cbc:ProfileID>", b"<!-- resent --><cbc:ProfileID>"))
    run_once(admin)
    flagged = [d for d in documents(admin) if "possible_duplicate" in d.flags]
    assert len(flagged) == 1


def test_failures_are_kept_with_their_reason(admin: Workspace, garage: Path) -> None:
    drop(garage, "scan.pdf", b"this is not a pdf at all")
    assert run_once(admin).failed == 1
    (doc,) = documents(admin)
    assert doc.status == "failed" and doc.flags == ["failed"]
    assert "scan.pdf" in doc.failure and "PDF" in doc.failure
    assert (admin.settings.archive_root / doc.stored_path).exists()


def test_a_failed_file_and_a_duplicate_leave_their_arrival_in_the_audit(
        admin: Workspace, garage: Path) -> None:
    """A file that cannot be read, or a copy of one already there, ends before analysis:
    its arrival was in no dossier's activity."""
    from books.access.audit import list_events

    drop(garage, "a.xml", invoice("F-1"))
    run_once(admin)
    drop(garage, "scan.pdf", b"this is not a pdf at all")
    drop(garage, "copie de a.xml", invoice("F-1"))
    run_once(admin)
    arrivals = [e for e in list_events(admin, "garage-central") if e.action == "inbox_in"]
    seen = {(d["file"], d["status"]) for e in arrivals for d in e.after["documents"]}
    assert {("a.xml", "review"), ("scan.pdf", "failed"), ("copie de a.xml", "duplicate")} <= seen


def test_checks_flag_what_does_not_add_up(admin: Workspace, garage: Path) -> None:
    bad = invoice("F-9").replace(b'<cbc:PayableAmount currencyID="EUR">120.00',
                                 b'<cbc:PayableAmount currencyID="EUR">120.00')
    bad = bad.replace(b"<cbc:TaxInclusiveAmount currencyID=\"EUR\">120.00",
                      b"<cbc:TaxInclusiveAmount currencyID=\"EUR\">121.00")
    drop(garage, "bad.xml", bad)
    drop(garage, "future.xml", invoice("F-10", issued=date(2030, 1, 1)))
    drop(garage, "stranger.xml", invoice("F-11", buyer=OTHER))
    run_once(admin)
    flags = {d.original_name: d.flags for d in documents(admin)}
    assert "totals" in flags["bad.xml"]
    assert "date_future" in flags["future.xml"]
    assert "not_addressed" in flags["stranger.xml"]


def test_a_sale_and_an_unknown_party(admin: Workspace, garage: Path) -> None:
    drop(garage, "vente.xml", invoice("V-1", seller=GARAGE, buyer=OTHER))
    drop(garage / "achats", "achat.xml", invoice("A-1", seller=OTHER))
    run_once(admin)
    docs = {d.original_name: d for d in documents(admin)}
    assert docs["vente.xml"].direction == "sale"
    assert docs["vente.xml"].party_name_detected == "Société Inconnue SAS"
    assert "party_unknown" in docs["vente.xml"].flags
    assert docs["achat.xml"].direction == "purchase"


def test_the_firm_folder_routes_by_identifiers(admin: Workspace, garage: Path) -> None:
    firm = admin.settings.inbox_root / FIRM_FOLDER
    drop(firm, "for-garage.xml", invoice("R-1"))
    drop(firm, "for-nobody.xml", invoice("R-2", buyer=OTHER, seller=OTHER))
    summary = run_once(admin)
    assert (summary.review, summary.unassigned) == (1, 1)
    (routed,) = documents(admin)
    assert routed.number == "R-1" and routed.party_code == "F001"
    (waiting,) = documents(admin, None, unassigned=True)
    assert waiting.number == "R-2" and waiting.flags == ["unassigned"]


def test_mails_and_zips_are_unpacked(admin: Workspace, garage: Path) -> None:
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "compta@dupont.fr", "Vos factures de novembre"
    mail.set_content("Bonjour, ci-joint.")
    mail.add_attachment(invoice("M-1"), maintype="application", subtype="xml", filename="M-1.xml")
    mail.add_attachment(b"\x89PNG logo", maintype="image", subtype="gif", filename="logo.gif")
    drop(garage, "message.eml", mail.as_bytes())
    packed = garage / "lot.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("Z-1.xml", invoice("Z-1"))
        archive.writestr("Z-2.xml", invoice("Z-2"))
        archive.writestr("readme.txt", "hello")
    os.utime(packed, (time.time() - 5, time.time() - 5))
    summary = run_once(admin)
    assert summary.review == 3 and summary.ignored == 2
    docs = {d.number: d for d in documents(admin)}
    assert docs["M-1"].source == "message.eml" and docs["M-1"].sender == "compta@dupont.fr"
    assert docs["M-1"].subject == "Vos factures de novembre"
    assert docs["Z-2"].source == "lot.zip"


def test_a_zip_bomb_is_refused_and_kept(admin: Workspace, garage: Path) -> None:
    packed = garage / "bomb.zip"
    garage.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.xml", b"<a>" + bytes(80 * 1024 * 1024))
    os.utime(packed, (time.time() - 5, time.time() - 5))
    assert run_once(admin).failed == 1
    (doc,) = documents(admin)
    assert "64 Mo" in doc.failure and doc.original_name == "bomb.zip"


def test_files_still_written_and_temporary_names_wait(admin: Workspace, garage: Path) -> None:
    garage.mkdir(parents=True, exist_ok=True)
    (garage / "fresh.xml").write_bytes(invoice("W-1"))  # modified just now: still being written
    drop(garage, "download.pdf.part", b"%PDF-")
    drop(garage, ".hidden.xml", invoice("W-2"))
    assert run_once(admin).processed == 0
    assert not is_candidate("~$facture.pdf") and is_candidate("facture.pdf")
    past = time.time() - 5
    os.utime(garage / "fresh.xml", (past, past))
    assert run_once(admin).processed == 1


def test_a_file_seen_again_after_its_work_is_only_moved(admin: Workspace, garage: Path) -> None:
    """The move out of the folder failed (or the process died just before it): the next
    pass moves the same file (same size and time) without a second document."""
    path = drop(garage, "F-2.xml", invoice("F-2"))
    seen = path.stat()
    run_once(admin)
    moved = next((garage / "traités").rglob("F-2.xml"))
    os.replace(moved, path)
    os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    assert run_once(admin).processed == 0
    assert not path.exists() and len(documents(admin)) == 1
    drop(garage, "F-2.xml", invoice("F-2"))  # sent again later: a duplicate record
    assert run_once(admin).duplicates == 1


# A person's work on the documents -----------------------------------------------------------


def test_fix_assign_learn_publish_and_delete(admin: Workspace, garage: Path,
                                             workspaces) -> None:
    from books.access.users import add_user
    from books.errors import InvalidInput
    from books.inbox.review import assign_party, delete_documents, publish, set_fields

    drop(garage, "a.xml", invoice("A-1", seller=OTHER))
    drop(garage, "b.xml", invoice("B-1"))
    run_once(admin)
    docs = {d.number: d for d in documents(admin)}
    unknown, known = docs["A-1"], docs["B-1"]
    assert "party_unknown" in unknown.flags
    refused = publish(admin, [unknown.id, known.id])
    assert refused.published == [known.id] and refused.refused[0][0] == unknown.id
    assert "tiers inconnu" in refused.refused[0][1]
    with pytest.raises(InvalidInput, match="publiée\\(s\\) B-1 :"):  # its number, not its id
        set_fields(admin, known.id, {"number": "X"})
    fixed = set_fields(admin, unknown.id, {"due_date": "31/12/2026", "gross": "120,00"})
    assert fixed.due_date == date(2026, 12, 31) and fixed.gross == Decimal("120.00")
    details = document_details(fixed)
    assert details["fields"]["due_date"]["source"] == "manual"
    assert details["fields"]["due_date"]["by"] == "alice"
    with pytest.raises(InvalidInput, match="gross"):
        set_fields(admin, unknown.id, {"gross": "abc"})
    with pytest.raises(InvalidInput, match="champ inconnu"):
        set_fields(admin, unknown.id, {"colour": "red"})
    made = assign_party(admin, unknown.id, new_party=True)
    assert made.party_code == "F002" and "party_unknown" not in made.flags
    # The next invoice from that supplier matches by itself (its SIREN is now listed).
    drop(garage, "c.xml", invoice("A-2", seller=OTHER))
    run_once(admin)
    again = {d.number: d for d in documents(admin)}["A-2"]
    assert again.party_code == "F002"
    add_user(admin, "carol", "collaborator")
    with pytest.raises(Exception, match="aucun dossier|no dossier|accessible"):
        delete_documents(workspaces("carol"), [again.id])
    assert delete_documents(admin, [again.id]) == 1
    with pytest.raises(InvalidInput, match="publiée\\(s\\) B-1 :"):
        delete_documents(admin, [known.id])


def test_a_failed_document_typed_by_hand_is_published(admin: Workspace, garage: Path) -> None:
    """Nothing could be read: once its direction, number, date and total are typed it is
    checked as any other (its party to choose) and published; before, it stays failed."""
    from books.errors import InvalidInput
    from books.inbox.review import assign_party, publish, set_fields, validate

    drop(garage, "scan.pdf", b"%PDF-1.4\n% cut short by the copier\n")
    run_once(admin)
    (failed,) = documents(admin, None, unassigned=True) or documents(admin)
    assert failed.status == "failed"
    typed = set_fields(admin, failed.id, {"direction": "purchase", "number": "SC-1", "net": "100,00"})
    assert typed.status == "failed" and "illisible" in publish(admin, [failed.id]).refused[0][1]
    typed = set_fields(admin, failed.id, {"issue_date": "02/11/2026", "tax": "20,00", "gross": "120,00"})
    assert (typed.status, typed.flags) == ("review", ["party_unknown"])
    with pytest.raises(InvalidInput, match="tiers inconnu"):
        validate(admin, failed.id)
    assign_party(admin, failed.id, code="F001")
    assert validate(admin, failed.id) == "published"


def test_a_document_to_assign_moves_to_its_dossier(admin: Workspace, garage: Path) -> None:
    from books.inbox.review import move_to_dossier

    drop(admin.settings.inbox_root / FIRM_FOLDER, "x.xml", invoice("X-1", buyer=OTHER))
    run_once(admin)
    (waiting,) = documents(admin, None, unassigned=True)
    from books.inbox.listing import DocumentSource, doc_query

    source = DocumentSource(admin)
    assert source.count(doc_query(None, "unfiled", flag="unassigned")) == 1  # routed: its key has the flag
    moved = move_to_dossier(admin, waiting.id, "garage-central")
    assert moved.dossier_slug == "garage-central" and moved.status == "review"
    assert "not_addressed" in moved.flags and "unassigned" not in moved.flags
    assert documents(admin, None, unassigned=True) == []
    # Worked out again for the dossier: the list's flag filter finds it (its key was not
    # written again, so it held no flag).
    query = doc_query(None, "unfiled", flag="not_addressed", dossiers=(moved.dossier_id,))  # no direction
    assert [r.id for r in source.read(query, 0, 10)[0]] == [moved.id]
    source.close()


def test_a_move_is_in_the_audit_of_the_dossier_it_goes_to(admin: Workspace, garage: Path) -> None:
    """"À classer" has no audit of its own: a move out of it shows in the target dossier's
    log (it was logged under no dossier); a move between dossiers shows in both."""
    from books.access.audit import list_events
    from books.inbox.review import move_to_dossier

    create_dossier(admin, DossierDraft(name="Atelier Roux"))
    drop(admin.settings.inbox_root / FIRM_FOLDER, "x.xml", invoice("X-1", buyer=OTHER))
    run_once(admin)
    (waiting,) = documents(admin, None, unassigned=True)
    move_to_dossier(admin, waiting.id, "garage-central")
    (event,) = [e for e in list_events(admin, "garage-central") if e.action == "move"]
    assert event.after == {"from": "unfiled", "dossier": "garage-central"}
    move_to_dossier(admin, waiting.id, "atelier-roux")
    (arrived,) = [e for e in list_events(admin, "atelier-roux") if e.action == "move"]
    left = [e for e in list_events(admin, "garage-central") if e.action == "move"]
    assert arrived.after == left[0].after == {"from": "garage-central", "dossier": "atelier-roux"}
    assert len(left) == 2


def test_what_goes_wrong_with_files(admin: Workspace, garage: Path) -> None:
    """A name in another encoding, a file too large to read, an archive that cannot be
    written: a message each, nothing lost, the watcher goes on."""
    garage.mkdir(parents=True, exist_ok=True)
    odd = os.fsencode(garage) + b"/facture-\xe9t\xe9.xml"  # Latin-1 bytes, not UTF-8
    with open(odd, "wb") as handle:
        handle.write(invoice("E-1"))
    os.utime(odd, (time.time() - 5, time.time() - 5))
    huge = garage / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB without writing them
    os.utime(huge, (time.time() - 5, time.time() - 5))
    summary = run_once(admin)
    docs = {d.original_name: d for d in documents(admin)}
    assert docs["facture-_t_.xml"].number == "E-1"
    assert any("illisible" in e for e in summary.errors)
    assert docs["huge.pdf"].status == "failed" and "Mo" in docs["huge.pdf"].failure
    # The archive cannot be written (a full disk, a folder gone read-only): the file stays.
    admin.settings.archive_root.rename(admin.settings.archive_root.with_name("kept"))
    admin.settings.archive_root.write_text("not a folder")
    drop(garage, "later.xml", invoice("L-1"))
    summary = run_once(admin)
    assert summary.processed == 0 and summary.errors and (garage / "later.xml").exists()
    admin.settings.archive_root.unlink()
    assert run_once(admin).processed == 1 and not (garage / "later.xml").exists()
