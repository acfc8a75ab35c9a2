"""The inbox pipeline: every file dropped in an inbox folder becomes exactly one document.

Steps, each committed before the next (DESIGN.md, "The inbox pipeline"):

1. the file is claimed in the database (its intake row) before any work;
2. its content is hashed and copied into the archive, and its document is
   recorded — or, when the dossier already holds the same content, a
   duplicate record pointing to that document; a mail or a zip gives one
   document per invoice inside;
3. the stored copy is read (in the bounded reader process);
4–7. direction, party, fields with their provenance, and checks (flags);
8. the document waits in review (or "à classer", for the firm's folder);
9. only then does the original leave the inbox folder (to ``traités/AAAA-MM/``).

A crash anywhere loses nothing and doubles nothing: the claim and each
document's state say where to resume, documents move from one state to the
next with conditional updates, and the original stays in its folder until its
work is committed. A claim whose worker died is taken over (at once when that
worker ran on this machine, after :data:`CLAIM_TIMEOUT_S` otherwise).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from books.errors import InvalidInput, SaisieError
from books.i18n import os_reason, t
from books.inbox.analysis import DossierIdentity
from books.inbox.archive import Copies, Stored
from books.inbox.containers import is_container, unpack
from books.inbox.folders import (
    DONE_FOLDER,
    FIRM_FOLDER,
    HINTS,
    STABLE_S,
    Found,
    free_name,
    holder_dead,
    is_candidate,
    readable_name,
    worker_name,
)
from books.inbox.records import (
    Event,
    Prepared,
    Summary,
    Vanished,
    advance,
    audit_in,
    crash_point,
    document_values,
    identity,
)
from books.inbox.settling import Settling

if TYPE_CHECKING:
    from books.context import Workspace
    from books.invoices.sandbox import SandboxedReader
    from store.inbox import DocumentRow, DocumentState, IntakeRow

log = logging.getLogger("saisie.inbox")

CLAIM_TIMEOUT_S = 180.0
"""A claim untouched this long is taken over (the reader's own deadline is 60 s)."""
BATCH = 100
"""Files taken together: each step commits once for all of them."""
FOLDERS_FRESH_S = 1.0
"""A new dossier's folder (or one the user may no longer open) is seen at most this late."""


class Pipeline(Settling):
    """Takes the files of the inbox folders in, for one workspace (the acting user)."""

    def __init__(self, ws: Workspace, reader: SandboxedReader | None, *,
                 on_event: Event | None = None, today: Callable[[], date] | None = None) -> None:
        from books.access.permissions import require

        require(ws.user, "document.review")
        self.ws = ws
        self.reader = reader
        self.worker = worker_name()
        self.on_event = on_event or (lambda _kind, _data: None)
        self.today = today or date.today
        self.summary = Summary()
        self._dossiers: dict[int, DossierIdentity] = {}
        self._folders: dict[str | None, tuple[float, list[tuple[Path, DossierIdentity | None]]]] = {}
        self._lists_seen: set[tuple[int, str]] = set()

    def reanalyse(self, document_id: int) -> None:
        """Steps 4–8 again for a document put back to ``read`` (moved to another dossier)."""
        document = self._document(document_id)
        if document is not None and document.status == "read":
            self._analyse(document, None)

    # -------------------------------------------------------------- finding files

    def folders(self, slug: str | None = None) -> list[tuple[Path, DossierIdentity | None]]:
        """The watched folders with their dossier: the active dossiers the acting user may
        open (or the one named), and for admins the firm's shared folder (``None``).

        Read again at most every :data:`FOLDERS_FRESH_S` (a watcher asks at each event
        and each wait: two dozen statements each time)."""
        seen = self._folders.get(slug)
        if seen is not None and time.monotonic() - seen[0] < FOLDERS_FRESH_S:
            return list(seen[1])
        pairs = self._read_folders(slug)
        self._folders[slug] = (time.monotonic(), pairs)
        return list(pairs)

    def _read_folders(self, slug: str | None) -> list[tuple[Path, DossierIdentity | None]]:
        from books.dossiers.service import get_dossier, list_dossiers
        from store.models import Dossier

        slugs = [slug] if slug is not None else [e.row.slug for e in list_dossiers(self.ws)]
        pairs: list[tuple[Path, DossierIdentity | None]] = []
        for name in slugs:
            dossier = get_dossier(self.ws, name)  # NotFound names a slug one may not open
            with self.ws.read() as session:
                known = identity(session.get_one(Dossier, dossier.id))
            self._dossiers[known.id] = known
            pairs.append((Path(dossier.inbox_path), known))
        if slug is None and self.ws.user.role == "admin":
            pairs.append((self.ws.settings.inbox_root / FIRM_FOLDER, None))
        return pairs

    def scan(self, slug: str | None = None) -> list[Found]:
        """Files ready to take in the watched folders (not still being written)."""
        found: list[Found] = []
        for folder, dossier in self.folders(slug):
            found += self._scan_folder(folder, dossier)
        return found

    def _scan_folder(self, folder: Path, dossier: DossierIdentity | None) -> list[Found]:
        moment = datetime.now().timestamp()
        found = []
        for place, hint in ((folder, None), *((folder / sub, d) for sub, d in HINTS.items())):
            try:
                entries = list(os.scandir(place))
            except FileNotFoundError:
                continue
            except OSError as exc:
                self._error(t("inbox.error.folder", path=place, reason=os_reason(exc)))
                continue
            for entry in entries:
                if not is_candidate(entry.name):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    stat = entry.stat(follow_symlinks=False)
                except OSError:
                    continue  # vanished while looking
                if moment - stat.st_mtime < STABLE_S:
                    continue  # still being written
                path = Path(entry.path)
                if not readable_name(entry.name):
                    path = self._rename_readable(path)
                    if path is None:
                        continue
                found.append(Found(path, folder, dossier, hint, stat.st_size, stat.st_mtime_ns))
        return found

    def _rename_readable(self, path: Path) -> Path | None:
        """A file whose name is not valid text (bytes from another system's encoding) is
        renamed in place to a readable name first: the database and the screens keep names
        as text. The new name is logged and shown with the document's."""
        raw = os.fsencode(path.name)
        readable = raw.decode("utf-8", "replace").replace("\ufffd", "_")
        target = free_name(path.parent, readable)
        try:
            os.rename(os.fsencode(path), os.fsencode(target))
        except OSError as exc:
            self._error(t("inbox.error.move", path=path, reason=os_reason(exc)))
            return None
        self._error(t("inbox.renamed", old=raw.decode("utf-8", "backslashreplace"), new=target.name))
        return target

    # -------------------------------------------------------------- running

    def run_once(self, slug: str | None = None) -> Summary:
        """Resume what stopped, then take every file waiting; returns what was done."""
        self.resume()
        found = self.scan(slug)
        for start in range(0, len(found), BATCH):
            self.take_batch(found[start:start + BATCH])
        return self.summary

    def take_batch(self, batch: list[Found]) -> None:
        """:meth:`take` for many files: the same steps, each committed for the whole batch
        before the next (the slow work — copies, reading — outside the transactions)."""
        from store.inbox import FINAL_STEPS, FileClaim, claim_many, finish

        self._lists_seen.clear()
        mine: list[tuple[IntakeRow, Found]] = []
        try:
            with self.ws.transaction() as session:
                claims = claim_many(session=session, worker=self.worker, files=[
                    FileClaim(str(f.path), f.size, f.mtime_ns, f.dossier.id if f.dossier else None,
                              f.hint) for f in batch])
                for found, (intake, held) in zip(batch, claims, strict=True):
                    if held:
                        mine.append((intake, found))
                    elif intake.step in FINAL_STEPS:
                        self._move_original(intake, found)  # its work was committed, not the move
                    elif holder_dead(intake.claimed_by) and self._take_over_in(session, intake):
                        mine.append((intake, found))
        except SaisieError as exc:  # the files stay for a later pass
            self._error(exc.message)
            return
        crash_point("claimed")
        prepared = []
        copies = Copies(self.ws.settings.archive_root)
        for intake, found in mine:
            if intake.step != "claimed":
                self._work(intake, found)  # a claim taken over half-way: one by one
                continue
            try:
                prepared.append((intake, found, self._prepare(intake, found, copies)))
            except Vanished as exc:
                self._error(exc.message)
                self._set_intake(intake.id, step="failed", error=exc.message)
            except SaisieError as exc:  # the file stays; its claim is let go
                self._error(exc.message)
                self._set_intake(intake.id, claimed_by=None, error=exc.message)
        try:
            copies.sync()  # the copies are on disk before any of their documents is recorded
        except SaisieError as exc:  # the files stay; their claims are let go
            self._error(exc.message)
            for intake, _found, _work in prepared:
                self._set_intake(intake.id, claimed_by=None, error=exc.message)
            return
        if not prepared:
            return
        hints: dict[int, str | None] = {}
        with self.ws.transaction() as session:
            inserted = self._insert_batch(session, [(intake, work) for intake, _f, work in prepared])
            for (_intake, found, _work), ids in zip(prepared, inserted, strict=True):
                hints.update(dict.fromkeys(ids, found.hint))
        crash_point("stored")
        self._read_batch(list(hints))
        self._analyse_batch(hints)
        with self.ws.transaction() as session:
            finish(session=session, intake_ids=[intake.id for intake, _found, _work in prepared])
        from store.inbox import document_states

        with self.ws.read() as session:
            for state in document_states(session=session, document_ids=list(hints)):
                self._count(state)
        for intake, found, _work in prepared:
            self._move_original(intake, found)

    def _read_batch(self, ids: list[int]) -> None:
        from store.inbox import advance_many

        read = [(d, self._read_values(d)) for d in self._documents(ids) if d.status == "stored"]
        with self.ws.transaction() as session:
            advance_many(session=session, expected="stored",
                         changes=[(d.id, values) for d, values in read])
            self._audit_ended(session, [(d.dossier_id, d.original_name, "failed", ["failed"])
                                        for d, values in read if values["status"] == "failed"])
        crash_point("read")

    def _audit_ended(self, session: Any,
                     ended: list[tuple[int | None, str, str, list[str]]]) -> None:
        """One arrival event per dossier for documents whose intake ends before analysis
        (unreadable, or a duplicate): (dossier id, file name, status, flags). They were not
        audited at all: a failed file arrived without a trace in the dossier's activity."""
        by_dossier: dict[int | None, list[tuple[str, str, list[str]]]] = {}
        for dossier_id, name, status, flags in ended:
            by_dossier.setdefault(dossier_id, []).append((name, status, list(flags)))
        for dossier_id, documents in by_dossier.items():
            audit_in(session, self.ws.user.login, dossier_id, documents)

    def _analyse_batch(self, hints: dict[int, str | None]) -> None:
        ready = [d for d in self._documents(list(hints)) if d.status == "read"]
        settled = [(d, self._analysis(d, hints[d.id])) for d in ready]
        with self.ws.transaction() as session:
            done = self._settle_batch(session, settled)
            by_dossier: dict[int | None, list[tuple[str, str, list[str]]]] = {}
            for document, result in done:  # one event per dossier for the batch
                by_dossier.setdefault(result.dossier.id if result.dossier else None, []).append(
                    (document.original_name, result.status, list(result.flags)))
            for dossier_id, documents in by_dossier.items():
                audit_in(session, self.ws.user.login, dossier_id, documents)
        self._auto_publish([(document.id, result) for document, result in done])  # issue 18
        for document, result in done:
            self.on_event("document", {"document": document.id, "status": result.status})
        crash_point("analysed")

    def resume(self) -> None:
        """Finish the claims whose worker stopped, and documents left half-way."""
        from store.inbox import stale_claims

        with self.ws.read() as session:
            stale = stale_claims(session=session, before=_ago(CLAIM_TIMEOUT_S))
            stale += [row for row in _unfinished(session) if holder_dead(row.claimed_by)
                      and row.id not in {s.id for s in stale}]
        for intake in stale:
            if self._take_over(intake):
                self._work(intake, None)
        for document_id in self._orphans():
            self._finish_document(document_id, None)

    # -------------------------------------------------------------- the steps

    def _work(self, intake: IntakeRow, found: Found | None) -> None:

        found = found or self._found_again(intake)
        step = intake.step
        try:
            if step == "claimed":
                step = self._store(intake, found)
                crash_point("stored")
            if step == "stored":
                for document_id in self._documents_of(intake):
                    self._finish_document(document_id, found)
                self._set_intake(intake.id, step="done")
                step = "done"
        except Vanished as exc:  # removed by someone else before it was stored: nothing to keep
            self._error(exc.message)
            self._set_intake(intake.id, step="failed", error=exc.message)
        except SaisieError as exc:
            # The archive or the database refused (a full disk, a folder made read-only):
            # the file stays where it is, and its claim is let go for a later pass.
            self._error(exc.message)
            self._set_intake(intake.id, claimed_by=None, error=exc.message)
        if found is not None and step == "done":
            self._move_original(intake, found)

    def _store(self, intake: IntakeRow, found: Found | None) -> str:
        """Step 2: the archive copy and the document(s), or the duplicate record; the
        intake's step afterwards."""
        copies = Copies(self.ws.settings.archive_root)
        prepared = self._prepare(intake, found, copies)
        copies.sync()
        with self.ws.transaction() as session:
            ids = self._insert_documents(session, intake, prepared)
        self._stored(ids)
        return "stored"

    def _prepare(self, intake: IntakeRow, found: Found | None, copies: Copies) -> Prepared:
        """The file work of step 2 (no database): copies in the archive (durable once
        ``copies`` is synced), a container unpacked.

        Raises:
            Vanished: the file is gone.
            InvalidInput: the archive cannot be written.
        """
        path = Path(intake.path)
        dossier = found.dossier if found else self._dossier_by_id(intake.dossier_id)
        if not path.exists():
            raise Vanished(t("inbox.error.vanished", path=path))
        if not is_container(path.name):
            return Prepared(dossier, [(copies.store_file(path), path.name)])
        try:
            unpacked = unpack(path)
        except InvalidInput as exc:  # a broken container is kept, as a failed document
            return Prepared(dossier, [(copies.store_file(path), path.name)], failure=exc.message)
        self.summary.ignored += unpacked.ignored
        if not unpacked.members:  # kept as a failed document: nothing dropped is lost
            return Prepared(dossier, [(copies.store_file(path), path.name)],
                            failure=t("inbox.error.empty_container", name=path.name))
        members = [(copies.store_bytes(m.data, m.name), m.name) for m in unpacked.members]
        return Prepared(dossier, members, path.name, unpacked.sender, unpacked.subject)

    def _insert_documents(self, session: Any, intake: IntakeRow, prepared: Prepared) -> list[int]:
        """The database part of step 2, in the caller's transaction."""
        return self._insert_batch(session, [(intake, prepared)])[0]

    def _insert_batch(self, session: Any, files: list[tuple[IntakeRow, Prepared]]) -> list[list[int]]:
        """The database part of step 2 for several files, in the caller's transaction: each
        file's documents (or duplicate records: content the dossier holds already, or that
        comes twice in the batch), then the claims at ``stored``. Each file's document ids."""
        from store.inbox import (
            direct_duplicates,
            insert_documents,
            originals_with_hashes,
            stored_many,
        )

        originals = originals_with_hashes(session=session, wanted={
            (work.dossier.id, stored.sha256) for _i, work in files if work.dossier
            for stored, _name in work.members})
        first: list[tuple[tuple[int, int], dict[str, Any]]] = []
        again: list[tuple[tuple[int, int], dict[str, Any], tuple[int, str]]] = []
        coming: set[tuple[int, str]] = set()
        for f, (intake, work) in enumerate(files):
            for m, (stored, name) in enumerate(work.members):
                key = (work.dossier.id, stored.sha256) if work.dossier else None
                row = self._document_row(intake, work, stored, name, key and originals.get(key))
                if key is not None and key not in originals and key in coming:
                    again.append(((f, m), row, key))  # the batch's own first copy: its id comes
                    continue
                if key is not None:
                    coming.add(key)
                first.append(((f, m), row))
        ids: dict[tuple[int, int], int] = {}
        for (slot, row), document_id in zip(first, insert_documents(
                session=session, rows=[row for _slot, row in first]), strict=True):
            ids[slot] = document_id
            if row["status"] != "duplicate" and row["dossier_id"] is not None:
                originals.setdefault((row["dossier_id"], row["file_hash"]), document_id)
        for _slot, row, key in again:
            row.update(status="duplicate", duplicate_of=originals[key], flags=[])
        for (slot, _row, _key), document_id in zip(again, insert_documents(
                session=session, rows=[row for _slot, row, _key in again]), strict=True):
            ids[slot] = document_id
        direct_duplicates(session=session, original_ids={
            row["duplicate_of"] for _slot, row in first if row["duplicate_of"] is not None})
        # Documents that end here (a duplicate, a file that cannot be kept as readable) are
        # never analysed: their arrival is audited now, as the analysed ones' is later.
        self._audit_ended(session, [
            (row["dossier_id"], row["original_name"], row["status"], row["flags"])
            for row in [*(row for _s, row in first), *(row for _s, row, _k in again)]
            if row["status"] in ("failed", "duplicate")])
        stored_many(session=session, stored=[
            (intake.id, ids[(f, 0)], work.members[0][0].sha256)
            for f, (intake, work) in enumerate(files)])
        return [[ids[(f, m)] for m in range(len(work.members))]
                for f, (_intake, work) in enumerate(files)]

    def _document_row(self, intake: IntakeRow, work: Prepared, stored: Stored, name: str,
                      original: int | None) -> dict[str, Any]:
        """A document's columns as step 2 records it."""
        failure = work.failure
        return dict(
            dossier_id=work.dossier.id if work.dossier else None,
            direction=intake.direction or "unknown", file_hash=stored.sha256,
            stored_path=stored.relative, original_name=name[:255],
            format=Path(name).suffix.lower().lstrip(".")[:10] or "bin",
            source=work.source, sender=work.sender, subject=work.subject,
            submitted_by=self.ws.user.login,
            status="duplicate" if original else ("failed" if failure else "stored"),
            duplicate_of=original, failure=failure, intake_id=intake.id,
            flags=["failed"] if failure and not original else [])

    def _stored(self, ids: list[int]) -> None:
        for document_id in ids:
            self.on_event("stored", {"document": document_id})

    def _finish_document(self, document_id: int, found: Found | None) -> None:
        """Steps 3–8 for one document: read, then analyse (each committed)."""
        document = self._document(document_id)
        if document is None:
            return
        if document.status == "stored":
            self._read(document)
            crash_point("read")
            document = self._document(document_id)
        if document is not None and document.status == "read":
            self._analyse(document, found.hint if found else None)
            crash_point("analysed")
            document = self._document(document_id)
        if document is not None:
            self._count(document)

    def _read(self, document: DocumentRow) -> None:
        values = self._read_values(document)
        with self.ws.transaction() as session:
            if advance(session, document.id, "stored", values) and values["status"] == "failed":
                self._audit_ended(session, [(document.dossier_id, document.original_name,
                                             "failed", ["failed"])])

    def _read_values(self, document: DocumentRow) -> dict[str, Any]:
        """Step 3 (no database): the stored copy read in the bounded reader process."""
        path = self.ws.settings.archive_root / document.stored_path
        assert self.reader is not None, "a pipeline that takes files in has a reader"
        extraction = self.reader.read(path)
        data = extraction.to_json()
        data["file"] = document.original_name
        failure = None
        if extraction.error is not None:
            failure = extraction.error.replace(str(path), document.original_name)
        values = dict(extracted=data, status="failed" if failure else "read", failure=failure,
                      flags=["failed"] if failure else [])
        if failure is None:
            values.update(document_values(data))
        return values

    # -------------------------------------------------------------- the original

    def _move_original(self, intake: IntakeRow, found: Found) -> None:
        """Step 9: the original leaves the inbox folder once its work is committed."""
        path = Path(intake.path)
        try:
            stat = path.stat()
        except FileNotFoundError:
            return
        if stat.st_size != intake.size or stat.st_mtime_ns != intake.mtime_ns:
            return  # another file now carries that name: it gets its own claim
        try:
            if self.ws.settings.inbox_processed == "delete":
                path.unlink()
            else:
                target = free_name(found.folder / DONE_FOLDER / self.today().strftime("%Y-%m"),
                                    path.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        except OSError as exc:
            self._error(t("inbox.error.move", path=path, reason=os_reason(exc)))
            return
        crash_point("moved")

    # -------------------------------------------------------------- helpers

    def _take_over_in(self, session: Any, intake: IntakeRow) -> bool:
        from store.inbox import take_over

        return take_over(session=session, intake_id=intake.id, holder=intake.claimed_by,
                         worker=self.worker)

    def _take_over(self, intake: IntakeRow) -> bool:
        from store.inbox import take_over

        with self.ws.transaction() as session:
            return take_over(session=session, intake_id=intake.id, holder=intake.claimed_by,
                             worker=self.worker)

    def _found_again(self, intake: IntakeRow) -> Found | None:
        path = Path(intake.path)
        for folder, dossier in self.folders():
            if folder in (path.parent, path.parent.parent):
                hint = HINTS.get(path.parent.name) if path.parent != folder else None
                return Found(path, folder, dossier, hint, intake.size, intake.mtime_ns)
        return None

    def _documents_of(self, intake: IntakeRow) -> list[int]:
        from store.inbox import documents_of_intake

        with self.ws.read() as session:
            return documents_of_intake(session=session, intake_id=intake.id,
                                       first=intake.document_id)

    def _orphans(self) -> list[int]:
        from store.inbox import unfinished_documents

        with self.ws.read() as session:
            return unfinished_documents(session=session, before=_ago(CLAIM_TIMEOUT_S))

    def _documents(self, ids: list[int]) -> list[DocumentRow]:
        from store.inbox import get_documents

        with self.ws.read() as session:
            return get_documents(session=session, document_ids=ids)

    def _document(self, document_id: int) -> DocumentRow | None:
        from store.inbox import get_document

        with self.ws.read() as session:
            return get_document(session=session, document_id=document_id)

    def _dossier_by_id(self, dossier_id: int | None) -> DossierIdentity | None:
        if dossier_id is None:
            return None
        known = self._dossiers.get(dossier_id)
        if known is None:
            from store.models import Dossier

            with self.ws.read() as session:
                known = self._dossiers[dossier_id] = identity(session.get_one(Dossier, dossier_id))
        return known

    def _set_intake(self, intake_id: int, **values: Any) -> None:
        from store.inbox import set_intake

        with self.ws.transaction() as session:
            set_intake(session=session, intake_id=intake_id, **values)

    def _count(self, document: DocumentRow | DocumentState) -> None:
        summary = self.summary
        summary.processed += 1
        if document.status == "duplicate":
            summary.duplicates += 1
        elif document.status == "failed":
            summary.failed += 1
        elif document.dossier_id is None:
            summary.unassigned += 1
        elif document.status == "published":
            summary.published += 1
        else:
            summary.review += 1
        log.info("%s %s %s %s", document.id, document.status, document.dossier_slug or "-",
                 document.original_name)

    def _error(self, message: str) -> None:
        self.summary.errors.append(message)
        log.warning("%s", message)
        self.on_event("error", {"message": message})


def _unfinished(session: Any) -> list[IntakeRow]:
    from store.inbox import unfinished

    return unfinished(session=session)


def _ago(seconds: float) -> datetime:
    from store.inbox import older_than

    return older_than(seconds)
