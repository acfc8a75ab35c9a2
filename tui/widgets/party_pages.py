"""The party list's data side: page cache, page reading, selection, column layout.

No drawing here (that is :mod:`tui.widgets.party_table`): plain objects that
the tests exercise without a terminal.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from rich.cells import set_cell_size

from books.i18n import t
from books.parties.listing import rules_summary

if TYPE_CHECKING:
    from store.parties.listing import ListQuery, PartyListRow

PAGE_SIZE = 64
"""Rows read at once (a screen is at most ~60 rows high)."""
MAX_PAGES = 24
"""Pages kept in the LRU cache (about 1,500 rows)."""

Keyset = tuple[Any, int]


class PartySource(Protocol):
    """Where rows come from (``books.parties.listing.ListSource``, or a fake in tests)."""

    def count(self, query: ListQuery) -> int: ...

    def read(self, query: ListQuery, offset: int, limit: int,
             after: Keyset | None = None) -> tuple[list[PartyListRow], Keyset | None]: ...

    def ids(self, query: ListQuery) -> list[int]: ...

    def read_now(self, query: ListQuery, offset: int, limit: int) -> list[PartyListRow] | None:
        """Rows when the source has them at hand (a few ms), else None: read them in a worker."""
        ...


class PageCache:
    """Pages of rows by page number, least recently used dropped first."""

    def __init__(self, page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self.pages: OrderedDict[int, list[PartyListRow]] = OrderedDict()
        self.ends: dict[int, Keyset | None] = {}
        """Keyset after the last row of each cached page (read the next one by keyset)."""

    def row(self, index: int) -> PartyListRow | None:
        """The row at ``index`` if its page is cached."""
        number, offset = divmod(index, self.page_size)
        rows = self.pages.get(number)
        if rows is None:
            return None
        self.pages.move_to_end(number)
        return rows[offset] if offset < len(rows) else None

    def put(self, number: int, rows: list[PartyListRow], end: Keyset | None) -> None:
        """Store a page; the oldest pages go beyond ``max_pages``."""
        self.pages[number] = rows
        self.pages.move_to_end(number)
        self.ends[number] = end
        while len(self.pages) > self.max_pages:
            old, _ = self.pages.popitem(last=False)
            self.ends.pop(old, None)

    def missing(self, first: int, last: int, total: int) -> list[int]:
        """Page numbers needed to show rows ``first…last`` that are not cached."""
        last = min(last, total - 1)
        if last < first:
            return []
        numbers = range(first // self.page_size, last // self.page_size + 1)
        return [n for n in numbers if n not in self.pages]

    def find(self, party_id: int) -> int | None:
        """The index of a party among the cached rows."""
        for number, rows in self.pages.items():
            for offset, row in enumerate(rows):
                if row.id == party_id:
                    return number * self.page_size + offset
        return None

    def clear(self) -> None:
        """Forget every page."""
        self.pages.clear()
        self.ends.clear()


def read_pages(source: PartySource, query: ListQuery, numbers: list[int], total: int,
               ends: dict[int, Keyset | None], page_size: int = PAGE_SIZE
               ) -> dict[int, tuple[list[PartyListRow], Keyset | None]]:
    """Read pages: by keyset after a known page, from the far end past the middle, else OFFSET.

    Not from the far end when the empty values of the sort come last both ways
    (SIREN, city): there the other direction is not the reverse order.
    """
    from store.parties.listing import BLANKS_LAST

    out: dict[int, tuple[list[PartyListRow], Keyset | None]] = {}
    known = dict(ends)
    for number in sorted(numbers):
        offset = number * page_size
        after = known.get(number - 1)
        if after is not None:
            rows, end = source.read(query, offset, page_size, after)
        elif total and offset > total // 2 and query.sort not in BLANKS_LAST:
            rows, end = _read_from_end(source, query, offset, page_size, total)
        else:
            rows, end = source.read(query, offset, page_size)
        out[number] = (rows, end)
        known[number] = end
    return out


def _read_from_end(source: PartySource, query: ListQuery, offset: int, limit: int,
                   total: int) -> tuple[list[PartyListRow], Keyset | None]:
    """A page near the end, read in the reverse order (OFFSET stays small)."""
    last = min(offset + limit, total)
    reverse = replace(query, descending=not query.descending)
    rows, _ = source.read(reverse, total - last, last - offset)
    rows.reverse()
    return rows, None


class PageReader:
    """One thread that reads pages for a list, the pages on screen first.

    A list reads a page every few scrolls, and ahead of the cursor; starting a
    worker thread for each costs more than the read itself. Jobs run in order,
    except urgent ones (rows on screen being drawn as "…"), which jump the queue.
    """

    def __init__(self) -> None:
        self._jobs: deque[Callable[[], None]] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None

    def submit(self, job: Callable[[], None], urgent: bool = False) -> None:
        """Run ``job`` on the reader thread (started on first use)."""
        with self._ready:
            if self._closed:
                return
            if urgent:
                self._jobs.appendleft(job)
            else:
                self._jobs.append(job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="party-pages", daemon=True)
                self._thread.start()
            self._ready.notify()

    def close(self) -> None:
        """Stop after the job running now; queued jobs are dropped."""
        with self._ready:
            self._closed = True
            self._jobs.clear()
            self._ready.notify()

    def _serve(self) -> None:
        while True:
            with self._ready:
                while not self._jobs and not self._closed:
                    self._ready.wait()
                if self._closed:
                    return
                job = self._jobs.popleft()
            job()  # jobs report their own errors


@dataclass
class Picks:
    """The selection: explicit ids, or every row matching ``query`` minus ``excluded``.

    "Select all matching" keeps the filter, never 100,000 ids; ``total`` is
    how many the filter matched when it was chosen.
    """

    ids: set[int] = field(default_factory=set)
    query: ListQuery | None = None
    excluded: set[int] = field(default_factory=set)
    total: int = 0

    def count(self) -> int:
        """How many parties are selected."""
        if self.query is not None:
            return max(self.total - len(self.excluded), 0)
        return len(self.ids)

    def holds(self, party_id: int) -> bool:
        """Whether a row of the list on screen is selected."""
        if self.query is not None:
            return party_id not in self.excluded
        return party_id in self.ids

    def toggle(self, party_id: int) -> None:
        """Select or unselect one party."""
        bucket = self.excluded if self.query is not None else self.ids
        bucket.symmetric_difference_update({party_id})

    def select(self, party_id: int) -> None:
        """Select one party."""
        if self.query is not None:
            self.excluded.discard(party_id)
        else:
            self.ids.add(party_id)

    def unselect(self, party_id: int) -> None:
        """Unselect one party."""
        if self.query is not None:
            self.excluded.add(party_id)
        else:
            self.ids.discard(party_id)


def same_filter(a: ListQuery | None, b: ListQuery | None) -> bool:
    """Whether two queries match the same rows (their sort aside)."""
    if a is None or b is None:
        return False
    if hasattr(a, "filter_key"):  # another list's query (the inbox) says what its filter is
        return type(a) is type(b) and a.filter_key() == b.filter_key()
    return (a.dossier_id, a.kind, a.words, a.archived) == (b.dossier_id, b.kind, b.words, b.archived)


def same_order(a: ListQuery, b: ListQuery) -> bool:
    """Whether two queries list the same rows in the same order, their filter words aside
    (a new filter may keep showing the previous rows until its own arrive; another
    sort, direction or archived toggle may not)."""
    if hasattr(a, "order_key"):  # another list's query (the inbox) says what its order is
        return type(a) is type(b) and a.order_key() == b.order_key()
    return (a.dossier_id, a.kind, a.archived, a.sort, a.descending) == (
        b.dossier_id, b.kind, b.archived, b.sort, b.descending)


STRIP_CACHE = 512
"""Rendered rows kept (scrolling redraws shifted rows from here)."""


@dataclass(frozen=True)
class Paint:
    """What drawing needs, computed once per width, theme, focus and line filters."""

    key: tuple[Any, ...]
    width: int
    base: Any
    styles: dict[str, Any]
    columns: list[tuple[str, int]]
    filters: tuple[Any, ...] = ()
    background: Any = None


COLUMNS: tuple[tuple[str, int], ...] = (
    ("code", 10), ("name", 0), ("ids", 15), ("city", 14), ("groups", 12), ("rules", 15),
    ("docs", 5), ("source", 10), ("archived", 4),
)
"""Columns and widths (0: takes what is left)."""
DROP_ORDER = ("rules", "source", "groups", "archived", "docs", "city", "ids")
"""Columns dropped first when the terminal is narrow."""
SORT_OF = {"code": "code", "name": "name", "ids": "siren", "city": "city", "source": "source"}
NAME_MIN = 20


def layout(width: int) -> list[tuple[str, int]]:
    """The columns that fit in ``width`` (after the 2-cell selection mark), and their widths."""
    shown = [c for c, _ in COLUMNS]
    widths = dict(COLUMNS)
    for dropped in (None, *DROP_ORDER):
        if dropped:
            shown.remove(dropped)
        fixed = sum(widths[c] + 1 for c in shown if c != "name")
        if width - 2 - fixed >= NAME_MIN or dropped == DROP_ORDER[-1]:
            break
    name = max(width - 2 - sum(widths[c] + 1 for c in shown if c != "name"), 8)
    return [(c, name if c == "name" else widths[c]) for c in shown]


def cell_text(row: PartyListRow, column: str) -> str:
    """What one cell of a row shows."""
    if column == "ids":
        return row.siret or row.siren or row.vat_id or ""
    if column == "groups":
        return ", ".join(row.groups)
    if column == "rules":
        return rules_summary(row)
    if column == "docs":
        return str(row.documents) if row.documents else "·"
    if column == "source":
        return t(f"list.source.{row.source}")
    if column == "archived":
        return "✓" if row.archived else ""
    return str(getattr(row, column) or "")


def line_text(cells: list[tuple[str, int, str]]) -> str:
    """Cells (text, width, align) padded or cut to their widths, one space apart."""
    parts = []
    for text, width, align in cells:
        if align == "right" and len(text) < width:
            text = text.rjust(width)
        parts.append(set_cell_size(text, width))
    return " ".join(parts)
