"""What the matcher reads of a list (identifiers, names, cities) and its confirmed names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from store.models import Party, PartyAlias, utcnow


@dataclass(frozen=True, slots=True)
class MatchRow:
    """One party as the matcher sees it."""

    id: int
    code: str
    name: str
    city: str | None
    siren: str | None
    siret: str | None
    vat_id: str | None
    iban: str | None
    active: bool
    """Neither archived nor deleted: only active parties are matched."""


@dataclass(frozen=True, slots=True)
class AliasRow:
    """A confirmed name."""

    id: int
    party_id: int
    name: str
    created_by: str | None
    created_at: datetime


_COLUMNS = (Party.id, Party.code, Party.name, Party.city, Party.siren, Party.siret, Party.vat_id,
            Party.iban, Party.archived, Party.deleted_at)


def match_rows(*, session: Session, dossier_id: int, kind: str,
               changed_since: datetime | None = None) -> list[MatchRow]:
    """The list's active parties, or every party changed since ``changed_since``
    (archived and deleted ones included, so that the index forgets them)."""
    query = select(*_COLUMNS).where(Party.dossier_id == dossier_id, Party.kind == kind)
    if changed_since is None:
        query = query.where(Party.deleted_at.is_(None), Party.archived.is_(False))
    else:
        query = query.where(Party.updated_at >= changed_since)
    return [MatchRow(pid, code, name, city, siren, siret, vat, iban,
                     not archived and deleted is None)
            for pid, code, name, city, siren, siret, vat, iban, archived, deleted
            in session.execute(query)]


def list_stamp(*, session: Session, dossier_id: int, kind: str) -> tuple[Any, ...]:
    """Changes whenever a party or a confirmed name of the list changes."""
    parties = session.execute(
        select(func.max(Party.updated_at), func.max(Party.id), func.count())
        .where(Party.dossier_id == dossier_id, Party.kind == kind)).one()
    aliases = session.execute(
        select(func.max(PartyAlias.id), func.count()).join(Party, Party.id == PartyAlias.party_id)
        .where(Party.dossier_id == dossier_id, Party.kind == kind)).one()
    return (*parties, *aliases)


def list_aliases(*, session: Session, dossier_id: int, kind: str) -> list[AliasRow]:
    """The confirmed names of a list's parties."""
    query = (select(PartyAlias).join(Party, Party.id == PartyAlias.party_id)
             .where(Party.dossier_id == dossier_id, Party.kind == kind)
             .order_by(PartyAlias.id))
    return [_alias(a) for a in session.execute(query).scalars()]


def aliases_of(*, session: Session, party_id: int) -> list[AliasRow]:
    """A party's confirmed names, oldest first."""
    query = select(PartyAlias).where(PartyAlias.party_id == party_id).order_by(PartyAlias.id)
    return [_alias(a) for a in session.execute(query).scalars()]


def get_alias(*, session: Session, alias_id: int) -> AliasRow | None:
    """One confirmed name."""
    alias = session.get(PartyAlias, alias_id)
    return None if alias is None else _alias(alias)


def add_alias(*, session: Session, party_id: int, name: str, created_by: str) -> AliasRow:
    """Record ``name`` as a confirmed name of the party."""
    alias = PartyAlias(party_id=party_id, name=name, created_by=created_by, created_at=utcnow())
    session.add(alias)
    session.flush()
    return _alias(alias)


def delete_alias(*, session: Session, alias_id: int) -> None:
    """Forget a confirmed name."""
    session.execute(delete(PartyAlias).where(PartyAlias.id == alias_id))


def _alias(alias: PartyAlias) -> AliasRow:
    assert alias.id is not None
    return AliasRow(alias.id, alias.party_id, alias.name, alias.created_by, alias.created_at)
