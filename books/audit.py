"""Reading the audit log (writing happens inside each service's transaction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from books.context import Workspace
    from store.rows import AuditRow


def list_events(ws: Workspace, dossier_slug: str | None = None, limit: int = 200) -> list[AuditRow]:
    """Newest first. Admins see everything; others see the dossiers they can open."""
    from books.dossiers import get_dossier, list_dossiers
    from store import audit

    with ws.read() as session:
        if dossier_slug is not None:
            dossier = get_dossier(ws, dossier_slug)
            return audit.list_events(session=session, dossier_id=dossier.id, limit=limit)
        if ws.user.role == "admin":
            return audit.list_events(session=session, limit=limit)
        ids = {d.id for d in list_dossiers(ws)}
        return audit.list_events(session=session, dossier_ids=ids, limit=limit)


def describe(event: AuditRow) -> tuple[str, str]:
    """What an event is about and what was done, in the user's language
    (``client C001``, ``archivage``); codes the catalog does not know show as they are."""
    from books.i18n import known, t

    entity, action = f"audit.entity.{event.entity}", f"audit.action.{event.action}"
    what = t(entity) if known(entity) else event.entity
    about = event.entity_id or ""
    if known(f"audit.about.{about}"):  # a list rather than one party: "customer", "supplier"
        about = t(f"audit.about.{about}")
    return (f"{what} {about}".strip(),
            t(action) if known(action) else event.action)
