"""Comparing checked rows with the list, then writing the difference in one go."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from books.exchange.rows import Checked, Progress, Rejected
from books.i18n import t
from books.identity import fold
from books.party_fields import MANAGED_IN_SAISIE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KEY_FIELDS = ("code", "name", "siren", "siret", "vat_id", "city")
"""The fields the sort and search keys are made of."""

CHUNK = 5000


class _FoldTable(dict[int, str]):
    """Each character's :func:`books.identity.fold`, computed once, for ``str.translate``."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold(chr(code))
        return folded


_FOLDS = _FoldTable()


def fast_fold(text: str) -> str:
    """:func:`books.identity.fold` character by character (same result, C speed)."""
    return text.translate(_FOLDS)


@dataclass
class Plan:
    """What an import will do to a list."""

    creates: dict[str, list[Any]] = field(default_factory=dict)
    """Columns of the rows to insert (fields, keys, custom fields), one value per row each."""
    created: int = 0
    """How many rows ``creates`` holds."""
    updates: list[dict[str, Any]] = field(default_factory=list)
    """Rows for :func:`store.party_import.update_many` (same keys each)."""
    members: dict[str, set[str]] = field(default_factory=dict)
    """Groups each code must join (those it is not in yet)."""
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    kind: str = ""


@dataclass
class ImportResult:
    """The summary of an import (also what ``--json`` prints)."""

    file: str
    encoding: str
    delimiter: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    groups_created: int = 0
    dry_run: bool = False
    mapping: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return asdict(self)


def current_columns(checked: Checked) -> list[str]:
    """The columns to read from the list: what the file fills plus what keys are made of."""
    return sorted({*checked.fields, *KEY_FIELDS})


Current = tuple[list[str], list[list[Any]]]
"""The list's parties column by column (:func:`store.party_import.current_table`)."""


def make_plan(
    checked: Checked, current: Current | dict[str, dict[str, Any]], groups: dict[int, set[str]],
    base: dict[str, Any],
) -> Plan:
    """Sort candidates into creations, updates and unchanged rows.

    Args:
        checked: the file's cleaned rows.
        current: the list's parties, column by column
            (:func:`store.party_import.current_table`) or by code
            (:func:`store.party_import.current_parties`).
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
    where = {code: j for j, code in enumerate(values[names.index("code")])} if values else {}
    new = [i for i, code in enumerate(codes) if code not in where] if where else range(count)
    members: dict[int, set[str]] = {}
    if len(new) < count:
        _compare(plan, checked, current, where, groups, settable, set(new), members)
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


def _compare(plan: Plan, checked: Checked, current: Current, where: dict[str, int],
             groups: dict[int, set[str]], settable: list[str], new: set[int],
             members: dict[int, set[str]]) -> None:
    """The rows of codes already in the list: updates, group joins, or unchanged.

    The settable fields of all these rows are compared as tuples (at C speed);
    only the rows that differ, or that bring custom fields or groups, are looked at
    one by one.
    """
    columns = checked.columns
    codes = columns["code"]
    names, values = current
    old = dict(zip(names, values, strict=True))
    ids = old["id"]
    rows = [i for i in range(len(codes)) if i not in new] if new else range(len(codes))
    at = [where[codes[i]] for i in rows]
    same_order = len(at) == len(ids) and at == list(range(len(at)))
    mine = zip(*[_at(columns[f], rows, not new) for f in settable], strict=True)
    theirs = zip(*[_at(old[f], at, same_order) for f in settable], strict=True)
    if not settable:
        mine = theirs = repeat(())
    customs = checked.custom or repeat(None)
    wanted = checked.groups or repeat(None)
    differ = [(i, j, custom, groups_wanted) for i, j, custom, groups_wanted, a, b
              in zip(rows, at, _at(customs, rows, not new), _at(wanted, rows, not new), mine,
                     theirs, strict=False)
              if custom or groups_wanted or a != b]
    plan.unchanged = len(rows) - len(differ)
    for i, j, custom, groups_wanted in differ:
        missing = set(groups_wanted) - groups.get(ids[j], set()) if groups_wanted else None
        if missing:
            members[i] = missing
        existing = {name: old[name][j] for name in names}
        fields = {f: columns[f][i] for f in columns}
        row = _update_row(existing, fields, custom or {}, settable)
        if row is not None:
            plan.updates.append(row)
        if row is not None or missing:
            plan.updated += 1
        else:
            plan.unchanged += 1


def _at(values: Any, indexes: Sequence[int], whole: bool) -> Any:
    """``values`` at ``indexes`` (``values`` itself when ``whole``: the indexes are all, in order)."""
    if whole or isinstance(values, repeat):
        return values
    return [values[i] for i in indexes]


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
    out["sort_key"] = [name[:200] for name in fold_column(out["name"])]
    raw = [out[f] for f in KEY_FIELDS if f in out]
    # fold(" ".join(parts)) for each row: joined first, then folded as one column
    joined = [" ".join(filter(None, parts)) for parts in zip(*raw, strict=True)]
    out["search_key"] = [key[:500] for key in fold_column(joined)]
    empty: dict[str, str] = {}
    out["custom_fields"] = take(checked.custom) if checked.custom else [empty] * size
    return out


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_FEW = 32


def _fold_long(text: str) -> str:
    """:func:`fast_fold` of a long text, by whole-text C passes instead of a lookup a character.

    fold is NFKD, then combining marks dropped, then casefold; done on the whole
    text it gives the fold of each character (NFKD only reorders combining marks,
    which are dropped, and casefold has no context). The marks to drop are found
    among the few distinct non-ASCII characters the decomposed text holds.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed.lower()
    odd: list[str] = []
    found = _NOT_ASCII.search(decomposed)
    while found is not None:  # one scan: each search starts where the last one stopped
        if len(odd) == _FEW:
            return fast_fold(text)  # many scripts: the per-character table is quicker
        odd.append(found.group())
        other = re.compile("[^\\x00-\\x7f" + "".join(map(re.escape, odd)) + "]")
        found = other.search(decomposed, found.start())
    for mark in odd:
        if unicodedata.combining(mark):
            decomposed = decomposed.replace(mark, "")
    return decomposed.casefold()


def fold_column(values: list[Any]) -> list[Any]:
    """:func:`fast_fold` of each value (empty values kept as they are), in one call.

    The values are folded joined by NUL (which no text of a file holds, and which
    no character folds into), so ASCII columns take ``str.translate``'s fast path.
    """
    try:
        joined = "\x00".join([value or "" for value in values])
    except TypeError:
        joined = None
    if joined is None or joined.count("\x00") != len(values) - 1:
        return [fast_fold(value) if value else value for value in values]
    folded = _fold_long(joined).split("\x00") if values else []
    if all(values):
        return folded
    return [f if v else v for f, v in zip(folded, values, strict=True)]


def _update_row(existing: dict[str, Any], fields: dict[str, Any], custom: dict[str, str],
                settable: list[str]) -> dict[str, Any] | None:
    """The update of one party, or None when the file brings nothing new."""
    old_custom = existing["custom_fields"] or {}
    custom_changed = any(str(old_custom.get(k)) != v or k not in old_custom for k, v in custom.items())
    changed = custom_changed or any(existing[f] != fields.get(f) for f in settable)
    if not changed:
        return None
    merged = {f: existing[f] for f in KEY_FIELDS}
    merged.update({f: fields.get(f) for f in settable})
    row = {"id": existing["id"], "version": existing["version"]}
    row.update({f: fields.get(f) for f in settable})
    row["custom_fields"] = {**old_custom, **custom}
    # books.party_fields.with_keys, folding with fast_fold (the same result, faster)
    row["sort_key"] = fast_fold(merged["name"])[:200]
    row["search_key"] = fast_fold(" ".join(p for p in map(merged.get, KEY_FIELDS) if p))[:500]
    return row


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
    from store import parties, party_import

    total = plan.created + len(plan.updates) + 1
    done = 0
    for start in range(0, plan.created, CHUNK):
        _tick_write(progress, should_stop, done, total, _tick)
        batch = {name: values[start:start + CHUNK] for name, values in plan.creates.items()}
        parties.insert_many(session=session, columns=batch, chunk=CHUNK)
        done += len(batch["code"])
    for start in range(0, len(plan.updates), CHUNK):
        _tick_write(progress, should_stop, done, total, _tick)
        batch = plan.updates[start:start + CHUNK]
        if party_import.update_many(session=session, rows=batch, chunk=CHUNK) != len(batch):
            raise Conflict(t("import.conflict"))
        done += len(batch)
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
    from store import parties, party_import

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
