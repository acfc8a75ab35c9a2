"""The rule editor names every wrong field at once, the condition's ("Pour") first, and
puts the cursor in it; on an overseas dossier its VAT field offers that dossier's rates."""

from __future__ import annotations

from collections.abc import Callable

import pytest
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


async def test_while_the_change_is_written_the_editor_says_so_and_waits(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from books.parties.changes import add_party
    from books.rules import service
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.rules.screen import RulesScreen

    add_party(seeded["alice"], SLUG, "supplier", {"code": "F1", "name": "Adobe"})
    release = threading.Event()
    real_commit = service.commit

    def slow_commit(ws, plan):  # type: ignore[no-untyped-def]
        release.wait(30)  # 100,000 rules take seconds to write
        return real_commit(ws, plan)

    monkeypatch.setattr(service, "commit", slow_commit)
    app = app_as("alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rules(app, pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        editor = app.screen
        editor.query_one("#f-kind").value = "supplier"
        await pilot.pause()
        editor.query_one("#f-party", Input).value = "F1"
        editor.query_one("#f-account", Input).value = "6064"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        error = editor.query_one("#form-error", Static)
        await wait_for(lambda: "Enregistrement : 1 règle(s)" in str(error.render()))
        await pilot.press("escape", "ctrl+s")
        assert app.screen is editor and editor.writing
        release.set()
        await wait_for(lambda: isinstance(app.screen, RulesScreen)
                       and len(app.screen.rules) == 1)  # reloaded after the write


async def test_the_editors_labels_are_whole_at_80x24(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rules(app, pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        assert app.screen.query_one("#f-kind").value == "supplier"  # the usual first choice
        app.screen.query_one("#f-kind").value = "payment_method"  # the row "Pour" shows
        await pilot.pause()
        for row in ("when", "due_end_of_month"):
            label = app.screen.query_one(f"#row-{row} .form-label", Static)
            text = str(label.render())
            assert not text.endswith("…") and label.region.width > len(text), text


async def test_the_health_screen_keeps_the_dossier_in_its_header(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    from tui.screens.rules.screen import RulesHealthScreen
    from tui.widgets.contextbar import ContextBar

    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_rules(app, pilot)
        await pilot.press("h")
        await wait_for(lambda: isinstance(app.screen, RulesHealthScreen))
        await pilot.pause()
        assert "Hôtel du Vieux Port" in str(app.screen.query_one(ContextBar).render())


async def test_keys_typed_while_a_delete_is_worked_out_answer_its_confirmation(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """'Suppr n' typed in one go: the 'n' says no to the deletion (it opened a new rule's
    editor when the difference took longer to work out than the keys to arrive)."""
    import time

    from books.rules import service
    from books.rules.service import commit, list_rules, plan_rule
    from tui.screens.rules.screen import RulesScreen

    admin = seeded["alice"]
    commit(admin, plan_rule(admin, SLUG, "defaults", {"account": "6000"}))
    real_plan = service.plan_delete

    def slow_plan(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.5)  # a dossier with many documents in its inbox
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(service, "plan_delete", slow_plan)
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_rules(app, pilot)
        await pilot.press("delete", "n")
        await pilot.pause(1.5)
        await wait_for(lambda: app.screen is screen)
        assert [type(s).__name__ for s in app.screen_stack][-1] == RulesScreen.__name__
        assert not any(isinstance(s, RuleEditor) for s in app.screen_stack)
    assert len(list_rules(admin, SLUG)) == 1
