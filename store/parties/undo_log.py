"""Reading the undo journal: whose action ``u`` takes back, and what came after it.

Entries are written by :func:`store.parties.merge.add_undo`; this module picks
the one to take back (a person's own, or the dossier's newest) without loading
the payloads, and locks the chosen one while it is undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import UndoEntry, User


@dataclass(frozen=True, slots=True)
class UndoRow:
    """An action that can be taken back, without its payload."""

    id: int
    actor: str
    actor_name: str
    """The actor's display name (their login when they have none or were removed)."""
    at: datetime
    action: str
    summary: str


def pending(*, session: Session, dossier_id: int, actor: str | None = None) -> UndoRow | None:
    """The newest action of a dossier not undone yet, of ``actor`` when given."""
    query = (
        select(UndoEntry.id, UndoEntry.actor, User.name, UndoEntry.at, UndoEntry.action, UndoEntry.summary)
        .outerjoin(User, User.login == UndoEntry.actor)
        .where(UndoEntry.dossier_id == dossier_id, UndoEntry.undone.is_(False))
        .order_by(UndoEntry.id.desc()).limit(1)
    )
    if actor is not None:
        query = query.where(UndoEntry.actor == actor)
    row = session.execute(query).first()
    if row is None:
        return None
    entry_id, login, name, at, action, summary = row
    return UndoRow(entry_id, login, name or login, at, action, summary)


def lock(*, session: Session, entry_id: int) -> UndoEntry | None:
    """One journal entry with its payload, locked against a second undo, detached."""
    entry = session.get(UndoEntry, entry_id, populate_existing=True, with_for_update=True)
    if entry is not None:
        session.expunge(entry)
    return entry


def pending_after(*, session: Session, dossier_id: int, after_id: int) -> list[UndoEntry]:
    """The dossier's actions newer than ``after_id`` and not undone, oldest first, detached."""
    query = (
        select(UndoEntry)
        .where(UndoEntry.dossier_id == dossier_id, UndoEntry.undone.is_(False), UndoEntry.id > after_id)
        .order_by(UndoEntry.id)
    )
    entries = list(session.execute(query).scalars())
    for entry in entries:
        session.expunge(entry)
    return entries


def row_of(*, session: Session, entry: UndoEntry) -> UndoRow:
    """The plain row of an entry (with its actor's display name)."""
    name = session.execute(select(User.name).where(User.login == entry.actor)).scalar_one_or_none()
    assert entry.id is not None
    return UndoRow(entry.id, entry.actor, name or entry.actor, entry.at, entry.action, entry.summary)
