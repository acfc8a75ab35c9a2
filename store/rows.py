"""Plain rows handed to books and the UI (never lazy ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class UserRow:
    """A user, as listed."""

    id: int
    login: str
    name: str
    email: str | None
    role: str
    active: bool


@dataclass(frozen=True, slots=True)
class DossierRow:
    """A dossier, as the home screen lists it."""

    id: int
    slug: str
    name: str
    sector: str | None
    inbox_path: str
    archived: bool
    last_activity_at: datetime
    in_review: int
    """Documents waiting for review in the inbox."""


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One audit event."""

    id: int
    at: datetime
    actor: str
    dossier_slug: str | None
    entity: str
    entity_id: str | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
