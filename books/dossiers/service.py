"""Dossiers (client files): create, list, show, edit, archive, give access, invite."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.context import DEFAULT_FIRM_NAME
from books.dossiers.fields import (
    EDITABLE,
    NAME_MAX,
    SECTORS,
    clean_changes,
    clean_email,
    clean_identity,
    clean_name,
    clean_optional,
    clean_sector,
    clean_text,
    field_label,
    prepare_inbox,
    unique_slug,
)
from books.dossiers.invitations import InvitationText, compose, send
from books.dossiers.vat import clean_postcode, clean_territory, proposed_territory
from books.errors import (
    Conflict,
    InvalidFields,
    InvalidInput,
    NotFound,
    SaisieError,
    all_or_nothing,
)
from books.i18n import t
from books.phones import clean_phone

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from store.models import Dossier
    from store.rows import DossierRow

__all__ = ["EDITABLE", "NAME_MAX", "SECTORS", "clean_name"]


class EmailInUse(SaisieError):
    """The client's email is already the contact of other dossiers."""

    def __init__(self, email: str, names: list[str]) -> None:
        super().__init__(t("dossier.email_in_use", email=email, dossiers=", ".join(names)))
        self.email = email
        self.names = names


class NameInUse(SaisieError):
    """Another dossier has the same name once folded (case, accents, spaces)."""

    def __init__(self, name: str, names: list[str]) -> None:
        super().__init__(t("ed.dossier_name_in_use", name=name, dossiers=", ".join(names)))
        self.name = name
        self.names = names


@dataclass
class DossierDraft:
    """What the wizard (or ``dossier create``) collects."""

    name: str
    sector: str | None = None
    siren: str | None = None
    vat_id: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    postcode: str | None = None
    vat_territory: str | None = None
    """None: the one the postal code proposes, else the mainland."""
    access: list[str] = field(default_factory=list)
    """Logins of the collaborators given access."""
    invite: bool = False
    """Send (or show) the invitation to the client now."""
    additional_for_same_client: bool = False
    """Accept a client email already used by another dossier."""


@dataclass(frozen=True)
class DossierEntry:
    """A dossier as the home screen shows it."""

    row: DossierRow
    waiting: int
    """Documents waiting: in review, plus files dropped in the inbox not yet read."""


@dataclass(frozen=True)
class Created:
    """The result of creating a dossier."""

    dossier: Dossier
    invitation: InvitationText | None
    sent: bool
    """True when the invitation was emailed; otherwise its text is to be copied."""
    send_error: str | None = None


# ------------------------------------------------------------------ services


def snapshot(dossier: Dossier) -> dict[str, Any]:
    """A dossier's fields for the audit log and ``--json`` output."""
    return {
        "slug": dossier.slug,
        "name": dossier.name,
        "sector": dossier.sector,
        "siren": dossier.siren,
        "vat_id": dossier.vat_id,
        "base_currency": dossier.base_currency,
        "default_due_days": dossier.default_due_days,
        "default_payment_method": dossier.default_payment_method,
        "contact_name": dossier.contact_name,
        "contact_email": dossier.contact_email,
        "contact_phone": dossier.contact_phone,
        "invitation_state": dossier.invitation_state,
        "accounting_software": dossier.accounting_software,
        "publishers": dossier.publishers,
        "postcode": dossier.postcode,
        "vat_territory": dossier.vat_territory,
        "inbox": dossier.inbox_path,
        "archived": dossier.archived,
        "version": dossier.version,
    }


def _user_ids(session: Session, logins: list[str]) -> set[int]:
    from store import users

    ids = set()
    for login in logins:
        user = users.get_user(session=session, login=login)
        if user is None:
            raise NotFound(t("user.not_found", login=login))
        ids.add(user.id)
    return ids


def _every_error_at_once(changes: dict[str, Any], current: Dossier) -> dict[str, Any]:
    """The edited fields checked, the identity (SIREN, VAT number) with the others: a
    form that gets a wrong name, SIREN and VAT number hears of all three at once (it
    heard of the name, then of the identity at the next save)."""
    errors: list[InvalidInput] = []
    clean: dict[str, Any] = {}
    try:
        clean = clean_changes(changes)
    except InvalidFields as exc:
        errors.extend(exc.errors)
    except InvalidInput as exc:
        errors.append(exc)
    if "siren" in changes or "vat_id" in changes:
        try:
            clean["siren"], clean["vat_id"] = clean_identity(
                changes.get("siren", current.siren), changes.get("vat_id", current.vat_id))
        except InvalidFields as exc:
            errors.extend(exc.errors)
        except InvalidInput as exc:
            errors.append(exc)
    all_or_nothing(errors)
    return clean


def _draft_fields(ws: Workspace, draft: DossierDraft) -> dict[str, Any]:
    siren, vat_id = clean_identity(draft.siren, draft.vat_id)
    fields = {
        "name": clean_name(draft.name),
        "sector": clean_sector(draft.sector),
        "siren": siren,
        "vat_id": vat_id,
        "contact_name": clean_text(draft.contact_name, t("wizard.contact_name").rstrip(" :"), 200),
        "contact_email": clean_optional(draft.contact_email, clean_email,
                                        t("wizard.contact_email").rstrip(" :")),
        "contact_phone": clean_phone(draft.contact_phone, t("wizard.contact_phone")),
        "postcode": clean_postcode(draft.postcode, field_label("postcode")),
    }
    territory = draft.vat_territory or proposed_territory(fields["postcode"])
    fields["vat_territory"] = clean_territory(territory, field_label("vat_territory"))
    if draft.invite and not (fields["contact_name"] and fields["contact_email"]):
        raise InvalidInput(t("dossier.invite_needs_contact"))
    return fields


def _same_name(session: Session, name: str) -> list[str]:
    from books.identity import fold
    from store import dossiers

    folded = fold(" ".join(name.split()))
    return [other for other in dossiers.dossier_names(session=session)
            if fold(" ".join(other.split())) == folded]


def check_name(ws: Workspace, name: str | None) -> list[str]:
    """Names of the dossiers named like ``name`` (case, accents and spaces aside)."""
    if not name or not name.strip():
        return []
    with ws.read() as session:
        return _same_name(session, name)


def check_email(ws: Workspace, email: str | None) -> list[str]:
    """Names of the dossiers whose client already uses this email."""
    from store import dossiers

    if not email:
        return []
    with ws.read() as session:
        return [d.name for d in dossiers.dossiers_with_contact_email(session=session, email=email)]


def create_dossier(ws: Workspace, draft: DossierDraft) -> Created:
    """Create a dossier with its inbox folder, access and (optionally) invitation.

    Nothing is half-created: the folder and the rows come together or not at all.

    Raises:
        PermissionDenied: the acting user is not an admin.
        InvalidInput: a field is wrong, or the inbox root is not writable.
        EmailInUse: the client email is used by another dossier and
            ``additional_for_same_client`` was not set.
        NameInUse: another dossier has the same name (folded) and
            ``additional_for_same_client`` was not set.
    """
    from store import audit, dossiers, users

    require(ws.user, "dossier.create")
    fields = _draft_fields(ws, draft)
    with ws.transaction() as session:
        if not draft.additional_for_same_client:
            named = _same_name(session, fields["name"])
            if named:
                raise NameInUse(fields["name"], named)
        email = fields["contact_email"]
        if email and not draft.additional_for_same_client:
            same = dossiers.dossiers_with_contact_email(session=session, email=email)
            if same:
                raise EmailInUse(email, [d.name for d in same])
        access = _user_ids(session, draft.access)
        firm = dossiers.ensure_firm(session=session, name=DEFAULT_FIRM_NAME)
        slug = unique_slug(session, fields["name"])
        inbox = (ws.settings.inbox_root / slug).resolve()
        dossier = dossiers.insert_dossier(
            session=session,
            firm_id=firm.id,
            slug=slug,
            inbox_path=str(inbox),
            base_currency=firm.base_currency,
            default_due_days=firm.default_due_days,
            default_payment_method=firm.default_payment_method,
            **fields,
        )
        access.add(ws.user.id)
        users.set_access(session=session, dossier_id=dossier.id, user_ids=access)
        audit.add_event(
            session=session, actor=ws.user.login, dossier_id=dossier.id, entity="dossier",
            entity_id=slug, action="create",
            after={**snapshot(dossier), "access": sorted(draft.access)},
        )
        created_folder = prepare_inbox(inbox)
        try:
            session.flush()
        except Exception:
            if created_folder:
                inbox.rmdir()
            raise
        firm_name = firm.name
    if not draft.invite:
        return Created(dossier=dossier, invitation=None, sent=False)
    return _invite(ws, dossier, firm_name)


def _invite(ws: Workspace, dossier: Dossier, firm_name: str) -> Created:
    message = compose(
        firm=firm_name, dossier=dossier.name, inbox=dossier.inbox_path,
        to_name=dossier.contact_name or "", to_email=dossier.contact_email or "",
    )
    sent, error = False, None
    if ws.settings.smtp is not None:
        try:
            send(ws.settings.smtp, message)
            sent = True
        except Exception as exc:  # smtplib raises OSError and SMTPException subclasses
            error = str(exc) or type(exc).__name__
    _record_invitation(ws, dossier, message, sent)
    refreshed = get_dossier(ws, dossier.slug)
    return Created(dossier=refreshed, invitation=message, sent=sent, send_error=error)


def _record_invitation(ws: Workspace, dossier: Dossier, message: InvitationText, sent: bool) -> None:
    from store import audit, dossiers

    with ws.transaction() as session:
        dossiers.add_invitation(
            session=session, dossier_id=dossier.id, to_name=message.to_name,
            to_email=message.to_email, to_phone=dossier.contact_phone,
            invited_by=ws.user.login, channel="email" if sent else "manual",
        )
        current = dossiers.get_dossier(session=session, slug=dossier.slug)
        assert current is not None
        dossiers.update_dossier(
            session=session, dossier_id=dossier.id, expected_version=current.version,
            changes={"invitation_state": "sent" if sent else "shown"},
        )
        audit.add_event(
            session=session, actor=ws.user.login, dossier_id=dossier.id, entity="dossier",
            entity_id=dossier.slug, action="invite",
            after={"to": message.to_email, "name": message.to_name, "channel": "email" if sent else "manual"},
        )


def invite_client(
    ws: Workspace, slug: str, name: str, email: str, phone: str | None = None
) -> Created:
    """(Re)invite a dossier's client: sets the contact, then sends or shows the text."""
    from store import dossiers

    require(ws.user, "dossier.edit")
    dossier = get_dossier(ws, slug)
    edit_dossier(
        ws, slug, {"contact_name": name, "contact_email": email, "contact_phone": phone},
        expected_version=dossier.version,
    )
    with ws.read() as session:
        firm = dossiers.get_firm(session=session)
        firm_name = firm.name if firm else ""
    return _invite(ws, get_dossier(ws, slug), firm_name)


def list_dossiers(ws: Workspace, archived: bool = False) -> list[DossierEntry]:
    """Dossiers the acting user may open (admins: all), with their waiting count."""
    from store import dossiers

    user_id = None if ws.user.role == "admin" else ws.user.id
    with ws.read() as session:
        rows = dossiers.list_dossiers(session=session, user_id=user_id, archived=archived)
    return [DossierEntry(row=r, waiting=r.in_review + pending_files(Path(r.inbox_path))) for r in rows]


def pending_files(folder: Path) -> int:
    """Files dropped in an inbox folder or its direction subfolders (``achats/``,
    ``ventes/``) and not yet taken in (hidden ones skipped)."""
    from books.dossiers.identity import DIRECTION_FOLDERS

    found = 0
    for place in (folder, *(folder / name for name in DIRECTION_FOLDERS)):
        try:
            with os.scandir(place) as entries:
                found += sum(1 for e in entries if e.is_file() and not e.name.startswith("."))
        except OSError:
            continue
    return found


def get_dossier(ws: Workspace, slug: str) -> Dossier:
    """The dossier, if the acting user may open it.

    Raises:
        NotFound: no such dossier, or not one this user was given access to.
    """
    from store import dossiers, users

    with ws.read() as session:
        dossier = dossiers.get_dossier(session=session, slug=slug)
        if dossier is None or (
            ws.user.role != "admin"
            and not users.has_access(session=session, user_id=ws.user.id, dossier_id=dossier.id)
        ):
            raise NotFound(t("dossier.not_found", slug=slug))
        return dossier


def dossier_details(ws: Workspace, slug: str) -> dict[str, Any]:
    """Everything ``dossier show`` prints: fields, access, invitation, counts."""
    from store import dossiers, users

    dossier = get_dossier(ws, slug)
    with ws.read() as session:
        ids = users.access_user_ids(session=session, dossier_id=dossier.id)
        logins = sorted(u.login for u in users.list_users(session=session) if u.id in ids)
        invitation = dossiers.latest_invitation(session=session, dossier_id=dossier.id)
        counts = dossiers.dossier_counts(session=session, dossier_id=dossier.id)
    details = snapshot(dossier)
    details["access"] = logins
    details["invitation"] = (
        {
            "to_name": invitation.to_name, "to_email": invitation.to_email,
            "by": invitation.invited_by, "at": invitation.invited_at.isoformat(),
            "channel": invitation.channel,
        }
        if invitation
        else None
    )
    details["counts"] = counts
    # Every document not published yet (to review, reviewed, failed, duplicates, being
    # read): the same as the per-direction counts, plus the files not taken in yet.
    details["waiting"] = (sum(n for key, n in counts.items()
                              if key not in ("customer", "supplier", "published"))
                          + pending_files(Path(dossier.inbox_path)))
    details["last_activity_at"] = dossier.last_activity_at.isoformat()
    return details


def edit_dossier(
    ws: Workspace, slug: str, changes: dict[str, Any], expected_version: int | None = None
) -> Dossier:
    """Change a dossier's settings.

    Raises:
        PermissionDenied, NotFound, InvalidInput.
        Conflict: someone else saved the dossier since ``expected_version``.
    """
    from store import audit, dossiers
    from store.errors import StaleVersion

    require(ws.user, "dossier.edit")
    current = get_dossier(ws, slug)
    clean = _every_error_at_once(changes, current)
    version = current.version if expected_version is None else expected_version
    before = snapshot(current)
    clean = {key: value for key, value in clean.items() if before.get(key, object()) != value}
    if not clean:  # saved as it is now: nothing to write, nothing to log
        return current
    try:
        with ws.transaction() as session:
            dossier = dossiers.update_dossier(
                session=session, dossier_id=current.id, expected_version=version, changes=clean
            )
            after = snapshot(dossier)
            audit.add_event(
                session=session, actor=ws.user.login, dossier_id=current.id, entity="dossier",
                entity_id=slug, action="edit",
                before={k: before[k] for k in clean}, after={k: after[k] for k in clean},
            )
    except StaleVersion:
        fresh = get_dossier(ws, slug)
        raise Conflict(t("dossier.conflict", name=fresh.name), current=fresh) from None
    return get_dossier(ws, slug)


def set_archived(ws: Workspace, slug: str, archived: bool) -> Dossier:
    """Archive (hide, keep everything) or restore a dossier."""
    from store import audit, dossiers
    from store.errors import StaleVersion

    require(ws.user, "dossier.archive")
    current = get_dossier(ws, slug)
    try:
        with ws.transaction() as session:
            dossiers.update_dossier(
                session=session, dossier_id=current.id, expected_version=current.version,
                changes={"archived": archived},
            )
            audit.add_event(
                session=session, actor=ws.user.login, dossier_id=current.id, entity="dossier",
                entity_id=slug, action="archive" if archived else "restore",
                before={"archived": current.archived}, after={"archived": archived},
            )
    except StaleVersion:  # saved by someone else between the read and the write
        fresh = get_dossier(ws, slug)
        raise Conflict(t("conflict.dossier_archived", name=fresh.name), current=fresh) from None
    return get_dossier(ws, slug)


def access_logins(ws: Workspace, slug: str) -> list[str]:
    """Logins of the users given access to a dossier."""
    from store import users

    dossier = get_dossier(ws, slug)
    with ws.read() as session:
        ids = users.access_user_ids(session=session, dossier_id=dossier.id)
        return sorted(u.login for u in users.list_users(session=session) if u.id in ids)


def set_access(ws: Workspace, slug: str, logins: list[str]) -> None:
    """Replace who may open a dossier (admins always may)."""
    from store import audit, users

    require(ws.user, "dossier.edit")
    dossier = get_dossier(ws, slug)
    before = access_logins(ws, slug)
    if before == sorted(set(logins)):
        return
    with ws.transaction() as session:
        users.set_access(session=session, dossier_id=dossier.id, user_ids=_user_ids(session, logins))
        audit.add_event(
            session=session, actor=ws.user.login, dossier_id=dossier.id, entity="dossier",
            entity_id=slug, action="access", before={"access": before}, after={"access": sorted(logins)},
        )
