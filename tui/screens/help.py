"""Help: every key of the screen it was opened from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from books.i18n import t
from tui.widgets.keybar import KeyBar, describe, translated


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen beneath, including the hidden ones."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "key.close", id="close_help")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(t("help.title"), classes="dialog-title")
            yield DataTable(id="keys", cursor_type="row", show_cursor=True)
            yield Static(t("help.palette") + "\n" + t("help.editing"), classes="hint")
            yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_column(t("help.col.key"), key="key")
        table.add_column(t("help.col.action"), key="action")
        seen: set[tuple[str, str]] = set()
        for info in self.target.active_bindings.values():
            binding = info.binding
            if not translated(binding):  # a field's editing keys: summed up in the hint
                continue
            label = describe(binding)
            key = binding.key_display or self.app.get_key_display(binding)
            if (key, label) in seen:
                continue
            seen.add((key, label))
            table.add_row(key, label)
        table.focus()

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)
