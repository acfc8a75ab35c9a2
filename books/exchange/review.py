"""What an import will change, row by row, for its review step: the parties to
create and, for those to update, each field that changes (before → after)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from books.exchange.plan import Current, Plan

SHOWN = 200
"""At most this many rows of each kind are described (the counts say the rest)."""
_NOT_FIELDS = frozenset({"id", "version", "sort_key", "search_key"})


@dataclass(frozen=True)
class Change:
    """One field of a party that the import changes."""

    field: str
    """A party field, or ``custom:<column>`` for a custom field."""
    before: Any
    after: Any


@dataclass(frozen=True)
class ReviewRow:
    """A party the import creates or updates."""

    code: str
    name: str
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Review:
    """The first rows to create and to update (the plan's counts hold the totals)."""

    creates: tuple[ReviewRow, ...] = ()
    updates: tuple[ReviewRow, ...] = field(default_factory=tuple)


def review(plan: Plan, current: Current, limit: int = SHOWN) -> Review:
    """Describe the plan's first ``limit`` creations and updates."""
    creates = tuple(ReviewRow(plan.creates["code"][i], plan.creates["name"][i])
                    for i in range(min(plan.created, limit)))
    names, values = current
    old = dict(zip(names, values, strict=True))
    at_id = {party_id: k for k, party_id in enumerate(old["id"])} if plan.update_count else {}
    updates: list[ReviewRow] = []
    for k in range(min(plan.update_count, limit)):
        at = at_id[plan.updates["id"][k]]
        changes = list(_changes(plan.updates, k, old, at))
        code = old["code"][at]
        if code in plan.members:
            changes.append(Change("groups", None, ", ".join(sorted(plan.members[code]))))
        name = plan.updates["name"][k] if "name" in plan.updates else old["name"][at]
        updates.append(ReviewRow(code, name, tuple(changes)))
    _joining_only(plan, old, updates, limit)
    return Review(creates, tuple(updates))


def _changes(columns: dict[str, list[Any]], k: int, old: dict[str, list[Any]], at: int) -> list[Change]:
    """The fields of update ``k`` whose value differs from the party's (at ``at``)."""
    found: list[Change] = []
    for name, new_values in columns.items():
        if name in _NOT_FIELDS:
            continue
        before, after = (old[name][at] if name in old else None), new_values[k]
        if name == "custom_fields":
            mine = before or {}
            found.extend(Change(f"custom:{key}", mine.get(key), value) for key, value in sorted(after.items())
                         if key not in mine or str(mine[key]) != str(value))
        elif before != after:
            found.append(Change(name, before, after))
    return found


def _joining_only(plan: Plan, old: dict[str, list[Any]], updates: list[ReviewRow], limit: int) -> None:
    """Parties updated only to join groups (they hold no update columns)."""
    if not plan.members or len(updates) >= limit:
        return
    listed = {row.code for row in updates} | set(plan.creates.get("code", ()))
    at_code = {code: k for k, code in enumerate(old.get("code", ()))}
    for code, groups in plan.members.items():
        if len(updates) >= limit:
            return
        if code not in listed and code in at_code:
            updates.append(ReviewRow(code, old["name"][at_code[code]],
                                     (Change("groups", None, ", ".join(sorted(groups))),)))
