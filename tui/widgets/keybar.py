"""The footer: the keys that work here, in the interface language."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.textual_strings import describe, is_editing, is_saisie, is_textual, key_display

__all__ = ["KeyBar", "describe", "key_display", "translated"]


def translated(binding: Binding) -> bool:
    """Whether the help lists a binding: Saisie's own and Textual's general
    ones (moving around), not the editing keys of a field."""
    return is_saisie(binding) or (is_textual(binding) and not is_editing(binding))


HELP_ID = "help"
"""The id of the app's help binding: always in the footer, since it lists every key."""


@dataclass(frozen=True)
class FooterEntry:
    """One key of the footer, as drawn."""

    key: str
    label: str
    enabled: bool
    binding_id: str | None

    @property
    def width(self) -> int:
        """Cells it takes: `` key `` and `` label ``."""
        return cell_len(self.key) + cell_len(self.label) + 4


def footer_entries(screen: Screen[object], width: int) -> list[FooterEntry]:
    """The keys the footer shows in ``width`` cells, in the screen's order.

    Every shown binding fits when there is room. When there is not, keys are
    kept by importance: first those the screen names in its
    ``FOOTER_PRIORITY`` (binding ids, most important first), then the
    screen's other keys in their order, then the app's global ones; ``?``
    (help, which lists them all) always stays, last. A key is
    dropped whole, never cut mid-word.
    """
    entries: list[FooterEntry] = []
    seen: set[str] = set()
    for info in screen.active_bindings.values():
        binding = info.binding
        if not binding.show or binding.action in seen:
            continue
        seen.add(binding.action)
        entries.append(FooterEntry(key_display(binding), describe(binding), info.enabled, binding.id))
    help_entry = next((e for e in entries if e.binding_id == HELP_ID), None)
    others = [e for e in entries if e is not help_entry]
    if sum(entry.width for entry in entries) <= width:
        return [*others, help_entry] if help_entry else others
    shown = _by_priority(screen, others, width - (help_entry.width if help_entry else 0))
    return [*shown, help_entry] if help_entry else shown


def _by_priority(screen: Screen[object], entries: list[FooterEntry], room: int) -> list[FooterEntry]:
    """The entries that fit in ``room`` cells, the most important first, kept in their order."""
    priority = tuple(getattr(screen, "FOOTER_PRIORITY", ()))
    app_ids = _app_ids(screen)

    def rank(item: tuple[int, FooterEntry]) -> tuple[int, int]:
        index, entry = item
        if entry.binding_id in priority:
            return (0, priority.index(entry.binding_id))
        return (2 if entry.binding_id in app_ids else 1, index)

    kept: set[int] = set()
    for index, entry in sorted(enumerate(entries), key=rank):
        if entry.width <= room:
            kept.add(index)
            room -= entry.width
    return [entry for index, entry in enumerate(entries) if index in kept]


def _app_ids(screen: Screen[object]) -> set[str]:
    """The ids of the app's own (global) bindings."""
    return {binding.id for binding in type(screen.app).BINDINGS
            if isinstance(binding, Binding) and binding.id}


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

    _shown: Text | None = None
    """What the bar shows now (redrawn only when it changes)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.refresh_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        """Redraw from the screen's active bindings: those the width holds, the
        most important first, and ``?`` for the rest (see :func:`footer_entries`)."""
        key_style = self.get_component_rich_style("keybar--key")
        muted = self.get_component_rich_style("keybar--disabled")
        text = Text()
        width = self.size.width or self.app.size.width
        for entry in footer_entries(self.screen, width):
            text.append(f" {entry.key} ", key_style)
            text.append(f" {entry.label} ", "" if entry.enabled else muted)
        if text == self._shown:
            return  # focus moving between a form's fields: the same keys, nothing to redraw
        self._shown = text
        self.update(text, layout=False)  # docked, one line: its size never changes

    def on_resize(self) -> None:
        self.refresh_keys()
