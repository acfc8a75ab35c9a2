"""One document, read through its dossier's access: the inbox and the ledger (which sits
below the inbox) both open documents this way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from books.errors import NotFound
from books.i18n import t

if TYPE_CHECKING:
    from books.context import Workspace
    from store.inbox import DocumentRow


def get_document(ws: Workspace, document_id: int) -> DocumentRow:
    """One document the acting user may see.

    Raises:
        NotFound: no such document, or one of a dossier the user may not open.
    """
    from books.dossiers.service import get_dossier
    from store.inbox import get_document as row

    with ws.read() as session:
        found = row(session=session, document_id=document_id)
    if found is None:
        raise NotFound(t("document.not_found", id=document_id))
    if found.dossier_slug is not None:
        try:
            get_dossier(ws, found.dossier_slug)
        except NotFound:
            raise NotFound(t("document.not_found", id=document_id)) from None
    return found
