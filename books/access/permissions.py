"""Who may do what. Services call :func:`require` before any mutation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from books.errors import PermissionDenied
from books.i18n import t

if TYPE_CHECKING:
    from store.rows import UserRow

ROLES = ("admin", "team_lead", "collaborator")
"""Roles, most powerful first (the store keeps the same codes)."""

ALLOWED: dict[str, frozenset[str]] = {
    "dossier.create": frozenset({"admin"}),
    "dossier.edit": frozenset({"admin"}),
    "dossier.archive": frozenset({"admin"}),
    "user.manage": frozenset({"admin"}),
    "database.manage": frozenset({"admin"}),
    "party.edit": frozenset({"admin", "team_lead"}),
    "party.undo_others": frozenset({"admin", "team_lead"}),
    "document.review": frozenset(ROLES),
    "document.publish": frozenset({"admin", "team_lead"}),
    "ledger.edit": frozenset({"admin", "team_lead"}),
    "rule.edit": frozenset({"admin"}),
}
"""Action → roles allowed to do it (``document.publish``: in a dossier whose documents
only team leads and admins publish, see :func:`may_publish`)."""

PUBLISHERS = ("all", "leads")
"""Who publishes a dossier's documents: everyone who works it, or team leads and admins."""


def allowed(user: UserRow, action: str) -> bool:
    """Whether ``user`` may do ``action``."""
    return user.role in ALLOWED[action]


def require(user: UserRow, action: str) -> None:
    """Refuse with a message saying why, unless ``user`` may do ``action``.

    Raises:
        PermissionDenied: naming the action and the user's role.
    """
    if not allowed(user, action):
        raise PermissionDenied(
            t("perm.denied", action=t(f"perm.action.{action}"), role=t(f"role.{user.role}"))
        )


def refusal(user: UserRow, action: str) -> str | None:
    """The message the UI shows when a key is refused, or None when allowed."""
    if allowed(user, action):
        return None
    return t("perm.denied", action=t(f"perm.action.{action}"), role=t(f"role.{user.role}"))


def may_publish(user: UserRow, publishers: str) -> bool:
    """Whether ``user`` may publish in a dossier whose publishers are ``publishers``."""
    return publishers != "leads" or allowed(user, "document.publish")


def publishing_refusal(user: UserRow, publishers: str) -> str | None:
    """Why ``user`` may not publish in such a dossier (and what they may do instead),
    or None when they may."""
    if may_publish(user, publishers):
        return None
    return t("review.publish_leads_only", role=t(f"role.{user.role}"))
