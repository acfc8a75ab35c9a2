"""Reading the inbox lists: queries from what is typed, pages, the in-memory filter index,
the live-refresh watch and the counts the dossier screens show.

Text filters (party, number, amount) are matched in memory like the party
lists' (:mod:`books.parties.list_index`): the list's documents are read once,
in its order, as one search key each (the party's folded name, then the
document's stored key: a token per flag, number, amounts, the name read while
no party is linked; :mod:`store.document_keys`), and ``bytes.find`` jumps from
match to match. The index is used only while nothing was committed since it
was read.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from books.errors import InvalidInput
from books.i18n import t

if TYPE_CHECKING:
    from books.context import Workspace
    from books.parties.list_index import ListIndex
    from store.documents_list import DocListRow, DocQuery

FLAGS = ("party_unknown", "possible_duplicate", "totals", "not_addressed", "direction_unknown",
         "unassigned", "failed", "reminder_note", "credit_note_as_invoice", "date_future",
         "date_old", "foreign_currency")
"""Flags the list knows a short marker for (others show their first letters)."""
MARKS = {"party_unknown": "T?", "possible_duplicate": "2×", "totals": "Σ≠", "not_addressed": "@≠",
         "direction_unknown": "⇄?", "unassigned": "∅", "failed": "✗", "reminder_note": "✎",
         "credit_note_as_invoice": "−", "date_future": "⏭", "date_old": "⏮",
         "foreign_currency": "¤"}
"""Short markers of the flags column (the legend, ``?``, names each)."""
ROWS_KEPT = 4096
"""Rows remembered between filter keystrokes while nothing changes (as the party lists')."""
PREPARE_DELAY = 0.1
"""Seconds between a list's first page and reading its filter index in the background."""
_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


def flag_mark(flag: str) -> str:
    """The short marker of one flag."""
    return MARKS.get(flag, flag[:2])


def filter_words(text: str) -> tuple[str, ...]:
    """Folded words of a filter (folded as the stored keys are); amounts as stored: "1 250"
    and "1 250,00" find 1250.00."""
    from store.document_keys import fold_text

    text = _DECIMAL_COMMA.sub(".", _THOUSANDS.sub("", text))
    return tuple(w for w in fold_text(text).split() if w)


def doc_query(dossier_id: int | None, kind: str, text: str = "", sort: str = "date",
              descending: bool = True, state: str = "open", flag: str | None = None,
              dossiers: tuple[int, ...] = ()) -> DocQuery:
    """A list query from what the user chose and typed."""
    from store.documents_list import KINDS, SORTS, STATES, DocQuery

    if kind not in KINDS or sort not in SORTS or state not in STATES:
        raise InvalidInput(t("inlist.bad_query", kind=kind, sort=sort, state=state))
    return DocQuery(dossier_id, kind, filter_words(text), False, sort, descending, state, flag,
                    dossiers)


def tokens(query: DocQuery) -> tuple[str, ...]:
    """The words the in-memory index matches for a query's flag."""
    return (f"|f:{query.flag}|",) if query.flag else ()


def count_lines(lines: list[bytes], words: tuple[str, ...]) -> int:
    """How many keys hold every word (counting the index's matches one by one, as the
    party lists do, held the interpreter for 0.2 s at 50,000 matches while the next
    key waited; a test of each key is a few milliseconds)."""
    encoded = [w.encode() for w in words]
    if len(encoded) == 1:
        word = encoded[0]
        return sum(word in line for line in lines)
    return sum(all(w in line for w in encoded) for line in lines)


class DocIndexes:
    """The filter index of the list a screen shows (one at a time), fresh or rebuilt."""

    def __init__(self, ws: Workspace) -> None:
        from store.documents_list import DataVersion

        self.ws = ws
        self._index: ListIndex | None = None
        self._preparing: tuple[Any, ...] | None = None
        self._lines: tuple[ListIndex | None, list[bytes]] = (None, [])
        self._lock = threading.Lock()
        """Held while an index is built or split (one build at a time)."""
        self._data_lock = threading.Lock()
        self._data = DataVersion(ws.engine)
        self._closed = False
        """Set by :meth:`close`: a build waiting to start gives up (its list is gone)."""

    def _key(self, query: DocQuery) -> tuple[Any, ...]:
        return (query.dossier_id, query.kind, query.dossiers, query.sort, query.state)

    def version(self, query: DocQuery) -> Any:
        """What moves whenever anyone commits (the data version, or the list's stamp)."""
        from store.documents_list import stamp

        with self._data_lock:  # one connection, asked from the screen and the readers
            known = self._data.version()
        if known is not None:
            return known
        with self.ws.read() as session:
            return stamp(session=session, query=query)

    def get(self, query: DocQuery) -> ListIndex:
        """The fresh index of ``query``'s list, read now when missing or stale (called
        from the list's reading threads)."""
        with self._lock:
            version = self.version(query)
            index = self._index
            if index is None or index.key != self._key(query) or index.version != version:
                index = self._index = self._build(query, version)
            return index

    def lines(self, query: DocQuery) -> list[bytes]:
        """The keys of ``query``'s fresh index, one bytes string each (split once)."""
        index = self.get(query)
        with self._lock:
            if self._lines[0] is not index:
                self._lines = (index, bytes(index.text).split(b"\n"))
            return self._lines[1]

    def ready(self, query: DocQuery) -> ListIndex | None:
        """The index of ``query``'s list when it is built and fresh, without waiting for
        a build or a count under way (None then: the caller reads in a worker)."""
        index = self._index
        if index is None or index.key != self._key(query) or index.version != self.version(query):
            return None
        return index

    def prepare(self, query: DocQuery) -> None:
        """Have the index of ``query``'s list built in the background (the list's first
        page is on screen; the first filter key then finds it ready)."""
        key = self._key(query)
        index = self._index
        stale = (index is not None and self.ws.engine.dialect.name == "sqlite"
                 and index.version != self.version(query))  # cheap to know on SQLite only
        if (index is None or index.key != key or stale) and self._preparing != key:
            self._preparing = key
            threading.Thread(target=self._prepare, args=(query,), name="inbox-index",
                             daemon=True).start()

    def _prepare(self, query: DocQuery) -> None:
        time.sleep(PREPARE_DELAY)  # the first rows are drawn first
        try:
            if self._closed:  # the list closed meanwhile: nothing to read for
                return
            self.get(query)
        except Exception:  # noqa: BLE001 - the filter builds it again, and says why if it fails
            return
        finally:
            self._preparing = None

    def _build(self, query: DocQuery, version: Any) -> ListIndex:
        from books.parties.list_index import ListIndex, Rows
        from store.documents_list import search_rows

        rows = Rows()
        with self.ws.read() as session:  # keys stored folded: nothing computed per row
            for ids, keys in search_rows(session=session, query=query):
                rows.add(ids, keys, bytes(len(ids)))
                time.sleep(0)  # let the screen have the interpreter between chunks
        return ListIndex(self._key(query), version=version, rows=rows)  # type: ignore[arg-type]

    def close(self) -> None:
        """Drop the index and the connection watching for commits."""
        self._closed = True
        with self._lock, self._data_lock:
            self._index = None
            self._lines = (None, [])
            self._data.close()


SQL_SORTS = ("date",)
"""Sorts whose pages SQL reads by keyset on an index; the others' pages come from the
list's in-memory index once built (SQL would sort the whole list for each page:
~125 ms of CPU a page at 50,000 documents), from SQL until then."""


def _slice(index: ListIndex, query: DocQuery, offset: int, limit: int) -> list[int]:
    """Ids of rows ``offset…offset+limit`` of an unfiltered list from its index (held in
    ascending order; the descending order is its exact reverse, ids included)."""
    ids = index.ids
    if not query.descending:
        return list(ids[offset:offset + limit])
    stop = len(ids) - offset
    return list(reversed(ids[max(stop - limit, 0):max(stop, 0)]))


class DocumentSource:
    """What the document list widget reads: SQL pages for an unfiltered list, the
    in-memory index for a text filter."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.indexes = DocIndexes(ws)
        self._kept: dict[int, DocListRow] = {}
        self._rows_version: Any = None
        self._rows_lock = threading.Lock()

    @staticmethod
    def _indexed(query: DocQuery) -> DocQuery:
        return replace(query, words=query.words + tokens(query))

    @staticmethod
    def _in_memory(query: DocQuery) -> bool:
        """Text and flag filters are matched in memory; the state alone in SQL."""
        return bool(query.words or query.flag)

    def count(self, query: DocQuery) -> int:
        """How many documents match."""
        from store.documents_list import count

        if self._in_memory(query):
            return count_lines(self.indexes.lines(query), self._indexed(query).words)
        with self.ws.read() as session:
            return count(session=session, query=query)

    def read(self, query: DocQuery, offset: int, limit: int,
             after: tuple[Any, int] | None = None) -> tuple[list[DocListRow], tuple[Any, int] | None]:
        """A page and the keyset after it (None when the page came from the index)."""
        from store.documents_list import page

        if self._in_memory(query):
            return self._by_index(query, offset, limit), None
        if query.sort not in SQL_SORTS:
            index = self.indexes.ready(query)
            if index is not None:
                return self._rows(index, _slice(index, query, offset, limit)), None
        with self.ws.read() as session:
            found = page(session=session, query=query, offset=offset, limit=limit, after=after)
        self.indexes.prepare(query)
        return found

    def read_now(self, query: DocQuery, offset: int, limit: int) -> list[DocListRow] | None:
        """A page when the list's index is built and fresh (a few ms: shown at once, on
        the caller's thread): a filtered page, or one of a list sorted otherwise than
        by date; else None (the widget reads it in a worker)."""
        if not self._in_memory(query) and query.sort in SQL_SORTS:
            return None
        index = self.indexes.ready(query)
        if index is None:
            return None
        if not self._in_memory(query):
            return self._rows(index, _slice(index, query, offset, limit))
        return self._rows(index, index.page(self._indexed(query), offset, limit))

    def _by_index(self, query: DocQuery, offset: int, limit: int) -> list[DocListRow]:
        index = self.indexes.get(query)
        return self._rows(index, index.page(self._indexed(query), offset, limit))

    def _rows(self, index: ListIndex, document_ids: list[int]) -> list[DocListRow]:
        """The rows of these ids: those read since the index was, kept; the others read."""
        from store.documents_list import rows_by_ids

        with self._rows_lock:
            if self._rows_version != index.version or len(self._kept) > ROWS_KEPT:
                self._kept, self._rows_version = {}, index.version
            missing = [i for i in document_ids if i not in self._kept]
            if missing:
                with self.ws.read() as session:
                    self._kept.update((r.id, r) for r in rows_by_ids(session=session,
                                                                     document_ids=missing))
            return [self._kept[i] for i in document_ids if i in self._kept]

    def ids(self, query: DocQuery) -> list[int]:
        """Every matching id."""
        from store.documents_list import ids

        if self._in_memory(query):
            index = self.indexes.get(query)
            return index.page(self._indexed(query), 0, len(index))
        with self.ws.read() as session:
            return ids(session=session, query=query)

    def ordered_ids(self, query: DocQuery) -> list[int]:
        """Every matching id in the list's order (the document view's next and previous
        go through the whole list, not only the pages read so far)."""
        index = self.indexes.get(query)
        if self._in_memory(query):
            return index.page(self._indexed(query), 0, len(index))
        return _slice(index, query, 0, len(index))

    def close(self) -> None:
        """Release what the index holds."""
        self.indexes.close()


_UNMARKED = object()


class DocumentWatch:
    """Live refresh of one list, cheap to poll every second: the list changed, and how
    far the pipeline is through the documents it is reading ("12 / 240 lus")."""

    def __init__(self, ws: Workspace, query: DocQuery) -> None:
        from store.documents_list import DataVersion

        self.ws, self.query = ws, query
        self._data = DataVersion(ws.engine)
        self._seen: Any = None
        self._stamp: Any = None
        self._batch = 0
        """Documents seen being read since the list last had none being read."""
        self._quiet_last: int | None = None
        """The list's last document id when it last had none being read (a batch is what
        arrived after it); None before the watch saw the list at rest."""
        self._marked: Any = _UNMARKED
        """The data's version as the list was first read (:meth:`mark`)."""

    def mark(self) -> None:
        """Note where the data stands as the list is first read (on SQLite one pragma,
        cheap enough for the opening; elsewhere nothing): the first poll, which may come
        later, then says whether anything was committed in between."""
        self._marked = self._data.version()

    def poll(self) -> tuple[bool, tuple[int, int] | None] | None:
        """None when nothing was committed since the last poll; else whether the list
        changed (on the first poll: since :meth:`mark`) and the progress (done, total) of
        a batch being read, None when none is."""
        from store.documents_list import batch_progress, stamp

        version = self._data.version()
        if version is not None and version == self._seen:
            return None
        self._seen = version
        with self.ws.read() as session:
            current = stamp(session=session, query=self.query)
            working, taken, last = batch_progress(session=session, query=self.query,
                                                  after_id=self._quiet_last)
        changed, first = current != self._stamp, self._stamp is None
        if first and self._marked is not _UNMARKED:
            # changed since mark(); without a version to compare, read the list again
            first, changed = False, self._marked is None or version != self._marked
        self._stamp = current
        if working == 0:
            self._batch, self._quiet_last = 0, last or 0
            return (changed and not first, None)
        self._batch = max(self._batch, taken)
        return (changed and not first, (self._batch - working, self._batch))

    def close(self) -> None:
        """Give the connection back."""
        self._data.close()


def waiting(ws: Workspace, dossier_ids: list[int]) -> dict[tuple[int | None, str], tuple[int, int, int]]:
    """Per (dossier, direction): documents waiting, how many need a person (flags), and
    how many are reviewed (they wait for a publisher, not for a check)."""
    from store.documents_list import waiting_counts

    with ws.read() as session:
        return waiting_counts(session=session, dossier_ids=dossier_ids)


def waiting_text(counts: dict[tuple[int | None, str], tuple[int, int, int]], dossier_id: int | None,
                 direction: str) -> str:
    """"12 (3 à voir)" for one dossier and direction; "—" when none waits."""
    from books.i18n import number

    count, flagged, reviewed = counts.get((dossier_id, direction), (0, 0, 0))
    if not count:
        return "—"
    if flagged and reviewed:
        return t("inlist.waiting_both", count=number(count), flagged=number(flagged),
                 reviewed=number(reviewed))
    if reviewed:
        return t("inlist.waiting_reviewed", count=number(count), reviewed=number(reviewed))
    if not flagged:
        return number(count)
    return t("inlist.waiting_flagged", count=number(count), flagged=number(flagged))
