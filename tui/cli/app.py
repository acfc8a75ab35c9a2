"""Opening the Textual app (the only CLI path that imports Textual)."""

from __future__ import annotations

from tui.cli.common import CliState

SCREEN_FPS = "120"
"""Textual batches screen updates; at its default 60 per second a key waits up to
16 ms before its redraw even starts. 120 halves that (set before Textual loads;
``TEXTUAL_FPS`` in the environment still wins)."""


def open_app(state: CliState, dossier_slug: str | None = None) -> None:
    """Open the workspace, then run the app until the user quits."""
    import os

    os.environ.setdefault("TEXTUAL_FPS", SCREEN_FPS)
    import sys

    from tui.widgets.original_image import prepare

    prepare(os.environ, sys.__stdout__)  # may ask the terminal: only before Textual reads it
    from tui.app import make_app

    app = make_app(state.settings, state.workspace, dossier_slug=dossier_slug)
    app.run(mouse=state.settings.mouse)
    state.workspace.close()


def register(_group: object) -> None:
    """The app opens when ``saisie`` runs without a command; nothing to add."""
