"""The column-wise comparison of a re-import gives what a row-by-row one gives."""

from __future__ import annotations

import random
from typing import Any

import pytest

from books.exchange.plan import make_plan
from books.exchange.rows import Checked
from books.parties.fields import MANAGED_IN_SAISIE, with_keys

FIELDS = ("code", "name", "siren", "city", "phone", "credit_limit")


def _reference(checked: Checked, current: dict[str, dict[str, Any]],
               groups: dict[int, set[str]]) -> tuple[list[dict[str, Any]], int, int, dict[str, set[str]]]:
    """Updates, updated, unchanged and missing groups, one row at a time."""
    settable = [f for f in checked.fields if f not in MANAGED_IN_SAISIE and f != "code"]
    updates, updated, unchanged, members = [], 0, 0, {}
    for i, code in enumerate(checked.columns["code"]):
        if code not in current:
            continue
        old = current[code]
        fields = {f: checked.columns[f][i] for f in checked.fields}
        custom = checked.custom[i] if checked.custom else {}
        wanted = checked.groups[i] if checked.groups else []
        missing = set(wanted) - groups.get(old["id"], set())
        if missing:
            members[code] = missing
        old_custom = old["custom_fields"] or {}
        changed = any(old[f] != fields[f] for f in settable) or any(
            k not in old_custom or str(old_custom[k]) != v for k, v in custom.items())
        if changed:
            merged = {**{f: old[f] for f in ("code", "name", "siren", "siret", "vat_id", "city")},
                      **{f: fields[f] for f in settable}}
            keyed = with_keys(merged)
            updates.append({"id": old["id"], "version": old["version"],
                            **{f: fields[f] for f in settable},
                            "custom_fields": {**old_custom, **custom},
                            "sort_key": keyed["sort_key"], "search_key": keyed["search_key"]})
        if changed or missing:
            updated += 1
        else:
            unchanged += 1
    return updates, updated, unchanged, members


@pytest.mark.parametrize("seed", range(6))
def test_compare_is_row_by_row(seed: int) -> None:
    rng = random.Random(seed)
    pick = rng.choice
    count = 300
    names = ["Dupré", "Martin", "Œuvre", "", "Zoé \u0301"]

    def party(k: int) -> dict[str, Any]:
        return {"id": 1000 + k, "code": f"C{k}", "version": rng.randint(1, 3),
                "custom_fields": pick([{}, {"ref": "1"}, {"ref": 2}]),
                "name": pick(names[:3]) + str(k), "siren": pick([None, "123456782"]),
                "siret": pick([None, "12345678200010"]), "vat_id": None,
                "city": pick([None, "Paris", "Évry"]), "phone": pick([None, "01"]),
                "credit_limit": None}

    current = {f"C{k}": party(k) for k in rng.sample(range(count), count // 2)}
    order = list(range(count)) if seed % 2 else rng.sample(range(count), count)
    file_rows = [party(k) for k in order]
    for row in file_rows:
        known = current.get(row["code"])
        if known and rng.random() < 0.8:  # most known rows come back unchanged
            row.update({f: known[f] for f in FIELDS})
    columns = {f: [row[f] for row in file_rows] for f in FIELDS}
    custom = [pick([{}, {}, {"ref": "1"}, {"new": "x"}]) for _ in file_rows] if seed % 3 else None
    wanted = [pick([[], [], ["A"], ["A", "B"]]) for _ in file_rows] if seed % 2 else None
    checked = Checked(lines=list(range(2, count + 2)), columns=columns, fields=FIELDS,
                      custom=custom, groups=wanted)
    groups = {1000 + k: {"A"} for k in range(0, count, 3)}
    plan = make_plan(checked, current, groups, {"dossier_id": 1, "kind": "customer", "source": "csv"})
    updates, updated, unchanged, members = _reference(checked, current, groups)
    assert updates and unchanged  # the sample exercises both
    assert plan.update_rows() == updates
    assert (plan.updated, plan.unchanged) == (updated, unchanged)
    assert {code: names for code, names in plan.members.items() if code in current} == members
    assert plan.created == count - len([r for r in file_rows if r["code"] in current])
