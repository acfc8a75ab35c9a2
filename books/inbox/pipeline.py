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
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from books.errors import InvalidInput, SaisieError
from books.i18n import os_reason, t
from books.inbox.analysis import DossierIdentity, analyse
from books.inbox.archive import Stored, store_bytes, store_file
from books.inbox.containers import is_container, unpack

if TYPE_CHECKING:
    from books.context import Workspace
    from books.invoices.sandbox import SandboxedReader
    from store.inbox import DocumentRow, IntakeRow

log = logging.getLogger("saisie.inbox")

FIRM_FOLDER = "_cabinet"
"""The firm's shared folder under the inbox root (a platform or scanner drops everything there)."""
DONE_FOLDER = "traités"
HINTS = {"achats": "purchase", "ventes": "sale"}
"""Subfolders that say the direction when the document does not."""
IGNORED_SUFFIXES = (".part", ".crdownload", ".tmp", ".partial", ".download", ".swp", "~")
STABLE_S = 0.5
"""A file is taken once it has not changed for this long (a copy still running is left)."""
CLAIM_TIMEOUT_S = 180.0
"""A claim untouched this long is taken over (the reader's own deadline is 60 s)."""
BATCH = 100
"""Files taken together: each step commits once for all of them."""
MATCH_FRESHNESS_S = 1.0
"""A batch sees changes to the party lists at most this late (its own commits would
otherwise make it look for changes after every document)."""
CRASH_AFTER = "SAISIE_INBOX_CRASH_AFTER"
"""Tests only: the step after which the process dies (``claimed``, ``stored``, ``read``,
``analysed``, ``moved``), to prove that a crash between any two steps loses nothing."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file's work of step 2 done on disk, for the database to record."""

    dossier: DossierIdentity | None
    members: list[tuple[Stored, str]]
    source: str | None = None
    sender: str | None = None
    subject: str | None = None
    failure: str | None = None


@dataclass(frozen=True, slots=True)
class Settled:
    """What steps 4–7 concluded for a document."""

    dossier: DossierIdentity | None
    status: str
    flags: list[str]
    direction: str | None = None
    party_id: int | None = None
    detected: str | None = None
    fields: dict[str, Any] | None = None


class Vanished(InvalidInput):
    """The file was removed from its folder before it was stored."""


@dataclass(frozen=True, slots=True)
class Found:
    """A file waiting in an inbox folder."""

    path: Path
    folder: Path
    """The inbox folder it belongs to (a dossier's, or the firm's)."""
    dossier: DossierIdentity | None
    hint: str | None
    size: int
    mtime_ns: int


@dataclass
class Summary:
    """What a run did (``saisie inbox run --once --json``)."""

    processed: int = 0
    review: int = 0
    published: int = 0
    duplicates: int = 0
    failed: int = 0
    unassigned: int = 0
    ignored: int = 0
    """Attachments of mails and archives that are not invoices."""
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The summary's JSON form."""
        return {"processed": self.processed, "review": self.review, "published": self.published,
                "duplicates": self.duplicates, "failed": self.failed,
                "unassigned": self.unassigned}


Event = Callable[[str, dict[str, Any]], None]


def is_candidate(name: str) -> bool:
    """Whether a file name may be an invoice to take (no hidden, temporary or lock file)."""
    lowered = name.lower()
    return not (name.startswith((".", "~$")) or lowered.endswith(IGNORED_SUFFIXES))


def worker_name() -> str:
    """This process's name on claims: host, process id and a token."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Pipeline:
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

    def reanalyse(self, document_id: int) -> None:
        """Steps 4–8 again for a document put back to ``read`` (moved to another dossier)."""
        document = self._document(document_id)
        if document is not None and document.status == "read":
            self._analyse(document, None)

    # -------------------------------------------------------------- finding files

    def folders(self, slug: str | None = None) -> list[tuple[Path, DossierIdentity | None]]:
        """The watched folders with their dossier: the active dossiers the acting user may
        open (or the one named), and for admins the firm's shared folder (``None``)."""
        from books.dossiers.service import get_dossier, list_dossiers
        from store.models import Dossier

        slugs = [slug] if slug is not None else [e.row.slug for e in list_dossiers(self.ws)]
        pairs: list[tuple[Path, DossierIdentity | None]] = []
        for name in slugs:
            dossier = get_dossier(self.ws, name)  # NotFound names a slug one may not open
            with self.ws.read() as session:
                identity = _identity(session.get_one(Dossier, dossier.id))
            self._dossiers[identity.id] = identity
            pairs.append((Path(dossier.inbox_path), identity))
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
        now = datetime.now().timestamp()
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
                if now - stat.st_mtime < STABLE_S:
                    continue  # still being written
                path = Path(entry.path)
                if not _readable_name(entry.name):
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
        target = _free_name(path.parent, readable)
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
        from store.inbox import FINAL_STEPS, claim, finish

        mine: list[tuple[IntakeRow, Found]] = []
        with self.ws.transaction() as session:
            for found in batch:
                intake, held = claim(
                    session=session, path=str(found.path), size=found.size,
                    mtime_ns=found.mtime_ns, dossier_id=found.dossier.id if found.dossier else None,
                    direction=found.hint, worker=self.worker)
                if held:
                    mine.append((intake, found))
                elif intake.step in FINAL_STEPS:
                    self._move_original(intake, found)
                elif _holder_dead(intake.claimed_by) and self._take_over_in(session, intake):
                    mine.append((intake, found))
        _crash_point("claimed")
        prepared = []
        for intake, found in mine:
            if intake.step != "claimed":
                self._work(intake, found)  # a claim taken over half-way: one by one
                continue
            try:
                prepared.append((intake, found, self._prepare(intake, found)))
            except Vanished as exc:
                self._error(exc.message)
                self._set_intake(intake.id, step="failed", error=exc.message)
            except SaisieError as exc:  # the file stays; its claim is let go
                self._error(exc.message)
                self._set_intake(intake.id, claimed_by=None, error=exc.message)
        if not prepared:
            return
        hints: dict[int, str | None] = {}
        with self.ws.transaction() as session:
            for intake, found, work in prepared:
                for document_id in self._insert_documents(session, intake, work):
                    hints[document_id] = found.hint
        _crash_point("stored")
        self._read_batch(list(hints))
        self._analyse_batch(hints)
        with self.ws.transaction() as session:
            finish(session=session, intake_ids=[intake.id for intake, _found, _work in prepared])
        for document in self._documents(list(hints)):
            self._count(document)
        for intake, found, _work in prepared:
            self._move_original(intake, found)

    def _read_batch(self, ids: list[int]) -> None:
        results = [(d.id, self._read_values(d)) for d in self._documents(ids) if d.status == "stored"]
        with self.ws.transaction() as session:
            for document_id, values in results:
                _advance(session, document_id, "stored", values)
        _crash_point("read")

    def _analyse_batch(self, hints: dict[int, str | None]) -> None:
        ready = [d for d in self._documents(list(hints)) if d.status == "read"]
        settled = [(d, self._analysis(d, hints[d.id])) for d in ready]
        with self.ws.transaction() as session:
            done = [(d, s) for d, s in settled if self._settle_in(session, d, s, audited=False)]
            by_dossier: dict[int | None, list[tuple[str, str, list[str]]]] = {}
            for document, result in done:  # one event per dossier for the batch
                by_dossier.setdefault(result.dossier.id if result.dossier else None, []).append(
                    (document.original_name, result.status, list(result.flags)))
            for dossier_id, documents in by_dossier.items():
                _audit_in(session, self.ws.user.login, dossier_id, documents)
        for document, result in done:
            self.on_event("document", {"document": document.id, "status": result.status})
        _crash_point("analysed")

    def resume(self) -> None:
        """Finish the claims whose worker stopped, and documents left half-way."""
        from store.inbox import stale_claims

        with self.ws.read() as session:
            stale = stale_claims(session=session, before=_ago(CLAIM_TIMEOUT_S))
            stale += [row for row in _unfinished(session) if _holder_dead(row.claimed_by)
                      and row.id not in {s.id for s in stale}]
        for intake in stale:
            if self._take_over(intake):
                self._work(intake, None)
        for document_id in self._orphans():
            self._finish_document(document_id, None)

    def take(self, found: Found) -> None:
        """Claim a file and do its work (nothing when another worker holds or finished it)."""
        from store.inbox import FINAL_STEPS, claim

        try:
            with self.ws.transaction() as session:
                intake, mine = claim(
                    session=session, path=str(found.path), size=found.size,
                    mtime_ns=found.mtime_ns, dossier_id=found.dossier.id if found.dossier else None,
                    direction=found.hint, worker=self.worker)
        except SaisieError as exc:
            self._error(exc.message)
            return
        if not mine:
            if intake.step in FINAL_STEPS:
                self._move_original(intake, found)  # its work was committed; the move was not
            elif _holder_dead(intake.claimed_by) and self._take_over(intake):
                self._work(intake, found)
            return
        _crash_point("claimed")
        self._work(intake, found)

    # -------------------------------------------------------------- the steps

    def _work(self, intake: IntakeRow, found: Found | None) -> None:

        found = found or self._found_again(intake)
        step = intake.step
        try:
            if step == "claimed":
                step = self._store(intake, found)
                _crash_point("stored")
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
        prepared = self._prepare(intake, found)
        with self.ws.transaction() as session:
            ids = self._insert_documents(session, intake, prepared)
        self._stored(ids)
        return "stored"

    def _prepare(self, intake: IntakeRow, found: Found | None) -> Prepared:
        """The file work of step 2 (no database): copies in the archive, a container unpacked.

        Raises:
            Vanished: the file is gone.
            InvalidInput: the archive cannot be written.
        """
        path = Path(intake.path)
        dossier = found.dossier if found else self._dossier_by_id(intake.dossier_id)
        if not path.exists():
            raise Vanished(t("inbox.error.vanished", path=path))
        root = self.ws.settings.archive_root
        if not is_container(path.name):
            return Prepared(dossier, [(store_file(root, path), path.name)])
        try:
            unpacked = unpack(path)
        except InvalidInput as exc:  # a broken container is kept, as a failed document
            return Prepared(dossier, [(store_file(root, path), path.name)], failure=exc.message)
        self.summary.ignored += unpacked.ignored
        if not unpacked.members:  # kept as a failed document: nothing dropped is lost
            return Prepared(dossier, [(store_file(root, path), path.name)],
                            failure=t("inbox.error.empty_container", name=path.name))
        members = [(store_bytes(root, m.data, m.name), m.name) for m in unpacked.members]
        return Prepared(dossier, members, path.name, unpacked.sender, unpacked.subject)

    def _insert_documents(self, session: Any, intake: IntakeRow, prepared: Prepared) -> list[int]:
        """The database part of step 2, in the caller's transaction."""
        from store.inbox import insert_document, original_with_hash, set_intake

        dossier, ids = prepared.dossier, []
        for stored, name in prepared.members:
            original = (original_with_hash(session=session, dossier_id=dossier.id,
                                           sha256=stored.sha256) if dossier else None)
            failure = prepared.failure
            ids.append(insert_document(
                session=session, dossier_id=dossier.id if dossier else None,
                direction=intake.direction or "unknown", file_hash=stored.sha256,
                stored_path=stored.relative, original_name=name[:255],
                format=Path(name).suffix.lower().lstrip(".")[:10] or "bin",
                source=prepared.source, sender=prepared.sender, subject=prepared.subject,
                submitted_by=self.ws.user.login,
                status="duplicate" if original else ("failed" if failure else "stored"),
                duplicate_of=original, failure=failure, intake_id=intake.id,
                flags=["failed"] if failure and not original else []))
        set_intake(session=session, intake_id=intake.id, step="stored", document_id=ids[0],
                   sha256=prepared.members[0][0].sha256)
        return ids

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
            _crash_point("read")
            document = self._document(document_id)
        if document is not None and document.status == "read":
            self._analyse(document, found.hint if found else None)
            _crash_point("analysed")
            document = self._document(document_id)
        if document is not None:
            self._count(document)

    def _read(self, document: DocumentRow) -> None:
        values = self._read_values(document)
        with self.ws.transaction() as session:
            _advance(session, document.id, "stored", values)

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
            values.update(_document_values(data))
        return values

    def _analyse(self, document: DocumentRow, hint: str | None) -> None:
        """Steps 4–8: direction, party, fields, checks; routing for the firm's folder."""
        settled = self._analysis(document, hint)
        with self.ws.transaction() as session:
            done = self._settle_in(session, document, settled)
        if done:
            self.on_event("document", {"document": document.id, "status": settled.status})

    def _analysis(self, document: DocumentRow, hint: str | None) -> Settled:
        """What steps 4–7 conclude for a read document (reads only)."""
        from books.inbox.routing import route

        dossier = self._dossier_by_id(document.dossier_id)
        if dossier is None:
            dossier = route(self.ws, document.extracted)
            if dossier is None:
                return Settled(None, "review", ["unassigned"])
        manual = {k: v for k, v in (document.fields or {}).items() if v.get("source") == "manual"}
        if hint is None and document.direction in ("purchase", "sale"):
            hint = document.direction
        found = analyse(document.extracted, dossier, hint, self.today(), _now())
        if "direction" in manual:  # a person said which: it wins over what was read
            found.direction = manual["direction"]["value"]
            found.flags = [f for f in found.flags if f != "direction_unknown"]
            side = "seller" if found.direction == "purchase" else "buyer"
            found.counterpart = dict((document.extracted or {}).get(side) or {})
        party_id, detected, match_field = self._match(dossier, found.direction, found.counterpart)
        if match_field is not None:
            found.fields["party"] = match_field
        found.fields.update(manual)  # a person's edits survive everything re-worked
        if party_id is None and found.direction != "unknown":
            found.flags.insert(0, "party_unknown")
        return Settled(dossier, "review", found.flags, found.direction, party_id, detected,
                       found.fields)

    def _match(self, dossier: DossierIdentity, direction: str,
               side: dict[str, Any]) -> tuple[int | None, str | None, dict[str, Any] | None]:
        from books.matching.matcher import Query, match
        from books.matching.service import list_index

        name = side.get("name") or None
        if direction == "unknown" or not (name or side.get("vat_id") or side.get("legal_id")):
            return None, name, None
        legal = "".join(ch for ch in side.get("legal_id") or "" if ch.isdigit())
        query = Query(name=name or "", siren=legal[:9] if len(legal) == 9 else None,
                      siret=legal if len(legal) == 14 else None, vat=side.get("vat_id"))
        kind = "supplier" if direction == "purchase" else "customer"
        result = match(list_index(self.ws, dossier.id, kind, max_age_s=MATCH_FRESHNESS_S), query)
        best = result.party
        provenance = {
            "value": best.code if best else None, "source": "match", "rule": result.decision,
            "reason": result.reason, "by": None, "at": _now().isoformat(),
            "candidates": [{"code": c.code, "name": c.name, "score": round(c.score, 3)}
                           for c in result.candidates[:3]],
        }
        party_id = best.party_id if best and result.decision == "auto" else None
        return party_id, name, provenance

    def _settle_in(self, session: Any, document: DocumentRow, settled: Settled,
                   audited: bool = True) -> bool:
        """Step 8 in the caller's transaction: the checks that need the dossier's other
        documents, then the document waits in review. False if another worker did it."""
        from store.inbox import original_with_hash, same_invoice

        dossier, status, fields = settled.dossier, settled.status, settled.fields
        values: dict[str, Any] = {"flags": list(settled.flags), "party_id": settled.party_id,
                                  "party_name_detected": (settled.detected or "")[:200] or None}
        if dossier is not None:
            values["dossier_id"] = dossier.id
            original = None if document.dossier_id is not None else original_with_hash(
                session=session, dossier_id=dossier.id, sha256=document.file_hash,
                other_than=document.id)  # checked when stored, unless routed just now
            if original is not None:  # the firm's folder brought content the dossier has
                status, values["duplicate_of"] = "duplicate", original
            elif document.number:
                twin = same_invoice(
                    session=session, dossier_id=dossier.id, document_id=document.id,
                    number=document.number, issue_date=document.issue_date,
                    gross=document.gross, party_id=settled.party_id,
                    detected=values["party_name_detected"])
                if twin is not None:
                    values["flags"].append("possible_duplicate")
                    fields = {**(fields or {}), "possible_duplicate_of": {
                        "value": twin, "source": "check", "rule": None, "by": None,
                        "at": _now().isoformat()}}
        if settled.direction is not None:
            values["direction"] = settled.direction
        if fields is not None:
            values["fields"] = fields
        values["status"] = status
        if not _advance(session, document.id, "read", values):
            return False
        if audited:
            _audit_in(session, self.ws.user.login, dossier.id if dossier else None,
                      [(document.original_name, status, values["flags"])])
        return True

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
                target = _free_name(found.folder / DONE_FOLDER / self.today().strftime("%Y-%m"),
                                    path.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        except OSError as exc:
            self._error(t("inbox.error.move", path=path, reason=os_reason(exc)))
            return
        _crash_point("moved")

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
                known = self._dossiers[dossier_id] = _identity(session.get_one(Dossier, dossier_id))
        return known

    def _set_intake(self, intake_id: int, **values: Any) -> None:
        from store.inbox import set_intake

        with self.ws.transaction() as session:
            set_intake(session=session, intake_id=intake_id, **values)

    def _count(self, document: DocumentRow) -> None:
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


def _audit_in(session: Any, actor: str, dossier_id: int | None,
              documents: list[tuple[str, str, list[str]]]) -> None:
    """One audit event for the documents a pass took into a dossier (names, states, flags)."""
    from store import audit

    name = documents[0][0][:60] if len(documents) == 1 else f"{len(documents)}"
    audit.add_event(session=session, actor=actor, dossier_id=dossier_id, entity="document",
                    entity_id=name, action="inbox_in",
                    after={"documents": [{"file": f, "status": s, "flags": fl}
                                         for f, s, fl in documents]})


def _advance(session: Any, document_id: int, expected: str, values: dict[str, Any]) -> bool:
    """Move a document on from ``expected`` (False: another worker already did)."""
    from sqlalchemy import update

    from store.models import Document

    result = session.execute(update(Document).where(Document.id == document_id,
                                                    Document.status == expected).values(**values))
    return result.rowcount == 1


def _document_values(data: dict[str, Any]) -> dict[str, Any]:
    """The document's columns from what was read."""
    from books.inbox.analysis import _amount, _date

    totals = data.get("totals") or {}
    return {
        "doc_type": "credit_note" if data.get("document_type") == "credit_note" else "invoice",
        "number": (data.get("number") or "")[:60] or None,
        "issue_date": _date(data.get("issue_date")), "due_date": _date(data.get("due_date")),
        "currency": (data.get("currency") or "EUR")[:3],
        "net": _amount(totals.get("net")), "tax": _amount(totals.get("tax")),
        "gross": _amount(totals.get("gross")), "payable": _amount(totals.get("payable")),
        "format": (data.get("format") or "pdf")[:10],
    }


def _identity(dossier: Any) -> DossierIdentity:
    return DossierIdentity(id=dossier.id, slug=dossier.slug, name=dossier.name,
                           siren=dossier.siren, vat_id=dossier.vat_id,
                           base_currency=dossier.base_currency,
                           default_due_days=dossier.default_due_days,
                           default_payment_method=dossier.default_payment_method)


def _unfinished(session: Any) -> list[IntakeRow]:
    from store.inbox import unfinished

    return unfinished(session=session)


def _holder_dead(holder: str | None) -> bool:
    """Whether a claim's worker ran on this machine and is gone."""
    if not holder:
        return True
    host, _sep, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _readable_name(name: str) -> bool:
    """Whether a file name is valid text (no bytes undecodable in the system's encoding)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)``… when taken."""
    target = folder / name
    stem, suffix, number = Path(name).stem, Path(name).suffix, 2
    while target.exists():
        target = folder / f"{stem} ({number}){suffix}"
        number += 1
    return target


def _crash_point(step: str) -> None:
    if os.environ.get(CRASH_AFTER) == step:
        os._exit(99)


def _now() -> datetime:
    from store.models import utcnow

    return utcnow()


def _ago(seconds: float) -> datetime:
    from store.inbox import older_than

    return older_than(seconds)
