"""A one-line question (a group name, a file path) with suggestions, answered or dismissed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Input, Static

from tui.widgets.keybar import KeyBar


class AskScreen(ModalScreen[str | None]):
    """One line of text (a group name, a file path), with suggestions."""

    BINDINGS = [Binding("escape", "close", "key.list_menu_close", id="list_menu_close")]

    def __init__(self, title: str, value: str = "", hint: str = "",
                 suggestions: list[str] | None = None, suggester: Suggester | None = None) -> None:
        super().__init__()
        self.title_text, self.value, self.hint = title, value, hint
        self.suggester = suggester or SuggestFromList(suggestions or [], case_sensitive=False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(self.title_text, classes="dialog-title")
            # The cursor after the value, nothing selected: a folder or a path is completed, not retyped.
            yield Input(self.value, id="ask", suggester=self.suggester, select_on_focus=False)
            yield Static(self.hint, classes="hint")
            yield KeyBar()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_close(self) -> None:
        """Close without acting."""
        self.dismiss(None)
