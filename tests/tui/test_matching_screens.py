"""Issue 15 on screen: confirmed names on the record (Règles, ``x``), merge and undo
keeping them, and "Doublons probables" in the lists' Actions menu."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList, ProgressBar, Static

from books.context import Workspace
from books.matching.service import confirm_name, forget_indexes, party_aliases
from books.parties.changes import add_party, merge_parties
from books.parties.listing import Selection
from books.parties.undo import next_undo, undo_last
from tests.tui.conftest import wait_for
from tests.tui.test_parties_actions import choose
from tests.tui.test_parties_list import SLUG as BAKERY
from tests.tui.test_parties_list import add_customers, open_list
from tests.tui.test_party_record import cell_texts, notified, open_record, text_of
from tui.app import SaisieApp
from tui.screens.parties.actions import MergeScreen
from tui.screens.parties.duplicates import DuplicatesScreen
from tui.screens.parties.record import PartyRecordScreen
from tui.screens.safe_confirm import SafeConfirmScreen

HOTEL = "hotel-du-vieux-port"


@pytest.fixture
def named(seeded: dict[str, Workspace]) -> dict[str, int]:
    """In the hotel's dossier (open to bob and carol): C1 with two confirmed names, C2 with one."""
    admin = seeded["alice"]
    first = add_party(admin, HOTEL, "customer", {"code": "C1", "name": "Café des Arts"})
    second = add_party(admin, HOTEL, "customer", {"code": "C2", "name": "Bar des Arts"})
    confirm_name(admin, HOTEL, "customer", "C1", "CAFE DES ARTS MARSEILLE")
    confirm_name(admin, HOTEL, "customer", "C1", "Brasserie des Arts")
    confirm_name(admin, HOTEL, "customer", "C2", "BAR ARTS SARL")
    forget_indexes()
    return {"C1": first.id, "C2": second.id}  # type: ignore[dict-item]


def alias_names(ws: Workspace, code: str) -> list[str]:
    return [a.name for a in party_aliases(ws, HOTEL, "customer", code)]


def bound(screen: Any) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values()}


async def test_confirmed_names_show_and_x_removes_after_asking(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace], named: dict[str, int]) -> None:
    app = app_as("bob")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, named["C1"])
        assert "remove_alias" not in bound(screen)  # only in Règles
        await pilot.press("6")
        assert "remove_alias" in bound(screen)
        table = screen.query_one("#rules-aliases", DataTable)
        assert screen.focused is table
        rows = cell_texts(table)
        assert [r[:2] for r in rows] == [["CAFE DES ARTS MARSEILLE", "alice"], ["Brasserie des Arts", "alice"]]
        assert rows[0][2].count("/") == 2  # the day and time it was confirmed
        assert "Noms confirmés" in text_of(screen.query_one("#rules-aliases-title", Static))
        await pilot.press("down", "x")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        assert app.screen.question == "Retirer le nom « Brasserie des Arts » ?"  # type: ignore[attr-defined]
        await pilot.press("enter")  # Enter alone says no
        await wait_for(lambda: app.screen is screen)
        await pilot.pause(0.2)
        assert alias_names(seeded["alice"], "C1") == ["CAFE DES ARTS MARSEILLE", "Brasserie des Arts"]
        await pilot.press("x")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("o")
        await wait_for(lambda: table.row_count == 1)
        assert cell_texts(table)[0][0] == "CAFE DES ARTS MARSEILLE"
        assert notified(app, "Nom « Brasserie des Arts » retiré.")
    assert alias_names(seeded["alice"], "C1") == ["CAFE DES ARTS MARSEILLE"]


async def test_a_collaborator_sees_the_names_but_x_is_refused(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace], named: dict[str, int]) -> None:
    app = app_as("carol")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, named["C1"])
        await pilot.press("6")
        assert screen.query_one("#rules-aliases", DataTable).row_count == 2
        await pilot.press("x")
        await wait_for(lambda: notified(app, "Collaborateur"))
        assert app.screen is screen
    assert len(alias_names(seeded["alice"], "C1")) == 2


async def test_no_confirmed_name_says_how_they_come(app_as: Callable[[str], SaisieApp],
                                                    seeded: dict[str, Workspace]) -> None:
    party = add_party(seeded["alice"], HOTEL, "supplier", {"code": "F1", "name": "Moulins Réunis"})
    app = app_as("bob")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_record(app, pilot, party.id)  # type: ignore[arg-type]
        await pilot.press("6", "x")
        assert "Aucun nom confirmé" in text_of(screen.query_one("#rules-aliases-title", Static))
        await wait_for(lambda: notified(app, "ligne"))  # no row to remove: said, nothing asked
        assert app.screen is screen


async def test_merge_keeps_both_names_and_undo_gives_them_back(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace], named: dict[str, int]) -> None:
    admin = seeded["alice"]
    app = app_as("bob")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, named["C1"])
        await pilot.press("6")
        table = screen.query_one("#rules-aliases", DataTable)
        merge_parties(admin, HOTEL, named["C1"], Selection(ids=frozenset(named.values())))
        await pilot.press("r")
        await wait_for(lambda: table.row_count == 4)
        names = [r[0] for r in cell_texts(table)]
        assert {"BAR ARTS SARL", "Bar des Arts"} <= set(names)  # C2's confirmed name and its own
        target = next_undo(admin, HOTEL, anyone=False)
        assert target is not None
        undo_last(admin, HOTEL, target.entry_id)
        await pilot.press("r")
        await wait_for(lambda: table.row_count == 2)
        assert isinstance(app.screen, PartyRecordScreen)
    assert alias_names(admin, "C2") == ["BAR ARTS SARL"]


# ------------------------------------------------------------------- duplicates


@pytest.fixture
def twins(seeded: dict[str, Workspace]) -> dict[str, Workspace]:
    """The bakery's 30 customers, and two that are one company (a typo in the name)."""
    add_customers(seeded)
    for code, name in (("C31", "Dupont Plomberie SARL"), ("C32", "Dupond Plomberie SARL")):
        add_party(seeded["alice"], BAKERY, "customer", {"code": code, "name": name})
    forget_indexes()
    return seeded


def pair_texts(screen: DuplicatesScreen) -> list[str]:
    options = screen.query_one("#dup-pairs", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_duplicates_then_merge_a_pair_and_the_pairs_refresh(
        app_as: Callable[[str], SaisieApp], twins: dict[str, Workspace]) -> None:
    app = app_as("alice")
    app._start_dossier = BAKERY
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await open_list(app, pilot, total=32)
        await choose(app, pilot, "duplicates")
        await wait_for(lambda: isinstance(app.screen, DuplicatesScreen) and app.screen.pairs is not None)
        dups = app.screen
        assert isinstance(dups, DuplicatesScreen)
        texts = pair_texts(dups)
        assert len(texts) == 1 and "C31" in texts[0] and "C32" in texts[0]
        assert "dupond" in texts[0] and "dupont" in texts[0]  # the reason names the two words
        assert "1 paire probable" in text_of(dups.query_one("#dup-status", Static))
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, MergeScreen))
        await pilot.press("enter")  # C31 stays
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        assert app.screen.question == "Fusionner 1 client dans « Dupont Plomberie SARL » ?"  # type: ignore[attr-defined]
        await pilot.press("tab", "enter")
        await wait_for(lambda: app.screen is dups and dups.pairs == [] and not dups.searching)
        assert "Aucun doublon" in text_of(dups.query_one("#dup-status", Static))
        await wait_for(lambda: listing.total == 31)
        await pilot.press("escape")
        await wait_for(lambda: app.screen is listing)


async def test_duplicates_refused_to_a_collaborator(app_as: Callable[[str], SaisieApp],
                                                    twins: dict[str, Workspace]) -> None:
    app = app_as("carol")
    app._start_dossier = BAKERY
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await open_list(app, pilot, total=32)
        await choose(app, pilot, "duplicates")
        await wait_for(lambda: notified(app, "Collaborateur"))
        assert app.screen is listing


async def test_the_search_shows_progress_and_esc_closes_it_while_it_runs(
        app_as: Callable[[str], SaisieApp], twins: dict[str, Workspace], monkeypatch: pytest.MonkeyPatch) -> None:
    import books.matching.duplicates as duplicates

    release, stopped = threading.Event(), threading.Event()

    def slow(ws: Workspace, slug: str, kind: str, progress: Any = None) -> list[Any]:  # noqa: ARG001
        progress(25, 100)
        release.wait(10)
        try:
            progress(50, 100)
        except Exception:
            stopped.set()
            raise
        return []

    monkeypatch.setattr(duplicates, "find_duplicates", slow)
    app = app_as("alice")
    app._start_dossier = BAKERY
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_list(app, pilot, total=32)
        await choose(app, pilot, "duplicates")
        await wait_for(lambda: isinstance(app.screen, DuplicatesScreen))
        dups = app.screen
        bar = dups.query_one("#dup-bar", ProgressBar)
        await wait_for(lambda: bar.progress == 25)
        assert bar.total == 100 and "25 %" in text_of(dups.query_one("#dup-status", Static))
        await pilot.press("escape")  # the screen answers while the search runs
        await wait_for(lambda: app.screen is listing)
        release.set()
        await wait_for(stopped.is_set)  # and the search stops instead of running on


async def test_many_pairs_identifiers_first_and_the_next_after_a_merge(
        app_as: Callable[[str], SaisieApp], twins: dict[str, Workspace], monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.screens.parties.duplicates as screen_module

    for code, name in (("C33", "Plomberie Martin"), ("C34", "Martin Frères Sanitaire")):
        add_party(twins["alice"], BAKERY, "customer", {"code": code, "name": name, "siren": "443061841"})
    monkeypatch.setattr(screen_module, "SHOWN", 1)
    app = app_as("alice")
    app._start_dossier = BAKERY
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot, total=34)
        await choose(app, pilot, "duplicates")
        await wait_for(lambda: isinstance(app.screen, DuplicatesScreen) and app.screen.pairs is not None)
        dups = app.screen
        assert isinstance(dups, DuplicatesScreen)
        texts = pair_texts(dups)
        assert len(texts) == 1 and "C33" in texts[0] and "SIREN" in texts[0]  # the identifier first
        status = text_of(dups.query_one("#dup-status", Static))
        assert "2 paires probables" in status and "les 1 premières" in status
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, MergeScreen))
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("o")
        await wait_for(lambda: app.screen is dups and not dups.searching and dups.count == 1)
        assert "C31" in pair_texts(dups)[0]
