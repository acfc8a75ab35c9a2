"""The footer: the keys that work here, in the interface language."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from books.i18n import keys, maybe, t

TEXTUAL_KEYS = {
    "Focus Next": "textual.focus_next", "Focus Previous": "textual.focus_previous",
    "Copy selected text": "textual.copy", "Scroll Up": "textual.scroll_up",
    "Scroll Down": "textual.scroll_down", "Scroll Left": "textual.scroll_left",
    "Scroll Right": "textual.scroll_right", "Scroll Home": "textual.scroll_home",
    "Scroll End": "textual.scroll_end", "Page Up": "textual.page_up",
    "Page Down": "textual.page_down", "Page Left": "textual.page_left",
    "Page Right": "textual.page_right",
}
"""Textual's own bindings that reach the screens (focus, copy, scrolling), by the
English description Textual gives them, to their catalog keys."""


def describe(binding: Binding) -> str:
    """A binding's description, translated (Saisie's descriptions are catalog keys)."""
    if not binding.description:
        return binding.action
    if binding.description in TEXTUAL_KEYS:
        return t(TEXTUAL_KEYS[binding.description])
    return maybe(binding.description)


def translated(binding: Binding) -> bool:
    """Whether the interface can say what a binding does in its language (Saisie's
    own bindings and Textual's general ones; not the editing keys of a field)."""
    return bool(binding.description) and (
        binding.description in TEXTUAL_KEYS or binding.description in keys())


class KeyBar(Static):
    """One line listing the shown bindings of the screen it is on."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    COMPONENT_CLASSES = {"keybar--key", "keybar--disabled"}
    DEFAULT_CSS += """
    KeyBar > .keybar--key { background: $primary; color: $background; text-style: bold; }
    KeyBar > .keybar--disabled { color: $foreground-muted; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.refresh_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        """Redraw from the screen's active bindings."""
        key_style = self.get_component_rich_style("keybar--key")
        muted = self.get_component_rich_style("keybar--disabled")
        text = Text()
        seen: set[str] = set()
        for binding_info in self.screen.active_bindings.values():
            binding, enabled = binding_info.binding, binding_info.enabled
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key_display or self.app.get_key_display(binding)
            text.append(f" {key} ", key_style)
            text.append(f" {describe(binding)} ", "" if enabled else muted)
        self.update(text, layout=False)  # docked, one line: its size never changes
