"""Progress of a long action that runs in a worker (an undo of 100,000 parties).

The screen holds the keys while the work runs, so nothing else is started
on rows that are being changed; the worker closes it when it ends.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from books.i18n import number, t


class ProgressScreen(ModalScreen[None]):
    """A title, a bar and ``12 000 / 100 000 tiers rétablis``."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield ProgressBar(id="progress-bar", total=None, show_eta=False)
            yield Static("", id="progress-count")

    def advance(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` (called on the UI thread)."""
        self.query_one("#progress-bar", ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#progress-count", Static).update(
            t("undo.progress_count", done=number(done), count=total))
