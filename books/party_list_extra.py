"""Fixes the list screens need on top of :mod:`books.party_list`.

``store.party_list.page`` and ``sort_keys`` build dicts with
``dict(session.execute(...).all())``; a SQLAlchemy ``Result`` has a
``keys()`` method, so ``dict()`` takes it for a mapping and fails with
"'ChunkedIteratorResult' object is not subscriptable" on every non-empty
page. Until the store is fixed (``dict(iter(result.all()))``), the list
screens read pages through :func:`page`, which builds the same rows with the
store's own WHERE clause and ordering. :func:`keyset_after` needs no query:
the stored ``sort_key`` of a name is :func:`books.party_fields.sort_key`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from books.party_fields import sort_key
from books.party_list import Selection

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from store.party_list import ListQuery, PartyListRow


PAGE_COLUMNS = ("id", "code", "name", "siren", "siret", "vat_id", "city", "payment_terms_days",
                "payment_method", "account", "source", "archived", "version")
"""The party columns a list row shows (selected as columns: no ORM objects to build)."""


def read_page(
    ws: Workspace, query: ListQuery, offset: int, limit: int, after: tuple[Any, int] | None = None
) -> tuple[list[PartyListRow], tuple[Any, int] | None]:
    """Rows ``offset…offset+limit`` (or just after the keyset ``after``), and the keyset
    of the last row returned (to read the next page without OFFSET)."""
    from sqlalchemy import select, tuple_

    from store.models import Party
    from store.party_list import PartyListRow, _sort_column, where

    column = _sort_column(query)
    statement = select(column, *(getattr(Party, c) for c in PAGE_COLUMNS)).where(where(query))
    order = (column.desc(), Party.id.desc()) if query.descending else (column, Party.id)
    statement = statement.order_by(*order)
    if after is not None:
        key = tuple_(column, Party.id)
        statement = statement.where(key < after if query.descending else key > after)
    else:
        statement = statement.offset(offset)
    with ws.read() as session:
        found = session.execute(statement.limit(limit)).all()
        groups, documents = _extras(session, [r[1] for r in found])
    rows = [PartyListRow(*r[1:], tuple(sorted(groups.get(r[1], ()))), documents.get(r[1], 0))
            for r in found]
    return rows, ((found[-1][0], found[-1][1]) if found else None)


def page(
    ws: Workspace, query: ListQuery, offset: int, limit: int, after: tuple[Any, int] | None = None
) -> list[PartyListRow]:
    """Rows ``offset…offset+limit`` of a list (:func:`books.party_list.page`, working)."""
    return read_page(ws, query, offset, limit, after)[0]


def matching_ids(ws: Workspace, query: ListQuery) -> list[int]:
    """Every party id the query matches (to turn "all matching" into ids)."""
    from store.party_list import ids

    with ws.read() as session:
        return ids(session=session, query=query)


def selection_names(ws: Workspace, selection: Selection, limit: int = 3) -> list[str]:
    """The names of the first parties of a selection (for a confirmation)."""
    from sqlalchemy import select

    from store.models import Party

    if selection.query is not None:
        rows = page(ws, selection.query, 0, limit + len(selection.excluded))
        return [r.name for r in rows if r.id not in selection.excluded][:limit]
    first = sorted(selection.ids)[:limit]
    with ws.read() as session:
        names = dict(iter(session.execute(select(Party.id, Party.name).where(Party.id.in_(first)))
                          ))
    return [names[i] for i in first if i in names]


def codes_of(ws: Workspace, party_ids: list[int]) -> list[str]:
    """The codes of these parties (the CSV export takes codes)."""
    from sqlalchemy import select

    from store.models import Party

    codes: list[str] = []
    with ws.read() as session:
        for start in range(0, len(party_ids), 500):
            chunk = party_ids[start:start + 500]
            codes.extend(session.execute(select(Party.code).where(Party.id.in_(chunk))).scalars())
    return sorted(codes)


class ListSource:
    """What the list widget reads, bound to a workspace (tests pass a fake one)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def count(self, query: ListQuery) -> int:
        """How many parties match."""
        from books.party_list import count

        return count(self.ws, query)

    def read(self, query: ListQuery, offset: int, limit: int,
             after: tuple[Any, int] | None = None) -> tuple[list[PartyListRow], tuple[Any, int] | None]:
        """A page and the keyset after it."""
        return read_page(self.ws, query, offset, limit, after)

    def ids(self, query: ListQuery) -> list[int]:
        """Every matching id."""
        return matching_ids(self.ws, query)

def _extras(session: Session, party_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, int]]:
    """Group names and document counts of these parties."""
    from sqlalchemy import func, select

    from store.models import Document, GroupMember, PartyGroup

    if not party_ids:
        return {}, {}
    groups: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(GroupMember.party_id, PartyGroup.name)
        .join(PartyGroup, PartyGroup.id == GroupMember.group_id)
        .where(GroupMember.party_id.in_(party_ids))
    ).all()
    for party_id, name in rows:
        groups[party_id].append(name)
    counted = session.execute(
        select(Document.party_id, func.count()).where(Document.party_id.in_(party_ids))
        .group_by(Document.party_id)
    ).all()
    return groups, {party_id: n for party_id, n in counted if party_id is not None}


def keyset_after(query: ListQuery, row: PartyListRow) -> tuple[Any, int]:
    """The keyset position just after ``row`` (no query: the name key is computed)."""
    from store.party_list import sort_value

    return sort_value(row, query, sort_key(row.name) if query.sort == "name" else ""), row.id
