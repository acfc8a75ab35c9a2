"""Queries behind party import and export: current values, bulk updates, mappings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, select, true, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from store.models import GroupMember, ImportMapping, Party, PartyGroup, utcnow


def _live() -> ColumnElement[bool]:
    """Parties not deleted (the column exists once soft deletion has landed)."""
    deleted_at = getattr(Party, "deleted_at", None)
    return deleted_at.is_(None) if deleted_at is not None else true()


def current_parties(
    *, session: Session, dossier_id: int, kind: str, columns: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """The list's parties by code: ``id``, ``version``, ``custom_fields`` and ``columns``.

    Equal custom fields are one shared dict (:func:`current_table`): read, not change.
    """
    names, values = current_table(session=session, dossier_id=dossier_id, kind=kind,
                                  columns=columns)
    return {row[1]: dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)}


def current_table(
    *, session: Session, dossier_id: int, kind: str, columns: Sequence[str], custom: bool = True,
) -> tuple[list[str], list[list[Any]]]:
    """The list's parties column by column: the names (``id``, ``code``, ``version``,
    ``custom_fields`` unless not ``custom``, then ``columns``) and each one's values,
    typed as the ORM types them.

    Read in bulk (:func:`store.bulk.select_columns`): equal custom fields are one
    shared dict, to be read, not changed.
    """
    from store.bulk import select_columns

    names = ["id", "code", "version", *(["custom_fields"] if custom else []),
             *[c for c in columns if c != "code"]]
    query = select(*[Party.__table__.c[name] for name in names]).where(
        Party.dossier_id == dossier_id, Party.kind == kind, _live()
    )
    return names, select_columns(session, query)


def group_names_by_party(
    *, session: Session, dossier_id: int, party_ids: Iterable[int] | None = None
) -> dict[int, set[str]]:
    """Names of the groups each party of the dossier belongs to."""
    query = (
        select(GroupMember.party_id, PartyGroup.name)
        .join(PartyGroup, PartyGroup.id == GroupMember.group_id)
        .where(PartyGroup.dossier_id == dossier_id)
    )
    if party_ids is not None:
        query = query.where(GroupMember.party_id.in_(list(party_ids)))
    out: dict[int, set[str]] = {}
    for party_id, name in session.execute(query):
        out.setdefault(party_id, set()).add(name)
    return out


def update_columns(*, session: Session, columns: Mapping[str, Sequence[Any]], chunk: int = 5000) -> int:
    """Update parties by ``id`` when still at ``version``; bump version and ``updated_at``.

    ``columns`` holds ``id``, ``version`` and the columns to set, one value per
    party each. Values are bound as SQLAlchemy binds them (:mod:`store.bulk`).

    Returns:
        How many rows were updated (fewer than given means someone else changed them).
    """
    from store.bulk import Same, execute_columns

    count = len(columns["id"]) if columns else 0
    if not count:
        return 0
    names = [key for key in columns if key not in ("id", "version")]
    table = Party.__table__
    statement = (
        update(table)
        .where(and_(table.c.id == bindparam("b_id", type_=table.c.id.type),
                    table.c.version == bindparam("b_version", type_=table.c.version.type)))
        .values({
            **{name: bindparam(f"b_{name}", type_=table.c[name].type) for name in names},
            "version": table.c.version + 1,
            "updated_at": bindparam("b__updated_at", type_=table.c.updated_at.type),
        })
    )
    now = Same(utcnow())
    done = 0
    for start in range(0, count, chunk):
        values = {f"b_{key}": columns[key][start:start + chunk] for key in ("id", "version", *names)}
        done += execute_columns(session, statement, {**values, "b__updated_at": now})
    return done


def custom_field_keys(*, session: Session, dossier_id: int, kind: str) -> set[str]:
    """Names of the custom fields the list's parties hold."""
    query = select(Party.custom_fields).where(
        Party.dossier_id == dossier_id, Party.kind == kind, _live()
    )
    keys: set[str] = set()
    for fields in session.execute(query).scalars():
        if fields:
            keys.update(fields)
    return keys


def export_columns(
    *,
    session: Session,
    dossier_id: int,
    kind: str,
    columns: Sequence[str],
    codes: Sequence[str] | None = None,
    folded_filter: str | None = None,
    archived: bool = False,
) -> list[list[Any]]:
    """Parties to export, in list order, column by column: ``id``, ``custom_fields``,
    then ``columns``.

    Given ``codes``, exactly those parties (archived or not); otherwise the
    active (or archived) list, narrowed to search keys containing ``folded_filter``.
    A whole list is read through the driver and typed a column at a time
    (:func:`store.bulk.select_columns`): made row by row, the 100,000 rows of a
    list cost several seconds of SQLAlchemy's per-row work.
    """
    from store.bulk import file_mapped, select_columns

    table = Party.__table__
    names = ["id", "custom_fields", *columns]
    query = select(*[table.c[name] for name in names]).where(
        Party.dossier_id == dossier_id, Party.kind == kind, _live()
    )
    if codes is None:
        query = query.where(Party.archived == archived)
        if folded_filter:
            query = query.where(Party.search_key.contains(folded_filter, autoescape=True))
        with file_mapped(session):
            return select_columns(session, query.order_by(Party.sort_key, Party.id))
    wanted = list(dict.fromkeys(codes))
    if len(wanted) <= CODES_PER_QUERY:
        rows = list(session.execute(query.where(Party.code.in_(wanted))
                                    .order_by(Party.sort_key, Party.id)).all())
    else:
        # PostgreSQL takes at most 65,535 parameters a statement: a selection of
        # 100,000 parties is read a chunk at a time, then put in list order.
        rows = []
        for start in range(0, len(wanted), CODES_PER_QUERY):
            rows += session.execute(
                query.where(Party.code.in_(wanted[start:start + CODES_PER_QUERY]))).all()
        order = select(Party.id).where(Party.dossier_id == dossier_id, Party.kind == kind,
                                       _live()).order_by(Party.sort_key, Party.id)
        place = {party_id: n for n, party_id in enumerate(session.execute(order).scalars())}
        rows.sort(key=lambda row: place[row[0]])
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in names]


CODES_PER_QUERY = 5000
"""Codes looked up by one statement (:func:`export_columns`)."""


def get_mapping(
    *, session: Session, dossier_id: int, kind: str, signature: str
) -> dict[str, Any] | None:
    """The mapping remembered for a list and a header signature, if any."""
    query = select(ImportMapping.mapping).where(
        ImportMapping.dossier_id == dossier_id,
        ImportMapping.kind == kind,
        ImportMapping.signature == signature,
    )
    return session.execute(query).scalar_one_or_none()


def save_mapping(
    *, session: Session, dossier_id: int, kind: str, signature: str, mapping: dict[str, Any]
) -> None:
    """Remember ``mapping`` for a list and a header signature (replacing an older one)."""
    table = ImportMapping.__table__
    found = session.execute(
        select(table.c.id).where(
            table.c.dossier_id == dossier_id, table.c.kind == kind, table.c.signature == signature
        )
    ).scalar_one_or_none()
    if found is None:
        session.add(ImportMapping(dossier_id=dossier_id, kind=kind, signature=signature,
                                  mapping=mapping, updated_at=utcnow()))
    else:
        session.execute(
            update(table).where(table.c.id == found).values(mapping=mapping, updated_at=utcnow())
        )


def group_ids(*, session: Session, dossier_id: int) -> dict[str, int]:
    """The dossier's group ids by name."""
    query = select(PartyGroup.name, PartyGroup.id).where(PartyGroup.dossier_id == dossier_id)
    return dict(session.execute(query).all())


def lock_lists(*, session: Session, dossier_id: int) -> None:
    """Make the caller's transaction the only writer of the dossier's lists until it ends.

    An import reads the list, plans, then writes: two at once would both plan to
    create the same codes. Taken first in the transaction, this lock makes the
    second wait for the first to commit, then read what it wrote. SQLite: the
    database's write lock (a no-op write, waiting up to the busy timeout).
    PostgreSQL: the dossier's row ``FOR UPDATE``, which also holds back parties
    inserted into that dossier by others (their foreign key check waits on it).
    """
    from sqlalchemy import text

    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("UPDATE dossier SET id = id WHERE id = :id"), {"id": dossier_id})
    else:
        session.execute(text("SELECT id FROM dossier WHERE id = :id FOR UPDATE"), {"id": dossier_id})
