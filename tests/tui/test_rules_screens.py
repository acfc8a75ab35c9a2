"""The Règles screen and its editor: reached from the dossier, a supplier rule created and
its difference confirmed, a wrong field named, an edit, a delete and u, health, and the
keys a collaborator is refused (with why)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Input, Static

from books.context import Workspace
from books.parties.changes import add_party
from books.rules.service import list_rules
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.dossier import DossierScreen
from tui.screens.rules.editor import RuleEditor
from tui.screens.rules.screen import RulesHealthScreen, RulesScreen

SLUG = "hotel-du-vieux-port"


async def open_rules(app: SaisieApp, pilot) -> RulesScreen:  # type: ignore[no-untyped-def]
    app.push_screen(DossierScreen(SLUG))
    await wait_for(lambda: isinstance(app.screen, DossierScreen) and bool(app.screen.details))
    await pilot.press("R")
    await wait_for(lambda: isinstance(app.screen, RulesScreen)
                   and not getattr(app.screen, "keys_loading", True))
    return app.screen  # type: ignore[return-value]


async def new_rule(app: SaisieApp, pilot, kind: str | None = None) -> RuleEditor:  # type: ignore[no-untyped-def]
    """n on the Règles screen: the editor of a new rule (of ``kind`` when given)."""
    await pilot.press("n")
    await wait_for(lambda: isinstance(app.screen, RuleEditor))
    editor = app.screen
    assert isinstance(editor, RuleEditor)
    if kind is not None:
        editor.query_one("#f-kind").value = kind
    return editor


async def test_create_a_supplier_rule_then_edit_delete_and_undo(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    admin = seeded["alice"]
    add_party(admin, SLUG, "supplier", {"code": "F1", "name": "Adobe"})
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_rules(app, pilot)
        editor = await new_rule(app, pilot, "supplier")
        await pilot.pause()
        assert editor.query_one("#row-party").display
        assert editor.query_one("#row-note").display
        editor.query_one("#f-party", Input).value = "F1"
        editor.query_one("#f-account", Input).value = "7061"  # a sales account for a supplier
        await pilot.press("ctrl+s")
        error = editor.query_one("#form-error", Static)
        await wait_for(lambda: "classe 6 ou 2" in str(error.render()))
        assert app.focused is editor.query_one("#f-account")
        editor.query_one("#f-account", Input).value = "6064"
        editor.query_one("#f-note", Input).value = "Toujours le n° de facture"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        assert "1 règle(s) et 0 pièce(s)" in app.screen.question
        await pilot.press("enter")
        await wait_for(lambda: app.screen is screen and len(screen.shown) == 1)
        (rule,) = list_rules(admin, SLUG)
        assert rule.sets["account"] == {"value": "6064", "mode": "always"}
        table = screen.query_one("#rules", DataTable)
        assert "Compte 6064" in str(table.get_row_at(0)[3])

        await pilot.press("e")
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        editor = app.screen
        await wait_for(lambda: bool(editor.query("#f-account")))
        assert editor.query_one("#f-account", Input).value == "6064"
        assert not editor.query_one("#row-party").display
        editor.query_one("#f-vat_rate", Input).value = "20"
        editor.query_one("#b-vat_rate").value = True
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(lambda: app.screen is screen)
        await wait_for(lambda: list_rules(admin, SLUG)[0].version == 2)
        assert list_rules(admin, SLUG)[0].sets["vat_rate"] == {"value": "20",
                                                               "mode": "only_if_blank"}

        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(lambda: app.screen is screen and not screen.rules)
        await pilot.press("u")
        await wait_for(lambda: len(screen.rules) == 1)
        assert list_rules(admin, SLUG)[0].sets["vat_rate"]["mode"] == "only_if_blank"

        await pilot.press("h")
        await wait_for(lambda: isinstance(app.screen, RulesHealthScreen))
        health = app.screen.query_one("#health", DataTable)
        await wait_for(lambda: health.row_count == 1)
        assert "jamais" in str(health.get_row_at(0)[3])  # the state before the last firing


async def test_the_filter_keeps_matching_rules(app_as: Callable[[str], SaisieApp],
                                               seeded: dict[str, Workspace]) -> None:
    from books.rules.service import commit, plan_rule

    admin = seeded["alice"]
    commit(admin, plan_rule(admin, SLUG, "payment_method", {"paid": "oui"},
                            condition={"payment_method": "carte"}))
    commit(admin, plan_rule(admin, SLUG, "user", {"description": "Notes de frais"},
                            condition={"user": "bob"}))
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_rules(app, pilot)
        assert len(screen.shown) == 2
        await pilot.press("slash")
        await pilot.press(*"frais")
        await wait_for(lambda: len(screen.shown) == 1)
        assert screen.shown[0].kind == "user"


async def test_the_cursor_stays_on_its_rule_when_the_rules_are_read_again(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    """An edit confirmed, an undo, another person's change: the list is read again and the
    cursor stays on the rule it was on (it went back to the first row)."""
    from books.rules.service import commit, get_party_ids, plan_party_rules

    admin = seeded["alice"]
    for n in range(4):
        add_party(admin, SLUG, "supplier", {"code": f"F{n}", "name": f"Fournisseur {n}"})
    for code in ("F0", "F1", "F2", "F3"):
        commit(admin, plan_party_rules(admin, SLUG, "supplier",
                                       get_party_ids(admin, SLUG, "supplier", [code]),
                                       {"account": "6064"}))
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_rules(app, pilot)
        table = screen.query_one("#rules", DataTable)
        await pilot.press("down", "down")
        await wait_for(lambda: table.cursor_row == 2)
        chosen = screen.shown[2].id
        screen.reload()
        await pilot.pause(0.3)
        await wait_for(lambda: screen.shown[table.cursor_row].id == chosen)


async def test_a_collaborator_reads_rules_and_is_told_why_keys_are_refused(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    from books.rules.service import commit, plan_rule

    admin = seeded["alice"]
    commit(admin, plan_rule(admin, SLUG, "defaults", {"account": "6000"}))
    app = app_as("carol")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_rules(app, pilot)
        assert len(screen.shown) == 1
        for key in ("n", "e", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen
        messages = [n.message for n in app._notifications]
        assert len(messages) == 3
        assert all("Collaborateur" in m or "collaborateur" in m for m in messages), messages
        assert list_rules(admin, SLUG)[0].version == 1


async def test_modifier_la_selection_on_100000_parties_then_undo(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    from sqlalchemy import func, insert, select

    from books.dossiers.service import get_dossier
    from store.models import Party, Rule
    from tests.tui.test_parties_actions import choose
    from tests.tui.test_parties_list import SLUG as BAKERY
    from tests.tui.test_parties_list import open_list

    admin = seeded["alice"]
    dossier_id = get_dossier(admin, BAKERY).id
    with admin.transaction() as session:
        session.execute(insert(Party), [
            {"dossier_id": dossier_id, "kind": "customer", "code": f"C{n:06d}",
             "name": f"Client {n:06d}", "sort_key": f"client {n:06d}",
             "search_key": f"c{n:06d} client {n:06d}", "custom_fields": {}}
            for n in range(100_000)])

    def rules() -> int:
        with admin.read() as session:
            return session.execute(select(func.count()).select_from(Rule)).scalar_one()

    app = app_as("alice")
    app._start_dossier = BAKERY
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot, total=100_000)
        await pilot.press("plus")
        await choose(app, pilot, "rules")
        await wait_for(lambda: isinstance(app.screen, RuleEditor), timeout=60)
        editor = app.screen
        assert "100\u202f000 clients" in str(editor.query_one(".dialog-title", Static).render())
        assert not editor.query_one("#row-note").display  # a supplier's note only
        editor.query_one("#f-account", Input).value = "706"
        editor.query_one("#f-due_days", Input).value = "45"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), timeout=120)
        assert "100\u202f000 règle(s) et 0 pièce(s)" in app.screen.question
        await pilot.press("enter")
        await wait_for(lambda: app.screen is screen, timeout=180)
        assert rules() == 100_000
        await pilot.press("u")
        await wait_for(lambda: rules() == 0, timeout=180)


async def test_modifier_la_selection_is_refused_to_a_team_lead_with_why(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    from tests.tui.test_parties_actions import choose
    from tests.tui.test_parties_list import SLUG as BAKERY
    from tests.tui.test_parties_list import add_customers, open_list

    add_customers(seeded)
    from books.dossiers.service import set_access

    set_access(seeded["alice"], BAKERY, ["bob", "carol"])
    app = app_as("bob")
    app._start_dossier = BAKERY
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await choose(app, pilot, "rules")
        await wait_for(lambda: bool(app._notifications))
        assert app.screen is screen
        (note,) = [n.message for n in app._notifications]
        assert "Chef d'équipe" in note or "chef d'équipe" in note, note


async def test_the_records_regles_section_edits_the_partys_rule_in_place(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    from tests.tui.test_party_record import open_record

    admin = seeded["alice"]
    supplier = add_party(admin, SLUG, "supplier", {"code": "F1", "name": "Adobe"})
    assert supplier.id is not None
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, supplier.id)
        await pilot.press("6")
        section = screen.query_one("#rules-rule", Static)
        await wait_for(lambda: "Aucune règle" in str(section.render()))
        await pilot.press("R")
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        editor = app.screen
        assert not editor.query_one("#row-party").display  # the record's party
        editor.query_one("#f-account", Input).value = "6064"
        editor.query_one("#f-note", Input).value = "Toujours renseigner le numéro de facture"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(lambda: app.screen is screen and "Compte 6064" in str(section.render()))
        assert "numéro de facture" in str(section.render())
        await pilot.press("R")
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        assert app.screen.query_one("#f-account", Input).value == "6064"
        app.screen.query_one("#f-account", Input).value = ""
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(lambda: app.screen is screen and "Compte" not in str(section.render()))
        (rule,) = list_rules(admin, SLUG)
        assert set(rule.sets) == {"note"}


async def test_the_records_rule_key_is_refused_to_a_team_lead_with_why(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    from tests.tui.test_party_record import open_record

    supplier = add_party(seeded["alice"], SLUG, "supplier", {"code": "F1", "name": "Adobe"})
    assert supplier.id is not None
    app = app_as("bob")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_record(app, pilot, supplier.id)
        await pilot.press("6", "R")
        await wait_for(lambda: bool(app._notifications))
        assert app.screen is screen
        assert "règle" in [n.message for n in app._notifications][0]


async def test_the_editor_from_a_document_is_prefilled_and_applies_to_that_document(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    """What the document view opens ("Créer ou modifier une règle fournisseur")."""
    from datetime import date

    from books.inbox.documents import get_document
    from books.rules.service import values_from_document
    from tests.books.test_party_record import add_document
    from tui.screens.rules.editor import EditTarget

    admin = seeded["alice"]
    supplier = add_party(admin, SLUG, "supplier", {"code": "F1", "name": "Adobe"})
    assert supplier.id is not None
    document_id = add_document(admin, supplier.id, "FA-1", date(2026, 11, 2), date(2026, 12, 2),
                               "120.00")
    from sqlalchemy import update

    from books.inbox.review import set_fields
    from store.models import Document

    with admin.transaction() as session:
        session.execute(update(Document).where(Document.id == document_id)
                        .values(status="review", direction="purchase"))
    set_fields(admin, document_id, {"account": "6064", "paid": "yes"})
    prefill = values_from_document(get_document(admin, document_id).fields)
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count > 0)
        target = EditTarget(SLUG, "supplier", None, [supplier.id], prefill=prefill,
                            document_id=document_id, title="Règle fournisseur Adobe")
        app.push_screen(RuleEditor(target))
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        editor = app.screen
        await wait_for(lambda: bool(editor.query("#f-account")))
        assert editor.query_one("#f-account", Input).value == "6064"
        assert prefill["paid"] == "yes"
        await wait_for(lambda: editor.query_one("#f-paid").value == "yes")
        assert editor.query_one("#f-apply").value is False
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(lambda: not isinstance(app.screen, RuleEditor | ConfirmScreen))
    (rule,) = list_rules(admin, SLUG)
    assert rule.sets["account"]["value"] == "6064" and rule.sets["paid"]["value"] is True


async def test_a_connected_dossier_does_not_offer_party_accounts(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    """Connected to an accounting software, the editor hides a party rule's account (the
    software keeps it) and shows it again for a defaults rule; saving keeps the account
    the rule already had."""
    from sqlalchemy import update

    from books.rules.service import commit, get_party_ids, plan_party_rules
    from store.models import Dossier

    admin = seeded["alice"]
    add_party(admin, SLUG, "supplier", {"code": "F1", "name": "Adobe"})
    ids = get_party_ids(admin, SLUG, "supplier", ["F1"])
    commit(admin, plan_party_rules(admin, SLUG, "supplier", ids, {"account": "6064"}))
    with admin.transaction() as session:
        session.execute(update(Dossier).where(Dossier.slug == SLUG)
                        .values(accounting_software="Sage"))
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_rules(app, pilot)
        editor = await new_rule(app, pilot, "supplier")
        await wait_for(lambda: not editor.query_one("#row-account").display)
        editor.query_one("#f-kind").value = "defaults"
        await wait_for(lambda: editor.query_one("#row-account").display)
        await pilot.press("escape")
        await wait_for(lambda: app.screen is screen and len(screen.shown) == 1)
        await pilot.press("e")
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        editor = app.screen
        await wait_for(lambda: bool(editor.query("#row-account"))
                       and not editor.query_one("#row-account").display)
        editor.query_one("#f-due_days", Input).value = "30"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(lambda: list_rules(admin, SLUG)[0].version == 2)
        (rule,) = list_rules(admin, SLUG)
        assert rule.sets["account"]["value"] == "6064" and rule.sets["due_days"]["value"] == 30


async def test_escape_on_a_rule_being_typed_asks_first(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    """A rule half typed is not lost to a stray escape; a kind chosen alone is no loss."""
    from tui.screens.unsaved import DiscardQuestion

    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_rules(app, pilot)
        editor = await new_rule(app, pilot)
        editor.query_one("#f-account", Input).value = "6064"
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DiscardQuestion))
        await pilot.press("n")
        await wait_for(lambda: app.screen is editor)
        assert editor.query_one("#f-account", Input).value == "6064"
        await pilot.press("escape", "o")
        await wait_for(lambda: app.screen is screen)
        await new_rule(app, pilot, "defaults")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(lambda: app.screen is screen)
