"""The review workflow on screen (issue 17): who publishes in the dossier settings, ⏎
marking reviewed for a collaborator where only team leads and admins publish, moving a
document back "à classer" from the document view and from the list, and the list's
"mark reviewed" with its undo."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, Select, Static

from books.context import Workspace
from books.dossiers.service import edit_dossier, get_dossier, set_access
from books.inbox.documents import get_document
from tests.tui.conftest import wait_for
from tests.tui.test_document_view import SLUG, make_inbox, open_view, shown
from tests.tui.test_inbox_list import SLUG as BAKERY
from tests.tui.test_inbox_list import add_documents, open_inbox
from tests.tui.test_party_record import notified, text_of
from tui.app import SaisieApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.home import HomeScreen
from tui.screens.inbox.list_dialogs import ChoiceScreen


async def test_the_settings_form_sets_who_publishes(app_as: Callable[[str], SaisieApp],
                                                    seeded: dict[str, Workspace]) -> None:
    from tests.tui.test_dossier_screens import open_settings

    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        select = screen.query_one("#f-publishers", Select)
        assert select.value == "all"
        select.value = "leads"
        screen.query_one("#f-name", Input).focus()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
    assert get_dossier(seeded["alice"], "boulangerie-dupre").publishers == "leads"


async def test_enter_marks_reviewed_for_a_collaborator_where_leads_publish(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    admin = seeded["alice"]
    ids = make_inbox(admin)
    set_access(admin, SLUG, ["carol"])
    edit_dossier(admin, SLUG, {"publishers": "leads"})
    app = app_as("carol")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, ids)
        await pilot.press("enter")
        await wait_for(lambda: get_document(admin, ids[0]).status == "reviewed")
        await wait_for(lambda: shown(screen) == ids[1])  # on to the next needing a person
        await wait_for(lambda: notified(app, "vérifiée : elle attend un chef d'équipe"))
        assert "1 vérifiée(s) ici" in text_of(screen.query_one("#view-title", Static))
        await pilot.press("p")
        await wait_for(lambda: shown(screen) == ids[0])
        await pilot.press("enter")  # reviewed already: said, nothing else
        await wait_for(lambda: notified(app, "déjà vérifiée"))
    app = app_as("alice")  # an admin publishes what was reviewed
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, ids)
        await pilot.press("enter")
        await wait_for(lambda: get_document(admin, ids[0]).status == "published")


async def test_m_moves_a_document_back_to_file(app_as: Callable[[str], SaisieApp],
                                               seeded: dict[str, Workspace]) -> None:
    admin = seeded["alice"]
    ids = make_inbox(admin)
    app = app_as("alice")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(app, pilot, ids)
        await pilot.press("m")
        await wait_for(lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("end", "enter")  # À classer, the last choice
        await wait_for(lambda: get_document(admin, ids[0]).dossier_id is None)
        await wait_for(lambda: shown(screen) == ids[1] and len(screen.document_ids) == 3)
        assert get_document(admin, ids[0]).flags == ["unassigned"]


async def test_the_list_marks_reviewed_moves_back_to_file_and_undoes(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    add_documents(seeded["alice"])
    app = app_as("carol")
    app._start_dossier = BAKERY
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        first = screen.table.current.id
        await pilot.press("a")
        await wait_for(lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("end", "up", "enter")  # Marquer vérifiées
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(lambda: get_document(app.workspace, first).status == "reviewed")
        await pilot.press("u")
        await wait_for(lambda: get_document(app.workspace, first).status == "review")
        await pilot.press("a")
        await wait_for(lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("down", "down", "down", "enter")  # Déplacer
        await wait_for(lambda: isinstance(app.screen, ChoiceScreen)
                       and "Déplacer vers" in app.screen.title_text)
        await pilot.press("end", "enter")  # À classer
        await wait_for(lambda: screen.total == 19, timeout=20)
        assert get_document(app.workspace, first).dossier_id is None
        await pilot.press("u")
        await wait_for(lambda: screen.total == 20)
        assert get_document(app.workspace, first).dossier_slug == BAKERY


async def test_u_undoes_the_views_assign_review_and_move(app_as: Callable[[str], SaisieApp],
                                                         seeded: dict[str, Workspace]) -> None:
    from textual.widgets import OptionList

    from books.matching.service import party_aliases
    from tui.screens.inbox.document import DocumentScreen
    from tui.screens.inbox.party_pick import PartyPickScreen

    admin = seeded["alice"]
    ids = make_inbox(admin)
    set_access(admin, SLUG, ["carol"])
    edit_dossier(admin, SLUG, {"publishers": "leads"})
    app = app_as("carol")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, ids, 1)  # F-2: its party unknown
        await pilot.press("u")
        await wait_for(lambda: notified(app, "Rien à annuler ici"))
        await pilot.press("c")
        await wait_for(lambda: isinstance(app.screen, PartyPickScreen))
        options = app.screen.query_one(OptionList)
        await pilot.press(*"dupont")
        await wait_for(lambda: options.option_count >= 1 and options.get_option_at_index(0).id == "F001")
        await pilot.press("enter")
        await wait_for(lambda: get_document(admin, ids[1]).party_code == "F001")
        await wait_for(lambda: isinstance(app.screen, DocumentScreen))
        assert [a.name for a in party_aliases(admin, SLUG, "supplier", "F001")] == ["Société Inconnue SAS"]
        await pilot.press("u")  # the party and the name it taught both go
        await wait_for(lambda: get_document(admin, ids[1]).party_id is None)
        await wait_for(lambda: party_aliases(admin, SLUG, "supplier", "F001") == [])
        await wait_for(lambda: notified(app, "« tiers attribué » annulé"))
        await pilot.press("p")
        await wait_for(lambda: shown(screen) == ids[0])
        await pilot.press("enter")
        await wait_for(lambda: get_document(admin, ids[0]).status == "reviewed")
        await pilot.press("u")
        await wait_for(lambda: get_document(admin, ids[0]).status == "review")
        await wait_for(lambda: shown(screen) == ids[0])
        assert "vérifiée(s) ici" not in text_of(screen.query_one("#view-title", Static))
        await pilot.press("m")
        await wait_for(lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("end", "enter")
        await wait_for(lambda: get_document(admin, ids[0]).dossier_id is None)
        await wait_for(lambda: ids[0] not in screen.document_ids)
        await pilot.press("u")  # back in its dossier, and in the view's list
        await wait_for(lambda: get_document(admin, ids[0]).dossier_slug == SLUG)
        await wait_for(lambda: shown(screen) == ids[0] and len(screen.document_ids) == 4)


async def test_u_after_publishing_keeps_the_document_and_its_name(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    from textual.widgets import OptionList

    from books.matching.service import party_aliases
    from tui.screens.inbox.document import DocumentScreen
    from tui.screens.inbox.party_pick import PartyPickScreen

    admin = seeded["alice"]
    ids = make_inbox(admin)
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, ids, 1)
        await pilot.press("c")
        await wait_for(lambda: isinstance(app.screen, PartyPickScreen))
        options = app.screen.query_one(OptionList)
        await pilot.press(*"dupont")
        await wait_for(lambda: options.option_count >= 1 and options.get_option_at_index(0).id == "F001")
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, DocumentScreen)
                       and screen.view is not None and screen.view.party.known)
        await pilot.press("enter")
        await wait_for(lambda: get_document(admin, ids[1]).status == "published")
        await pilot.press("u")
        await wait_for(lambda: notified(app, "publiée, supprimée ou modifiée par quelqu'un d'autre depuis"))
        assert get_document(admin, ids[1]).party_code == "F001"
        assert [a.name for a in party_aliases(admin, SLUG, "supplier", "F001")] == ["Société Inconnue SAS"]
