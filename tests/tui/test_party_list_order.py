"""The list never shows rows of a previous order, or rows the user just changed."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

from textual.app import App, ComposeResult

from store.parties.listing import ListQuery
from tests.tui.conftest import wait_for
from tests.tui.test_parties_cache import QUERY, FakeSource
from tui.widgets.party_table import PartyTable


class GatedSource(FakeSource):
    """Reads wait for ``gate`` once it is closed (a slow database)."""

    def __init__(self) -> None:
        super().__init__(200)
        self.gate = threading.Event()
        self.gate.set()

    def read(self, query: ListQuery, offset: int, limit: int, after: Any = None) -> Any:
        assert self.gate.wait(10)
        return super().read(query, offset, limit, after)

    def count(self, query: ListQuery) -> int:
        assert self.gate.wait(10)
        return super().count(query)


async def test_another_order_drops_the_rows_at_once_and_marks_the_header() -> None:
    source = GatedSource()

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PartyTable(source)

    app = ListApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(PartyTable)
        table.load(replace(QUERY, sort="siren"))
        await wait_for(lambda: table.total == 200)
        assert "C000" in table.render_line(1).text and "SIREN ▲" in table.render_line(0).text
        source.gate.clear()
        table.load(replace(QUERY, sort="siren", descending=True))
        await pilot.pause()
        assert "C000" not in table.render_line(1).text and "…" in table.render_line(1).text
        assert "SIREN ▼" in table.render_line(0).text
        source.gate.set()
        await wait_for(lambda: "C199" in table.render_line(1).text)


async def test_a_reload_after_a_save_drops_the_old_rows_at_once() -> None:
    source = GatedSource()

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PartyTable(source)

    app = ListApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(PartyTable)
        table.load(QUERY)
        await wait_for(lambda: table.total == 200)
        source.gate.clear()
        source.rows[0] = replace(source.rows[0], name="Renamed")
        table.reload(cursor_id=0, invalidate=True)
        await pilot.pause()
        assert "Name 000" not in table.render_line(1).text
        source.gate.set()
        await wait_for(lambda: "Renamed" in table.render_line(1).text)
        table.reload()  # someone else's change (the poll): the rows stay until the new ones come
        await pilot.pause()
        assert "Renamed" in table.render_line(1).text


def test_far_pages_of_a_blanks_last_sort_are_not_read_backwards() -> None:
    from tui.widgets.party_pages import read_pages

    source = FakeSource(1000)
    query = replace(QUERY, sort="siren")
    read_pages(source, query, [14], 1000, {}, page_size=64)
    descending, offset, limit, _ = source.calls[-1]
    assert (descending, offset, limit) == (False, 14 * 64, 64)  # the same order, by OFFSET


class ThreadNotingSource(FakeSource):
    """Notes the thread each read runs on; the first read can be made to fail."""

    def __init__(self, fail_first: bool = False) -> None:
        super().__init__(200)
        self.threads: list[str] = []
        self.fail_first = fail_first

    def read(self, query: ListQuery, offset: int, limit: int, after: Any = None) -> Any:
        self.threads.append(threading.current_thread().name)
        if self.fail_first:
            self.fail_first = False
            raise OSError("database gone for a moment")
        return super().read(query, offset, limit, after)


async def test_the_list_opens_with_its_first_page_read_at_once() -> None:
    """The first page of a list being opened is read as the list loads, not handed to a
    worker: the rows are there for the screen's first frame (issue 13 item 24)."""
    source = ThreadNotingSource()

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PartyTable(source)

    app = ListApp()
    async with app.run_test(size=(100, 20)):
        table = app.query_one(PartyTable)
        table.load(QUERY)
        assert table.cache.row(0) is not None and "C000" in table.render_line(1).text
        assert source.threads == [threading.main_thread().name]
        await wait_for(lambda: table.total == 200)
        table.load(replace(QUERY, descending=True))  # another order: read in a worker
        await wait_for(lambda: "C199" in table.render_line(1).text)
        assert source.threads[1] != threading.main_thread().name


async def test_a_first_page_that_fails_is_read_again_in_a_worker() -> None:
    source = ThreadNotingSource(fail_first=True)

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PartyTable(source)

    app = ListApp()
    async with app.run_test(size=(100, 20)):
        table = app.query_one(PartyTable)
        table.load(QUERY)
        await wait_for(lambda: table.total == 200)
        assert "C000" in table.render_line(1).text
        assert source.threads[0] == threading.main_thread().name
        assert source.threads[1] != threading.main_thread().name
