"""Id sets kept as runs: what the undo journal stores for a bulk action."""

from __future__ import annotations

import random

import pytest

from store.idruns import IdRuns, payload_ids


def test_a_whole_list_is_one_run_and_a_few_characters() -> None:
    runs = IdRuns.of(range(3861, 1_003_861))
    assert len(runs) == 1_000_000 and list(runs.runs()) == [(3861, 1_003_860)]
    assert runs.encode() == "f15.f4240"
    back = IdRuns.decode(runs.encode())
    assert len(back) == 1_000_000 and list(back.runs()) == [(3861, 1_003_860)]


def test_any_ids_survive_the_text_in_order() -> None:
    rng = random.Random(4)
    ids = sorted(set(rng.sample(range(1, 50_000), 5_000)) | set(range(60_000, 61_000)))
    runs = IdRuns.of(reversed(ids))
    assert list(IdRuns.decode(runs.encode())) == ids
    assert len(runs.encode()) < len(",".join(map(str, ids))) / 2
    assert all(i in runs for i in ids) and 59_999 not in runs and 0 not in runs


def test_batches_cover_each_id_once_a_step_at_a_time() -> None:
    runs = IdRuns.of([*range(1, 8), 10, *range(20, 23)])
    assert list(runs.batches(3)) == [[(1, 3)], [(4, 6)], [(7, 7), (10, 10), (20, 20)], [(21, 22)]]
    assert list(runs.chunks(4)) == [[1, 2, 3, 4], [5, 6, 7, 10], [20, 21, 22]]


def test_disjoint_without_expanding() -> None:
    big = IdRuns.of(range(1, 1_000_001))
    assert not big.isdisjoint(IdRuns.of([500_000]))
    assert big.isdisjoint(IdRuns.of([0, 1_000_001]))
    assert IdRuns.of([1, 3, 5]).isdisjoint(IdRuns.of([2, 4, 6]))


def test_ids_must_increase_when_extended() -> None:
    runs = IdRuns()
    runs.extend([5, 6])
    with pytest.raises(ValueError):
        runs.extend([6])


def test_entries_journaled_as_plain_ids_still_read() -> None:
    assert list(payload_ids({"ids": [9, 3, 4]})) == [3, 4, 9]
    assert list(payload_ids({"runs": "3.2,5"})) == [3, 4, 9]
