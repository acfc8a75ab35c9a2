"""``u`` takes back one's own action; ``U`` someone else's after a safe confirmation;
nothing to undo is said; a large undo shows its progress."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from books.context import Workspace
from books.i18n import t
from books.parties import undo
from books.parties.changes import set_archived
from books.parties.listing import Selection
from tests.tui.conftest import wait_for
from tests.tui.test_parties_actions import party_id
from tests.tui.test_parties_list import SLUG, add_customers, open_list
from tui.app import SaisieApp
from tui.screens.parties import undo as undo_screen
from tui.screens.progress import ProgressScreen
from tui.screens.safe_confirm import SafeConfirmScreen


@pytest.fixture
def listed(seeded: dict[str, Workspace]) -> dict[str, Workspace]:
    """30 customers; Bob (team lead) may open the bakery's dossier."""
    from books.dossiers.service import set_access

    set_access(seeded["alice"], SLUG, ["carol", "bob"])
    return add_customers(seeded)


def notes(app: SaisieApp) -> list[str]:
    return [n.message for n in app._notifications]


def archive_by_bob(ws: dict[str, Workspace], *codes: str) -> None:
    set_archived(ws["bob"], SLUG, Selection(ids=frozenset(party_id(ws["alice"], c) for c in codes)), True)


def test_large_counts_are_spelled_with_grouped_digits() -> None:
    assert t("bulk.archive_question", count=100000, noun="clients") == "Archiver 100\u202f000 clients ?"


async def test_u_with_nothing_to_undo_says_so(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot)
        await pilot.press("u")
        await wait_for(lambda: "rien à annuler dans ce dossier" in notes(app))


async def test_u_never_takes_back_someone_elses_action(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    archive_by_bob(listed, "C01")
    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot, total=29)
        await pilot.press("u")
        await wait_for(lambda: any("vous n'avez rien à annuler" in n for n in notes(app)))
        note = next(n for n in notes(app) if "vous n'avez rien à annuler" in n)
        assert "archivage de 1 tiers, par Bob Lenoir (bob), le " in note and "U annule" in note
        await pilot.pause(0.2)
        assert screen.total == 29


async def test_U_asks_naming_who_and_enter_does_not_undo(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    archive_by_bob(listed, "C01", "C02")
    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot, total=28)
        await pilot.press("U")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        assert app.screen.question == "Annuler l'action de quelqu'un d'autre ?"
        assert app.screen.detail.startswith("Archivage de 2 tiers, par Bob Lenoir (bob), le ")
        await pilot.press("enter")
        await wait_for(lambda: app.screen is screen)
        await pilot.pause(0.3)
        assert screen.total == 28
        await pilot.press("U")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("o")
        await wait_for(lambda: screen.total == 30)
        assert "Annulé : archivage de 2 tiers." in notes(app)


async def test_a_collaborator_cannot_undo(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    archive_by_bob(listed, "C01")
    app = app_as("carol")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot, total=29)
        await pilot.press("U")
        await wait_for(lambda: any("refusé" in n for n in notes(app)))
        assert not isinstance(app.screen, SafeConfirmScreen) and screen.total == 29


async def test_a_large_undo_shows_its_progress(app_as: Callable[[str], SaisieApp], listed,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(undo, "STEP", 10)
    monkeypatch.setattr(undo_screen, "PROGRESS_FROM", 20)
    shown: list[tuple[int, int]] = []
    advance = ProgressScreen.advance

    def spy(self: ProgressScreen, done: int, total: int) -> None:
        shown.append((done, total))
        advance(self, done, total)

    monkeypatch.setattr(ProgressScreen, "advance", spy)
    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("plus", "a")
        await wait_for(lambda: app.screen is not screen)
        from tui.screens.parties.actions import menu_entries

        app.screen.query_one("OptionList").highlighted = menu_entries().index("archive")
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        assert app.screen.question == "Archiver 30 clients ?"
        await pilot.press("y")
        await wait_for(lambda: screen.total == 0)
        await pilot.press("u")
        await wait_for(lambda: screen.total == 30)
        assert shown == [(0, 30), (10, 30), (20, 30), (30, 30)]
        assert app.screen is screen  # the progress screen is gone
        assert "Annulé : archivage de 30 tiers." in notes(app)


async def test_u_during_an_undo_waits_for_it(app_as: Callable[[str], SaisieApp], listed,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    restore = undo._restore

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.6)
        restore(*args, **kwargs)

    monkeypatch.setattr(undo, "_restore", slow)
    alice = listed["alice"]
    set_archived(alice, SLUG, Selection(ids=frozenset({party_id(alice, "C01")})), True)
    set_archived(alice, SLUG, Selection(ids=frozenset({party_id(alice, "C02")})), True)
    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot, total=28)
        await pilot.press("u")
        await wait_for(lambda: screen.undoing)
        await pilot.press("u")
        assert "une annulation est en cours ; attendez qu'elle se termine" in notes(app)
        await wait_for(lambda: screen.total == 29 and not screen.undoing)
        await pilot.pause(0.8)
        assert screen.total == 29  # one undo, not two
