"""A compact form row: a label and its field on one line (fits 80×24)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static


class FormRow(Horizontal):
    """``label  [field]`` on one line."""

    DEFAULT_CSS = """
    FormRow { height: auto; margin-bottom: 1; }
    FormRow > .form-label { width: 28; padding-right: 1; color: $foreground-muted; }
    FormRow > Input { width: 1fr; height: 1; border: none; padding: 0 1; background: $panel; }
    FormRow > Input:focus { border: none; background: $primary 35%; }
    FormRow > Select { width: 1fr; }
    FormRow > Select > SelectCurrent { border: none; height: 1; padding: 0 1; background: $panel; }
    FormRow > Select:focus > SelectCurrent { background: $primary 35%; }
    """

    def __init__(self, label: str, field: Widget) -> None:
        super().__init__()
        self.label = label
        self.field = field

    def compose(self) -> ComposeResult:
        yield Static(self.label, classes="form-label")
        yield self.field
