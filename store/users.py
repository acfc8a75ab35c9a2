"""Queries on users and their access to dossiers."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import DossierAccess, User
from store.rows import UserRow


def _row(user: User) -> UserRow:
    assert user.id is not None
    return UserRow(user.id, user.login, user.name, user.email, user.role, user.active)


def count_users(*, session: Session) -> int:
    """How many users exist."""
    return session.execute(select(func.count()).select_from(User)).scalar_one()


def count_role(*, session: Session, role: str) -> int:
    """How many active users hold ``role``."""
    query = select(func.count()).select_from(User).where(User.role == role, User.active)
    return session.execute(query).scalar_one()


def get_user(*, session: Session, login: str) -> UserRow | None:
    """The user with this login, if any."""
    user = session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    return _row(user) if user else None


def add_user(
    *, session: Session, login: str, role: str, name: str = "", email: str | None = None
) -> UserRow:
    """Insert a user."""
    user = User(login=login, role=role, name=name, email=email)
    session.add(user)
    session.flush()
    return _row(user)


def list_users(*, session: Session) -> list[UserRow]:
    """All users, by login."""
    return [_row(u) for u in session.execute(select(User).order_by(User.login)).scalars()]


def set_role(*, session: Session, login: str, role: str) -> None:
    """Change a user's role."""
    user = session.execute(select(User).where(User.login == login)).scalar_one()
    user.role = role


def access_user_ids(*, session: Session, dossier_id: int) -> set[int]:
    """Users given access to a dossier."""
    query = select(DossierAccess.user_id).where(DossierAccess.dossier_id == dossier_id)
    return set(session.execute(query).scalars())


def set_access(*, session: Session, dossier_id: int, user_ids: set[int]) -> None:
    """Replace the set of users who may access a dossier."""
    current = access_user_ids(session=session, dossier_id=dossier_id)
    for user_id in current - user_ids:
        session.delete(session.get(DossierAccess, (user_id, dossier_id)))
    for user_id in user_ids - current:
        session.add(DossierAccess(user_id=user_id, dossier_id=dossier_id))
    session.flush()


def has_access(*, session: Session, user_id: int, dossier_id: int) -> bool:
    """Whether the user was given access to the dossier."""
    return session.get(DossierAccess, (user_id, dossier_id)) is not None


def dossier_ids_of(*, session: Session, user_id: int) -> set[int]:
    """Dossiers a user was given access to."""
    query = select(DossierAccess.dossier_id).where(DossierAccess.user_id == user_id)
    return set(session.execute(query).scalars())
