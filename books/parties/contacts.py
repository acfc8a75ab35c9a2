"""The people at a party: add, edit, remove, and mark favourites for emails and reminders.

Every change checks the role and writes the audit log (entity ``contact``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.errors import Conflict, InvalidInput, NotFound
from books.i18n import t
from books.identity import clean_email
from books.phones import clean_phone
from books.safetext import check_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from store.models import Party
    from store.parties.record import ContactRow

LIMITS = {"name": 200, "role": 100, "phone": 40}
"""Maximum lengths of a contact's text fields (the store's column sizes)."""
FAVOURITES = ("favourite_email", "favourite_reminder")
"""What a contact can be the favourite for."""


def _party(ws: Workspace, party_id: int) -> Party:
    from books.parties.changes import get_party_by_id

    require(ws.user, "party.edit")
    return get_party_by_id(ws, party_id)


def _audit(session: Session, ws: Workspace, party: Party, contact: str, action: str,
           **kwargs: dict[str, Any]) -> None:
    """An event about a contact, named by its party's code and its own name (never ids)."""
    from store.audit import add_event

    named = {key: {"contact": contact, **values} for key, values in kwargs.items()}
    add_event(session=session, actor=ws.user.login, dossier_id=party.dossier_id, entity="contact",
              entity_id=party.code, action=action, **named)


def clean_contact(values: dict[str, Any]) -> dict[str, Any]:
    """Check a contact's fields: name required, email valid, lengths within limits.

    Raises:
        InvalidInput: naming the wrong field.
    """
    out: dict[str, Any] = {}
    for field, value in values.items():
        if field in FAVOURITES:
            out[field] = bool(value)
            continue
        check_text(t(f"record.field.{field}") if field in LIMITS else field, value)
        text = " ".join(str(value or "").split())
        if field == "email":
            out[field] = clean_email(text, "email") if text else None
        elif field == "phone":
            out[field] = clean_phone(text, t("record.field.phone"))
        elif field in LIMITS:
            if len(text) > LIMITS[field]:
                raise InvalidInput(t("field.too_long", field=t(f"record.field.{field}"), max=LIMITS[field]))
            out[field] = text or None
        else:
            raise InvalidInput(t("party.unknown_field", field=field))
    if "name" in values and not out.get("name"):
        raise InvalidInput(t("record.required", field=t("record.field.name")))
    return out


def _row_values(row: ContactRow) -> dict[str, Any]:
    return {"name": row.name, "role": row.role, "email": row.email, "phone": row.phone,
            "favourite_email": row.favourite_email, "favourite_reminder": row.favourite_reminder}


def add_contact(ws: Workspace, party_id: int, values: dict[str, Any]) -> int:
    """Add a person to a party; returns the contact's id."""
    from store.parties.record import insert_contact

    party = _party(ws, party_id)
    clean = clean_contact({"name": values.get("name"), **values})
    with ws.transaction() as session:
        contact_id = insert_contact(session=session, values={**clean, "party_id": party_id})
        _audit(session, ws, party, clean["name"], "create", after=clean)
    return contact_id


def edit_contact(ws: Workspace, party_id: int, contact_id: int, values: dict[str, Any],
                 expected: dict[str, Any] | None = None) -> None:
    """Change a contact's fields (only those given).

    ``expected`` holds what the person saw of those fields when they started
    (a form's values as it was filled): a field someone else has changed
    since is not written over, the whole save is refused instead. The check
    is made by the UPDATE itself, so two saves at once cannot both pass it.

    Raises:
        Conflict: someone else changed a field being saved; ``current`` is the
            contact as it is now.
    """
    from store.parties.record import get_contact, update_contact

    party = _party(ws, party_id)
    clean = clean_contact(values)
    with ws.transaction() as session:
        current = get_contact(session=session, party_id=party_id, contact_id=contact_id)
        if current is None:
            raise NotFound(t("record.contact_gone"))
        before = _row_values(current)
        touched = {k: v for k, v in clean.items() if before[k] != v}
        overtaken = [k for k in touched if k in (expected or {}) and before[k] != expected[k]]  # type: ignore[index]
        if overtaken:
            raise _contact_conflict(ws, party_id, contact_id, overtaken)
        if not touched:
            return
        if not update_contact(session=session, party_id=party_id, contact_id=contact_id,
                              values=touched, expected={k: before[k] for k in touched}):
            raise _contact_conflict(ws, party_id, contact_id, sorted(touched))  # changed since the read
        _audit(session, ws, party, current.name, "edit",
               before={k: before[k] for k in touched}, after=touched)


def _contact_conflict(ws: Workspace, party_id: int, contact_id: int, fields: list[str]) -> Conflict:
    from store.parties.record import get_contact

    with ws.read() as session:
        fresh = get_contact(session=session, party_id=party_id, contact_id=contact_id)
    if fresh is None:
        return Conflict(t("record.contact_gone"))
    names = ", ".join(t(f"record.field.{k}") for k in fields)
    return Conflict(t("conflict.contact", fields=names), current=fresh)


def toggle_favourite(ws: Workspace, party_id: int, contact_id: int, purpose: str) -> bool:
    """Mark or unmark a contact as a favourite for emails or for reminders; returns the new mark."""
    from store.parties.record import get_contact

    if purpose not in FAVOURITES:
        raise InvalidInput(t("party.unknown_field", field=purpose))
    _party(ws, party_id)  # the role and the dossier's access, before reading anything
    with ws.read() as session:
        current = get_contact(session=session, party_id=party_id, contact_id=contact_id)
    if current is None:
        raise NotFound(t("record.contact_gone"))
    mark = not getattr(current, purpose)
    edit_contact(ws, party_id, contact_id, {purpose: mark}, expected={purpose: not mark})
    return mark


def remove_contact(ws: Workspace, party_id: int, contact_id: int) -> None:
    """Remove a contact (the audit log keeps what it was)."""
    from store.parties.record import delete_contact, get_contact

    party = _party(ws, party_id)
    with ws.transaction() as session:
        current = get_contact(session=session, party_id=party_id, contact_id=contact_id)
        if current is None or not delete_contact(session=session, party_id=party_id,
                                                 contact_id=contact_id):
            raise NotFound(t("record.contact_gone"))
        _audit(session, ws, party, current.name, "delete", before=_row_values(current))
