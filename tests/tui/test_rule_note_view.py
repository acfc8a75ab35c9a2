"""A supplier rule's reminder note heads each document of that supplier in the document
view (at 120x40 and 80x24), and no other supplier's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static

from books.context import Workspace
from books.rules.service import commit, get_party_ids, plan_party_rules
from tests.tui.conftest import wait_for
from tests.tui.test_document_view import SLUG, make_inbox, open_view
from tests.tui.test_party_record import text_of
from tui.app import SaisieApp

NOTE = "Toujours renseigner le numéro de facture"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_reminder_note_heads_the_suppliers_documents(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
        size: tuple[int, int]) -> None:
    admin = seeded["alice"]
    ids = make_inbox(admin)
    party = get_party_ids(admin, SLUG, "supplier", ["F001"])
    commit(admin, plan_party_rules(admin, SLUG, "supplier", party, {"note": NOTE}))
    app = app_as("alice")
    async with app.run_test(size=size) as pilot:
        screen = await open_view(app, pilot, ids)  # F-1, of F001
        head = screen.query_one("#view-head", Static)
        assert head.display and head.region.height > 0
        assert text_of(head).splitlines()[0] == f"Note : {NOTE}"
        await pilot.press("n")  # F-2: a supplier no list knows, no note
        await pilot.pause()
        assert NOTE not in text_of(screen.query_one("#view-head", Static))


async def test_the_editor_from_a_document_shows_its_whole_apply_box(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    from textual.widgets import Checkbox

    from tui.screens.rules.editor import RuleEditor

    ids = make_inbox(seeded["alice"])
    app = app_as("alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(app, pilot, ids)
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        box = app.screen.query_one("#f-apply", Checkbox)
        await pilot.pause()
        label = "Appliquer à toutes ses factures de la boîte de réception"
        assert str(box.label) == label and box.region.width >= len(label) + 4  # not cut
        hint = app.screen.query_one("#apply-hint", Static)
        assert text_of(hint).strip() == "Décoché : cette pièce et les suivantes seulement."
        assert hint.region.height == 1 and hint.region.width >= len(text_of(hint).strip())
