"""A yes/no question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from books.i18n import t
from tui.widgets.keybar import KeyBar


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question; ``y``/enter answers yes, ``n``/escape no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "key.yes", id="yes", key_display="tk.keyname.yes_enter"),
        Binding("o", "answer(True)", "key.yes", show=False),
        Binding("n,escape", "answer(False)", "key.no", id="no", key_display="tk.keyname.no_escape"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("confirm.title"), classes="dialog-title")
            yield Static(self.question, id="question")
            yield KeyBar()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
