"""Finding a party in every dossier the user may open (the command palette)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from books.context import Workspace


@dataclass(frozen=True)
class Found:
    """A party found across dossiers (for the command palette)."""

    party_id: int
    dossier_slug: str
    dossier_name: str
    kind: str
    code: str
    name: str


def search_everywhere(ws: Workspace, text: str, limit: int = 50) -> list[Found]:
    """Parties of every dossier the user may open, by name, code, SIREN/SIRET, VAT or IBAN."""
    from books.dossiers.service import list_dossiers
    from books.identity import fold
    from store.parties.listing import search_everywhere as search

    entries = {str(e.row.id): e.row for e in list_dossiers(ws)}
    words = tuple(fold(text).split())
    compact = "".join(text.split())
    if not words:
        return []
    with ws.read() as session:
        rows = search(session=session, dossier_ids=[int(i) for i in entries], words=words,
                      compact=compact if len(compact) >= 14 else "", limit=limit)
    return [Found(pid, entries[did].slug, entries[did].name, kind, code, name)
            for pid, did, kind, code, name in rows]
