"""The chart of accounts screen and the FEC export, from the dossier screen: every key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from books.inbox import review
from books.ledger.chart import list_accounts
from tests.books.ledger_cases import CASES, SLUG, insert_case, make_dossier
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.ask import AskScreen
from tui.screens.dossier import DossierScreen
from tui.screens.help import HelpScreen
from tui.screens.ledger.accounts import AccountsScreen
from tui.screens.ledger.fec_export import FecExportScreen, fiscal_year


async def _open_accounts(app: SaisieApp, pilot) -> AccountsScreen:  # type: ignore[no-untyped-def]
    await wait_for(lambda: isinstance(app.screen, DossierScreen) and bool(app.screen.details))
    await pilot.press("p")
    await wait_for(lambda: isinstance(app.screen, AccountsScreen) and bool(app.screen.rows))
    assert isinstance(app.screen, AccountsScreen)
    return app.screen


async def _answer(app: SaisieApp, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await wait_for(lambda: isinstance(app.screen, AskScreen))
    app.screen.query_one("#ask", Input).value = text
    await pilot.press("enter")


async def test_accounts_keys(app_as: Callable[[str], SaisieApp], seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = "boulangerie-dupre"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_accounts(app, pilot)
        table = screen.query_one("#accounts", DataTable)
        assert table.row_count == len(screen.rows) >= 60
        await pilot.press("n")
        await _answer(app, pilot, "622700 Frais d'actes")
        await wait_for(lambda: any(r.number == "622700" for r in screen.rows))
        screen.query_one("#accounts", DataTable).move_cursor(
            row=[r.number for r in screen.rows].index("622700"))
        await pilot.press("e")
        await wait_for(lambda: isinstance(app.screen, AskScreen))
        assert app.screen.query_one("#ask", Input).value == "Frais d'actes"
        await _answer(app, pilot, "Frais d'actes et contentieux")
        await wait_for(lambda: any(r.label == "Frais d'actes et contentieux" for r in screen.rows))
        await pilot.press("enter")  # enter renames too
        await _answer(app, pilot, "Frais d'actes")
        await wait_for(lambda: any(r.label == "Frais d'actes" for r in screen.rows))
        chart = tmp_path / "plan.csv"
        chart.write_text("6061;Eau et énergie\n", encoding="utf-8")
        await pilot.press("i")
        await _answer(app, pilot, str(chart))
        await wait_for(lambda: any(r.number == "6061" for r in screen.rows))
        await pilot.press("n")
        await _answer(app, pilot, "X1 Mauvais")
        await wait_for(lambda: any("X1" in n.message for n in app._notifications))
        await pilot.press("r")
        await pilot.press("question_mark")
        await wait_for(lambda: isinstance(app.screen, HelpScreen))
        keys = app.screen.query_one("#keys", DataTable)
        labels = [str(keys.get_row_at(i)[1]) for i in range(keys.row_count)]
        assert {"Ajouter", "Renommer", "Importer", "Retour", "Actualiser"} <= set(labels)
        await pilot.press("escape")
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
    numbers = {a.number: a for a in list_accounts(seeded["alice"], "boulangerie-dupre")}
    assert numbers["622700"].label == "Frais d'actes" and numbers["6061"].origin == "import"


async def test_a_collaborator_sees_the_chart_and_is_told_why_not_to_change_it(
        app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as("carol")
    app._start_dossier = "boulangerie-dupre"
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_accounts(app, pilot)
        for key in ("n", "e", "i"):
            await pilot.press(key)
            assert isinstance(app.screen, AccountsScreen)
        assert sum("plan comptable" in n.message for n in app._notifications) == 3


async def test_fec_export_from_the_dossier(app_as: Callable[[str], SaisieApp], seeded,  # type: ignore[no-untyped-def]
                                           tmp_path: Path) -> None:
    dossier_id, parties = make_dossier(seeded["alice"])
    ids = [insert_case(seeded["alice"], dossier_id, parties, case, n)
           for n, case in enumerate(CASES[:3])]
    review.publish(seeded["alice"], ids)
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen) and bool(app.screen.details))
        await pilot.press("f")
        await wait_for(lambda: isinstance(app.screen, FecExportScreen))
        screen = app.screen
        await wait_for(lambda: screen.query_one("#fec-to", Input).value == "31/12/2026")
        assert screen.query_one("#fec-from", Input).value == "01/01/2026"
        screen.query_one("#fec-folder", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        await wait_for(lambda: "SHA-256" in str(screen.query_one("#fec-result", Static).render()))
        assert (tmp_path / "552100554FEC20261231.txt").exists()
        (tmp_path / "552100554FEC20261231.txt").unlink()
        screen.query_one("#fec-from", Input).value = "2026-01-01"  # ISO dates are taken too
        await pilot.press("ctrl+s")
        await wait_for(lambda: (tmp_path / "552100554FEC20261231.txt").exists())
        await wait_for(lambda: not screen.running)
        screen.query_one("#fec-to", Input).value = "31/02/2026"
        await pilot.press("ctrl+s")
        await wait_for(lambda: "28 jours" in str(screen.query_one("#fec-result", Static).render()))
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DossierScreen))


def test_the_fiscal_year_of_a_closing_date() -> None:
    from datetime import date

    assert fiscal_year(date(2026, 12, 31)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert fiscal_year(date(2026, 6, 30)) == (date(2025, 7, 1), date(2026, 6, 30))
    assert fiscal_year(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))


def test_accounts_screen_snapshot(snap_compare, app_as: Callable[[str], SaisieApp]) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = "boulangerie-dupre"

    async def opened(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open_accounts(app, pilot)
        await pilot.pause(0.3)  # let key bars and focus settle before the picture

    assert snap_compare(app, terminal_size=(120, 40), run_before=opened)
