"""Textual's own strings in the interface language: palette, dropdown, help, key names.

The first tests guard ``tui/textual_strings.py`` (STYLE.md rule 16): they fail
loudly when a Textual upgrade changes the strings or internals it relies on.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable

import textual
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import Select

from books.i18n import set_language
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.textual_strings import EDITING_KEYS, GENERAL_KEYS, TEXTUAL_VERSION, key_display

NO_MATCHES_SOURCE_SHA = "0bc07d1794718e89"
"""The start of the SHA-256 of ``CommandPalette._start_no_matches_countdown`` in Textual 8.2.8."""

ENGLISH = ("Search for commands", "No matches found", "Dismiss menu", "Focus Next", "Focus Previous",
           "Cursor up", "Cursor down", "Page Left", "Copy selected text", "Scroll Up", "Show menu")
"""Textual's English that must never reach a French screen."""


def _textual_binding_descriptions() -> set[str]:
    """Every binding description of every class Textual ships."""
    found: set[str] = set()
    modules = [importlib.import_module(f"textual.{name}")
               for name in ("app", "screen", "command", "widget", "scroll_view", "containers")]
    for info in pkgutil.iter_modules(importlib.import_module("textual.widgets").__path__):
        modules.append(importlib.import_module(f"textual.widgets.{info.name}"))
    for module in modules:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, tuple):
                    binding = Binding(*binding)
                if isinstance(binding, Binding) and binding.description:
                    found.add(binding.description)
    return found


def test_textual_is_the_release_the_strings_were_checked_against() -> None:
    assert textual.__version__ == TEXTUAL_VERSION, (
        f"Textual {textual.__version__}: review tui/textual_strings.py (written for {TEXTUAL_VERSION}), "
        "then update TEXTUAL_VERSION"
    )


def test_every_mapped_description_is_still_textuals() -> None:
    """A renamed description in Textual would silently show English again."""
    textual_descriptions = _textual_binding_descriptions()
    missing = sorted(set(GENERAL_KEYS) - textual_descriptions) + sorted(set(EDITING_KEYS) - textual_descriptions)
    assert missing == [], f"no longer Textual's: {missing}; review tui/textual_strings.py"


def test_every_description_of_the_widgets_we_use_is_mapped() -> None:
    from textual.command import CommandPalette
    from textual.containers import ScrollableContainer
    from textual.screen import Screen
    from textual.widgets import Button, Checkbox, DataTable, Input, OptionList, SelectionList
    from textual.widgets._select import SelectOverlay

    used = [textual.app.App, Screen, ScrollableContainer, DataTable, Input, Select, SelectOverlay,
            SelectionList, Checkbox, OptionList, Button, CommandPalette]
    unmapped = set()
    for cls in used:
        for klass in cls.__mro__:
            for binding in klass.__dict__.get("BINDINGS", []):
                binding = Binding(*binding) if isinstance(binding, tuple) else binding
                if binding.description and binding.description not in GENERAL_KEYS | EDITING_KEYS:
                    unmapped.add((klass.__name__, binding.description))
    assert unmapped == set()


def test_no_matches_countdown_is_the_one_mirrored() -> None:
    """``Palette`` re-implements this private method to translate its line."""
    source = inspect.getsource(CommandPalette._start_no_matches_countdown)
    assert '"No matches found"' in source
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    assert digest == NO_MATCHES_SOURCE_SHA, (
        f"CommandPalette._start_no_matches_countdown changed ({digest}): review tui/textual_strings.Palette"
    )
    assert "placeholder" in inspect.signature(CommandPalette.__init__).parameters


def test_key_names_follow_the_language() -> None:
    space = Binding("space", "toggle", "key.list_toggle")
    delete = Binding("delete", "delete", "key.list_delete")
    back = Binding("shift+tab", "back", "key.back")
    yes = Binding("y,enter", "answer(True)", "key.yes", key_display="tk.keyname.yes_enter")
    assert [key_display(b) for b in (space, delete, back, yes)] == ["Espace", "Suppr", "Maj+tab", "o/⏎"]
    set_language("en")
    assert [key_display(b) for b in (space, delete, back, yes)] == ["space", "del", "shift+tab", "y/⏎"]
    assert key_display(Binding("ctrl+p", "x", "key.palette")) == "^p"


def _lines(app: SaisieApp) -> str:
    """Everything drawn on the terminal right now, as text."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def test_palette_speaks_french(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("ctrl+p")
        await wait_for(lambda: isinstance(app.screen, CommandPalette))
        await pilot.pause(0.3)
        text = _lines(app)
        assert "Chercher un dossier" in text
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "Ouvrir" in prompts and "Filtrer" in prompts
        assert not [p for p in prompts if any(english in p for english in ENGLISH)]
        assert "Ligne précédente" not in prompts  # cursor moves are no commands
        await pilot.press(*"zzzzq")
        await wait_for(lambda: "Aucun résultat" in _lines(app))
        assert not [english for english in ENGLISH if english in _lines(app)]


async def test_help_lists_the_screens_own_keys_first(app_as: Callable[[str], SaisieApp]) -> None:
    from textual.widgets import DataTable

    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
        await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count == 3)
        await pilot.press("question_mark")
        await wait_for(lambda: isinstance(app.screen, HelpScreen))
        table = app.screen.query_one("#keys", DataTable)
        actions = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert actions[:3] == ["Ouvrir", "Filtrer", "Ajouter un client"]
        assert actions.index("Quitter") < actions.index("Élément suivant")  # app's keys, then Textual's
        assert actions.index("Élément suivant") > actions.index("Archivés")
        assert not [english for english in ENGLISH if english in _lines(app)]


async def test_dropdown_keys_speak_french(app_as: Callable[[str], SaisieApp]) -> None:
    from tui.screens.wizard import NewDossierWizard
    from tui.widgets.keybar import KeyBar

    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, NewDossierWizard))
        select = app.screen.query(Select).first()
        select.focus()
        await pilot.pause()
        select.expanded = True
        await pilot.pause(0.2)
        bar = str(app.screen.query_one(KeyBar).render())
        assert "Fermer la liste" in bar
        assert not [english for english in ENGLISH if english in _lines(app)]


def test_no_key_is_written_in_one_language_only() -> None:
    """A key_display with words (Échap, Suppr, Espace, o) must come from the catalog,
    or the English interface shows it in French."""
    import tui.screens
    import tui.widgets
    from books.i18n import keys

    known = keys()
    fixed = []
    for package in (tui.screens, tui.widgets):
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                for binding in cls.__dict__.get("BINDINGS", []):
                    shown = getattr(binding, "key_display", None)
                    if shown and shown not in known and any(ch.isalpha() for ch in shown):
                        fixed.append((cls.__name__, shown))
    assert fixed == []
