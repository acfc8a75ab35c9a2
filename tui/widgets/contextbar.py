"""The header: firm, dossier, user and role."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
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

    def on_resize(self) -> None:
        self.refresh_text()

    def refresh_text(self) -> None:
        """Rebuild the line (also after a language change or a resize).

        When the line is wider than the screen, the firm's name gives way
        first, then the dossier's; who you are stays whole.
        """
        app = self.app
        user = app.workspace.user  # type: ignore[attr-defined]
        who = f"│ {user.name or user.login} ({t(f'role.{user.role}')})"
        firm: str = app.firm_name  # type: ignore[attr-defined]
        dossier = self.dossier or ""
        width = self.size.width or app.size.width
        room = width - cell_len(" Saisie ") - cell_len(who) - 3 - (3 if dossier else 0)
        firm_room = max(room - cell_len(dossier), min(cell_len(firm), 12), 0)
        firm = shorten(firm, min(firm_room, room))
        dossier = shorten(dossier, room - (cell_len(firm) if firm else 0))
        text = Text(" Saisie ", style="bold")
        if firm:
            text.append(f"│ {firm} ")
        if dossier:
            text.append(f"│ {dossier} ", style="bold")
        text.append(who)
        self.update(text, layout=False)  # docked, one line: its size never changes


def shorten(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` cells, ending in "…" when cut ("" when
    there is no room for a letter and the ellipsis)."""
    if cell_len(text) <= cells:
        return text
    if cells < 2:
        return ""
    return set_cell_size(text, cells - 1).rstrip() + "…"
