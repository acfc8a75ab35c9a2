"""The party lists: filtered, sorted, paged reads — fast on 100,000 rows.

Filtering and sorting happen in SQL on stored folded keys (``search_key``,
``sort_key``); pages come by keyset when the previous page is known, by
OFFSET otherwise. Deleted parties (``deleted_at``) never show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select, tuple_
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from store.models import Document, GroupMember, Party, PartyGroup

SORTS = {"code": Party.code, "name": Party.sort_key, "siren": Party.siren, "city": Party.city,
         "source": Party.source}
"""Columns a list can be sorted by."""


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What a list shows: one dossier's customers or suppliers, filtered and sorted."""

    dossier_id: int
    kind: str
    words: tuple[str, ...] = ()
    """Folded words that must all appear in the party's search key."""
    archived: bool = False
    """Include archived parties (they are hidden otherwise)."""
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class PartyListRow:
    """One line of a list."""

    id: int
    code: str
    name: str
    siren: str | None
    siret: str | None
    vat_id: str | None
    city: str | None
    payment_terms_days: int | None
    payment_method: str | None
    account: str | None
    source: str
    archived: bool
    version: int
    groups: tuple[str, ...]
    documents: int


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def where(query: ListQuery, by_id: bool = False) -> ColumnElement[bool]:
    """The WHERE clause of a list query.

    ``by_id``: the dossier and kind are compared through an expression no index
    answers, so that a statement also bounded by an id range (a bulk action
    working a range at a time) reads that range of the table by its primary key
    instead of scanning the whole list's index for each range.
    """
    if by_id:
        conditions = [(Party.dossier_id + 0) == query.dossier_id, (Party.kind + "") == query.kind,
                      Party.deleted_at.is_(None)]
    else:
        conditions = [Party.dossier_id == query.dossier_id, Party.kind == query.kind,
                      Party.deleted_at.is_(None)]
    if not query.archived:
        conditions.append(Party.archived.is_(False))
    return and_(*conditions, *_matching(query))


def _matching(query: ListQuery) -> list[ColumnElement[bool]]:
    """The filter's words: each must appear in the folded search key."""
    return [Party.search_key.like(f"%{_escape(word)}%", escape="\\") for word in query.words]


SMALL_SET = 20_000
"""Below this many ids, a set of a list's parties is cheap for SQLite to build and to
look rows up in, once per statement (:func:`_listed`)."""


def _ids_where_archived(query: ListQuery, archived: bool) -> Any:
    """The ids of the list's live parties archived (or not), from ``ix_party_archived``."""
    return select(Party.id).where(Party.dossier_id == query.dossier_id, Party.kind == query.kind,
                                  Party.archived == archived, Party.deleted_at.is_(None))


def _capped_count(session: Session, query: ListQuery, archived: bool,
                  cap: int | None = SMALL_SET) -> int:
    """How many live parties of the list are archived (or not), counted up to ``cap``."""
    capped = _ids_where_archived(query, archived).limit(cap).subquery()
    return session.execute(select(func.count()).select_from(capped)).scalar_one()


def _listed(session: Session, query: ListQuery) -> ColumnElement[bool]:
    """The WHERE clause of a list read through its covering index alone.

    ``archived`` is in no covering index (archiving a whole list would rewrite
    them, migration 0012): a list hiding archived parties leaves out the ids
    ``ix_party_archived`` gives, as a set SQLite builds once per statement and
    looks each index entry up in, instead of reading every row from the table
    (a page at offset 300,000 of 1,000,000: 1.6 s of CPU that way, 40 ms this
    way). The smaller of the two sets is used: when most of the list is archived,
    the rows kept are the ids it gives as active. Either set gives the same rows;
    which one is only a matter of speed. Other databases compare the column.
    """
    if query.archived or session.get_bind().dialect.name != "sqlite":
        return where(query)
    archived = _capped_count(session, query, True)
    live = _capped_count(session, query, False) if archived >= SMALL_SET else SMALL_SET
    if archived >= SMALL_SET and live >= SMALL_SET:  # both large: the smaller one
        archived, live = _capped_count(session, query, True, None), _capped_count(session, query, False, None)
    kept = (Party.id.in_(_ids_where_archived(query, False)) if live < archived
            else Party.id.not_in(_ids_where_archived(query, True)))
    return and_(where(replace(query, archived=True)), kept)


BLANKS_LAST = ("siren", "city")
"""Sorts on a column that may be empty: the empty ones come last in both directions
(as accountants expect), then by id in the list's direction."""


def _sort_column(query: ListQuery) -> Any:
    column = SORTS[query.sort]
    return column if query.sort in ("code", "name", "source") else func.coalesce(column, "")


def _order(query: ListQuery, column: Any) -> list[Any]:
    """The ORDER BY of a list: (empty last,) sort column, id — in the list's direction."""
    first = [column == ""] if query.sort in BLANKS_LAST else []
    if query.descending:
        return [*first, column.desc(), Party.id.desc()]
    return [*first, column, Party.id]


def _beyond(query: ListQuery, column: Any, after: tuple[Any, int]) -> ColumnElement[bool]:
    """Rows after the keyset ``after`` (the last row read) in the list's order."""
    key = tuple_(column, Party.id)
    beyond = key < after if query.descending else key > after
    if query.sort not in BLANKS_LAST:
        return beyond
    later = Party.id < after[1] if query.descending else Party.id > after[1]
    if after[0] == "":  # among the empty ones, which come last: by id
        return and_(column == "", later)
    return or_(column == "", beyond)


def blank_count(*, session: Session, query: ListQuery) -> int:
    """How many parties of the list (archived included) sort as empty (0 for sorts
    that cannot be empty): they come last whatever the direction."""
    if query.sort not in BLANKS_LAST:
        return 0
    everything = ListQuery(query.dossier_id, query.kind, archived=True, sort=query.sort)
    statement = select(func.count()).select_from(Party).where(where(everything),
                                                              _sort_column(everything) == "")
    return session.execute(statement).scalar_one()


def count(*, session: Session, query: ListQuery) -> int:
    """How many parties match (without a filter, a range of ``ix_party_archived``)."""
    condition = where(query) if not query.words else _listed(session, query)
    return session.execute(select(func.count()).select_from(Party).where(condition)).scalar_one()


def ids(*, session: Session, query: ListQuery) -> list[int]:
    """Every matching party id (for acting on "all that match")."""
    return list(session.execute(select(Party.id).where(_listed(session, query))).scalars())


def page(
    *, session: Session, query: ListQuery, offset: int, limit: int,
    after: tuple[Any, int] | None = None,
) -> tuple[list[PartyListRow], tuple[Any, int] | None]:
    """Rows ``offset…offset+limit`` (or those just after the keyset ``after``), and
    the keyset of the last row returned, to read the next page without OFFSET."""
    column = _sort_column(query)
    statement: Select[Any] = select(column, *ROW_COLUMNS).where(_listed(session, query)).order_by(
        *_order(query, column))
    if after is not None:
        statement = statement.where(_beyond(query, column, after))
    else:
        statement = statement.offset(offset)
    found = session.execute(statement.limit(limit)).all()
    groups, documents = _extras(session, [r[1] for r in found])
    rows = [
        PartyListRow(*r[1:], tuple(sorted(groups.get(r[1], ()))), documents.get(r[1], 0))
        for r in found
    ]
    return rows, ((found[-1][0], found[-1][1]) if found else None)


def search_keys(*, session: Session, dossier_id: int, kind: str, sort: str, chunk: int = 5000
                ) -> Iterator[tuple[tuple[int, ...], list[str], tuple[int, ...]]]:
    """Every party of a list in its ascending order (``sort``, then id), as
    chunks of columns ``(ids, search keys, archived 0/1)`` (deleted parties
    left out), for filtering in memory. Sorted by name, this is read from the
    covering index alone, and the archived ones from ``ix_party_archived``
    (the flag is in no covering index: reading it row by row from the table
    took 7 s of CPU instead of 1 s at 1,000,000 parties); chunks let the
    caller pause between them."""
    from store.bulk import raw_batches

    query = ListQuery(dossier_id, kind, archived=True, sort=sort)
    column = _sort_column(query)
    flags = _ArchivedFlags(session, query)
    # The driver's rows: no per-row SQLAlchemy processing.
    statement = select(Party.id, Party.search_key).where(where(query)).order_by(*_order(query, column))
    for rows in raw_batches(session, statement, chunk):
        ids, keys = zip(*rows, strict=True)
        yield ids, [key or "" for key in keys], flags.of(ids)


def key_statements(dossier_id: int, kind: str, sort: str) -> tuple[Any, Any]:
    """What :func:`search_keys` runs: ``(id, search_key)`` of a list's live parties in
    its ascending order, and the ids of its archived ones (``store.parties.key_dump``
    runs them in a child process)."""
    query = ListQuery(dossier_id, kind, archived=True, sort=sort)
    rows = (select(Party.id, Party.search_key).where(where(query))
            .order_by(*_order(query, _sort_column(query))))
    return rows, _ids_where_archived(query, True)


class _ArchivedFlags:
    """Whether each party of a list is archived, read from ``ix_party_archived``: one
    byte an id between the lowest and the highest archived id (none when none is)."""

    def __init__(self, session: Session, query: ListQuery) -> None:
        from store.bulk import raw_batches

        archived = _ids_where_archived(query, True).subquery()
        low, high = session.execute(select(func.min(archived.c.id), func.max(archived.c.id))).one()
        self.low, self.high = (low, high) if low is not None else (0, -1)
        self.marks = bytearray(self.high - self.low + 1)
        for rows in raw_batches(session, _ids_where_archived(query, True), 50_000):
            for (party_id,) in rows:
                self.marks[party_id - self.low] = 1

    def of(self, ids: tuple[int, ...]) -> bytes:
        """The flags (0 or 1) of these ids, in their order."""
        if self.high < self.low:
            return bytes(len(ids))
        low, high, marks = self.low, self.high, self.marks
        return bytes(marks[i - low] if low <= i <= high else 0 for i in ids)


def rows_by_ids(*, session: Session, party_ids: list[int]) -> list[PartyListRow]:
    """List rows of these parties, in the order given (missing ones left out)."""
    if not party_ids:
        return []
    found = {r[0]: r for r in session.execute(select(*ROW_COLUMNS).where(Party.id.in_(party_ids)))}
    groups, documents = _extras(session, list(found))
    return [PartyListRow(*found[i], tuple(sorted(groups.get(i, ()))), documents.get(i, 0))
            for i in party_ids if i in found]


ROW_COLUMNS = (
    Party.id, Party.code, Party.name, Party.siren, Party.siret, Party.vat_id, Party.city,
    Party.payment_terms_days, Party.payment_method, Party.account, Party.source, Party.archived,
    Party.version,
)
"""The columns of :class:`PartyListRow`, in order (no whole ORM objects: a page is light)."""


def _extras(session: Session, party_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, int]]:
    if not party_ids:
        return {}, {}
    groups: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(GroupMember.party_id, PartyGroup.name)
        .join(PartyGroup, PartyGroup.id == GroupMember.group_id)
        .where(GroupMember.party_id.in_(party_ids))
    )
    for party_id, name in rows:
        groups[party_id].append(name)
    counts = dict(
        session.execute(
            select(Document.party_id, func.count()).where(Document.party_id.in_(party_ids))
            .group_by(Document.party_id)
        ).all()
    )
    return groups, counts


def names_of(*, session: Session, party_ids: list[int]) -> dict[int, str]:
    """Names of these parties, by id."""
    query = select(Party.id, Party.name).where(Party.id.in_(party_ids))
    return {party_id: name for party_id, name in session.execute(query)}


def codes_of(*, session: Session, party_ids: list[int]) -> list[str]:
    """Codes of these parties."""
    codes: list[str] = []
    for start in range(0, len(party_ids), 5000):
        chunk = party_ids[start:start + 5000]
        codes.extend(session.execute(select(Party.code).where(Party.id.in_(chunk))).scalars())
    return codes


def stamp(*, session: Session, dossier_id: int, kind: str) -> tuple[Any, ...]:
    """A fingerprint of a list: it changes when anyone adds, edits or deletes.

    Every change of a party moves its ``updated_at`` (deletes are soft, archive
    and group changes touch the row) and every insert a new ``id``.
    """
    statement = select(func.max(Party.updated_at), func.max(Party.id), func.count()).where(
        Party.dossier_id == dossier_id, Party.kind == kind
    )
    return tuple(session.execute(statement).one())


class ChangeWatch:
    """Tells, in about a millisecond, whether anyone committed since the last look.

    On SQLite, ``PRAGMA data_version`` on a connection of its own changes with
    every commit made by any other connection (other processes included); the
    list then reads its fingerprint (:func:`stamp`) to see whether *it* changed.
    Other backends read the fingerprint every time.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._raw: Any = None
        self._seen: Any = None

    def version(self) -> int:
        """SQLite's ``data_version`` now, on this watch's own connection."""
        if self._raw is None:
            self._raw = self.engine.raw_connection()
        cursor = self._raw.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    def changed(self) -> bool:
        """Whether the database may have changed since the previous call."""
        if self.engine.dialect.name != "sqlite":
            return True
        version = self.version()
        changed, self._seen = version != self._seen, version
        return changed

    def close(self) -> None:
        """Give the connection back."""
        if self._raw is not None:
            self._raw.close()
            self._raw = None


def search_everywhere(
    *, session: Session, dossier_ids: list[int], words: tuple[str, ...], compact: str, limit: int = 50
) -> list[tuple[int, str, str, str, str]]:
    """Parties of these dossiers matching words (name, code, ids, city) or an IBAN.

    Returns (party id, dossier id as str, kind, code, name) tuples.
    """
    if not dossier_ids:
        return []
    conditions: list[ColumnElement[bool]] = [
        Party.search_key.like(f"%{_escape(w)}%", escape="\\") for w in words
    ]
    match = and_(*conditions) if conditions else not_(Party.id.is_(None))
    if compact:
        match = or_(match, Party.iban == compact.upper())
    statement = (
        select(Party.id, Party.dossier_id, Party.kind, Party.code, Party.name)
        .where(Party.dossier_id.in_(dossier_ids), Party.deleted_at.is_(None), match)
        .order_by(Party.sort_key).limit(limit)
    )
    return [(r[0], str(r[1]), r[2], r[3], r[4]) for r in session.execute(statement)]
