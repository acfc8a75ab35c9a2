"""The inbox list widget: the party list's virtual table, drawing documents.

Everything that makes the party list fast on 100,000 rows is reused as is
(:class:`~tui.widgets.party_table.PartyTable`: pages read in a thread, an LRU
page cache, keyset paging, the selection kept as ids or as a filter, the
keys): only the drawing differs (:mod:`tui.widgets.document_drawing`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.widgets.document_drawing import DocumentDrawing
from tui.widgets.party_table import PartyTable

if TYPE_CHECKING:
    from store.documents_list import DocListRow


class DocumentTable(DocumentDrawing, PartyTable, inherit_bindings=True):
    """A dossier's purchases or sales, or the firm's "à classer": virtual, multi-select."""

    def visible_ids(self) -> list[int]:
        """The ids of the rows read so far, in the list's order (for the document view's
        next and previous)."""
        found: list[int] = []
        for number in sorted(self.cache.pages):
            found.extend(row.id for row in self.cache.pages[number])
        return found

    def find(self, document_id: int) -> int | None:
        """Where a document is among the cached rows."""
        return self.cache.find(document_id)

    @property
    def current_row(self) -> DocListRow | None:
        """The document under the cursor, if read."""
        return self.current  # type: ignore[return-value]
