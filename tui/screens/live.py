"""Live refresh that runs only while its screen is the one on top.

Screens re-read what other terminals may change (the dossiers, a dossier's
overview, a list's change stamp, a record) every few seconds. A screen under
another one must not: Textual composes the screen just below the top one into
every frame, and any message such a screen handles (a worker starting or
ending, even when what it read is unchanged) makes Textual repaint the whole
terminal — 20–25 KB at 120×40 each time, every few seconds, over SSH. Nobody
sees a covered screen change, so its reading pauses while it is covered and
runs once, at once, when it is on top again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.timer import Timer


class LiveRefresh:
    """Mixin for a :class:`~textual.screen.Screen`: ``refresh_every`` instead of
    ``set_interval`` for the periodic re-read."""

    _live_timer: Timer | None = None
    _live_read: Callable[[], Any] | None = None
    _live_paused: bool = False

    def refresh_every(self, seconds: float, read: Callable[[], Any]) -> None:
        """Call ``read`` every ``seconds`` while this screen is on top."""
        self._live_read = read
        self._live_timer = self.set_interval(seconds, read)  # type: ignore[attr-defined]
        if self._live_paused:
            self._live_timer.pause()

    def on_screen_suspend(self) -> None:
        """Another screen covers this one: stop reading."""
        self._live_paused = True
        if self._live_timer is not None:
            self._live_timer.pause()

    def on_screen_resume(self) -> None:
        """On top again: read now (things may have changed meanwhile), then every period."""
        if not self._live_paused:
            return
        self._live_paused = False
        if self._live_timer is not None and self._live_read is not None:
            self._live_read()
            self._live_timer.resume()
