"""Plain tests of the list widget's logic: the page cache, page reading, the selection."""

from __future__ import annotations

from typing import Any

from store.parties.listing import ListQuery, PartyListRow
from tui.widgets.party_pages import PageCache, Picks, layout, read_pages, same_filter


def row(i: int) -> PartyListRow:
    return PartyListRow(i, f"C{i:03}", f"Name {i:03}", None, None, None, None, None, None, None,
                        "manual", False, 1, (), 0)


class FakeSource:
    """1,000 rows sorted by id; records how each page was asked for."""

    def __init__(self, n: int = 1000) -> None:
        self.rows = [row(i) for i in range(n)]
        self.calls: list[tuple[bool, int, int, Any]] = []

    def read(self, query: ListQuery, offset: int, limit: int, after: Any = None) -> Any:
        self.calls.append((query.descending, offset, limit, after))
        rows = self.rows[::-1] if query.descending else self.rows
        if after is not None:
            rows = [r for r in rows if (r.id < after[1] if query.descending else r.id > after[1])]
            offset = 0
        page = rows[offset:offset + limit]
        return list(page), ((page[-1].id, page[-1].id) if page else None)

    def count(self, query: ListQuery) -> int:
        return len(self.rows)

    def ids(self, query: ListQuery) -> list[int]:
        return [r.id for r in self.rows]

    def read_now(self, query: ListQuery, offset: int, limit: int) -> None:
        return None


QUERY = ListQuery(1, "customer")


def test_cache_keeps_the_most_recent_pages() -> None:
    cache = PageCache(page_size=10, max_pages=3)
    for number in range(4):
        cache.put(number, [row(number * 10 + i) for i in range(10)], None)
    assert list(cache.pages) == [1, 2, 3]
    assert cache.row(5) is None and cache.row(15).id == 15
    cache.put(4, [row(40)], None)
    assert list(cache.pages) == [3, 1, 4]
    assert cache.missing(0, 45, 41) == [0, 2]
    assert cache.find(33) == 33 and cache.find(999) is None


def test_pages_read_by_keyset_after_a_known_page() -> None:
    source = FakeSource()
    pages = read_pages(source, QUERY, [0, 1], 1000, {}, page_size=10)
    assert [r.id for r in pages[1][0]] == list(range(10, 20))
    assert source.calls[1][3] == (9, 9)


def test_far_pages_are_read_from_the_end() -> None:
    source = FakeSource()
    pages = read_pages(source, QUERY, [99], 1000, {}, page_size=10)
    assert [r.id for r in pages[99][0]] == list(range(990, 1000))
    descending, offset, limit, _ = source.calls[0]
    assert descending and offset == 0 and limit == 10
    pages = read_pages(source, QUERY, [3], 1000, {}, page_size=10)
    assert source.calls[-1] == (False, 30, 10, None)


def test_picks_all_matching_is_a_filter() -> None:
    picks = Picks(query=QUERY, total=100_000)
    assert picks.count() == 100_000 and picks.holds(5)
    picks.toggle(5)
    assert picks.count() == 99_999 and not picks.holds(5) and picks.excluded == {5}
    explicit = Picks()
    explicit.toggle(3)
    explicit.select(4)
    assert explicit.count() == 2 and explicit.holds(4)
    assert same_filter(QUERY, ListQuery(1, "customer", sort="code", descending=True))
    assert not same_filter(QUERY, ListQuery(1, "customer", ("a",)))


def test_columns_fit_80_and_120() -> None:
    narrow = dict(layout(78))
    wide = dict(layout(118))
    assert "rules" not in narrow and narrow["name"] >= 20
    assert set(wide) >= {"code", "name", "ids", "city", "groups", "docs", "source", "archived"}
    assert 2 + sum(w + 1 for w in narrow.values()) - 1 <= 78


def test_page_reader_runs_urgent_jobs_first_and_stops_on_close() -> None:
    import threading

    from tui.widgets.party_pages import PageReader

    reader, done, gate = PageReader(), [], threading.Event()
    reader.submit(gate.wait)  # holds the thread while the others queue
    reader.submit(lambda: done.append("ahead"))
    reader.submit(lambda: done.append("on screen"), urgent=True)
    finished = threading.Event()
    reader.submit(finished.set)
    gate.set()
    assert finished.wait(5)
    assert done == ["on screen", "ahead"]
    reader.close()
    reader.submit(lambda: done.append("after close"))
    assert done == ["on screen", "ahead"]


async def test_pages_are_read_ahead_of_the_screen_and_the_scroll_mark_follows() -> None:
    from textual.app import App, ComposeResult

    from tests.tui.conftest import wait_for
    from tui.widgets.party_table import PartyTable

    source = FakeSource(1000)

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PartyTable(source)

    app = ListApp()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(PartyTable)
        table.load(QUERY)
        await wait_for(lambda: table.total == 1000 and 1 in table.cache.pages)
        assert table.render_line(1).text.endswith("┃")  # the thumb at the top
        assert table.render_line(2).text.endswith("│")
        await pilot.press("pagedown", "pagedown")
        # The page after the one on screen is read before any row of it shows.
        top = table.scroll_offset.y
        await wait_for(lambda: (top + table.visible_rows) // 64 + 1 in table.cache.pages)
        await pilot.press("end")
        await wait_for(lambda: table.current is not None and table.current.id == 999)
        assert table.render_line(table.visible_rows).text.endswith("┃")  # and at the bottom
        assert table.render_line(1).text.endswith("│")
