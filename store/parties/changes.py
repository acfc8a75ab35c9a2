"""Queries on parties (customers and suppliers), their groups and contacts."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from operator import lt
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from store.bulk import execute_columns, raw_batches
from store.document_keys import rekey
from store.idruns import IdRuns
from store.models import Contact, Document, GroupMember, Party, PartyGroup, utcnow

if TYPE_CHECKING:
    from store.parties.listing import ListQuery

PARTY_DEFAULTS: dict[str, Any] = {
    name: None
    for name in (
        "siren", "siret", "vat_id", "address", "postcode", "city", "country", "email", "phone",
        "payment_terms_days", "payment_method", "iban", "bic", "sepa_mandate_ref",
        "sepa_mandate_date", "account", "credit_limit", "insurer_guarantee", "other_guarantees",
        "comments",
    )
}


def insert_many(
    *, session: Session, rows: Sequence[dict[str, Any]] = (), chunk: int = 5000,
    columns: dict[str, Sequence[Any]] | None = None,
) -> None:
    """Insert many parties in executemany batches (no ORM unit of work).

    Each row needs ``dossier_id``, ``kind``, ``code``, ``name``, ``sort_key``;
    other columns default to empty. The same rows may come as ``columns``
    (``{column: values}``, one value per row each), which saves building dicts.
    The values are stored as an ORM insert would store them (:mod:`store.bulk`).
    """
    from store.bulk import Same, insert_columns, rows_to_columns

    now = utcnow()
    base = {**PARTY_DEFAULTS, "custom_fields": {}, "source": "manual", "archived": False,
            "version": 1, "created_at": now, "updated_at": now}
    table = Party.__table__
    if columns is not None:
        given = {name: Same(value) for name, value in base.items() if name not in columns}
        for start in range(0, len(columns["code"]), chunk):
            batch = {name: values[start:start + chunk] for name, values in columns.items()}
            insert_columns(session, table, {**given, **batch})
        return
    for start in range(0, len(rows), chunk):
        insert_columns(session, table, rows_to_columns(rows[start:start + chunk], base))


def ids_by_code(*, session: Session, dossier_id: int, kind: str) -> dict[str, int]:
    """Party ids of a dossier's list, by code."""
    query = select(Party.code, Party.id).where(
        Party.dossier_id == dossier_id, Party.kind == kind, Party.deleted_at.is_(None)
    )
    return dict(session.execute(query).all())


def count_parties(*, session: Session, dossier_id: int, kind: str) -> int:
    """How many parties a list holds (archived included)."""
    query = select(func.count()).select_from(Party).where(
        Party.dossier_id == dossier_id, Party.kind == kind
    )
    return session.execute(query).scalar_one()


def ensure_groups(*, session: Session, dossier_id: int, names: Iterable[str]) -> dict[str, int]:
    """Group ids by name, creating the groups that do not exist yet."""
    wanted = set(names)
    query = select(PartyGroup.name, PartyGroup.id).where(PartyGroup.dossier_id == dossier_id)
    existing = dict(session.execute(query).all())
    for name in sorted(wanted - existing.keys()):
        group = PartyGroup(dossier_id=dossier_id, name=name)
        session.add(group)
        session.flush()
        assert group.id is not None
        existing[name] = group.id
    return existing


def add_members(*, session: Session, pairs: Sequence[tuple[int, int]]) -> None:
    """Put parties in groups: ``(group_id, party_id)`` pairs."""
    if pairs:
        session.execute(insert(GroupMember.__table__), [{"group_id": g, "party_id": p} for g, p in pairs])


def add_contacts(*, session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert contacts (``party_id``, ``name`` and optional fields)."""
    base = {"role": None, "email": None, "phone": None, "favourite_email": False,
            "favourite_reminder": False}
    if rows:
        session.execute(insert(Contact.__table__), [{**base, **row} for row in rows])


# ------------------------------------------------------------------ single rows


def get(*, session: Session, party_id: int) -> Party | None:
    """A party by id (deleted ones included), detached."""
    party = session.get(Party, party_id, populate_existing=True)
    if party is not None:
        session.expunge(party)
    return party


def get_by_code(*, session: Session, dossier_id: int, kind: str, code: str) -> Party | None:
    """The live party with this code in a list, detached."""
    party = session.execute(
        select(Party).where(Party.dossier_id == dossier_id, Party.kind == kind, Party.code == code,
                            Party.deleted_at.is_(None))
    ).scalar_one_or_none()
    if party is not None:
        session.expunge(party)
    return party


def live_ids_by_code(*, session: Session, dossier_id: int, kind: str, codes: Sequence[str]) -> dict[str, int]:
    """The ids of the live parties of a list that have these codes (unknown codes are absent)."""
    found: dict[str, int] = {}
    for start in range(0, len(codes), CHUNK):
        query = select(Party.code, Party.id).where(
            Party.dossier_id == dossier_id, Party.kind == kind,
            Party.code.in_(codes[start:start + CHUNK]), Party.deleted_at.is_(None))
        found.update(session.execute(query).all())
    return found


def insert_one(*, session: Session, fields: dict[str, Any]) -> int:
    """Insert one party; returns its id."""
    party = Party(**fields)
    session.add(party)
    session.flush()
    assert party.id is not None
    return party.id


def update_versioned(
    *, session: Session, party_id: int, expected_version: int, changes: dict[str, Any]
) -> Party:
    """Apply ``changes`` unless someone saved since ``expected_version``.

    The version is checked by the UPDATE itself (``WHERE id = ? AND version
    = ?``), so the check and the write are one step on every database: of
    two saves of the same version, the second finds no row to change.

    Raises:
        StaleVersion: the party changed (or was deleted) meanwhile.
    """
    from store.errors import StaleVersion

    table = Party.__table__
    result = session.execute(
        update(table)
        .where(table.c.id == party_id, table.c.version == expected_version,
               table.c.deleted_at.is_(None))
        .values(**changes, version=table.c.version + 1, updated_at=utcnow())
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersion(party_id)
    party = session.get(Party, party_id, populate_existing=True)
    assert party is not None
    return party


def group_names(*, session: Session, party_id: int) -> list[str]:
    """The groups a party belongs to, by name."""
    query = (
        select(PartyGroup.name).join(GroupMember, GroupMember.group_id == PartyGroup.id)
        .where(GroupMember.party_id == party_id).order_by(PartyGroup.name)
    )
    return list(session.execute(query).scalars())


def all_groups(*, session: Session, dossier_id: int) -> list[str]:
    """Every group of a dossier, by name."""
    query = select(PartyGroup.name).where(PartyGroup.dossier_id == dossier_id).order_by(PartyGroup.name)
    return list(session.execute(query).scalars())


# -------------------------------------------------------------------- bulk rows

CHUNK = 5000


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def set_archived(*, session: Session, party_ids: Sequence[int], archived: bool) -> list[int]:
    """Archive or restore parties; returns the ids whose state changed."""
    changed: list[int] = []
    now = utcnow()
    for chunk in _chunks(party_ids):
        found = session.execute(
            select(Party.id).where(Party.id.in_(chunk), Party.archived.is_(not archived),
                                   Party.deleted_at.is_(None))
        ).scalars().all()
        if found:
            session.execute(
                update(Party).where(Party.id.in_(found))
                .values(archived=archived, version=Party.version + 1, updated_at=now)
            )
            changed.extend(found)
    return changed


ARCHIVE_STEP = 50_000
"""Ids covered by one statement of a bulk archive or restore (and one progress report)."""

Progress = Callable[[int, int], None]
"""Told (parties changed so far, parties to change in all) as a bulk change runs."""


def _quiet(_done: int, _total: int) -> None:
    pass


RETURNED_BATCH = 5_000
"""Ids fetched at once from an ``UPDATE … RETURNING`` of a bulk archive."""


def _increasing(ids: array[int]) -> bool:
    """Whether ids come in increasing order (SQLite returns a range's in id order)."""
    return all(map(lt, ids, islice(ids, 1, None)))


def set_archived_matching(
    *, session: Session, query: ListQuery, excluded: Sequence[int], archived: bool,
    progress: Progress = _quiet,
) -> IdRuns:
    """Archive or restore every live party a list query matches, but ``excluded``.

    One statement per range of :data:`ARCHIVE_STEP` ids, in id order, in the
    caller's transaction: each reads its range of the table by primary key
    (``where(query, by_id=True)``), updates it and returns the changed ids,
    which are kept as runs (:class:`~store.idruns.IdRuns`, for the undo
    journal). A single statement over 1,000,000 rows held every changed page
    in SQLite's statement journal (~500 MB) and every id in a Python list; here
    both are bounded by a range, the cost is linear in the rows, and progress
    is reported after each range.

    Returns:
        The ids whose state changed.
    """
    from store.parties.listing import count, where

    table = Party.__table__
    bounds = select(func.min(table.c.id), func.max(table.c.id)).where(
        table.c.dossier_id == query.dossier_id, table.c.kind == query.kind)
    low, high = session.execute(bounds).one()
    changed = IdRuns()
    if low is None:
        return changed
    expected = count(session=session, query=query)  # for the progress (an upper bound)
    skipped = sorted(excluded)
    progress(0, expected)
    condition = where(query, by_id=True)
    now = utcnow()
    for first in range(low, high + 1, ARCHIVE_STEP):
        last = min(first + ARCHIVE_STEP - 1, high)
        statement = (
            update(table)
            .where(condition, table.c.id.between(first, last), table.c.archived.is_(not archived))
            .values(archived=archived, version=table.c.version + 1, updated_at=now)
            .returning(table.c.id)
        )
        here = skipped[bisect_left(skipped, first):bisect_right(skipped, last)]
        found = array("q")
        if here:  # an expanding list: SQLAlchemy's own path
            found.extend(session.execute(statement.where(table.c.id.not_in(here))).scalars())
        else:  # a range's ids as 8 bytes each, never a list of row tuples (~90 bytes an id)
            for rows in raw_batches(session, statement, RETURNED_BATCH):
                found.extend(row[0] for row in rows)
        changed.extend(found if _increasing(found) else sorted(found))
        progress(len(changed), max(expected, len(changed)))
    progress(len(changed), len(changed))
    return changed


def set_archived_runs(
    *, session: Session, runs: IdRuns, archived: bool, progress: Progress = _quiet,
    step: int = ARCHIVE_STEP,
) -> int:
    """Archive or restore the live parties of ``runs`` (an undo journal's), ``step``
    ids at a time: one ``id BETWEEN`` statement per run,
    so a run of 1,000,000 consecutive ids costs a few statements, not a million
    bound ids. Returns how many changed state."""
    table = Party.__table__
    statement = (
        update(table)
        .where(table.c.id.between(bindparam("first"), bindparam("last")),
               table.c.archived.is_(not archived), table.c.deleted_at.is_(None))
        .values(archived=archived, version=table.c.version + 1, updated_at=utcnow())
    )
    changed = done = 0
    progress(0, len(runs))
    for batch in runs.batches(step):
        changed += execute_columns(session, statement, {"first": [f for f, _l in batch],
                                                         "last": [last for _f, last in batch]})
        done += sum(last - first + 1 for first, last in batch)
        progress(done, len(runs))
    return changed


def soft_delete(*, session: Session, party_ids: Sequence[int]) -> dict[str, int]:
    """Delete parties (rows kept for published documents and undo).

    Their documents not published yet lose the link (they keep the detected
    name and go back to "party unknown"). Returns unlinked document id → party id.
    """
    now = utcnow()
    unlinked: dict[str, int] = {}
    for chunk in _chunks(party_ids):
        docs = session.execute(
            select(Document.id, Document.party_id)
            .where(Document.party_id.in_(chunk), Document.status != "published")
        ).all()
        unlinked.update({str(doc): party for doc, party in docs})
        if docs:
            session.execute(update(Document).where(Document.id.in_([d for d, _ in docs])).values(party_id=None))
            rekey(session=session, document_ids=[d for d, _ in docs])  # the name read counts again
        session.execute(
            update(Party).where(Party.id.in_(chunk))
            .values(deleted_at=now, version=Party.version + 1, updated_at=now)
        )
    return unlinked


def undelete(*, session: Session, party_ids: Sequence[int], links: dict[str, int]) -> None:
    """Bring deleted parties back, with the document links they had."""
    now = utcnow()
    for chunk in _chunks(party_ids):
        session.execute(
            update(Party).where(Party.id.in_(chunk))
            .values(deleted_at=None, version=Party.version + 1, updated_at=now)
        )
    for doc, party in links.items():
        session.execute(update(Document).where(Document.id == int(doc)).values(party_id=party))
    rekey(session=session, document_ids=[int(doc) for doc in links])


def code_taken(*, session: Session, dossier_id: int, kind: str, codes: Sequence[str]) -> list[str]:
    """Which of these codes a live party of the list already uses."""
    query = select(Party.code).where(Party.dossier_id == dossier_id, Party.kind == kind,
                                     Party.code.in_(codes), Party.deleted_at.is_(None))
    return list(session.execute(query).scalars())


def members(*, session: Session, group_id: int, party_ids: Sequence[int]) -> set[int]:
    """Which of these parties are in the group."""
    found: set[int] = set()
    for chunk in _chunks(party_ids):
        query = select(GroupMember.party_id).where(GroupMember.group_id == group_id,
                                                   GroupMember.party_id.in_(chunk))
        found.update(session.execute(query).scalars())
    return found


def remove_members(*, session: Session, group_id: int, party_ids: Sequence[int]) -> None:
    """Take parties out of a group."""
    for chunk in _chunks(party_ids):
        session.execute(delete(GroupMember).where(GroupMember.group_id == group_id,
                                                  GroupMember.party_id.in_(chunk)))


def touch(*, session: Session, party_ids: Sequence[int]) -> None:
    """Bump version and updated_at (their list rows changed)."""
    now = utcnow()
    for chunk in _chunks(party_ids):
        session.execute(update(Party).where(Party.id.in_(chunk))
                        .values(version=Party.version + 1, updated_at=now))


def revive_conflicts(*, session: Session, party_ids: Sequence[int]) -> list[str]:
    """Codes of these deleted parties now used again by a live party of the same list."""
    from sqlalchemy.orm import aliased

    live = aliased(Party)
    conflicts: list[str] = []
    for chunk in _chunks(party_ids):
        query = (
            select(Party.code).join(live, (live.dossier_id == Party.dossier_id)
                                    & (live.kind == Party.kind) & (live.code == Party.code))
            .where(Party.id.in_(chunk), Party.deleted_at.is_not(None), live.deleted_at.is_(None))
        )
        conflicts.extend(session.execute(query).scalars())
    return sorted(conflicts)


def live_ids(*, session: Session, dossier_id: int, party_ids: Sequence[int]) -> list[int]:
    """Which of these ids are live parties of the dossier, sorted."""
    found: list[int] = []
    for chunk in _chunks(list(party_ids)):
        query = select(Party.id).where(Party.id.in_(chunk), Party.dossier_id == dossier_id,
                                       Party.deleted_at.is_(None))
        found.extend(session.execute(query).scalars())
    return sorted(found)


def identified(*, session: Session, dossier_id: int, kind: str, limit: int) -> list[Party]:
    """The first live parties of a list that have a SIREN (for demo documents)."""
    query = (
        select(Party).where(Party.dossier_id == dossier_id, Party.kind == kind,
                            Party.siren.is_not(None), Party.deleted_at.is_(None))
        .order_by(Party.id).limit(limit)
    )
    return list(session.execute(query).scalars())


def codes_of(*, session: Session, party_ids: Sequence[int]) -> dict[int, str]:
    """The codes of these parties (deleted ones included), by id."""
    found: dict[int, str] = {}
    for chunk in _chunks(list(party_ids)):
        found.update(dict(session.execute(select(Party.id, Party.code).where(Party.id.in_(chunk))).all()))
    return found
