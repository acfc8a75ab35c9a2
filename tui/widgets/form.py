"""A compact form row: a label and its field on one line (fits 80×24)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static


class QuietFocus:
    """Mixin for a form's screen: moving the focus repaints the two fields, not the screen.

    Textual's ``Screen.focused`` repaints the whole screen when it changes. Over a
    list (a modal form is drawn on top of it) that is every row of the list and the
    dimmed copy of it, 30–50 ms per ``tab`` here where a bare form takes a few;
    the fields that gain and lose the focus restyle themselves anyway.
    """

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """The focused widget (as ``Screen.focused``, without the full repaint)."""


class FormRow(Horizontal):
    """``label  [field]`` on one line."""

    DEFAULT_CSS = """
    FormRow { height: auto; margin-bottom: 1; }
    FormRow > .form-label { width: 28; padding-right: 1; color: $foreground-muted; }
    FormRow > Input { width: 1fr; height: 1; border: none; padding: 0 1; background: $panel; }
    FormRow > Input:focus { border: none; background: $primary 35%; }
    FormRow > Select { width: 1fr; }
    FormRow > Select > SelectCurrent { border: none; height: 1; padding: 0 1; background: $panel; }
    FormRow > Select:focus > SelectCurrent { border: none; background: $primary 35%; }
    FormRow > Select > SelectCurrent Static#label { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, label: str, field: Widget) -> None:
        super().__init__()
        self.label = label
        self.field = field

    def compose(self) -> ComposeResult:
        yield Static(self.label, classes="form-label")
        yield self.field


class FormFields(VerticalScroll, can_focus=False):
    """A form's scrolling column of rows. Not a focus stop of its own: ``tab`` goes
    from the last field back to the first, never to an invisible container where
    typed text would vanish (moving the focus scrolls the field into view)."""


def show_refusal(screen: Screen[object], error: Exception, where: Static) -> None:
    """Show why a save was refused under the form: every wrong field, each by its label
    (the books services check them all at once), and move the focus to the first one."""
    where.update(getattr(error, "message", str(error)))
    field = getattr(error, "field", None)
    if field:
        found = screen.query(f"#f-{field}")
        if found and found.first().focusable:
            found.first().focus()
