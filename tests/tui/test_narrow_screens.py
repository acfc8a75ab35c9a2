"""At 80x24: the footer keeps the keys that matter (whole) and ``?``; the
title keeps who you are; the dossiers' columns keep their dates."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable

from books.i18n import set_language
from tests.tui.conftest import wait_for
from tests.tui.test_parties_list import SLUG, listed, open_list  # noqa: F401 (fixture)
from tui.app import SaisieApp
from tui.screens.home import HomeScreen
from tui.widgets.contextbar import ContextBar, shorten
from tui.widgets.keybar import KeyBar, footer_entries


def footer(app: SaisieApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_home_footer_keeps_the_main_keys_and_help_at_80_columns(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(80, 24)):
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
        await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count == 3)
        entries = footer_entries(app.screen, 80)
        assert sum(entry.width for entry in entries) <= 80
        assert [e.binding_id for e in entries][:4] == ["open", "filter", "new_dossier", "manage"]
        assert entries[-1].binding_id == "help"
        text = footer(app)
        assert "…" not in text and text.rstrip().endswith("?  Aide")
        wide = footer_entries(app.screen, 200)
        assert {e.binding_id for e in wide} >= {"archive", "toggle_archived", "quit", "palette", "help"}


async def test_dossiers_table_keeps_the_activity_column_whole(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(80, 24)):
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
        table = app.screen.query_one("#dossiers", DataTable)
        await wait_for(lambda: table.row_count == 3)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels[-1] == "Dernière activité"
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= 80
        assert str(table.get_row_at(0)[3]).startswith("20/11/2026 ")


async def test_title_keeps_the_user_whole(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(80, 24)):
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
        app.firm_name = "Cabinet d'expertise comptable Lefèvre, Martin, Rousseau & Associés"
        bar = app.screen.query_one(ContextBar)
        bar.dossier = "Distribution Nationale Alimentaire du Grand Ouest"
        bar.refresh_text()
        text = str(bar.render())
        user = app.workspace.user
        assert text.endswith(f"│ {user.name or user.login} (Administrateur)")
        assert "│ Distribution" in text and "…" in text
        assert len(text) <= 80


def test_shorten_cuts_with_an_ellipsis() -> None:
    assert shorten("Boulangerie", 20) == "Boulangerie"
    assert shorten("Boulangerie Dupré", 8) == "Boulang…"
    assert shorten("Boulangerie", 1) == ""


async def test_list_footer_at_80_columns_in_english(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    set_language("en")
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        text = footer(app)
        assert "Espace" not in text and "Suppr" not in text
        assert text.lstrip().startswith("space") and "…" not in text
        assert text.rstrip().endswith("?  Help")
        wide = " ".join(f"{e.key} {e.label}" for e in footer_entries(screen, 300))
        assert "del Delete" in wide and "esc" in wide


def test_import_column_labels_keep_the_header_and_whole_samples_first() -> None:
    from tui.screens.parties.importer import column_label

    assert column_label("CP", ["75002", "13002"], 27) == "CP (75002, 13002)"
    assert column_label("SIREN", ["732829320", "123456789"], 27) == "SIREN (732829320)"
    assert column_label("Raison sociale", ["Boulangerie Dupré"], 27) == "Raison sociale (Boulanger…)"
    assert column_label("Une très longue colonne sans fin", ["x"], 27) == "Une très longue colonne sa…"
    assert column_label("Nom", [], 27) == "Nom"


def test_record_values_wrap_instead_of_being_cut() -> None:
    from rich.console import Console

    from tui.widgets.record_sections import grid

    table = grid("label", "value")
    table.add_row("Email", "comptabilite.fournisseurs@boulangerie-dupre-et-fils.fr")
    console = Console(width=40, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(table)
    text = console.export_text()
    assert "…" not in text
    assert "".join(line[6:].strip() for line in text.splitlines()) == (
        "comptabilite.fournisseurs@boulangerie-dupre-et-fils.fr")


def test_dossier_names_give_way_after_the_sector() -> None:
    from tui.screens.home import fit_columns

    assert fit_columns([34, 24, 10, 17], 100) == [34, 24, 10, 17]
    assert fit_columns([34, 24, 10, 17], 70) == [34, 9, 10, 17]  # 80 columns: names whole
    assert fit_columns([34, 24, 10, 17], 50) == [15, 8, 10, 17]
