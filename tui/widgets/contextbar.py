"""The header: firm, dossier, user and role."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from books.i18n import t


class ContextBar(Static):
    """One line at the top saying where you are and who you are."""

    DEFAULT_CSS = """
    ContextBar {
        dock: top;
        height: 1;
        background: $primary;
        color: $background;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    dossier: reactive[str | None] = reactive(None)
    """The open dossier's name, if any."""

    def __init__(self, dossier: str | None = None) -> None:
        super().__init__()
        self.set_reactive(ContextBar.dossier, dossier)

    def on_mount(self) -> None:
        self.refresh_text()

    def watch_dossier(self) -> None:
        self.refresh_text()

    def refresh_text(self) -> None:
        """Rebuild the line (also after a language change)."""
        app = self.app
        user = app.workspace.user  # type: ignore[attr-defined]
        text = Text(" Saisie ", style="bold")
        text.append(f"│ {app.firm_name} ")  # type: ignore[attr-defined]
        if self.dossier:
            text.append(f"│ {self.dossier} ", style="bold")
        text.append(f"│ {user.name or user.login} ({t(f'role.{user.role}')})")
        self.update(text, layout=False)  # docked, one line: its size never changes
