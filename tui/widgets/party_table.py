"""A virtual list of parties: draws only the visible lines, reads pages in a thread.

100,000 rows never live in the widget: it knows the query, the total, a small
LRU cache of pages and the selection. ``render_line`` draws the lines on
screen from the cache and asks for missing pages, which a worker reads
(by keyset after the page before when it is cached, from the far end when
the page is nearer the end, by OFFSET otherwise). The virtual size changes
once per result.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.messages import error_text
from tui.widgets.party_drawing import PartyDrawing
from tui.widgets.party_pages import (
    PAGE_SIZE,
    Keyset,
    PageCache,
    PageReader,
    Paint,
    PartySource,
    Picks,
    read_pages,
    same_filter,
    same_order,
)

if TYPE_CHECKING:
    from store.parties.listing import ListQuery, PartyListRow

COUNT_DELAY = 0.03
"""Seconds between showing a query's first rows and counting them all."""
TYPING_PAUSE = 0.25
"""Seconds a filter must stay unchanged before its rows are counted: counting a
filter of 1,000,000 parties scans them all (0.15-0.3 s of CPU), and each key
typed would start a count of a filter already replaced by the next key, taking
the machine from the reads of the next keys' rows."""


class PartyTable(PartyDrawing, ScrollView, can_focus=True, inherit_bindings=False):
    """The customer or supplier list: virtual, keyboard-driven, multi-select."""

    COMPONENT_CLASSES = {
        "party-table--header", "party-table--cursor", "party-table--selected",
        "party-table--cursor-selected", "party-table--archived", "party-table--loading",
        "party-table--track", "party-table--thumb",
    }
    DEFAULT_CSS = """
    PartyTable { height: 1fr; background: $surface; scrollbar-size-vertical: 0; }
    PartyTable > .party-table--header { background: $panel; color: $foreground; text-style: bold; }
    PartyTable > .party-table--cursor { background: $primary 40%; text-style: bold; }
    PartyTable:focus > .party-table--cursor { background: $primary; color: $background; }
    PartyTable > .party-table--selected { background: $accent 30%; color: $foreground; }
    PartyTable > .party-table--cursor-selected { background: $accent; color: $background; text-style: bold; }
    PartyTable > .party-table--archived { color: $foreground-muted; }
    PartyTable > .party-table--loading { color: $foreground-muted; }
    PartyTable > .party-table--track { color: $panel-lighten-2; }
    PartyTable > .party-table--thumb { color: $primary; }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", "key.list_up", id="list_up", show=False),
        Binding("down", "cursor(1)", "key.list_down", id="list_down", show=False),
        Binding("pageup", "page(-1)", "key.list_page_up", id="list_page_up", show=False),
        Binding("pagedown", "page(1)", "key.list_page_down", id="list_page_down", show=False),
        Binding("home", "edge(False)", "key.list_first", id="list_first", show=False),
        Binding("end", "edge(True)", "key.list_last", id="list_last", show=False),
        Binding("space", "toggle", "key.list_toggle", id="list_toggle"),
        Binding("shift+up", "extend(-1)", "key.list_extend_up", id="list_extend_up", show=False),
        Binding("shift+down", "extend(1)", "key.list_extend_down", id="list_extend_down",
                show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the row under the cursor."""

    @dataclass
    class SelectionChanged(Message):
        """How many parties are selected now."""

        count: int

    @dataclass
    class CursorMoved(Message):
        """The row under the cursor (None while it is being read)."""

        row: PartyListRow | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, PartyTable.CursorMoved)

    @dataclass
    class Loaded(Message):
        """A query's first rows are on screen; ``total`` is None until counted."""

        total: int | None

    @dataclass
    class _Result(Message):
        generation: int
        query: ListQuery
        pages: dict[int, tuple[list[PartyListRow], Keyset | None]]
        total: int | None
        keep: bool = False
        cursor_id: int | None = None
        resolved: set[int] | None = None

    @dataclass
    class _Pages(Message):
        generation: int
        pages: dict[int, tuple[list[PartyListRow], Keyset | None]]

    @dataclass
    class _Failed(Message):
        generation: int
        numbers: list[int]
        error: Exception

    @dataclass
    class _Counted(Message):
        generation: int
        total: int

    @dataclass
    class _Picked(Message):
        picks: Picks

    def __init__(self, source: PartySource, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.source = source
        self.query: ListQuery | None = None
        self.total = 0
        self.picks = Picks()
        self.cache = PageCache()
        self._generation = 0
        self._pending: set[int] = set()
        self._waiting: tuple[int, Callable[[PartyListRow], None]] | None = None
        """An action asked on the cursor's row before its page was read (:meth:`with_current`)."""
        self._reader = PageReader()
        self._loading = False
        self._queued: ListQuery | None = None
        self._anchor_moved = False
        self._range: tuple[int, int] | None = None
        """The row a shift+arrow range started from and where its last step left the
        cursor (a range continues only from there)."""
        self._paint_cache: Paint | None = None
        self._strips: OrderedDict[tuple[Any, ...], Strip] = OrderedDict()

    # ------------------------------------------------------------------ reading

    @property
    def visible_rows(self) -> int:
        """How many rows fit under the header."""
        return max(self.scrollable_content_region.height - 1, 1)

    def load(self, query: ListQuery) -> None:
        """Show another query (a filter, sort or archived toggle): from the top.

        While a read is running, only the latest query waits for it (typing
        "Fournier" fast reads two or three times, not eight).
        """
        if self._loading:
            self._queued = query
            return
        self._start_load(query)

    def _start_load(self, query: ListQuery) -> None:
        self._loading = True
        self._queued = None
        self._generation += 1
        generation = self._generation
        if self.query is not None and not same_order(self.query, query):
            self._invalidate(query)
        picks = self.picks if self.picks.query is not None else None
        if picks is None or same_filter(picks.query, query):
            # A filter the source answers from memory is shown at once, on this
            # thread: handing it to a worker costs more than reading it.
            rows = self.source.read_now(query, 0, PAGE_SIZE)
            end = None
            if rows is None and self.query is None and picks is None:
                rows, end = self._first_page(query)
            if rows is not None:
                total = len(rows) if len(rows) < PAGE_SIZE else None
                self._result(self._Result(generation, query, {0: (rows, end)}, total))
                if total is None and generation == self._generation:
                    self._count_later(generation, query)
                return
        self.run_worker(
            lambda: self._read_first(generation, query, picks), thread=True,
            group="load", exclusive=True, exit_on_error=False,
        )

    def _first_page(self, query: ListQuery) -> tuple[list[PartyListRow] | None, Keyset | None]:
        """The list's first page read here, as the list opens: one page is a few
        milliseconds of reading, less than a worker costs to start and hand it back
        (its thread and the screen's first frame take turns with the interpreter:
        100-200 ms under load), and the first frame then draws the rows. A read
        that fails is done again in a worker, whose errors are shown."""
        try:
            return self.source.read(query, 0, PAGE_SIZE)
        except Exception:  # noqa: BLE001 - read again by _read_first, which reports it
            return None, None

    def _read_first(self, generation: int, query: ListQuery, picks: Picks | None) -> None:
        resolved = None
        if picks is not None and picks.query is not None and not same_filter(picks.query, query):
            excluded = set(picks.excluded)
            resolved = {i for i in self.source.ids(picks.query) if i not in excluded}
        rows, end = self.source.read(query, 0, PAGE_SIZE)
        total = len(rows) if len(rows) < PAGE_SIZE else None
        self.post_message(self._Result(generation, query, {0: (rows, end)}, total, False, None, resolved))
        if total is None:
            self._count(generation, query)

    def _count(self, generation: int, query: ListQuery) -> None:
        """Count a query's rows (in a worker) and post the total."""
        # Let the first rows be drawn before counting competes for the interpreter,
        # and a filter being typed be finished.
        time.sleep(TYPING_PAUSE if query.words else COUNT_DELAY)
        if generation == self._generation:
            self.post_message(self._Counted(generation, self.source.count(query)))

    def _count_later(self, generation: int, query: ListQuery) -> None:
        self.run_worker(lambda: self._count(generation, query), thread=True,
                        group="load", exclusive=True, exit_on_error=False)

    def reload(self, cursor_id: int | None = None, invalidate: bool = False) -> None:
        """Read the same query again (someone changed the list), keeping the cursor's party.

        ``invalidate`` (after the user's own save): the rows on screen are dropped at
        once, so none shows its old values while the list is read again.
        """
        if self.query is None or self._loading:
            return
        row = self.cache.row(self.cursor)
        wanted = cursor_id if cursor_id is not None else (row.id if row else None)
        first, last = self.scroll_offset.y, self.scroll_offset.y + self.visible_rows
        numbers = sorted({*range(first // PAGE_SIZE, last // PAGE_SIZE + 1),
                          self.cursor // PAGE_SIZE})
        self._generation += 1
        generation, query = self._generation, self.query
        if invalidate:
            self._loading = True  # no page is read for the old rows meanwhile
            self._invalidate(query)
        self.run_worker(
            lambda: self._read_again(generation, query, numbers, wanted), thread=True,
            group="load", exclusive=True, exit_on_error=False,
        )

    def _invalidate(self, query: ListQuery) -> None:
        """Drop every cached page now (another order, or rows the user just changed):
        the lines show as being read, and the header shows the new sort at once."""
        self.query = query
        self.cache.clear()
        self._pending.clear()
        self.refresh()

    def _read_again(self, generation: int, query: ListQuery, numbers: list[int],
                    cursor_id: int | None) -> None:
        total = self.source.count(query)
        pages = read_pages(self.source, query, numbers, total, {})
        self.post_message(self._Result(generation, query, pages, total, True, cursor_id))

    @on(_Result)
    def _result(self, message: _Result) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._loading = False
        if self._queued is not None:
            self._start_load(self._queued)
            return
        fresh = not message.keep
        if message.resolved is not None:
            self.picks = Picks(ids=message.resolved | self.picks.ids)
        self.query = message.query
        self.cache.clear()
        self._pending.clear()
        for number, (rows, end) in message.pages.items():
            self.cache.put(number, rows, end)
        total = message.total if message.total is not None else max(self.total, len(message.pages[0][0]))
        self._set_total(total)
        found = self.cache.find(message.cursor_id) if message.cursor_id is not None else None
        self._place_cursor(0 if fresh else self.cursor if found is None else found, fresh)
        self.post_message(self.Loaded(message.total))
        self._selection_changed()
        self._act_on_waiting()
        if message.total is not None:
            self._read_ahead()

    def _place_cursor(self, index: int, top: bool) -> None:
        if top:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = min(index, max(self.total - 1, 0))

    @on(_Counted)
    def _counted(self, message: _Counted) -> None:
        message.stop()
        if message.generation == self._generation:
            self._set_total(message.total)
            self.post_message(self.Loaded(message.total))
            self._read_ahead()

    def _set_total(self, total: int) -> None:
        """The one place the virtual size changes: once per result."""
        self.total = total
        if self.picks.query is not None and same_filter(self.picks.query, self.query):
            self.picks.total = total
        self.virtual_size = Size(self.scrollable_content_region.width, total + 1)
        self.cursor = min(self.cursor, max(total - 1, 0))
        self.refresh()

    def _want(self, first: int, last: int, urgent: bool = True) -> None:
        """Read the pages rows ``first…last`` need, on the reader thread (not while a
        query's first rows are being read: they come with its result)."""
        if self.query is None or self._loading:
            return
        first = max(first, 0)
        numbers = [n for n in self.cache.missing(first, last, self.total) if n not in self._pending]
        if not numbers:
            return
        self._pending.update(numbers)
        generation, query, total = self._generation, self.query, self.total
        ends = dict(self.cache.ends)

        def job() -> None:
            if generation != self._generation:
                return
            try:
                pages = read_pages(self.source, query, numbers, total, ends)
            except Exception as error:  # noqa: BLE001 - shown to the user by _failed
                self.post_message(self._Failed(generation, numbers, error))
                return
            self.post_message(self._Pages(generation, pages))

        self._reader.submit(job, urgent)

    def _read_ahead(self) -> None:
        """Have the pages around the screen read before they are needed: a page
        down then never waits for the database. (Asked after the frame is drawn,
        so the reading thread does not compete with drawing it.)"""
        top = self.scroll_offset.y
        self._want(top - PAGE_SIZE, top + self.visible_rows + 2 * PAGE_SIZE, urgent=False)

    @on(_Pages)
    def _pages(self, message: _Pages) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        shown = range(self.scroll_offset.y // PAGE_SIZE,
                      (self.scroll_offset.y + self.visible_rows) // PAGE_SIZE + 1)
        for number, (rows, end) in message.pages.items():
            self.cache.put(number, rows, end)
            self._pending.discard(number)
        self._act_on_waiting()
        if any(number in shown for number in message.pages):
            self.refresh()
            self.post_message(self.CursorMoved(self.cache.row(self.cursor)))

    @on(_Failed)
    def _failed(self, message: _Failed) -> None:
        message.stop()
        self._pending.difference_update(message.numbers)
        if message.generation == self._generation:
            self.app.notify(error_text(message.error), severity="error", timeout=8)

    def on_unmount(self) -> None:
        self._reader.close()

    # ---------------------------------------------------------------- cursor

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
            self.refresh()
            self.call_after_refresh(self._read_ahead)
        elif new > top + self.visible_rows - 1:
            self.scroll_to(y=new - self.visible_rows + 1, animate=False, immediate=True)
            self.refresh()
            self.call_after_refresh(self._read_ahead)
        else:  # only the two rows whose look changed
            self.refresh_line(old + 1)
            self.refresh_line(new + 1)
        self.post_message(self.CursorMoved(self.cache.row(new)))

    @property
    def current(self) -> PartyListRow | None:
        """The row under the cursor, if read."""
        return self.cache.row(self.cursor) if self.total else None

    def with_current(self, act: Callable[[PartyListRow], None]) -> None:
        """Call ``act`` with the row under the cursor: at once when it is read, else as
        soon as its page is (⏎ typed right after a jump, Home then ⏎ over SSH, reaches a
        row not read yet: the key is not lost). Moving the cursor meanwhile drops it."""
        row = self.current
        if row is not None:
            self._waiting = None
            act(row)
        elif self.total:
            self._waiting = (self.cursor, act)

    def _act_on_waiting(self) -> None:
        if self._waiting is None:
            return
        cursor, act = self._waiting
        row = self.current
        if cursor != self.cursor:
            self._waiting = None
        elif row is not None:
            self._waiting = None
            act(row)

    def action_cursor(self, step: int) -> None:
        """Move the cursor one row."""
        self.cursor = max(0, min(self.cursor + step, self.total - 1))

    def action_page(self, direction: int) -> None:
        """Move the cursor one screen."""
        self.action_cursor(direction * max(self.visible_rows - 1, 1))

    def action_edge(self, last: bool) -> None:
        """Go to the first or the last row."""
        self.cursor = max(self.total - 1, 0) if last else 0

    # ------------------------------------------------------------- selection

    def action_toggle(self) -> None:
        """Select or unselect the row under the cursor, then go down."""
        row = self.current
        if row is not None:
            self.picks.toggle(row.id)
            self._selection_changed()
        self.action_cursor(1)

    def action_extend(self, step: int) -> None:
        """Grow the range from where it started to the cursor by one row, or shrink it
        when the cursor goes back towards its start (rows picked otherwise stay)."""
        left = self.current
        if left is None:
            return
        if self._range is None or self._range[1] != self.cursor:
            self._range = (self.cursor, self.cursor)
            self.picks.select(left.id)
        start, before = self._range
        self.action_cursor(step)
        row = self.current
        if row is None or self.cursor == before:
            self._selection_changed()
            return
        if abs(self.cursor - start) < abs(before - start):
            self.picks.unselect(left.id)
        else:
            self.picks.select(row.id)
        self._range = (start, self.cursor)
        self._selection_changed()

    def select_matching(self) -> None:
        """Select every row matching the filter (kept as the filter, not as ids)."""
        if self.query is None:
            return
        if not self.picks.ids or self.picks.query is not None:
            self.picks = Picks(query=self.query, total=self.total)
            self._selection_changed()
            return
        query, extra = self.query, set(self.picks.ids)
        self.run_worker(lambda: self.post_message(self._Picked(Picks(
            ids=set(self.source.ids(query)) | extra))), thread=True, group="pick",
            exit_on_error=False)

    def clear_selection(self) -> None:
        """Select nothing."""
        self.picks = Picks()
        self._selection_changed()

    def invert_selection(self) -> None:
        """Selected rows of the filter become unselected and the others selected."""
        if self.query is None:
            return
        picks = self.picks
        if picks.query is not None and same_filter(picks.query, self.query):
            self.picks = Picks(ids=set(picks.excluded))
        elif not picks.ids and picks.query is None:
            self.picks = Picks(query=self.query, total=self.total)
        else:
            query, chosen = self.query, set(picks.ids)
            self.run_worker(lambda: self.post_message(self._Picked(Picks(
                ids=set(self.source.ids(query)) ^ chosen))), thread=True, group="pick",
                exit_on_error=False)
            return
        self._selection_changed()

    @on(_Picked)
    def _picked(self, message: _Picked) -> None:
        message.stop()
        self.picks = message.picks
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.refresh()
        self.post_message(self.SelectionChanged(self.picks.count()))
