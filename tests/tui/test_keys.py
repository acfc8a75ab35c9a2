"""Keys typed in one burst (as SSH delivers them) land where the focus was when typed."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import Checkbox, Input

from books.context import Workspace
from books.parties.changes import add_party
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.parties.form import PartyFormScreen
from tui.screens.parties.listing import PartiesScreen
from tui.screens.wizard import NewDossierWizard

SLUG = "boulangerie-dupre"
CHARACTERS = {"space": " ", "tab": "\t", "enter": "\r"}


def burst(app: SaisieApp, *keys: str) -> None:
    """Post every key to the app at once, with no pause (what the terminal driver does
    when a burst arrives): Pilot's ``press`` waits after each key and would hide the bug."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))


def typed(text: str) -> list[str]:
    """Key names for ``text`` (letters and digits as themselves, spaces as ``space``)."""
    return ["space" if c == " " else c for c in text]


def values(screen: Screen[object], *ids: str) -> list[str]:
    return [screen.query_one(f"#{i}", Input).value for i in ids]


def with_customer(seeded: dict[str, Workspace]) -> dict[str, Workspace]:
    add_party(seeded["alice"], SLUG, "customer", {"code": "C01", "name": "Client Un"})
    return seeded


async def test_burst_in_the_party_form_fills_each_field(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    with_customer(seeded)
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen) and app.screen.total == 1)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        burst(app, *typed("CX1"), "tab", *typed("Nom Humain"), "tab", *typed("552100554"))
        await wait_for(lambda: values(form, "f-siren") == ["552100554"])
        assert values(form, "f-code", "f-name", "f-siren") == ["CX1", "Nom Humain", "552100554"]
        burst(app, "shift+tab", "ctrl+u", "shift+tab", "end", "Z")
        await wait_for(lambda: values(form, "f-code") == ["CX1Z"])
        assert values(form, "f-code", "f-name", "f-siren") == ["CX1Z", "", "552100554"]


async def test_burst_in_the_wizard_contact_step(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, NewDossierWizard))
        wizard = app.screen
        burst(app, *typed("Cave Leroy"), "enter", "ctrl+n")
        await wait_for(lambda: wizard.step == "invite")
        burst(app, "space", "tab", *typed("Jean Leroy"), "tab", *typed("jean@leroy.fr"), "tab",
              *typed("0612345678"))
        await wait_for(lambda: values(wizard, "contact-phone") == ["0612345678"])
        assert wizard.query_one("#do-invite", Checkbox).value
        assert values(wizard, "contact-name", "contact-email", "contact-phone") == [
            "Jean Leroy", "jean@leroy.fr", "0612345678"]


async def test_keys_typed_while_screens_open_wait_for_them(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    """``v`` right after opening a dossier, ``n`` and the first letters before the form is there."""
    with_customer(seeded)
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, "enter", "v", "n", *typed("CX2"), "tab", *typed("Deux"))
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen) and app.screen.query("#f-name")
                       and values(app.screen, "f-name") == ["Deux"])
        assert values(app.screen, "f-code", "f-name") == ["CX2", "Deux"]
        assert [type(s) for s in app.screen_stack[-3:]] == [DossierScreen, PartiesScreen, PartyFormScreen]


async def test_keys_typed_in_a_burst_move_the_list_in_order(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    """``/`` then letters: the letters reach the filter, not the list they were typed over."""
    for n in range(1, 6):
        add_party(seeded["alice"], SLUG, "customer", {"code": f"C{n}", "name": f"Client {n}"})
    add_party(seeded["alice"], SLUG, "customer", {"code": "Z1", "name": "Zola"})
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen) and app.screen.total == 6)
        screen = app.screen
        burst(app, "slash", *typed("zola"), "enter")
        await wait_for(lambda: type(app.screen).__name__ == "PartyRecordScreen")  # the only match
        assert screen.query_one("#party-filter", Input).value == "zola"
        assert app.screen.party_id == screen.table.current.id  # type: ignore[attr-defined, union-attr]


def test_what_the_key_order_relies_on_in_textual() -> None:
    """tui.keys relies on these; an upgrade of Textual that changes them must fail here."""
    from textual.app import App

    key = events.Key("a", "a")
    assert key.is_forwarded is False and key.bubble
    assert isinstance(MessagePump.message_queue_size, property)
    assert App().get_default_screen().id == "_default"
    assert hasattr(App, "screen_change_signal") or "screen_change_signal" in App.__init__.__code__.co_names
    bindings = {b.key: b for b in Screen.BINDINGS}  # type: ignore[union-attr]
    assert not bindings["tab"].priority, "tab is handled after the key bubbles up (the race)"
    assert Message.bubble
