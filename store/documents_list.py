"""The inbox lists: a dossier's purchases or sales, or the firm's "à classer".

Same shape as the party lists (:mod:`store.parties.listing`): filtering by
state and flag and sorting happen in SQL, pages come by keyset when the
previous page is known and by OFFSET otherwise. Text filters are answered in
memory from :func:`search_rows`, the documents' stored keys (see
:mod:`books.inbox.listing` and :mod:`store.document_keys`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    String,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, aliased

from store.document_keys import has_note
from store.models import AuditEvent, Document, Party

KINDS = ("purchase", "sale", "unfiled")
"""A dossier's Achats, its Ventes, or the documents no dossier or direction was found for."""
STATES = ("open", "review", "reviewed", "failed", "duplicate", "working", "published", "all")
"""State filters: ``open`` is everything not published; ``working`` the pipeline's steps."""
WORKING = ("stored", "read")
SORTS = ("date", "party", "number", "net", "tax", "gross", "state", "flags")
"""Columns a list can be sorted by."""
AMOUNT_SORTS = ("net", "tax", "gross")
_EARLIEST = date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class DocQuery:
    """What an inbox list shows (its flag and text words are matched in memory)."""

    dossier_id: int | None
    kind: str
    """``purchase``, ``sale`` or ``unfiled``."""
    words: tuple[str, ...] = ()
    """Folded words that must all appear in the document's search key."""
    archived: bool = False
    """Unused (documents are not archived); kept so the list widget reads it alike."""
    sort: str = "date"
    descending: bool = True
    state: str = "open"
    flag: str | None = None
    dossiers: tuple[int, ...] = ()
    """For ``unfiled``: the dossiers whose documents of unknown direction are listed."""

    def filter_key(self) -> tuple[Any, ...]:
        """What decides which rows match (the sort aside)."""
        return (self.dossier_id, self.kind, self.dossiers, self.words, self.state, self.flag)

    def order_key(self) -> tuple[Any, ...]:
        """What decides the order of the rows, the text words aside."""
        return (self.dossier_id, self.kind, self.dossiers, self.state, self.flag, self.sort,
                self.descending)


@dataclass(frozen=True, slots=True)
class DocListRow:
    """One line of an inbox list."""

    id: int
    issue_date: date | None
    party_id: int | None
    party_name: str | None
    detected_name: str | None
    number: str | None
    net: Decimal | None
    tax: Decimal | None
    gross: Decimal | None
    currency: str
    status: str
    flags: tuple[str, ...]
    direction: str
    doc_type: str
    dossier_id: int | None
    original_name: str

    archived: bool = False
    """Never set: the party list's drawing reads it."""


Original = aliased(Document, name="original")
"""The document an exact duplicate repeats (``duplicate_of``)."""

ROW_COLUMNS = (
    Document.id, Document.issue_date, Document.party_id, Party.name, Document.party_name_detected,
    # An exact duplicate is never read: it shows the number of the document it repeats.
    func.coalesce(Document.number, Original.number).label("number"),
    Document.net, Document.tax, Document.gross, Document.currency,
    Document.status, Document.flags, Document.direction, Document.doc_type, Document.dossier_id,
    Document.original_name, Document.fields,
)
"""A list row's columns; read from a statement joined by :func:`_with_original`."""


def _with_original(statement: Any) -> Any:
    """``statement`` (over documents and their parties) joined to duplicates' originals."""
    return statement.outerjoin(Original, Original.id == Document.duplicate_of)


def _row(values: Any) -> DocListRow:
    values = list(values)
    fields = values.pop()
    flags = tuple(values[11] or ())
    values[11] = (*flags, "reminder_note") if has_note(fields) else flags
    return DocListRow(*values)


def where(query: DocQuery) -> ColumnElement[bool]:
    """The WHERE clause of a list (its text words aside: they are matched in memory)."""
    if query.kind == "unfiled" and query.dossier_id is not None:
        # One dossier's documents whose direction could not be found (read from a file
        # dropped in its folder's root, or unreadable): the dossier screen's "À classer".
        conditions: list[ColumnElement[bool]] = [
            Document.dossier_id == query.dossier_id,
            Document.direction != "purchase", Document.direction != "sale"]
    elif query.kind == "unfiled":
        unknown = and_(Document.direction != "purchase", Document.direction != "sale")
        # Equalities, not IN: the filter index reads this statement through the driver
        # (store.bulk.raw_batches), which takes no expanding parameters.
        dossiers = or_(*(Document.dossier_id == i for i in query.dossiers or (-1,)))
        conditions = [or_(Document.dossier_id.is_(None), and_(dossiers, unknown))]
    else:
        conditions = [Document.dossier_id == query.dossier_id, Document.direction == query.kind]
    if query.state == "open":
        conditions.append(Document.status != "published")
    elif query.state == "working":
        conditions.append(or_(*(Document.status == state for state in WORKING)))
    elif query.state != "all":
        conditions.append(Document.status == query.state)
    return and_(*conditions)


def _sort_column(query: DocQuery, dialect: str = "sqlite") -> Any:
    sort = query.sort
    if sort == "date":  # a literal, not a parameter: the index on this expression answers it
        return func.coalesce(Document.issue_date, literal_column(f"'{_EARLIEST.isoformat()}'"))
    if sort == "party":
        return func.coalesce(Party.sort_key, func.lower(Document.party_name_detected), "")
    if sort == "number":
        return func.coalesce(Document.number, "")
    if sort in ("net", "tax", "gross"):
        amount = getattr(Document, sort)
        if dialect == "sqlite":  # stored as exact decimal text: ordered by its value
            return func.coalesce(cast(amount, Float), 0)
        return func.coalesce(amount, Decimal(0))
    if sort == "state":
        return Document.status
    return cast(Document.flags, String)


def _order(query: DocQuery, column: Any) -> list[Any]:
    if query.descending:
        return [column.desc(), Document.id.desc()]
    return [column, Document.id]


def _select(query: DocQuery, *columns: Any) -> Any:
    return (select(*columns).select_from(Document)
            .outerjoin(Party, Party.id == Document.party_id).where(where(query)))


def count(*, session: Session, query: DocQuery) -> int:
    """How many documents match (text words aside)."""
    statement = select(func.count()).select_from(Document).where(where(query))
    return session.execute(statement).scalar_one()


def ids(*, session: Session, query: DocQuery) -> list[int]:
    """Every matching document id (text words aside)."""
    return list(session.execute(select(Document.id).where(where(query))).scalars())


def page(*, session: Session, query: DocQuery, offset: int, limit: int,
         after: tuple[Any, int] | None = None) -> tuple[list[DocListRow], tuple[Any, int] | None]:
    """Rows ``offset…offset+limit`` (or those after the keyset ``after``) and the keyset
    of the last row returned."""
    column = _sort_column(query, session.get_bind().dialect.name)
    statement = _with_original(_select(query, column.label("k"), *ROW_COLUMNS)).order_by(*_order(query, column))
    if after is not None and query.sort not in AMOUNT_SORTS:
        key = tuple_(column, Document.id)
        statement = statement.where(key < after if query.descending else key > after)
    else:
        statement = statement.offset(offset)
    found = session.execute(statement.limit(limit)).all()
    rows = [_row(r[1:]) for r in found]
    if not found or query.sort in AMOUNT_SORTS:  # no keyset on a computed value: OFFSET
        return rows, None
    return rows, (found[-1][0], found[-1][1])


def rows_by_ids(*, session: Session, document_ids: list[int]) -> list[DocListRow]:
    """List rows of these documents, in the order given (missing ones left out)."""
    if not document_ids:
        return []
    statement = _with_original(select(*ROW_COLUMNS).select_from(Document)
                               .outerjoin(Party, Party.id == Document.party_id)
                               ).where(Document.id.in_(document_ids))
    found = {r[0]: _row(r) for r in session.execute(statement)}  # r[0]: the id
    return [found[i] for i in document_ids if i in found]


def search_rows(*, session: Session, query: DocQuery, chunk: int = 5000
                ) -> Iterator[tuple[tuple[int, ...], list[str]]]:
    """Every document of a list (its state filter applied) in its ascending order, as
    chunks of ``(ids, search keys)``: the party's folded name (its ``sort_key``) then the
    document's stored key. In date order this reads the list's index alone."""
    from store.bulk import raw_batches

    everything = DocQuery(query.dossier_id, query.kind, sort=query.sort, descending=False,
                          state=query.state, dossiers=query.dossiers)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and query.sort in SORTED_HERE:
        yield from _sorted_here(session, everything, chunk)
        return
    column = _sort_column(everything, dialect)
    key = func.coalesce(Party.sort_key, "") + " " + Document.search_key
    statement = _select(everything, Document.id, key).order_by(*_order(everything, column))
    for rows in raw_batches(session, statement, chunk):
        ids, keys = zip(*rows, strict=True)
        yield ids, list(keys)


SORTED_HERE = ("party", "number", "net", "tax", "gross", "state", "flags")
"""Sorts no index answers: on SQLite their list is read in the table's order and sorted
here (SQL visited each row's page in the list's order to sort it: 180-320 ms of CPU
at 50,000 documents, against ~100 here). The order is SQLite's: text compared by code
point as its BINARY collation does, amounts as numbers, ``lower()`` on ASCII only."""
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _sorted_here(session: Session, query: DocQuery, chunk: int
                 ) -> Iterator[tuple[tuple[int, ...], list[str]]]:
    """:func:`search_rows` of a list sorted by a column no index holds (SQLite)."""
    from store.bulk import raw_batches

    value = {"party": Document.party_name_detected, "number": Document.number,
             "net": Document.net, "tax": Document.tax, "gross": Document.gross,
             "state": Document.status, "flags": cast(Document.flags, String)}[query.sort]
    statement = (select(Document.id, Document.party_id, Document.search_key, value)
                 .where(where(query)).order_by(Document.id))
    found = [row for rows in raw_batches(session, statement, chunk) for row in rows]
    parties = _party_sort_keys(session, {row[1] for row in found if row[1] is not None})
    sort = query.sort
    if sort == "party":
        def key(row: Any) -> Any:
            party = row[1]
            return (parties[party] if party is not None else (row[3] or "").translate(_ASCII_LOWER),
                    row[0])
    elif sort in AMOUNT_SORTS:
        def key(row: Any) -> Any:
            return (float(row[3]) if row[3] is not None else 0, row[0])
    else:
        def key(row: Any) -> Any:
            return (row[3] or "", row[0])
    found.sort(key=key)
    for start in range(0, len(found), chunk):
        rows = found[start:start + chunk]
        yield (tuple(row[0] for row in rows),
               [f"{parties.get(row[1], '')} {row[2]}" for row in rows])


def _party_sort_keys(session: Session, party_ids: set[int]) -> dict[int, str]:
    """Party id → sort key (the folded name), for these parties."""
    ordered, out = sorted(party_ids), {}
    for start in range(0, len(ordered), 5000):
        out.update(session.execute(select(Party.id, Party.sort_key).where(
            Party.id.in_(ordered[start:start + 5000]))).all())
    return out


def stamp(*, session: Session, query: DocQuery) -> tuple[Any, ...]:
    """A fingerprint of the documents: it moves when one is added, changed or deleted
    (every change through a service writes an audit event)."""
    documents = session.execute(select(func.count(), func.max(Document.id)).select_from(Document)).one()
    audit = session.execute(select(func.max(AuditEvent.id))).scalar()
    return (*documents, audit)


def waiting_counts(*, session: Session,
                   dossier_ids: list[int]) -> dict[tuple[int | None, str], tuple[int, int, int]]:
    """Documents waiting (not published) per (dossier, direction): how many, how many
    carry a flag (a person must look), and how many are reviewed (checked, waiting for
    a person who may publish them; never counted as flagged). Dossier None: the firm's
    unassigned ones; direction ``unfiled`` when it is unknown."""
    reviewed = Document.status == "reviewed"
    flagged = func.sum(case((and_(cast(Document.flags, String) != "[]", ~reviewed), 1), else_=0))
    checked = func.sum(case((reviewed, 1), else_=0))
    statement = (select(Document.dossier_id, Document.direction, func.count(), flagged, checked)
                 .where(or_(Document.dossier_id.in_(dossier_ids or (-1,)), Document.dossier_id.is_(None)),
                        Document.status != "published")
                 .group_by(Document.dossier_id, Document.direction))
    out: dict[tuple[int | None, str], tuple[int, int, int]] = {}
    for dossier_id, direction, number, with_flags, done in session.execute(statement):
        key = (dossier_id, direction if direction in ("purchase", "sale") else "unfiled")
        waiting, flags, marked = out.get(key, (0, 0, 0))
        out[key] = (waiting + number, flags + int(with_flags or 0), marked + int(done or 0))
    return out


def batch_progress(*, session: Session, query: DocQuery,
                   after_id: int | None) -> tuple[int, int, int | None]:
    """(documents of the list the pipeline is still reading, documents of the list that
    arrived after ``after_id`` — None: since the first of those being read —, and when
    none is being read the list's last id). The pipeline claims files a hundred at a
    time: the second counts a drop of 240 files as it is taken in, not only the batch."""
    working = DocQuery(query.dossier_id, query.kind, state="working", dossiers=query.dossiers)
    every = DocQuery(query.dossier_id, query.kind, state="all", dossiers=query.dossiers)
    number, first = session.execute(select(func.count(), func.min(Document.id))
                                    .select_from(Document).where(where(working))).one()
    if not number:
        last = session.execute(select(func.max(Document.id)).where(where(every))).scalar()
        return 0, 0, last
    since = after_id if after_id is not None else int(first) - 1
    taken = session.execute(select(func.count()).select_from(Document).where(
        where(every), Document.id > since)).scalar_one()
    return int(number), max(int(taken), int(number)), None


class DataVersion:
    """SQLite's ``PRAGMA data_version`` on a connection of its own (None elsewhere):
    it moves with every commit of any other connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._raw: Any = None

    def version(self) -> int | None:
        """The version now (None off SQLite: the caller reads the stamp instead)."""
        if self.engine.dialect.name != "sqlite":
            return None
        if self._raw is None:
            self._raw = self.engine.raw_connection()
        cursor = self._raw.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    def close(self) -> None:
        """Give the connection back."""
        if self._raw is not None:
            self._raw.close()
            self._raw = None
