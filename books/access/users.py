"""Users and roles: add, list, change role. Admins only for changes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from books.access.permissions import ROLES, require
from books.errors import InvalidInput, NotFound
from books.i18n import t
from books.identity import clean_email
from books.safetext import check_text

if TYPE_CHECKING:
    from books.context import Workspace
    from store.rows import UserRow

LOGIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(t("user.bad_role", role=role, choices=", ".join(ROLES)))


def add_user(
    ws: Workspace, login: str, role: str, name: str = "", email: str | None = None
) -> UserRow:
    """Add a collaborator of the firm.

    Raises:
        PermissionDenied: the acting user is not an admin.
        InvalidInput: bad login, role or email; the login exists already.
    """
    from store import audit, users

    require(ws.user, "user.manage")
    _check_role(role)
    if not LOGIN.fullmatch(login):
        raise InvalidInput(t("user.bad_login", login=login))
    if email:
        email = clean_email(email)
    if len(name) > 200:
        raise InvalidInput(t("field.too_long", field=t("cli.col.name"), max=200))
    check_text(t("cli.col.name"), name)
    with ws.transaction() as session:
        if users.get_user(session=session, login=login):
            raise InvalidInput(t("user.exists", login=login))
        row = users.add_user(session=session, login=login, role=role, name=name or login, email=email)
        audit.add_event(
            session=session, actor=ws.user.login, entity="user", entity_id=login, action="create",
            after={"login": login, "role": role, "name": row.name, "email": email},
        )
    return row


def list_users(ws: Workspace) -> list[UserRow]:
    """Every user of the firm."""
    from store import users

    with ws.read() as session:
        return users.list_users(session=session)


def set_role(ws: Workspace, login: str, role: str) -> None:
    """Change a user's role; the last admin cannot be demoted.

    Raises:
        PermissionDenied, NotFound, InvalidInput.
    """
    from store import audit, users

    require(ws.user, "user.manage")
    _check_role(role)
    with ws.transaction() as session:
        user = users.get_user(session=session, login=login)
        if user is None:
            raise NotFound(t("user.not_found", login=login))
        if user.role == "admin" and role != "admin" and users.count_role(session=session, role="admin") <= 1:
            raise InvalidInput(t("user.last_admin"))
        users.set_role(session=session, login=login, role=role)
        audit.add_event(
            session=session, actor=ws.user.login, entity="user", entity_id=login,
            action="set_role", before={"role": user.role}, after={"role": role},
        )


def collaborators(ws: Workspace) -> list[UserRow]:
    """Active users other than the acting one (those who can be given access)."""
    return [u for u in list_users(ws) if u.active and u.login != ws.user.login]
