"""Help: every key of the screen it was opened from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from books.i18n import t
from tui.textual_strings import describe, is_textual, key_display
from tui.widgets.keybar import KeyBar, translated


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
        for binding in self._ordered():
            label = describe(binding)
            key = key_display(binding)
            if (key, label) in seen:
                continue
            seen.add((key, label))
            table.add_row(key, label)
        table.focus()

    def _ordered(self) -> list[Binding]:
        """The screen's keys: Saisie's own first (the screen's footer keys, its
        other keys, then the app's global ones), Textual's general keys (moving
        around) last. A field's
        editing keys are left out: the hint sums them up."""
        app_ids = {b.id for b in type(self.app).BINDINGS if isinstance(b, Binding) and b.id}

        def rank(binding: Binding) -> int:
            if is_textual(binding):
                return 3
            if binding.id in app_ids:
                return 2
            return 0 if binding.show else 1  # the footer's keys, then the screen's hidden ones

        listed = [info.binding for info in self.target.active_bindings.values() if translated(info.binding)]
        return sorted(listed, key=rank)

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)
