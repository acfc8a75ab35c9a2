"""A party list's search keys in memory, for filtering as you type.

SQL answers ``search_key LIKE '%word%'`` by scanning every key of the list:
30–50 ms on 100,000 parties for a word that is rare (the page must look at
the whole list to fill itself), which is most of what a filter keystroke
costs. Here the keys of one list sit in one string, in the list's order, and
``str.find`` jumps from match to match: a rare word is found in about a
millisecond, a frequent one stops as soon as a page is full.

The index is a snapshot. It is used only while nothing has been committed
since it was read (``PRAGMA data_version`` on SQLite, the list's change stamp
elsewhere); otherwise the caller falls back to SQL and rebuilds it. Matching
is the same as SQL's: every folded word must appear in the folded key.
"""

from __future__ import annotations

import threading
import time
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from books.context import Workspace
    from store.parties.listing import ListQuery

CHILD_FROM = 50_000
"""Lists of at least this many parties have their keys read by a child process (SQLite):
smaller ones are read in a fraction of a second here, faster than a process starts."""

KEPT_SCANS = 8
"""Filters whose matches are remembered (typing back and forth reuses them)."""


class _Scan:
    """The matches of one filter in one direction, found as far as asked."""

    def __init__(self, rows: Iterator[int]) -> None:
        self._rows = rows
        self.found = array("q")
        self.complete = False

    def upto(self, count: int) -> array[int]:
        """At least ``count`` matches (fewer when there are no more)."""
        while not self.complete and len(self.found) < count:
            row = next(self._rows, None)
            if row is None:
                self.complete = True
            else:
                self.found.append(row)
        return self.found


class Rows:
    """A list's rows gathered chunk by chunk into flat arrays, in the list's order.

    Nothing per row is kept as a Python object: 1,000,000 parties take about
    the length of their keys plus 17 bytes each (~90 MB), where lists of ids,
    key strings and flags took ~170 MB more while being read. The keys are
    UTF-8 in one buffer, each followed by a line break; ``bytes.find`` on it
    matches exactly where ``str.find`` would (UTF-8 never matches inside a
    character).
    """

    def __init__(self) -> None:
        self.ids = array("q")
        self.archived = bytearray()
        """1 for an archived party, 0 otherwise."""
        self.text = bytearray()
        self.starts = array("q", [0])
        """Where each key starts in ``text`` (one more: where the next would)."""

    @classmethod
    def of(cls, ids: array[int], starts: array[int], archived: bytearray, text: bytearray) -> Rows:
        """Rows already in their columns (read by ``store.parties.key_dump``)."""
        rows = cls()
        rows.ids, rows.starts, rows.archived, rows.text = ids, starts, archived, text
        return rows

    def add(self, ids: Iterable[int], keys: list[str], archived: Iterable[int]) -> None:
        """Append a chunk of rows (``archived``: 0/1 or booleans)."""
        self.ids.extend(ids)
        self.archived.extend(archived)
        joined = "\n".join(keys)
        if joined.count("\n") != max(len(keys) - 1, 0):  # a key holding a line break
            keys = [key.replace("\n", " ") for key in keys]
            joined = "\n".join(keys)
        data = (joined + "\n").encode() if keys else b""
        lengths = map(len, keys) if len(data) == len(joined) + 1 else (len(k.encode()) for k in keys)
        ends = accumulate((n + 1 for n in lengths), initial=len(self.text))
        next(ends)
        self.starts.extend(ends)
        self.text += data


class _Keys(NamedTuple):
    """What a scan reads of an index. Scans are kept by their index (``_scans``):
    were they to hold the index itself, index and scans would make a reference
    cycle, and a dropped index (8.8 MB at 100,000 parties) would stay in memory
    until the garbage collector's next full pass, beside the one rebuilt."""

    text: bytearray
    starts: array[int]
    archived: bytearray
    blank_from: int


def _rows(keys: _Keys, words: tuple[str, ...], archived: bool, backwards: bool) -> Iterator[int]:
    """Row numbers whose key holds every word, in the list's order (or the
    descending one: backward, the rows with an empty sort value still last)."""
    every = len(keys.starts) - 1
    if backwards and 0 < keys.blank_from < every:
        yield from _span(keys, words, archived, True, 0, keys.blank_from)
        yield from _span(keys, words, archived, True, keys.blank_from, every)
    else:
        yield from _span(keys, words, archived, backwards, 0, every)


def _span(keys: _Keys, words: tuple[str, ...], archived: bool, backwards: bool, first: int,
          stop: int) -> Iterator[int]:
    """Matching row numbers among rows ``first…stop``, forward or backward."""
    text, starts, hidden = keys.text, keys.starts, keys.archived
    low, high = starts[first], max(starts[stop] - 1, starts[first])
    encoded = [word.encode() for word in words]
    probe = max(encoded, key=len)
    others = [w for w in encoded if w != probe]
    find = text.rfind if backwards else text.find
    position = find(probe, low, high)
    while position != -1:
        row = bisect_right(starts, position) - 1
        start, end = starts[row], starts[row + 1] - 1
        if (archived or not hidden[row]) and all(text.find(w, start, end) != -1 for w in others):
            yield row
        position = text.rfind(probe, low, start) if backwards else text.find(probe, end, high)


class ListIndex:
    """One list (dossier, kind, sort column) as ids, keys and archived flags."""

    def __init__(self, key: tuple[int, str, str], ids: Iterable[int] = (), keys: list[str] | None = None,
                 archived: Iterable[int] = (), version: Any = None, blanks: int = 0,
                 rows: Rows | None = None) -> None:
        self.key = key
        """The list: dossier id, kind, sort column."""
        if rows is None:
            rows = Rows()
            rows.add(ids, keys or [], archived)
        # Whole-list operations in C (the screen keeps the interpreter): one
        # buffer of keys, and where each key starts in it.
        self.ids = rows.ids
        self.archived = rows.archived
        self.text = rows.text
        self.starts = rows.starts
        self.blank_from = len(self.ids) - blanks
        """Where the rows whose sort value is empty begin: they come last in both
        directions, so a backward scan reads the others backward, then them."""
        self.version = version
        self._keys = _Keys(self.text, self.starts, self.archived, self.blank_from)
        self._scans: OrderedDict[tuple[Any, ...], _Scan] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.ids)

    def _scan(self, query: ListQuery) -> _Scan:
        key = (query.words, query.archived, query.descending)
        scan = self._scans.get(key)
        if scan is None:
            scan = self._scans[key] = _Scan(_rows(self._keys, query.words, query.archived, query.descending))
            while len(self._scans) > KEPT_SCANS:
                self._scans.popitem(last=False)
        self._scans.move_to_end(key)
        return scan

    def page(self, query: ListQuery, offset: int, limit: int) -> list[int]:
        """The party ids of rows ``offset…offset+limit`` of a filtered list."""
        with self._lock:
            found = self._scan(query).upto(offset + limit)
            return [self.ids[row] for row in found[offset:offset + limit]]

    def count(self, query: ListQuery) -> int | None:
        """How many rows match, when already known without scanning further."""
        with self._lock:
            scan = self._scan(query)
            return len(scan.found) if scan.complete else None


class ListIndexes:
    """The index of the list a screen shows: built in the background, used when fresh.

    One list at a time (another sort or list replaces it). Thread-safe: the
    list reads its pages from worker threads.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._index: ListIndex | None = None
        self._building: tuple[int, str, str] | None = None
        """The list being built (stays set after a failed build: SQL serves it)."""
        self._lock = threading.Lock()
        self._watch: Any = None
        self._dump: Any = None
        """The child process reading a list's keys (``store.parties.key_dump``), while it runs."""
        self._closed = False

    def get(self, query: ListQuery) -> ListIndex | None:
        """The fresh index of ``query``'s list, or None (one is then being built)."""
        key = (query.dossier_id, query.kind, query.sort)
        with self._lock:
            index = self._index
            if index is not None and index.key == key and index.version == self._version(key):
                return index
            self._index = None  # stale: not kept beside the one being built
            self._start(key)
        return None

    def prepare(self, query: ListQuery) -> None:
        """Have the index of ``query``'s list built if it is missing, or stale when that
        is cheap to know (SQLite; elsewhere the first filter finds out)."""
        key = (query.dossier_id, query.kind, query.sort)
        with self._lock:
            index = self._index
            if (index is None or index.key != key
                    or (self.ws.engine.dialect.name == "sqlite" and index.version != self._version(key))):
                self._index = None
                self._start(key)

    def _start(self, key: tuple[int, str, str]) -> None:
        """Build the index of ``key``'s list in the background (lock held)."""
        if self._building != key:
            self._building = key
            threading.Thread(target=self._build, args=(key,), name="list-index",
                             daemon=True).start()

    def _version(self, key: tuple[int, str, str]) -> Any:
        """What changes whenever anyone commits (called with the lock held)."""
        if self.ws.engine.dialect.name == "sqlite":
            if self._watch is None:
                from store.parties.listing import ChangeWatch

                self._watch = ChangeWatch(self.ws.engine)
            return self._watch.version()
        from store.parties.listing import stamp

        with self.ws.read() as session:
            return stamp(session=session, dossier_id=key[0], kind=key[1])

    def _build(self, key: tuple[int, str, str]) -> None:
        from store.memory import release
        from store.parties.listing import ListQuery, blank_count

        try:
            with self._lock:
                version = self._version(key)
            rows = self._read_rows(key)
            with self.ws.read() as session:
                blanks = blank_count(session=session, query=ListQuery(key[0], key[1], sort=key[2]))
            index = ListIndex(key, version=version, blanks=blanks, rows=rows)
        except Exception:  # noqa: BLE001 - the list works without it, through SQL
            return
        with self._lock:
            if self._building == key:
                self._building = None
                self._index = index
        release()  # what reading it freed, and the index it replaced

    def _read_rows(self, key: tuple[int, str, str]) -> Rows:
        """The list's rows. On SQLite a child process reads them (``store.parties.key_dump``):
        here, a million rows made into Python objects held the interpreter for seconds,
        and the screen and the first filter keys waited for it. Elsewhere, or when the
        child cannot run, they are read in this thread, a chunk at a time."""
        if self.ws.engine.dialect.name == "sqlite" and self._rows_in(key) >= CHILD_FROM:
            from store.parties.key_dump import KeyDump

            with self._lock:
                if self._closed:
                    raise OSError("the list is closed")
                try:
                    dump = self._dump = KeyDump(self.ws.engine, *key)
                except (OSError, ValueError):
                    dump = None
            try:
                if dump is not None:
                    return Rows.of(*dump.result())
            except OSError:
                if self._closed:
                    raise
            finally:
                with self._lock:
                    self._dump = None
        return self._read_here(key)

    def _rows_in(self, key: tuple[int, str, str]) -> int:
        """How many parties the list holds (a range of an index)."""
        from store.parties.changes import count_parties

        with self.ws.read() as session:
            return count_parties(session=session, dossier_id=key[0], kind=key[1])

    def _read_here(self, key: tuple[int, str, str]) -> Rows:
        """The list's rows read in this thread, pausing between chunks for the screen."""
        from store.parties.listing import search_keys

        rows = Rows()
        with self.ws.read() as session:
            for ids, keys, archived in search_keys(session=session, dossier_id=key[0],
                                                   kind=key[1], sort=key[2]):
                rows.add(ids, keys, archived)
                time.sleep(0)  # let the screen have the interpreter between chunks
        return rows

    def close(self) -> None:
        """Drop the index, stop a child still reading one, and release the connection
        that watches for commits."""
        from store.memory import release

        with self._lock:
            self._closed = True
            if self._dump is not None:
                self._dump.stop()
            if self._watch is not None:
                self._watch.close()
                self._watch = None
            self._index = None
        release()
