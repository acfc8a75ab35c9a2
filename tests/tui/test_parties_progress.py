"""A large archive, restore or delete from the list shows a bar that moves while the
service works in its worker (as an undo does); a small one shows none."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from books.context import Workspace
from books.parties import changes as book_changes
from store.parties import changes as store_changes
from tests.tui.conftest import wait_for
from tests.tui.test_parties_actions import choose
from tests.tui.test_parties_list import SLUG, add_customers, open_list
from tui.app import SaisieApp
from tui.screens.parties import actions
from tui.screens.progress import ProgressScreen
from tui.screens.safe_confirm import SafeConfirmScreen


@pytest.fixture
def listed(seeded: dict[str, Workspace]) -> dict[str, Workspace]:
    """The seeded app data with 30 customers in the bakery's dossier."""
    return add_customers(seeded)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int, str]]:
    """What every progress screen showed: its title, the numbers, and its count line."""
    seen: list[tuple[str, int, int, str]] = []
    advance = ProgressScreen.advance

    def spy(self: ProgressScreen, done: int, total: int) -> None:
        advance(self, done, total)
        seen.append((self.title_text, done, total, str(self.query_one("#progress-count").render())))

    monkeypatch.setattr(ProgressScreen, "advance", spy)
    return seen


def _moved(seen: list[tuple[str, int, int, str]]) -> list[int]:
    return [done for _title, done, _total, _line in seen]


async def test_archiving_all_then_restoring_shows_a_moving_bar(
        app_as: Callable[[str], SaisieApp], listed, shown,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_changes, "ARCHIVE_STEP", 10)
    monkeypatch.setattr(actions, "PROGRESS_FROM", 20)
    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("plus")
        await choose(app, pilot, "archive")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("o")
        await wait_for(lambda: screen.total == 0)
        assert app.screen is screen  # the progress screen is gone
        assert {title for title, *_rest in shown} == {"Archivage de 30 clients"}
        moved = _moved(shown)
        assert moved[0] == 0 and moved[-1] == 30 and moved == sorted(moved) and len(set(moved)) >= 3
        assert shown[-1][3] == "30 / 30 tiers archivés"
        shown.clear()
        await pilot.press("h")
        await wait_for(lambda: screen.total == 30)
        await pilot.press("plus")
        await choose(app, pilot, "restore")
        await wait_for(lambda: any("restauré" in n.message for n in app._notifications))
        assert {title for title, *_rest in shown} == {"Restauration de 30 clients"}
        assert _moved(shown)[-1] == 30 and shown[-1][3] == "30 / 30 tiers restaurés"
        assert app.screen is screen


async def test_a_large_delete_shows_its_progress_and_a_small_archive_none(
        app_as: Callable[[str], SaisieApp], listed, shown,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(book_changes, "DELETE_STEP", 10)
    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("space", "space")
        await choose(app, pilot, "archive")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("o")
        await wait_for(lambda: screen.total == 28)
        assert shown == []  # 2 parties: no progress screen
        monkeypatch.setattr(actions, "PROGRESS_FROM", 20)
        await pilot.press("plus")
        await choose(app, pilot, "delete")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("o")
        await wait_for(lambda: screen.total == 0)
        assert [(t, d, n) for t, d, n, _line in shown] == [
            ("Suppression de 28 clients", done, 28) for done in (0, 10, 20, 28)]
        assert shown[-1][3] == "28 / 28 tiers supprimés" and app.screen is screen


def test_a_long_work_moves_the_bar_by_steps_of_two_percent_and_shows_its_end() -> None:
    from tui.screens.progress import WorkerProgress

    calls: list[tuple[object, tuple[object, ...]]] = []

    class App:
        def call_from_thread(self, function: object, *args: object) -> None:
            calls.append((function, args))

        def push_screen(self, screen: object) -> None:
            raise AssertionError("only called on the UI thread")

    app = App()
    progress = WorkerProgress(app, "Annulation", "undo.progress_count", 2000)
    progress(10, 1000)  # under the threshold: nothing shown
    for done in range(0, 1_000_001, 5000):
        progress(done, 1_000_000)
    progress.close()
    assert calls[0] == (app.push_screen, (progress.screen,))
    assert calls[-1] == (progress.screen.dismiss, (None,))
    advanced = [args[0] for function, args in calls if function == progress.screen.advance]
    assert advanced == list(range(0, 1_000_001, 20_000))
