"""Merging a person's edits with a save that overtook them (a three-way merge).

A form remembers the values it was opened with (``base``). When its save is
refused because someone saved the same row meanwhile, the form reloads the
row (``theirs``) and merges field by field with what the person typed
(``mine``): a field only one side changed takes that side's value; a field
both changed to different values (a collision) takes the other person's
value, and the person's is named in the message so nothing is overwritten
without being seen. The form then starts again from ``theirs`` and its
version, and its next save sends only the fields that still differ from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from books.i18n import t


@dataclass(frozen=True)
class Merge:
    """The outcome of merging a person's edits with a newer save."""

    values: dict[str, Any]
    """What the form shows now, field by field."""
    changed: tuple[str, ...] = ()
    """Fields the other save changed (now showing its value), in form order."""
    kept: tuple[str, ...] = ()
    """Fields the person changed that the other save left alone (their edit kept)."""
    collided: dict[str, Any] = field(default_factory=dict)
    """Fields both changed differently: the person's value, which was not kept."""


def merge_edits(base: Mapping[str, Any], mine: Mapping[str, Any],
                theirs: Mapping[str, Any]) -> Merge:
    """Merge ``mine`` (the form now) and ``theirs`` (the row now), both from ``base``.

    The three mappings hold the same fields, as the form shows them; the
    order of ``mine`` is the form's.
    """
    values: dict[str, Any] = {}
    changed: list[str] = []
    kept: list[str] = []
    collided: dict[str, Any] = {}
    for name, my_value in mine.items():
        old, their_value = base.get(name), theirs.get(name)
        mine_moved, theirs_moved = my_value != old, their_value != old
        if theirs_moved:
            changed.append(name)
        if mine_moved and not theirs_moved:
            kept.append(name)
            values[name] = my_value
        else:
            values[name] = their_value
            if mine_moved and my_value != their_value:
                collided[name] = my_value
    return Merge(values, tuple(changed), tuple(kept), collided)


def edited(base: Mapping[str, Any], mine: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the person changed since the form was filled (what a save sends)."""
    return {name: value for name, value in mine.items() if value != base.get(name)}


def shown(value: Any) -> str:
    """A value as a message quotes it (an empty one says so)."""
    if value is None or value == "":
        return t("conflict.empty")
    if isinstance(value, bool):
        return t("conflict.yes") if value else t("conflict.no")
    return str(value)


def explain(merge: Merge, label: Callable[[str], str], theirs: Mapping[str, Any]) -> str:
    """What the form says after a refused save: what changed, what was kept, what collided."""
    lines = [t("conflict.reloaded")]
    if merge.changed:
        fields = ", ".join(t("conflict.value", field=label(name), value=shown(theirs.get(name)))
                           for name in merge.changed)
        lines.append(t("conflict.changed", fields=fields))
    else:
        lines.append(t("conflict.nothing_visible"))
    if merge.kept:
        lines.append(t("conflict.kept", fields=_labels(merge.kept, label)))
    for name, mine in merge.collided.items():
        lines.append(t("conflict.collided", field=label(name), mine=shown(mine),
                       theirs=shown(theirs.get(name))))
    lines.append(t("conflict.again"))
    return "\n".join(lines)


def _labels(names: Iterable[str], label: Callable[[str], str]) -> str:
    return ", ".join(label(name) for name in names)
