"""Reading the audit log (writing happens inside each service's transaction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from books.context import Workspace
    from store.rows import AuditRow


def list_events(ws: Workspace, dossier_slug: str | None = None, limit: int = 200) -> list[AuditRow]:
    """Newest first. Admins see everything; others see the dossiers they can open.

    Raises:
        NotFound: ``dossier_slug`` names no dossier this user may open.
    """
    from books.errors import NotFound
    from books.i18n import t
    from store import audit, dossiers, users

    with ws.read() as session:
        allowed = None if ws.user.role == "admin" else users.dossier_ids_of(
            session=session, user_id=ws.user.id)
        if dossier_slug is not None:
            dossier = dossiers.get_dossier(session=session, slug=dossier_slug)
            if dossier is None or (allowed is not None and dossier.id not in allowed):
                raise NotFound(t("dossier.not_found", slug=dossier_slug))
            return audit.list_events(session=session, dossier_id=dossier.id, limit=limit)
        if allowed is None:
            return audit.list_events(session=session, limit=limit)
        return audit.list_events(session=session, dossier_ids=allowed, limit=limit)


def describe(event: AuditRow) -> tuple[str, str]:
    """What an event is about and what was done, in the user's language
    (``client C001``, ``archivage``); codes the catalog does not know show as they are."""
    from books.i18n import known, t

    entity, action = f"audit.entity.{event.entity}", f"audit.action.{event.action}"
    what = t(entity) if known(entity) else event.entity
    about = event.entity_id or ""
    if known(f"audit.about.{about}"):  # a list rather than one party: "customer", "supplier"
        about = t(f"audit.about.{about}")
    contact = (getattr(event, "after", None) or {}).get("contact") or \
        (getattr(event, "before", None) or {}).get("contact")
    if event.entity == "contact" and contact:  # "contact Jean Martin (C001)"
        about = f"{contact} ({about})"
    after = getattr(event, "after", None) or {}
    if event.entity == "document" and isinstance(after.get("documents"), list):
        # A pass of the inbox: its first document's id says nothing, the count does.
        return (t("audit.about.documents", count=len(after["documents"])),
                t(action) if known(action) else event.action)
    kind = after.get("kind")
    if event.entity == "rule" and isinstance(kind, str) and known(f"rules.kind.{kind}"):
        about = t(f"rules.kind.{kind}")
        codes = after.get("codes")
        if isinstance(codes, list) and codes:  # "règle fournisseur F0012, F0031…"
            about += " " + ", ".join(str(c) for c in codes[:3]) + ("…" if len(codes) > 3 else "")
        elif isinstance(after.get("parties"), int) and after["parties"] > 1:
            about += " · " + t("audit.about.parties", count=after["parties"])
    return (f"{what} {about}".strip(),
            t(action) if known(action) else event.action)
