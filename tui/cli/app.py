"""Opening the Textual app (the only CLI path that imports Textual)."""

from __future__ import annotations

from tui.cli.common import CliState


def open_app(state: CliState, dossier_slug: str | None = None) -> None:
    """Open the workspace, then run the app until the user quits."""
    from tui.app import make_app

    app = make_app(state.settings, state.workspace, dossier_slug=dossier_slug)
    app.run(mouse=state.settings.mouse)
    state.workspace.close()


def register(_group: object) -> None:
    """The app opens when ``saisie`` runs without a command; nothing to add."""
