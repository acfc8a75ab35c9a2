"""The import screen: file, detection and mapping, preview, import and cancel (Pilot)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Select, Static

from books.exchange.result import ImportResult
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.parties.importer import PartyImportScreen

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"
SLUG = "boulangerie-dupre"


def _count(seeded, kind: str = "customer") -> int:  # type: ignore[no-untyped-def]
    from books.dossiers.service import get_dossier
    from store.parties.changes import count_parties

    ws = seeded["alice"]
    with ws.read() as session:
        return count_parties(session=session, dossier_id=get_dossier(ws, SLUG).id, kind=kind)


async def _open(app: SaisieApp, pilot, path: Path, results: list) -> PartyImportScreen:  # type: ignore[no-untyped-def]
    screen = PartyImportScreen(SLUG, "customer")
    app.push_screen(screen, results.append)
    await pilot.pause()
    screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await wait_for(lambda: screen.step == "mapping" or bool(_text(screen, "#import-error")))
    return screen


def _clients(folder: Path) -> Path:
    """The Windows-1252 customer fixture, copied as ``clients.csv`` into ``folder``."""
    path = folder / "clients.csv"
    shutil.copy(FIXTURES / "clients_cp1252.csv", path)
    return path


def _text(screen: PartyImportScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_mapping_preview_and_import(app_as: Callable[[str], SaisieApp], seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _clients(tmp_path)
    app = app_as("alice")
    results: list[ImportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, path, results)
        assert screen.step == "mapping"
        assert screen.query_one("#import-encoding", Select).value == "cp1252"
        assert screen.query_one("#import-delimiter", Select).value == ";"
        assert "3 ligne(s)" in _text(screen, "#import-detected")
        mapping = screen.current_mapping()
        assert mapping["Code client"] == "code" and mapping["Raison sociale"] == "name"
        screen.query_one("#map-0", Select).value = "ignore"  # no code: cannot start
        await pilot.press("ctrl+n")
        await wait_for(lambda: "Code" in _text(screen, "#import-error"))
        assert screen.step == "mapping"
        screen.query_one("#map-0", Select).value = "code"
        await pilot.press("ctrl+n")
        await wait_for(lambda: screen.step == "preview")
        counts = _text(screen, "#import-counts")
        assert "2 à créer" in counts and "1 rejeté" in counts
        assert "ligne 4" in _text(screen, "#import-rejected")
        await pilot.press("ctrl+n")
        await wait_for(lambda: bool(results))
    assert results[0] is not None and results[0].created == 2
    assert _count(seeded) == 2


async def test_cancel_at_preview_writes_nothing(app_as: Callable[[str], SaisieApp], seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _clients(tmp_path)
    app = app_as("alice")
    results: list[ImportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, path, results)
        await pilot.press("ctrl+n")
        await wait_for(lambda: screen.step == "preview")
        await pilot.press("escape")
        assert screen.step == "mapping"
        await pilot.press("ctrl+x")
        await wait_for(lambda: bool(results))
    assert results == [None]
    assert _count(seeded) == 0


async def test_bad_file_and_changed_delimiter(app_as: Callable[[str], SaisieApp], seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "liste.csv"
    pdf.write_bytes(b"%PDF-1.7\n")
    app = app_as("alice")
    results: list[ImportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, pdf, results)
        assert screen.step == "file" and "PDF" in _text(screen, "#import-error")
        tab = tmp_path / "f.txt"
        shutil.copy(FIXTURES / "fournisseurs_tab.txt", tab)
        screen.query_one("#import-path", Input).value = str(tab)
        screen.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        await wait_for(lambda: screen.step == "mapping")
        assert screen.query_one("#import-delimiter", Select).value == "\t"
        screen.query_one("#import-delimiter", Select).value = ";"
        await wait_for(lambda: screen.prepared is not None and screen.prepared.table.delimiter == ";")
        assert len(screen.prepared.table.header) == 1


def test_path_completion_offers_folders_and_csv_files(tmp_path: Path) -> None:
    from tui.widgets.path_suggester import suggest_path

    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "clients 2026.CSV").write_text("x")
    (tmp_path / "exports" / "notes.pdf").write_text("x")
    (tmp_path / ".cache").mkdir()
    base = f"{tmp_path}/"
    assert suggest_path(base, (".csv", ".txt")) == f"{tmp_path}/exports/"
    assert suggest_path(f"{tmp_path}/exports/", (".csv", ".txt")) == f"{tmp_path}/exports/clients 2026.CSV"
    assert suggest_path(f"{tmp_path}/exports/n", (".csv", ".txt")) is None
    assert suggest_path(f"{tmp_path}/.c", (".csv",)) == f"{tmp_path}/.cache/"
    assert suggest_path(f"{tmp_path}/nowhere/x", (".csv",)) is None
    assert suggest_path("", (".csv",)) is None


async def test_typing_a_path_completes_it_with_right(app_as: Callable[[str], SaisieApp], seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(FIXTURES / "clients_cp1252.csv", tmp_path / "clients.csv")
    app = app_as("alice")
    results: list[ImportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = PartyImportScreen(SLUG, "customer")
        app.push_screen(screen, results.append)
        await pilot.pause()
        field = screen.query_one("#import-path", Input)
        field.value = f"{tmp_path}/cl"
        field.cursor_position = len(field.value)
        await wait_for(lambda: field._suggestion == f"{tmp_path}/clients.csv")
        await pilot.press("right", "enter")
        await wait_for(lambda: screen.step == "mapping")
        assert field.value == f"{tmp_path}/clients.csv"


async def test_mapping_saved_to_and_loaded_from_toml(app_as: Callable[[str], SaisieApp], seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from books.exchange.mapping import load_toml
    from tui.screens.ask import AskScreen

    path = _clients(tmp_path)
    app = app_as("alice")
    results: list[ImportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, path, results)
        screen.query_one("#map-16", Select).value = "custom"  # "Agence" kept as a custom field
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, AskScreen))
        assert app.screen.query_one(Input).value == str(tmp_path / "clients.mapping.toml")
        await pilot.press("enter")
        await wait_for(lambda: (tmp_path / "clients.mapping.toml").exists())
        saved, encoding, delimiter = load_toml(tmp_path / "clients.mapping.toml")
        assert saved["Agence"] == "custom" and saved["Code client"] == "code"
        assert (encoding, delimiter) == ("cp1252", ";")
        screen.query_one("#map-16", Select).value = "ignore"
        await pilot.press("ctrl+o")
        await wait_for(lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"clients.m")
        ask = app.screen.query_one(Input)
        await wait_for(lambda: ask._suggestion.endswith("clients.mapping.toml"))
        await pilot.press("right", "enter")
        await wait_for(lambda: "chargée de clients.mapping.toml" in _text(screen, "#import-detected"))
        assert screen.current_mapping()["Agence"] == "custom"
        await pilot.press("ctrl+o")
        await wait_for(lambda: isinstance(app.screen, AskScreen))
        (tmp_path / "broken.toml").write_text("columns = [", encoding="utf-8")
        await pilot.press(*"broken.toml", "enter")
        await wait_for(lambda: "broken.toml" in _text(screen, "#import-error"))
        assert screen.step == "mapping" and screen.current_mapping()["Agence"] == "custom"


async def test_rejected_rows_are_saved_for_the_client(app_as: Callable[[str], SaisieApp], seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    from tui.screens.ask import AskScreen

    path = _clients(tmp_path)
    app = app_as("alice")
    results: list[ImportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, path, results)
        await pilot.press("ctrl+n")
        await wait_for(lambda: screen.step == "preview")
        assert screen.focused is screen.query_one("#import-rejections")
        await pilot.press("ctrl+e")
        await wait_for(lambda: isinstance(app.screen, AskScreen))
        assert app.screen.query_one(Input).value == str(tmp_path / "clients.rejets.csv")
        await pilot.press("enter")
        await wait_for(lambda: (tmp_path / "clients.rejets.csv").exists())
    with (tmp_path / "clients.rejets.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:3] == ["Ligne", "Motif du rejet", "Code client"]
    assert rows[1][0] == "4" and "SIREN" in rows[1][1] and rows[1][4] == "123456789"
    assert len(rows) == 2
    assert _count(seeded) == 0  # saving the rejections imports nothing
