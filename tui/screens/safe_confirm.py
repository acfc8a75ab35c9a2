"""A question before an action that cannot be taken back lightly, with a safe default.

The "Non" button has the focus: a stray Enter closes the question without
acting. Yes takes an explicit choice: ``o``/``y``, or moving to the yes button
(Tab, →) and pressing Enter there.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from books.i18n import t
from tui.widgets.keybar import KeyBar


class SafeConfirmScreen(ModalScreen[bool]):
    """Asks before a bulk or someone else's action; answers False unless told yes."""

    AUTO_FOCUS = "#safe-no"
    """The safe answer has the focus, so Enter alone never acts."""
    BINDINGS = [
        Binding("o,y", "answer(True)", "safe.key_yes", id="safe_yes", key_display="tk.keyname.yes"),
        Binding("n,escape", "answer(False)", "safe.key_no", id="safe_no", key_display="tk.keyname.no_escape"),
        Binding("right", "app.focus_next", "safe.key_switch", show=False, id="safe_next"),
        Binding("left", "app.focus_previous", "safe.key_switch", show=False, id="safe_previous"),
    ]
    DEFAULT_CSS = """
    SafeConfirmScreen .safe-buttons { height: auto; margin: 1 0 0 0; }
    SafeConfirmScreen .safe-buttons Button { margin: 0 2 0 0; }
    SafeConfirmScreen #safe-detail { height: auto; }
    """

    def __init__(self, question: str, detail: str, yes_label: str) -> None:
        super().__init__()
        self.question, self.detail, self.yes_label = question, detail, yes_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog safe-confirm"):
            yield Static(self.question, classes="dialog-title", id="safe-question")
            yield Static(self.detail, id="safe-detail")
            with Horizontal(classes="safe-buttons"):
                yield Button(t("safe.no"), id="safe-no", variant="primary")
                yield Button(self.yes_label, id="safe-yes", variant="error")
            yield Static(t("safe.hint"), classes="hint")
            yield KeyBar()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "safe-yes")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
