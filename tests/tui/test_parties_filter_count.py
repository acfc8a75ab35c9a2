"""A filter being typed is counted once it stays unchanged, not at every key: counting a
filter of 1,000,000 parties scans them all, and the next key has replaced it already."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from books.context import Workspace
from books.parties.changes import add_party
from tests.tui.conftest import wait_for
from tests.tui.test_parties_list import SLUG, open_list
from tui.app import SaisieApp


@pytest.fixture
def many(seeded: dict[str, Workspace]) -> dict[str, Workspace]:
    """80 customers whose names hold "client": more than a page matches each prefix."""
    for n in range(1, 81):
        add_party(seeded["alice"], SLUG, "customer", {"code": f"C{n:02}", "name": f"Client {n:02}"})
    return seeded


async def test_only_the_filter_left_when_typing_stops_is_counted(
        app_as: Callable[[str], SaisieApp], many) -> None:  # type: ignore[no-untyped-def]
    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot, total=80)
        source = screen.table.source
        counted: list[tuple[str, ...]] = []
        count = source.count

        def spy(query):  # type: ignore[no-untyped-def]
            counted.append(query.words)
            return count(query)

        source.count = spy  # type: ignore[method-assign]
        await pilot.press("slash", "c", "l", "i")
        await wait_for(lambda: screen.filter_text == "cli" and screen.total == 80)
        await pilot.pause(0.4)
        assert counted == [("cli",)]
