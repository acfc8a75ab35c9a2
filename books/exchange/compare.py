"""Comparing a file's rows with the parties of the list that have the same codes.

Work goes column by column: a settable field whose values all equal the list's
is one list comparison in C; otherwise ``map(operator.ne)`` and ``compress``
find the rows that differ, still in C. Only those rows (and the ones bringing
custom fields or groups) become updates, built column by column too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from operator import ne
from typing import Any

from books.exchange.keys import KEY_FIELDS, keys_of
from books.exchange.rows import Checked


@dataclass
class Compared:
    """What the rows of known codes bring to the list."""

    updates: dict[str, list[Any]]
    """Columns for :func:`store.parties.imports.update_columns`, rows in file order."""
    members: dict[int, set[str]]
    """Groups a row (by its index in the file) must join that its party is not in yet."""
    updated: int
    unchanged: int


def compare(checked: Checked, current: tuple[list[str], list[list[Any]]], where: dict[str, int],
            groups: dict[int, set[str]], settable: list[str], rows: Sequence[int]) -> Compared:
    """The updates ``rows`` (indexes in the file, of codes in the list) bring.

    Args:
        current: the list's parties column by column (``id``, ``version``, the key
            and settable fields, and ``custom_fields`` when the file brings some).
        where: each code's index in ``current``.
        groups: group names by party id.
        settable: the fields a re-import sets.
    """
    columns = checked.columns
    names, values = current
    old = dict(zip(names, values, strict=True))
    codes = columns["code"]
    whole = len(rows) == len(codes)
    at = list(map(where.__getitem__, codes)) if whole else [where[codes[i]] for i in rows]
    same_order = len(at) == len(old["id"]) and at == list(range(len(at)))
    differ: set[int] = set()  # positions in ``rows`` whose fields differ
    for name in settable:
        mine, theirs = _at(columns[name], rows, whole), _at(old[name], at, same_order)
        if mine != theirs:
            differ.update(compress(range(len(at)), map(ne, mine, theirs)))
    extra = _bringing(checked.custom, rows) | _bringing(checked.groups, rows)
    looked = sorted(differ | extra)
    file_rows = [rows[k] for k in looked]
    party_rows = [at[k] for k in looked]
    customs = [checked.custom[i] for i in file_rows] if checked.custom else [{}] * len(looked)
    old_customs = ([old["custom_fields"][j] or {} for j in party_rows] if "custom_fields" in old
                   else [{}] * len(looked))
    changed = [k in differ or _custom_changed(old_custom, custom)
               for k, custom, old_custom in zip(looked, customs, old_customs, strict=True)]
    members = _missing_groups(checked, groups, old["id"], file_rows, party_rows)
    picked = [p for p, keep in enumerate(changed) if keep]
    updates = _updates(old, columns, settable, [file_rows[p] for p in picked],
                       [party_rows[p] for p in picked],
                       [{**old_customs[p], **customs[p]} for p in picked])
    updated = sum(1 for i, keep in zip(file_rows, changed, strict=True) if keep or i in members)
    return Compared(updates, members, updated, len(rows) - updated)


def _at(values: Sequence[Any], indexes: Sequence[int], whole: bool) -> Sequence[Any]:
    """``values`` at ``indexes`` (``values`` itself when ``whole``: the indexes are all, in order)."""
    return values if whole else [values[i] for i in indexes]


def _bringing(cells: list[Any] | None, rows: Sequence[int]) -> set[int]:
    """Positions in ``rows`` whose custom fields or groups are not empty."""
    if not cells:
        return set()
    return {k for k, i in enumerate(rows) if cells[i]}


def _custom_changed(old: dict[str, Any], custom: dict[str, str]) -> bool:
    return any(str(old.get(k)) != v or k not in old for k, v in custom.items())


def _missing_groups(checked: Checked, groups: dict[int, set[str]], ids: list[int],
                    file_rows: list[int], party_rows: list[int]) -> dict[int, set[str]]:
    """Groups each looked-at row names that its party is not in yet."""
    if not checked.groups:
        return {}
    out: dict[int, set[str]] = {}
    for i, j in zip(file_rows, party_rows, strict=True):
        wanted = checked.groups[i]
        missing = set(wanted) - groups.get(ids[j], set()) if wanted else None
        if missing:
            out[i] = missing
    return out


def _updates(old: dict[str, list[Any]], columns: dict[str, list[Any]], settable: list[str],
             file_rows: list[int], party_rows: list[int],
             customs: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Update columns: id, version, the settable fields, custom fields and fresh keys
    (made from the key fields as they will be: the file's when settable)."""
    out: dict[str, list[Any]] = {"id": [old["id"][j] for j in party_rows],
                                 "version": [old["version"][j] for j in party_rows]}
    out.update({f: [columns[f][i] for i in file_rows] for f in settable})
    if "custom_fields" in old:  # read only when the file brings custom fields
        out["custom_fields"] = customs
    merged = {f: out[f] if f in settable else [old[f][j] for j in party_rows] for f in KEY_FIELDS}
    out["sort_key"], out["search_key"] = keys_of(merged)
    return out
