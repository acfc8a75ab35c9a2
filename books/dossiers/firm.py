"""The firm: its name and the defaults new dossiers copy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from books.context import Workspace


def firm_name(ws: Workspace) -> str:
    """The firm's name ("" before anything was created)."""
    from store.dossiers import get_firm

    with ws.read() as session:
        firm = get_firm(session=session)
        return firm.name if firm else ""
