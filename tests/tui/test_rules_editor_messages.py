"""The rule editor names every wrong field at once, the condition's ("Pour") first, and
puts the cursor in it; on an overseas dossier its VAT field offers that dossier's rates."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, Static

from books.context import Workspace
from books.dossiers.service import edit_dossier
from tests.tui.conftest import wait_for
from tests.tui.test_rules_screens import SLUG, open_rules
from tui.app import SaisieApp
from tui.screens.rules.editor import RuleEditor


async def test_a_wrong_condition_and_wrong_settings_are_named_together(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    edit_dossier(seeded["alice"], SLUG, {"postcode": "97400", "vat_territory": "overseas"})
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_rules(app, pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        editor = app.screen
        rate = editor.query_one("#f-vat_rate", Input)
        assert rate.placeholder == "8,5 ; 2,1 ; 1,75 ; 1,05 ; 0"
        editor.query_one("#f-kind").value = "payment_method"
        await pilot.pause()
        editor.query_one("#f-when", Input).value = "bitcoin"
        editor.query_one("#f-account", Input).value = "abc"
        rate.value = "20"
        await pilot.press("ctrl+s")
        error = editor.query_one("#form-error", Static)
        await wait_for(lambda: "bitcoin" in str(error.render()))
        lines = str(error.render()).splitlines()
        assert lines[0].startswith("Moyen de paiement : « bitcoin » n'est pas un mode de règlement")
        assert any(line.startswith("Compte : « abc »") for line in lines)
        assert any("« 20 » n'est pas un taux du dossier (DOM" in line for line in lines)
        assert app.focused is editor.query_one("#f-when")
