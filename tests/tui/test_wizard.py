"""Ajouter un client: every step and branch of the wizard."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import SelectionList, Static

from books.dossiers.service import access_logins, dossier_details, list_dossiers
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.created import CreatedScreen
from tui.screens.home import HomeScreen
from tui.screens.unsaved import DiscardQuestion
from tui.screens.wizard import NewDossierWizard


def wizard(app: SaisieApp) -> NewDossierWizard:
    assert isinstance(app.screen, NewDossierWizard)
    return app.screen


def error_text(app: SaisieApp) -> str:
    return str(app.screen.query_one("#wizard-error", Static).render())


async def test_cancel_creates_nothing(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        assert wizard(app).step == "company"
        await pilot.press(*"Temporaire", "enter")
        assert wizard(app).step == "access"
        await pilot.press("ctrl+x")  # a name was typed: asked first
        await wait_for(lambda: isinstance(app.screen, DiscardQuestion))
        await pilot.press("o")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n", "escape")  # escape on the first step cancels too
        assert isinstance(app.screen, HomeScreen)
    assert len(list_dossiers(seeded["alice"])) == 3


async def test_name_is_checked_on_the_first_step(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "enter")
        assert wizard(app).step == "company"
        assert "obligatoire" in error_text(app)
        app.screen.query_one("#name").value = "x" * 300  # type: ignore[attr-defined]
        await pilot.press("ctrl+n")
        assert wizard(app).step == "company"
        assert "120 caractères" in error_text(app)


async def test_skip_invitation_with_access(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Cave Leroy", "enter")
        assert wizard(app).step == "access"
        selection = app.screen.query_one("#collaborators", SelectionList)
        await pilot.press("a")
        assert len(selection.selected) == 2
        await pilot.press("a")
        assert selection.selected == []
        await pilot.press("space")  # first collaborator: bob
        await pilot.press("ctrl+n")
        assert wizard(app).step == "invite"
        await pilot.press("ctrl+n")
        assert wizard(app).step == "confirm"
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, CreatedScreen))
        created = app.screen.created  # type: ignore[attr-defined]
        assert created.invitation is None
        assert created.dossier.inbox_path in str(app.screen.query_one("#inbox", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    assert access_logins(seeded["alice"], "cave-leroy") == ["alice", "bob"]


async def test_invite_now_shows_the_text_to_copy(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Pharmacie Roux", "enter", "ctrl+n")
        assert wizard(app).step == "invite"
        await pilot.press("space", "tab", *"Anne Roux", "tab", *"anne@roux.fr", "enter")
        assert wizard(app).step == "confirm"
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "anne@roux.fr" in summary and "sera invité" in summary
        await pilot.press("escape")
        assert wizard(app).step == "invite"
        await pilot.press("ctrl+n", "enter")
        await wait_for(lambda: isinstance(app.screen, CreatedScreen))
        assert "Bonjour Anne Roux" in str(app.screen.query_one("#invitation Static", Static).render())
        await pilot.press("c")
        assert any("copiée" in n.message for n in app._notifications)
    assert dossier_details(seeded["alice"], "pharmacie-roux")["invitation"]["to_email"] == "anne@roux.fr"


async def test_invitation_needs_name_and_email(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Sans Contact", "enter", "ctrl+n", "space", "ctrl+n")
        assert wizard(app).step == "invite"
        assert "obligatoires" in error_text(app)


async def test_duplicate_email_offers_an_additional_dossier(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Dupré Traiteur", "enter", "ctrl+n", "tab", "tab", *"contact@boul.fr", "enter")
        assert wizard(app).step == "confirm"
        assert "Boulangerie Dupré" in str(app.screen.query_one("#conflict", Static).render())
        assert not app.screen.query_one("#create").display
        await pilot.press("enter")  # "create an additional dossier" has the focus
        await wait_for(lambda: isinstance(app.screen, CreatedScreen))
    assert "dupre-traiteur" in [e.row.slug for e in list_dossiers(seeded["alice"])]


async def test_duplicate_email_can_be_cancelled(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Dupré Traiteur", "enter", "ctrl+n", "tab", "tab", *"contact@boul.fr", "enter")
        assert wizard(app).step == "confirm"
        await pilot.press("ctrl+x")
        await wait_for(lambda: isinstance(app.screen, DiscardQuestion))
        await pilot.press("o")
        assert isinstance(app.screen, HomeScreen)
    assert len(list_dossiers(seeded["alice"])) == 3


async def test_access_step_is_skipped_without_other_collaborators(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tui.app import make_app

    app = make_app(admin.settings, admin)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Seul", "enter")
        assert wizard(app).step == "invite"
        assert "2/3" in str(app.screen.query_one("#wizard-title", Static).render())
