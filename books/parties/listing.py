"""Reading the party lists: filter, sort, pages, selection, live-refresh stamp."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from books.errors import InvalidInput
from books.i18n import t
from books.identity import fold
from books.parties.fields import KINDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from books.parties.list_index import ListIndex
    from store.parties.listing import ListQuery, PartyListRow

SORTS = ("code", "name", "siren", "city", "source")


def list_query(
    dossier_id: int, kind: str, filter_text: str = "", archived: bool = False,
    sort: str = "name", descending: bool = False,
) -> ListQuery:
    """A list query from what the user typed (accents and case ignored, words ANDed)."""
    from store.parties.listing import ListQuery

    if kind not in KINDS:
        raise InvalidInput(t("party.bad_kind", kind=kind))
    if sort not in SORTS:
        raise InvalidInput(t("party.bad_sort", sort=sort, choices=", ".join(SORTS)))
    words = tuple(w for w in fold(filter_text).split() if w)
    return ListQuery(dossier_id, kind, words, archived, sort, descending)


@dataclass(frozen=True)
class Selection:
    """Which parties an action applies to.

    Either explicit ids, or "everything matching ``query``" minus ``excluded``
    (so selecting 100,000 rows stores a filter, not 100,000 ids).
    """

    ids: frozenset[int] = frozenset()
    query: ListQuery | None = None
    excluded: frozenset[int] = field(default_factory=frozenset)

    def resolve(self, session: Session) -> list[int]:
        """The selected ids, now."""
        from store.parties.listing import ids

        if self.query is None:
            return sorted(self.ids)
        return [i for i in ids(session=session, query=self.query) if i not in self.excluded]


def count(ws: Workspace, query: ListQuery) -> int:
    """How many parties the query matches."""
    from store.parties.listing import count as count_rows

    with ws.read() as session:
        return count_rows(session=session, query=query)


def read_page(
    ws: Workspace, query: ListQuery, offset: int, limit: int, after: tuple[Any, int] | None = None
) -> tuple[list[PartyListRow], tuple[Any, int] | None]:
    """Rows ``offset…offset+limit`` of a list (or just after the keyset ``after``),
    and the keyset after the last row (to read the next page without OFFSET)."""
    from store.parties.listing import page as page_rows

    with ws.read() as session:
        return page_rows(session=session, query=query, offset=offset, limit=limit, after=after)


def page(
    ws: Workspace, query: ListQuery, offset: int, limit: int, after: tuple[Any, int] | None = None
) -> list[PartyListRow]:
    """Rows ``offset…offset+limit`` of a list."""
    return read_page(ws, query, offset, limit, after)[0]


def matching_ids(ws: Workspace, query: ListQuery) -> list[int]:
    """Every party id the query matches (to turn "all matching" into ids)."""
    from store.parties.listing import ids

    with ws.read() as session:
        return ids(session=session, query=query)


def selection_names(ws: Workspace, selection: Selection, limit: int = 3) -> list[str]:
    """The names of the first parties of a selection (for a confirmation)."""
    from store.parties.listing import names_of

    if selection.query is not None:
        rows = page(ws, selection.query, 0, limit + len(selection.excluded))
        return [r.name for r in rows if r.id not in selection.excluded][:limit]
    first = sorted(selection.ids)[:limit]
    with ws.read() as session:
        names = names_of(session=session, party_ids=first)
    return [names[i] for i in first if i in names]


def codes_of(ws: Workspace, party_ids: list[int]) -> list[str]:
    """The codes of these parties (the CSV export takes codes)."""
    from store.parties.listing import codes_of as store_codes

    with ws.read() as session:
        return sorted(store_codes(session=session, party_ids=party_ids))


class ListSource:
    """What the list widget reads, bound to a workspace (tests pass a fake one).

    Filtered pages come from the list's in-memory index while it is fresh
    (:mod:`books.parties.list_index`), from SQL otherwise; both give the same rows in
    the same order.
    """

    ROWS_KEPT = 4096
    """Rows remembered between filter keystrokes (typing "f", "fo", "fou" shows
    many of the same parties; they are not read again while nothing changed)."""

    def __init__(self, ws: Workspace) -> None:
        from books.parties.list_index import ListIndexes

        self.ws = ws
        self.indexes = ListIndexes(ws)
        self._rows: dict[int, PartyListRow] = {}
        self._rows_version: Any = None
        self._rows_lock = threading.Lock()

    def count(self, query: ListQuery) -> int:
        """How many parties match."""
        index = self.indexes.get(query) if query.words else None
        known = index.count(query) if index is not None else None
        return known if known is not None else count(self.ws, query)

    def read(self, query: ListQuery, offset: int, limit: int,
             after: tuple[Any, int] | None = None) -> tuple[list[PartyListRow], tuple[Any, int] | None]:
        """A page and the keyset after it (None when the page came from the index)."""
        if not query.words:
            page = read_page(self.ws, query, offset, limit, after)
            # Ready for the first filter; started once the page is read, so that
            # reading the whole list does not slow the first rows down.
            self.indexes.prepare(query)
            return page
        index = self.indexes.get(query)
        if index is None:
            return read_page(self.ws, query, offset, limit, after)
        return self._indexed_rows(index, index.page(query, offset, limit)), None

    def read_now(self, query: ListQuery, offset: int, limit: int) -> list[PartyListRow] | None:
        """A filtered page when the list's index is ready (a few ms), else None."""
        index = self.indexes.get(query) if query.words else None
        if index is None:
            return None
        return self._indexed_rows(index, index.page(query, offset, limit))

    def _indexed_rows(self, index: ListIndex, party_ids: list[int]) -> list[PartyListRow]:
        """The rows of these ids: remembered ones while the index is fresh, the others read."""
        from store.parties.listing import rows_by_ids

        with self._rows_lock:
            if self._rows_version != index.version or len(self._rows) > self.ROWS_KEPT:
                self._rows, self._rows_version = {}, index.version
            missing = [i for i in party_ids if i not in self._rows]
            if missing:
                with self.ws.read() as session:
                    self._rows.update((row.id, row) for row in
                                      rows_by_ids(session=session, party_ids=missing))
            return [self._rows[i] for i in party_ids if i in self._rows]

    def ids(self, query: ListQuery) -> list[int]:
        """Every matching id."""
        return matching_ids(self.ws, query)

    def close(self) -> None:
        """Release what the index holds."""
        self.indexes.close()


class ListWatch:
    """Live refresh of one list: cheap to poll every second, even on 100,000 rows."""

    def __init__(self, ws: Workspace, dossier_id: int, kind: str) -> None:
        from store.parties.listing import ChangeWatch

        self.ws, self.dossier_id, self.kind = ws, dossier_id, kind
        self._watch = ChangeWatch(ws.engine)
        self._stamp: tuple[Any, ...] | None = None

    def poll(self) -> bool:
        """True when the list changed since the previous poll (never on the first)."""
        if not self._watch.changed():
            return False
        current = stamp(self.ws, self.dossier_id, self.kind)
        first, moved = self._stamp is None, current != self._stamp
        self._stamp = current
        return moved and not first

    def close(self) -> None:
        """Release the watch's connection."""
        self._watch.close()


def stamp(ws: Workspace, dossier_id: int, kind: str) -> tuple[Any, ...]:
    """Changes whenever anyone changes the list (polled for live refresh)."""
    from store.parties.listing import stamp as list_stamp

    with ws.read() as session:
        return list_stamp(session=session, dossier_id=dossier_id, kind=kind)


def selected_count(ws: Workspace, selection: Selection) -> int:
    """How many parties a selection holds."""
    if selection.query is None:
        return len(selection.ids)
    return count(ws, selection.query) - len(selection.excluded)


def rules_summary(row: PartyListRow) -> str:
    """A short summary of a party's defaults: terms, method, account."""
    parts = []
    if row.payment_terms_days is not None:
        parts.append(t("party.terms_short", days=row.payment_terms_days))
    if row.payment_method:
        parts.append(row.payment_method)
    if row.account:
        parts.append(row.account)
    return " · ".join(parts)
