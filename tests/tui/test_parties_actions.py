"""Actions on the list's selection: delete (and its documents), merge, undo, groups,
archive, rename in place, the form (add, validation, conflict), connected dossiers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update
from textual.widgets import Input, OptionList, Static

from books.context import Workspace
from books.parties.changes import get_party_by_id, party_groups, update_party
from store.models import Document, Dossier, Party
from tests.tui.conftest import wait_for
from tests.tui.test_parties_list import SLUG, add_customers, open_list
from tui.app import SaisieApp
from tui.screens.ask import AskScreen
from tui.screens.parties.actions import ActionsMenu, MergeScreen, menu_entries
from tui.screens.parties.form import PartyFormScreen
from tui.screens.parties.listing import PartiesScreen
from tui.screens.safe_confirm import SafeConfirmScreen


@pytest.fixture
def listed(seeded: dict[str, Workspace]) -> dict[str, Workspace]:
    """The seeded app data with 30 customers in the bakery's dossier."""
    return add_customers(seeded)


def party_id(ws: Workspace, code: str) -> int:
    with ws.read() as session:
        return session.execute(select(Party.id).where(Party.code == code)).scalar_one()


@pytest.fixture
def with_documents(listed: dict[str, Workspace]) -> dict[str, Workspace]:
    """C01 has one published and one unpublished sales invoice."""
    from store.documents import insert_many

    ws = listed["alice"]
    c01 = party_id(ws, "C01")
    with ws.transaction() as session:
        dossier_id = session.execute(select(Dossier.id).where(Dossier.slug == SLUG)).scalar_one()
        now = datetime(2026, 11, 20, tzinfo=UTC)
        insert_many(session=session, rows=[
            {"dossier_id": dossier_id, "direction": "sale", "status": status, "party_id": c01,
             "party_name_detected": "Client 01", "file_hash": f"h{status}", "imported_at": now,
             "stored_path": f"x/{status}", "original_name": f"{status}.xml", "format": "ubl",
             "published_at": now if status == "published" else None}
            for status in ("published", "review")
        ])
    return listed


def links(ws: Workspace) -> dict[str, int | None]:
    with ws.read() as session:
        return dict(iter(session.execute(select(Document.status, Document.party_id)).all()))


async def choose(app: SaisieApp, pilot, action: str) -> None:  # type: ignore[no-untyped-def]
    """Open the Actions menu and pick one."""
    await pilot.press("a")
    await wait_for(lambda: isinstance(app.screen, ActionsMenu))
    menu = app.screen.query_one(OptionList)
    menu.highlighted = menu_entries().index(action)
    await pilot.press("enter")


def status(screen: PartiesScreen) -> str:
    return str(screen.query_one("#parties-status", Static).render())


async def test_delete_asks_keeps_parties_with_documents_then_undo(app_as: Callable[[str], SaisieApp], with_documents) -> None:  # type: ignore[no-untyped-def]
    ws = with_documents["alice"]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        assert screen.table.current.documents == 2
        await pilot.press("space", "space", "space", "delete")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        assert app.screen.question == "Supprimer 2 clients ?"
        assert app.screen.detail.startswith("Client 02, Client 03\n")  # those deleted
        assert "1 client a des pièces et sera gardé (Client 01) : archivez-le plutôt" in app.screen.detail
        await pilot.press("enter")  # a stray Enter: the focused button is "Non"
        await wait_for(lambda: not isinstance(app.screen, SafeConfirmScreen))
        await pilot.pause(0.2)
        assert screen.total == 30 and screen.selected == 3
        await pilot.press("delete")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("o")
        await wait_for(lambda: screen.total == 28 and screen.selected == 0)
        assert any("gardé(s) car ils ont des pièces (Client 01)" in n.message for n in app._notifications)
        assert links(ws) == {"published": party_id(ws, "C01"), "review": party_id(ws, "C01")}
        await pilot.press("u")
        await wait_for(lambda: screen.total == 30)
        assert any("Annulé" in n.message for n in app._notifications)


async def test_merge_picks_the_one_that_stays_and_undo(app_as: Callable[[str], SaisieApp], with_documents) -> None:  # type: ignore[no-untyped-def]
    ws = with_documents["alice"]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("space", "space")
        await choose(app, pilot, "merge")
        await wait_for(lambda: isinstance(app.screen, MergeScreen))
        await pilot.press("down", "enter")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        assert app.screen.question == "Fusionner 1 client dans « Client 02 » ?"
        await pilot.press("enter")  # Enter alone: no merge
        await wait_for(lambda: app.screen is screen)
        await pilot.pause(0.2)
        assert screen.total == 30
        await choose(app, pilot, "merge")
        await wait_for(lambda: isinstance(app.screen, MergeScreen))
        await pilot.press("down", "enter")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("tab", "enter")  # the explicit choice: the yes button
        await wait_for(lambda: screen.total == 29)
        kept = party_id(ws, "C02")
        assert links(ws) == {"published": kept, "review": kept}
        await pilot.press("u")
        await wait_for(lambda: screen.total == 30)
        assert links(ws)["review"] == party_id(ws, "C01")


async def test_archive_all_matching_groups_and_restore(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    ws = listed["alice"]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("space", "space")
        await choose(app, pilot, "group_add")
        await wait_for(lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"Export", "enter")
        await wait_for(lambda: party_groups(ws, party_id(ws, "C02")) == ["Export"])
        await wait_for(lambda: screen.table.cache.row(0).groups == ("Export",))
        await pilot.press("slash", *"paris", "enter", "plus")
        await choose(app, pilot, "archive")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        assert app.screen.question == "Archiver 12 clients ?"  # 2 ticked before + 10 in Paris
        await pilot.press("y")
        await wait_for(lambda: screen.total == 0)
        await pilot.press("h")
        await wait_for(lambda: screen.total == 10)
        await pilot.press("plus")
        await choose(app, pilot, "restore")
        await wait_for(lambda: any("restauré" in n.message for n in app._notifications))
        await pilot.press("h")
        await wait_for(lambda: screen.total == 10 and not screen.show_archived)


async def test_export_selection(app_as: Callable[[str], SaisieApp], listed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    target = tmp_path / "out.csv"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot)
        await pilot.press("space", "space")
        await choose(app, pilot, "export")
        await wait_for(lambda: isinstance(app.screen, AskScreen))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(lambda: target.exists())
    text = target.read_text(encoding="utf-8-sig")
    assert "C01" in text and "C02" in text and "C03" not in text


async def test_rename_in_place_enter_saves_escape_cancels(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    ws = listed["alice"]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("r")
        editor = screen.query_one("#rename", Input)
        assert editor.value == "Client 01"
        await pilot.press("ctrl+u", *"Alpha", "enter")
        await wait_for(lambda: get_party_by_id(ws, party_id(ws, "C01")).name == "Alpha")
        await wait_for(lambda: screen.table.cache.row(0).name == "Alpha")
        await pilot.press("down", "r", "x", "escape")
        await pilot.pause()
        assert not screen.query("#rename")
        assert get_party_by_id(ws, party_id(ws, "C02")).name == "Client 02"


async def test_connected_dossier_refuses_rename_and_delete(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    ws = listed["alice"]
    with ws.transaction() as session:
        session.execute(update(Dossier).where(Dossier.slug == SLUG).values(accounting_software="Sage"))
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot)
        for key in ("r", "delete"):
            app._notifications.clear()
            await pilot.press(key)
            await pilot.pause()
            assert any("connecté à Sage" in n.message for n in app._notifications), key
        await pilot.press("e")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        await wait_for(lambda: form.locked is not None)
        assert form.query_one("#f-name", Input).disabled
        form.query_one("#f-city", Input).value = "Dijon"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen))
    assert get_party_by_id(ws, party_id(ws, "C01")).city == "Dijon"


async def test_form_adds_validates_and_reports_conflicts(app_as: Callable[[str], SaisieApp], listed, workspaces) -> None:  # type: ignore[no-untyped-def]
    ws = listed["alice"]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        for name, value in (("code", "C01"), ("name", "Nouveau"), ("siren", "123")):
            form.query_one(f"#f-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await wait_for(lambda: "SIREN" in str(form.query_one("#form-error", Static).render()))
        form.query_one("#f-siren", Input).value = "732 829 320"
        await pilot.press("ctrl+s")
        await wait_for(lambda: "déjà utilisé" in str(form.query_one("#form-error", Static).render()))
        form.query_one("#f-code", Input).value = "N01"
        form.query_one("#f-groups", Input).value = "Export, VIP"
        await pilot.press("ctrl+s")
        await wait_for(lambda: screen.total == 31 and isinstance(app.screen, PartiesScreen))
        assert party_groups(ws, party_id(ws, "N01")) == ["Export", "VIP"]
        await pilot.press("home", "e")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        await wait_for(lambda: form.query_one("#f-name", Input).value == "Client 01")
        other = workspaces("alice")
        c01 = get_party_by_id(other, party_id(ws, "C01"))
        update_party(other, c01.id, {"city": "Brest"}, c01.version)
        form.query_one("#f-name", Input).value = "Client Un"
        await pilot.press("ctrl+s")
        await wait_for(lambda: "quelqu'un d'autre" in str(form.query_one("#form-error", Static).render()))
        assert "Brest" in str(form.query_one("#form-error", Static).render())
        assert isinstance(app.screen, PartyFormScreen)
        await pilot.press("escape")
    assert get_party_by_id(ws, party_id(ws, "C01")).name == "Client 01"
