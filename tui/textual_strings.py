"""Textual's own English strings, said in the interface language.

The one module that knows Textual's wording and internals (STYLE.md rule 16):
the descriptions its widgets give their bindings (the footer, the help and
the palette show them), the names it gives keys, and the command palette's
placeholder and "No matches found" line. ``tests/tui/test_textual_strings.py``
fails loudly when an upgrade of Textual (pinned at :data:`TEXTUAL_VERSION`)
changes any of them, so the translation never silently falls back to English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.keys import format_key
from textual.widgets.option_list import Option

from books.i18n import keys, maybe, t

if TYPE_CHECKING:
    from textual.binding import Binding

TEXTUAL_VERSION = "8.2.8"
"""The Textual release whose strings and internals this module was checked against."""

GENERAL_KEYS = {
    "Focus Next": "textual.focus_next", "Focus Previous": "textual.focus_previous",
    "Copy selected text": "textual.copy", "Scroll Up": "textual.scroll_up",
    "Scroll Down": "textual.scroll_down", "Scroll Left": "textual.scroll_left",
    "Scroll Right": "textual.scroll_right", "Scroll Home": "textual.scroll_home",
    "Scroll End": "textual.scroll_end", "Page Up": "textual.page_up",
    "Page Down": "textual.page_down", "Page Left": "textual.page_left",
    "Page Right": "textual.page_right",
    # DataTable, OptionList, Select, SelectionList, Checkbox, Button
    "Select": "tk.select_row", "Cursor up": "tk.cursor_up", "Cursor down": "tk.cursor_down",
    "Cursor left": "tk.cursor_left", "Cursor right": "tk.cursor_right",
    "Page up": "textual.page_up", "Page down": "textual.page_down",
    "Top": "tk.first_row", "Bottom": "tk.last_row", "Home": "tk.row_start", "End": "tk.row_end",
    "Show menu": "tk.show_menu", "Dismiss menu": "tk.dismiss_menu",
    "First": "tk.option_first", "Last": "tk.option_last", "Up": "tk.option_up",
    "Down": "tk.option_down", "Toggle option": "tk.toggle_option", "Toggle": "tk.toggle",
    "Press button": "tk.press_button", "Quit": "tk.quit",
    # the command palette
    "Go to top": "tk.palette.first", "Go to bottom": "tk.palette.last",
    "Next command": "tk.palette.next", "Previous command": "tk.palette.previous",
    "Next page": "tk.palette.next_page", "Previous page": "tk.palette.previous_page",
    "Exit the command palette": "tk.palette.close",
}
"""Textual's binding descriptions for moving around, by their English text, to catalog keys."""

EDITING_KEYS = {
    "Move cursor left": "tk.input.left", "Move cursor left and select": "tk.input.left_select",
    "Move cursor left a word": "tk.input.left_word",
    "Move cursor left a word and select": "tk.input.left_word_select",
    "Move cursor right or accept the completion suggestion": "tk.input.right",
    "Move cursor right and select": "tk.input.right_select",
    "Move cursor right a word": "tk.input.right_word",
    "Move cursor right a word and select": "tk.input.right_word_select",
    "Delete character left": "tk.input.delete_left", "Select all": "tk.input.select_all",
    "Go to start": "tk.input.home", "Go to end": "tk.input.end",
    "Select line start": "tk.input.select_home", "Select line end": "tk.input.select_end",
    "Delete character right": "tk.input.delete_right", "Submit": "tk.input.submit",
    "Delete left to start of word": "tk.input.delete_left_word",
    "Delete all to the left": "tk.input.delete_left_all",
    "Delete right to start of word": "tk.input.delete_right_word",
    "Delete all to the right": "tk.input.delete_right_all",
    "Cut selected text": "tk.input.cut", "Paste text from the clipboard": "tk.input.paste",
}
"""The editing keys of Textual's Input, which the help sums up in one line."""

KEY_NAMES = {"escape": "tk.keyname.escape", "space": "tk.keyname.space",
             "delete": "tk.keyname.delete", "backspace": "tk.keyname.backspace",
             "pageup": "tk.keyname.pageup", "pagedown": "tk.keyname.pagedown",
             "home": "tk.keyname.home", "end": "tk.keyname.end"}
"""Key names Textual writes in English, to catalog keys."""
MODIFIER_NAMES = {"shift": "tk.keyname.shift"}
"""Modifier names Textual writes in English, to catalog keys."""


def is_textual(binding: Binding) -> bool:
    """Whether a binding is one of Textual's own (not one of Saisie's)."""
    return binding.description in GENERAL_KEYS or binding.description in EDITING_KEYS


def is_editing(binding: Binding) -> bool:
    """Whether a binding is one of a text field's editing keys."""
    return binding.description in EDITING_KEYS


def describe(binding: Binding) -> str:
    """A binding's description in the interface language.

    Saisie's descriptions are catalog keys; Textual's are its English text,
    mapped here. Anything else (a third-party widget's) is shown as it is.
    """
    description = binding.description
    if not description:
        return binding.action
    key = GENERAL_KEYS.get(description) or EDITING_KEYS.get(description)
    if key is not None:
        return t(key)
    return maybe(description)


def is_saisie(binding: Binding) -> bool:
    """Whether a binding is one of Saisie's own (its description is a catalog key)."""
    return bool(binding.description) and binding.description in keys()


def key_display(binding: Binding) -> str:
    """How a binding's key is written, in the interface language.

    A ``key_display`` may be a catalog key (``tk.keyname.yes_enter``).
    Otherwise Textual's own formatting (``App.get_key_display`` of 8.2.8:
    ``^`` for ctrl, modifiers joined by ``+``), with the key and modifier
    names it writes in English (``escape``, ``space``, ``shift``…) translated.
    """
    if binding.key_display:
        return maybe(binding.key_display)
    modifiers, key = binding.parse_key()
    name = t(KEY_NAMES[key]) if key in KEY_NAMES else format_key(key)
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        name = f"^{name}"
    return "+".join([*(t(MODIFIER_NAMES[m]) if m in MODIFIER_NAMES else m for m in modifiers), name])


class Palette(CommandPalette):
    """Textual's command palette with its placeholder and empty result in the interface language."""

    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder=t("tk.palette.placeholder"))

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's own countdown, with its "No matches found" line from the catalog.

        Mirrors ``CommandPalette._start_no_matches_countdown`` of Textual
        8.2.8 (the test checks its source has not changed).
        """
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(t("tk.palette.no_match"), style="not bold")),
                           disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)
