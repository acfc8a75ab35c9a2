"""Progress of a long action that runs in a worker (an archive or an undo of 100,000 parties).

The screen holds the keys while the work runs, so nothing else is started
on rows that are being changed; the worker closes it when it ends.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from books.i18n import number, t


class ProgressScreen(ModalScreen[None]):
    """A title, a bar and ``12 000 / 100 000 tiers rétablis``."""

    def __init__(self, title: str, count_key: str = "undo.progress_count") -> None:
        super().__init__()
        self.title_text = title
        self.count_key = count_key
        """The catalog key of the count line (``done`` of ``count`` parties …)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield ProgressBar(id="progress-bar", total=None, show_eta=False)
            yield Static("", id="progress-count")

    def advance(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` (called on the UI thread)."""
        self.query_one("#progress-bar", ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#progress-count", Static).update(
            t(self.count_key, done=number(done), count=number(total)))


class WorkerProgress:
    """A service's progress reports, from the worker running it, shown on a
    :class:`ProgressScreen` once the work is large enough to be worth one.

    Called as the service's ``progress(done, total)``: the first report of at
    least ``threshold`` parties pushes the screen, and a report moves its bar
    when it is at least :data:`SHOWN_STEP` of the total beyond the last one
    shown, or the end: each is a round trip to the screen that the worker
    waits for (an undo of 1,000,000 parties reports 200 times; under load, 200
    round trips added seconds). :meth:`close` (in a ``finally``) takes the
    screen away whatever happened.
    """

    SHOWN_STEP = 0.02
    """The share of the work between two reports shown (50 moves of the bar at most)."""

    def __init__(self, app: Any, title: str, count_key: str, threshold: int) -> None:
        self.app = app
        self.screen = ProgressScreen(title, count_key)
        self.threshold = threshold
        self.shown = False
        self._last: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        if total < self.threshold:
            return
        if not self.shown:
            self.shown = True
            self.app.call_from_thread(self.app.push_screen, self.screen)
        elif self._last is not None and done < total and self._last[1] == total \
                and done - self._last[0] < total * self.SHOWN_STEP:
            return
        self._last = (done, total)
        self.app.call_from_thread(self.screen.advance, done, total)

    def close(self) -> None:
        """Take the screen away (from the worker, when the work has ended)."""
        if self.shown:
            self.shown = False
            self.app.call_from_thread(self.screen.dismiss, None)
