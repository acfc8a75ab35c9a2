"""The inbox pipeline's rows: claims on files found in inbox folders, and documents.

A file is claimed by inserting its intake row (unique by path, size and
modification time) before any work: two workers that find the same file race
on that insert and only one wins. A claim whose holder stopped is taken over
by an UPDATE that names the holder it replaces, so two workers cannot both
take it over.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from store.document_keys import KEY_COLUMNS, rekey, search_key, touches_key, with_key
from store.models import Document, Dossier, Intake, Party, utcnow

_INTAKE = Intake.__table__
_DOCUMENT = Document.__table__
"""The tables as Core sees them: the pipeline's statements run as plain (executemany)
statements, without the ORM's per-statement work (its statements are cached and
compiled once; the ORM's update evaluated each changed row in the session)."""
CHUNK = 500
"""Values bound in one ``IN (…)`` at most."""

FINAL_STEPS = ("done", "duplicate", "failed", "unassigned")
"""Steps after which only the original's move out of the folder may remain."""


@dataclass(frozen=True, slots=True)
class IntakeRow:
    """One file's claim and progress."""

    id: int
    path: str
    size: int
    mtime_ns: int
    dossier_id: int | None
    direction: str | None
    step: str
    sha256: str | None
    document_id: int | None
    claimed_by: str | None
    claimed_at: datetime | None


def _intake(row: Intake) -> IntakeRow:
    assert row.id is not None
    return IntakeRow(row.id, row.path, row.size, row.mtime_ns, row.dossier_id, row.direction,
                     row.step, row.sha256, row.document_id, row.claimed_by, row.claimed_at)


@dataclass(frozen=True, slots=True)
class FileClaim:
    """A file to claim (:func:`claim_many`)."""

    path: str
    size: int
    mtime_ns: int
    dossier_id: int | None
    direction: str | None


def claim_many(*, session: Session, files: Sequence[FileClaim],
               worker: str) -> list[tuple[IntakeRow, bool]]:
    """Claim files for ``worker``: one look for claims already made, one insert of the new
    ones (a file another worker inserted meanwhile is skipped by the database and read
    back as theirs).

    Returns:
        For each file, in order, its intake row and whether ``worker`` now holds it
        (False: another worker holds it, or its work is finished).
    """
    found = _intakes_at(session, files)
    new = [f for f in files if (f.path, f.size, f.mtime_ns) not in found]
    mine: set[tuple[str, int, int]] = set()
    if new:
        now = utcnow()
        statement = _insert_skipping(session, _INTAKE).returning(
            _INTAKE.c.id, _INTAKE.c.path, _INTAKE.c.size, _INTAKE.c.mtime_ns)
        for row in session.execute(statement, [
                {"path": f.path, "size": f.size, "mtime_ns": f.mtime_ns,
                 "dossier_id": f.dossier_id, "direction": f.direction, "step": "claimed",
                 "claimed_by": worker, "claimed_at": now} for f in new]):
            key = (row.path, row.size, row.mtime_ns)
            mine.add(key)
            found[key] = IntakeRow(row.id, row.path, row.size, row.mtime_ns, None, None, "claimed",
                                   None, None, worker, now)
        if len(mine) < len(new):  # inserted by another worker between the look and the insert
            found.update(_intakes_at(session, [f for f in new if (f.path, f.size, f.mtime_ns)
                                                not in mine]))
    claims = []
    for f in files:
        key = (f.path, f.size, f.mtime_ns)
        row = found[key]
        if key in mine:
            row = IntakeRow(row.id, f.path, f.size, f.mtime_ns, f.dossier_id, f.direction,
                            "claimed", None, None, worker, row.claimed_at)
        claims.append((row, key in mine or row.claimed_by == worker))
    return claims


def _intakes_at(session: Session, files: Sequence[FileClaim]) -> dict[tuple[str, int, int], IntakeRow]:
    paths = sorted({f.path for f in files})
    wanted = {(f.path, f.size, f.mtime_ns) for f in files}
    found = {}
    for start in range(0, len(paths), CHUNK):
        query = select(_INTAKE).where(_INTAKE.c.path.in_(paths[start:start + CHUNK]))
        for row in session.execute(query):
            key = (row.path, row.size, row.mtime_ns)
            if key in wanted:
                found[key] = IntakeRow(row.id, row.path, row.size, row.mtime_ns, row.dossier_id,
                                       row.direction, row.step, row.sha256, row.document_id,
                                       row.claimed_by, row.claimed_at)
    return found


def _insert_skipping(session: Session, table: Any) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` in the session's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing()


def take_over(*, session: Session, intake_id: int, holder: str | None, worker: str) -> bool:
    """Take a claim from ``holder`` (who stopped); False when someone else was faster."""
    result = session.execute(
        update(_INTAKE).where(_INTAKE.c.id == intake_id, _INTAKE.c.claimed_by.is_(holder)
                              if holder is None else _INTAKE.c.claimed_by == holder)
        .values(claimed_by=worker, claimed_at=utcnow()))
    return result.rowcount == 1


def unfinished(*, session: Session, limit: int = 1000) -> list[IntakeRow]:
    """Claims whose work did not end (a worker stopped, or is still working)."""
    query = (select(Intake).where(Intake.step.not_in(FINAL_STEPS)).order_by(Intake.id).limit(limit))
    return [_intake(row) for row in session.execute(query).scalars()]


def get_intake(*, session: Session, intake_id: int) -> IntakeRow:
    """One claim."""
    return _intake(session.get_one(Intake, intake_id))


def set_intake(*, session: Session, intake_id: int, **values: Any) -> None:
    """Record a step's result (and that the holder is alive)."""
    values.setdefault("claimed_at", utcnow())
    if values.get("step") in FINAL_STEPS:
        values.setdefault("finished_at", utcnow())
    session.execute(update(_INTAKE).where(_INTAKE.c.id == intake_id).values(**values))


def stored_many(*, session: Session, stored: Sequence[tuple[int, int, str]]) -> None:
    """Several claims at step ``stored``: (intake id, its first document, the file's hash),
    one statement for all."""
    if stored:
        statement = (update(_INTAKE).where(_INTAKE.c.id == bindparam("intake"))
                     .values(step="stored", claimed_at=utcnow(),
                             document_id=bindparam("document"), sha256=bindparam("sha")))
        session.execute(statement, [{"intake": i, "document": d, "sha": h} for i, d, h in stored])


def finish(*, session: Session, intake_ids: list[int]) -> None:
    """Several claims done at once."""
    now = utcnow()
    for start in range(0, len(intake_ids), CHUNK):
        session.execute(update(_INTAKE).where(_INTAKE.c.id.in_(intake_ids[start:start + CHUNK]))
                        .values(step="done", claimed_at=now, finished_at=now))


# ------------------------------------------------------------------ documents


DOCUMENT_FIELDS = (
    "id", "dossier_id", "direction", "doc_type", "status", "party_id", "party_name_detected",
    "number", "issue_date", "due_date", "currency", "net", "tax", "gross", "payable", "file_hash",
    "stored_path", "original_name", "format", "extracted", "fields", "failure", "submitted_by",
    "imported_at", "published_at", "duplicate_of", "flags", "source", "sender", "subject",
    "intake_id",
)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document as services and screens read it."""

    id: int
    dossier_id: int | None
    direction: str
    doc_type: str
    status: str
    party_id: int | None
    party_name_detected: str | None
    number: str | None
    issue_date: date | None
    due_date: date | None
    currency: str
    net: Decimal | None
    tax: Decimal | None
    gross: Decimal | None
    payable: Decimal | None
    file_hash: str
    stored_path: str
    original_name: str
    format: str
    extracted: dict[str, Any]
    fields: dict[str, Any]
    failure: str | None
    submitted_by: str | None
    imported_at: datetime
    published_at: datetime | None
    duplicate_of: int | None
    flags: list[str]
    source: str | None
    sender: str | None
    subject: str | None
    intake_id: int | None
    party_code: str | None = None
    dossier_slug: str | None = None


def _document(row: Document, party_code: str | None = None,
              slug: str | None = None) -> DocumentRow:
    values = {name: getattr(row, name) for name in DOCUMENT_FIELDS}
    values["flags"] = list(row.flags or [])
    return DocumentRow(**values, party_code=party_code, dossier_slug=slug)


def insert_document(*, session: Session, **values: Any) -> int:
    """Record a document; returns its id."""
    row = Document(**with_key({"extracted": {}, "fields": {}, "flags": [], **values}))
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def insert_documents(*, session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Record several documents (rows with the same keys) in one statement; their ids,
    in the order of ``rows``."""
    if not rows:
        return []
    statement = _DOCUMENT.insert().returning(_DOCUMENT.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, [
        with_key({"extracted": {}, "fields": {}, "flags": [], **row}) for row in rows]).scalars())


def direct_duplicates(*, session: Session, original_ids: Iterable[int]) -> None:
    """Exact duplicates of these documents whose direction is unknown (dropped in the
    dossier's own folder, they are never read) take their original's direction, so they
    wait in the same list as their original, not "à classer"."""
    ids = sorted(set(original_ids))
    copy, first = _DOCUMENT, _DOCUMENT.alias("original")
    original = select(first.c.direction).where(first.c.id == copy.c.duplicate_of)
    for start in range(0, len(ids), CHUNK):
        session.execute(
            update(copy)
            .where(copy.c.duplicate_of.in_(ids[start:start + CHUNK]), copy.c.direction == "unknown",
                   copy.c.status == "duplicate")
            .values(direction=original.scalar_subquery()))
    # An original not read yet has no direction either (the update leaves "unknown"):
    # its duplicates follow when it is read.


def advance_many(*, session: Session, expected: str,
                 changes: Sequence[tuple[int, dict[str, Any]]]) -> set[int]:
    """Move documents on from the state ``expected``, each with its own values; the ids
    moved (another worker may have moved some already).

    The documents still in ``expected`` are read first (locked on PostgreSQL; SQLite's
    write transaction already holds the database), then changed with one statement per
    set of columns, each row still under the condition.
    """
    ids = [document_id for document_id, _values in changes]
    ready: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        query = select(_DOCUMENT.c.id).where(_DOCUMENT.c.id.in_(ids[start:start + CHUNK]),
                                             _DOCUMENT.c.status == expected)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        ready.update(session.execute(query).scalars())
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for document_id, values in changes:
        if document_id in ready:
            groups.setdefault(tuple(sorted(values)), []).append({"_id": document_id, **values})
    for columns, rows in groups.items():
        whole = KEY_COLUMNS.issubset(columns)  # the key from the values, else read again
        if whole:
            rows = [{**row, "search_key": search_key(row)} for row in rows]
        session.execute(update(_DOCUMENT).where(_DOCUMENT.c.id == bindparam("_id"),
                                                _DOCUMENT.c.status == expected), rows)
        if touches_key(columns) and not whole:
            rekey(session=session, document_ids=[row["_id"] for row in rows])
    return ready


def originals_with_hashes(*, session: Session,
                          wanted: Iterable[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """:func:`original_with_hash` for several (dossier, content hash) pairs at once."""
    wanted = set(wanted)
    hashes = sorted({sha for _dossier, sha in wanted})
    found: dict[tuple[int, str], int] = {}
    for start in range(0, len(hashes), CHUNK):
        query = (select(_DOCUMENT.c.dossier_id, _DOCUMENT.c.file_hash, func.min(_DOCUMENT.c.id))
                 .where(_DOCUMENT.c.file_hash.in_(hashes[start:start + CHUNK]),
                        _DOCUMENT.c.status != "duplicate")
                 .group_by(_DOCUMENT.c.dossier_id, _DOCUMENT.c.file_hash))
        for dossier_id, sha, first in session.execute(query):
            if (dossier_id, sha) in wanted:
                found[(dossier_id, sha)] = first
    return found


@dataclass(slots=True)
class NumberedRow:
    """What :func:`same_invoice` compares of a document."""

    id: int
    dossier_id: int | None
    number: str | None
    issue_date: date | None
    gross: Decimal | None
    party_id: int | None
    party_name_detected: str | None
    status: str


def numbered_documents(*, session: Session, dossier_ids: Iterable[int],
                       numbers: Iterable[str]) -> list[NumberedRow]:
    """The documents of these dossiers carrying one of these numbers (any state), to look
    for a batch's same invoices at once (:class:`~books.inbox.records.Twins`)."""
    dossiers, wanted = sorted(set(dossier_ids)), sorted(set(numbers))
    if not dossiers or not wanted:
        return []
    rows = []
    d = _DOCUMENT.c
    for start in range(0, len(wanted), CHUNK):
        query = select(d.id, d.dossier_id, d.number, d.issue_date, d.gross, d.party_id,
                       d.party_name_detected, d.status).where(
            d.dossier_id.in_(dossiers), d.number.in_(wanted[start:start + CHUNK]))
        rows += [NumberedRow(*row) for row in session.execute(query)]
    return rows


def update_document(*, session: Session, document_id: int, **values: Any) -> None:
    """Change a document's columns (and its search key when they make it)."""
    session.execute(update(Document).where(Document.id == document_id).values(**values))
    if touches_key(values):
        rekey(session=session, document_ids=[document_id])


def original_with_hash(*, session: Session, dossier_id: int, sha256: str,
                       other_than: int | None = None) -> int | None:
    """The dossier's document (not a duplicate record) holding this content, if any."""
    query = select(Document.id).where(Document.dossier_id == dossier_id, Document.file_hash == sha256,
                                      Document.status != "duplicate")
    if other_than is not None:
        query = query.where(Document.id != other_than)
    return session.execute(query.order_by(Document.id).limit(1)).scalar()


def same_invoice(*, session: Session, dossier_id: int, document_id: int, number: str,
                 issue_date: date | None, gross: Decimal | None, party_id: int | None,
                 detected: str | None) -> int | None:
    """Another document of the dossier with the same party, number, date and total."""
    query = select(Document.id, Document.gross).where(
        Document.dossier_id == dossier_id, Document.id != document_id, Document.number == number,
        Document.status.not_in(("duplicate", "failed")))
    if issue_date is not None:
        query = query.where(Document.issue_date == issue_date)
    if party_id is not None:
        query = query.where(Document.party_id == party_id)
    elif detected:
        query = query.where(Document.party_name_detected == detected)
    for other, total in session.execute(query.order_by(Document.id)):
        if gross is None or total is None or Decimal(total) == gross:
            return other
    return None


def get_document(*, session: Session, document_id: int, lock: bool = False) -> DocumentRow | None:
    """One document with its party's code and dossier's slug; ``lock``: its row locked
    until the transaction ends (``FOR UPDATE``; SQLite's writing transaction already
    holds the database's write lock)."""
    statement = (select(Document, Party.code, Dossier.slug)
                 .outerjoin(Party, Party.id == Document.party_id)
                 .outerjoin(Dossier, Dossier.id == Document.dossier_id)
                 .where(Document.id == document_id))
    if lock:
        statement = statement.with_for_update(of=Document)
    found = session.execute(statement).first()
    return None if found is None else _document(*found)


def get_documents(*, session: Session, document_ids: list[int]) -> list[DocumentRow]:
    """Several documents (in id order), with their party's code and dossier's slug."""
    if not document_ids:
        return []
    query = (select(Document, Party.code, Dossier.slug)
             .outerjoin(Party, Party.id == Document.party_id)
             .outerjoin(Dossier, Dossier.id == Document.dossier_id)
             .where(Document.id.in_(document_ids)).order_by(Document.id))
    return [_document(*row) for row in session.execute(query)]


@dataclass(frozen=True, slots=True)
class DocumentState:
    """Where a document ended (what a run counts and logs)."""

    id: int
    status: str
    dossier_id: int | None
    dossier_slug: str | None
    original_name: str


def document_states(*, session: Session, document_ids: list[int]) -> list[DocumentState]:
    """:class:`DocumentState` of several documents, in id order (their read values and
    fields left unread)."""
    d = _DOCUMENT.c
    found = []
    for start in range(0, len(document_ids), CHUNK):
        query = (select(d.id, d.status, d.dossier_id, Dossier.slug, d.original_name)
                 .outerjoin(Dossier, Dossier.id == d.dossier_id)
                 .where(d.id.in_(document_ids[start:start + CHUNK])).order_by(d.id))
        found += [DocumentState(*row) for row in session.execute(query)]
    return found


def list_documents(*, session: Session, dossier_id: int | None, states: tuple[str, ...] = (),
                   limit: int | None = None) -> list[DocumentRow]:
    """A dossier's documents (``dossier_id`` None: those waiting to be assigned), newest first."""
    query = (select(Document, Party.code, Dossier.slug)
             .outerjoin(Party, Party.id == Document.party_id)
             .outerjoin(Dossier, Dossier.id == Document.dossier_id))
    query = query.where(Document.dossier_id.is_(None) if dossier_id is None
                        else Document.dossier_id == dossier_id)
    if states:
        query = query.where(Document.status.in_(states))
    query = query.order_by(Document.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [_document(*row) for row in session.execute(query)]


@dataclass(frozen=True, slots=True)
class FoundDocument:
    """A document found by its number or file name (the command palette)."""

    id: int
    dossier_id: int | None
    number: str | None
    original_name: str
    issue_date: date | None
    gross: Decimal | None
    currency: str
    status: str
    party: str | None
    """The party's name, else the name read on the document."""


def find_documents(*, session: Session, dossier_ids: Sequence[int], text: str,
                   limit: int = 20) -> list[FoundDocument]:
    """Documents of these dossiers (and those of no dossier yet) whose number or file name
    holds ``text`` (any case), the most recent first."""
    pattern = "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = (select(Document.id, Document.dossier_id, Document.number, Document.original_name,
                    Document.issue_date, Document.gross, Document.currency, Document.status,
                    func.coalesce(Party.name, Document.party_name_detected))
             .outerjoin(Party, Party.id == Document.party_id)
             .where(or_(Document.dossier_id.in_(list(dossier_ids) or [-1]),
                        Document.dossier_id.is_(None)),
                    or_(func.lower(Document.number).like(pattern, escape="\\"),
                        func.lower(Document.original_name).like(pattern, escape="\\")))
             .order_by(Document.issue_date.desc().nulls_last(), Document.id.desc())
             .limit(limit))
    return [FoundDocument(*row) for row in session.execute(query)]


def documents_of_intake(*, session: Session, intake_id: int, first: int | None) -> list[int]:
    """The documents a file gave (one, or one per invoice of a mail or an archive)."""
    query = select(Document.id).where(Document.intake_id == intake_id).order_by(Document.id)
    found = list(session.execute(query).scalars())
    return found or ([first] if first is not None else [])


def unfinished_documents(*, session: Session, before: datetime) -> list[int]:
    """Documents left half-way (stored or read, not analysed) since before ``before``."""
    query = select(Document.id).where(Document.status.in_(("stored", "read")),
                                      Document.imported_at < before).order_by(Document.id)
    return list(session.execute(query).scalars())


def mark_reviewed(*, session: Session, document_id: int) -> bool:
    """Mark a document still in review as reviewed (False when it is no longer in review:
    someone else marked or published it first)."""
    done = session.execute(update(Document).where(Document.id == document_id,
                                                  Document.status == "review")
                           .values(status="reviewed"))
    return bool(done.rowcount)  # type: ignore[attr-defined]


def delete_document(*, session: Session, document_id: int) -> None:
    """Delete a document row (duplicate records pointing to it keep their own rows)."""
    session.execute(update(Document).where(Document.duplicate_of == document_id)
                    .values(duplicate_of=None))
    session.execute(delete(Document).where(Document.id == document_id))


def next_code(*, session: Session, dossier_id: int, kind: str, prefix: str) -> str:
    """The next free code ``<prefix><number>`` of a list (numbers as wide as the list's)."""
    codes = session.execute(select(Party.code).where(
        Party.dossier_id == dossier_id, Party.kind == kind, Party.code.startswith(prefix))).scalars()
    numbers = [(len(c) - len(prefix), int(c[len(prefix):])) for c in codes
               if c[len(prefix):].isdigit()]
    width = max((w for w, _n in numbers), default=6)
    return f"{prefix}{max((n for _w, n in numbers), default=0) + 1:0{width}d}"


def still_referenced(*, session: Session, stored_path: str) -> int:
    """How many documents point to a stored file."""
    return session.execute(select(func.count()).select_from(Document)
                           .where(Document.stored_path == stored_path)).scalar_one()


def dossiers_by_identity(*, session: Session) -> list[tuple[int, str, str | None, str | None, str]]:
    """Every active dossier's (id, slug, SIREN, VAT number, name), to route the firm's folder."""
    query = select(Dossier.id, Dossier.slug, Dossier.siren, Dossier.vat_id, Dossier.name).where(
        Dossier.archived.is_(False)).order_by(Dossier.id)  # PostgreSQL's own order moves
    return [tuple(row) for row in session.execute(query)]


def inbox_counts(*, session: Session, dossier_id: int) -> dict[str, int]:
    """How many of the dossier's documents are in each state."""
    query = (select(Document.status, func.count()).where(Document.dossier_id == dossier_id)
             .group_by(Document.status))
    return dict(session.execute(query).all())


def stale_claims(*, session: Session, before: datetime) -> list[IntakeRow]:
    """Unfinished claims not touched since ``before``."""
    query = select(Intake).where(Intake.step.not_in(FINAL_STEPS),
                                 or_(Intake.claimed_at.is_(None), Intake.claimed_at < before))
    return [_intake(row) for row in session.execute(query).scalars()]


def older_than(seconds: float) -> datetime:
    """The moment ``seconds`` ago (UTC)."""
    return utcnow() - timedelta(seconds=seconds)
