"""Comparing checked rows with the list, then writing the difference in one go."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from books.exchange.compare import compare
from books.exchange.keys import KEY_FIELDS, keys_of
from books.exchange.rows import Checked, Progress, Rejected
from books.i18n import t
from books.parties.fields import MANAGED_IN_SAISIE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


CHUNK = 5000


@dataclass
class Plan:
    """What an import will do to a list."""

    creates: dict[str, list[Any]] = field(default_factory=dict)
    """Columns of the rows to insert (fields, keys, custom fields), one value per row each."""
    created: int = 0
    """How many rows ``creates`` holds."""
    updates: dict[str, list[Any]] = field(default_factory=dict)
    """Columns for :func:`store.parties.imports.update_columns`: ``id``, ``version`` and
    what to set, one value per party to update each."""
    members: dict[str, set[str]] = field(default_factory=dict)
    """Groups each code must join (those it is not in yet)."""
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    kind: str = ""

    @property
    def update_count(self) -> int:
        """How many parties ``updates`` holds."""
        return len(self.updates["id"]) if self.updates else 0

    def update_rows(self) -> list[dict[str, Any]]:
        """``updates`` row by row (to read them; writing takes the columns)."""
        keys = list(self.updates)
        return [dict(zip(keys, row, strict=True)) for row in zip(*self.updates.values(), strict=True)]


def current_columns(checked: Checked) -> list[str]:
    """The columns to read from the list: what the file fills plus what keys are made of."""
    return sorted({*checked.fields, *KEY_FIELDS})


Current = tuple[list[str], list[list[Any]]]
"""The list's parties column by column (:func:`store.parties.imports.current_table`)."""


def make_plan(
    checked: Checked, current: Current | dict[str, dict[str, Any]], groups: dict[int, set[str]],
    base: dict[str, Any],
) -> Plan:
    """Sort candidates into creations, updates and unchanged rows.

    Args:
        checked: the file's cleaned rows.
        current: the list's parties, column by column
            (:func:`store.parties.imports.current_table`) or by code
            (:func:`store.parties.imports.current_parties`).
        groups: group names by party id.
        base: columns every created row gets (``dossier_id``, ``kind``, ``source``).
    """
    if isinstance(current, dict):
        current = _as_table(current)
    plan = Plan(rejected=list(checked.rejected), kind=base["kind"])
    columns = checked.columns
    count = len(checked.lines)
    if not count:
        return plan
    settable = [f for f in checked.fields if f not in MANAGED_IN_SAISIE and f != "code"]
    codes = columns["code"]
    names, values = current
    where = dict(zip(values[names.index("code")], range(len(values[0])), strict=True)) if values else {}
    unknown = set(codes).difference(where) if where else None
    new = range(count) if unknown is None else [
        i for i, code in enumerate(codes) if code in unknown] if unknown else []
    members: dict[int, set[str]] = {}
    if len(new) < count:
        known = set(new)
        rows = [i for i in range(count) if i not in known] if new else range(count)
        compared = compare(checked, current, where, groups, settable, rows)
        plan.updates, plan.updated, plan.unchanged = (compared.updates, compared.updated,
                                                      compared.unchanged)
        members.update(compared.members)
    if new:
        plan.created = len(new)
        plan.creates = _create_columns(base, checked, new, count)
        if checked.groups:
            members.update((i, set(checked.groups[i])) for i in new if checked.groups[i])
    plan.members = {codes[i]: members[i] for i in sorted(members)}
    return plan


def _as_table(current: dict[str, dict[str, Any]]) -> Current:
    rows = list(current.values())
    names = list(rows[0]) if rows else ["code"]
    return names, [[row[name] for row in rows] for name in names]


def _create_columns(base: dict[str, Any], checked: Checked, new: Sequence[int],
                    count: int) -> dict[str, list[Any]]:
    """Columns to insert: the fields, their sort and search keys, the custom fields.

    Each key is made for all rows at once: the parts joined row by row, then the
    whole column folded by one ``str.translate`` (folding is character by character,
    so this is the fold of each row's key).
    """
    every = len(new) == count
    pick = None if every else itemgetter(*new)

    def take(values: list[Any]) -> list[Any]:
        if pick is None:
            return values
        picked = pick(values)
        return list(picked) if isinstance(picked, tuple) else [picked]

    size = len(new)
    out: dict[str, list[Any]] = {name: [value] * size for name, value in base.items()}
    out.update({name: take(values) for name, values in checked.columns.items()})
    out["sort_key"], out["search_key"] = keys_of(out)
    empty: dict[str, str] = {}
    out["custom_fields"] = take(checked.custom) if checked.custom else [empty] * size
    return out


def write_plan(
    session: Session, dossier_id: int, plan: Plan, progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Insert, update and group the plan's parties in the caller's transaction.

    Returns:
        How many groups were created.

    Raises:
        Conflict: someone changed one of the parties since it was read.
        ImportCancelled: ``should_stop`` answered true (the caller rolls back).
    """
    from books.errors import Conflict
    from books.exchange.rows import _tick
    from store.parties import changes as parties
    from store.parties import imports as party_import

    total = plan.created + plan.update_count + 1
    done = 0
    for start in range(0, plan.created, CHUNK):
        _tick_write(progress, should_stop, done, total, _tick)
        batch = {name: values[start:start + CHUNK] for name, values in plan.creates.items()}
        parties.insert_many(session=session, columns=batch, chunk=CHUNK)
        done += len(batch["code"])
    for start in range(0, plan.update_count, CHUNK):
        _tick_write(progress, should_stop, done, total, _tick)
        batch = {name: values[start:start + CHUNK] for name, values in plan.updates.items()}
        if party_import.update_columns(session=session, columns=batch, chunk=CHUNK) != len(batch["id"]):
            raise Conflict(t("import.conflict"))
        done += len(batch["id"])
    created = _join_groups(session, dossier_id, plan)
    if progress is not None:
        progress("write", total, total)
    return created


def _tick_write(progress: Progress | None, should_stop: Callable[[], bool] | None, done: int,
                total: int, tick: Callable[..., None]) -> None:
    tick(None, should_stop, done, total)
    if progress is not None:
        progress("write", done, total)


def _join_groups(session: Session, dossier_id: int, plan: Plan) -> int:
    """Create the missing groups and add the memberships; the number of groups created."""
    from store.parties import changes as parties
    from store.parties import imports as party_import

    if not plan.members:
        return 0
    wanted = set().union(*plan.members.values())
    before = set(party_import.group_ids(session=session, dossier_id=dossier_id))
    group_ids = parties.ensure_groups(session=session, dossier_id=dossier_id, names=wanted)
    ids = parties.ids_by_code(session=session, dossier_id=dossier_id, kind=plan.kind)
    pairs = [(group_ids[name], ids[code]) for code, names in plan.members.items()
             for name in sorted(names)]
    parties.add_members(session=session, pairs=pairs)
    return len(wanted - before)
