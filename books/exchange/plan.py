"""Comparing checked rows with the list, then writing the difference in one go."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from books.exchange.rows import Checked, Progress, Rejected
from books.i18n import t
from books.identity import fold
from books.party_fields import MANAGED_IN_SAISIE, with_keys

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

    creates: list[dict[str, Any]] = field(default_factory=list)
    """Full rows to insert (fields, keys, custom fields)."""
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


def make_plan(
    checked: Checked, current: dict[str, dict[str, Any]], groups: dict[int, set[str]],
    base: dict[str, Any],
) -> Plan:
    """Sort candidates into creations, updates and unchanged rows.

    Args:
        checked: the file's cleaned rows.
        current: the list's parties by code (:func:`store.party_import.current_parties`).
        groups: group names by party id.
        base: columns every created row gets (``dossier_id``, ``kind``, ``source``).
    """
    plan = Plan(rejected=list(checked.rejected), kind=base["kind"])
    settable = [f for f in checked.fields if f not in MANAGED_IN_SAISIE and f != "code"]
    for index, fields in enumerate(checked.rows):
        code = fields["code"]
        custom = checked.custom[index] if checked.custom else {}
        groups_wanted = checked.groups[index] if checked.groups else ()
        existing = current.get(code)
        if existing is None:
            plan.creates.append(_create_row(base, fields, custom))
            if groups_wanted:
                plan.members[code] = set(groups_wanted)
            continue
        missing = set(groups_wanted) - groups.get(existing["id"], set())
        if missing:
            plan.members[code] = missing
        row = _update_row(existing, fields, custom, settable)
        if row is not None:
            plan.updates.append(row)
        if row is not None or missing:
            plan.updated += 1
        else:
            plan.unchanged += 1
    return plan


def _create_row(base: dict[str, Any], fields: dict[str, Any], custom: dict[str, str]) -> dict[str, Any]:
    """A row to insert: the fields, their sort and search keys, the custom fields."""
    row = {**base, **fields}
    row["sort_key"] = fast_fold(fields["name"])[:200]
    parts = (fields["code"], fields["name"], fields.get("siren"), fields.get("siret"),
             fields.get("vat_id"), fields.get("city"))
    row["search_key"] = fast_fold(" ".join(p for p in parts if p))[:500]
    row["custom_fields"] = custom
    return row


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
    keyed = with_keys(merged)
    row = {"id": existing["id"], "version": existing["version"]}
    row.update({f: fields.get(f) for f in settable})
    row["custom_fields"] = {**old_custom, **custom}
    row["sort_key"], row["search_key"] = keyed["sort_key"], keyed["search_key"]
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

    total = len(plan.creates) + len(plan.updates) + 1
    done = 0
    for start in range(0, len(plan.creates), CHUNK):
        _tick_write(progress, should_stop, done, total, _tick)
        parties.insert_many(session=session, rows=plan.creates[start:start + CHUNK], chunk=CHUNK)
        done += len(plan.creates[start:start + CHUNK])
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
