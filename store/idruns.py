"""Sets of row ids kept as runs of consecutive ids: what a bulk action journals.

Archiving 1,000,000 parties used to journal their ids as a JSON list: about
7 MB of text in the database and, read back for an undo, a Python list of
1,000,000 ints (~36 MB, more as a set). A dossier's parties are mostly
inserted together, so their ids come in long runs: the 100,000 customers of
the demo are one run. Here a set is two arrays (first and last id of each
run, 16 bytes a run) and is written as text, each run as the hexadecimal gap
from the previous run's end and, when longer than one id, ``.`` and its
length (``"2a.186a0"``: 100,000 ids from 42). Scattered ids cost a few
characters each, never more than a list of numbers.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import Any


class IdRuns:
    """An ordered set of ids as runs ``first…last`` (inclusive), built in increasing order."""

    __slots__ = ("firsts", "lasts", "_count")

    def __init__(self) -> None:
        self.firsts = array("q")
        self.lasts = array("q")
        self._count = 0

    @classmethod
    def of(cls, ids: Iterable[int]) -> IdRuns:
        """The runs of any ids (sorted here; duplicates kept once)."""
        runs = cls()
        runs.extend(sorted(set(ids)))
        return runs

    def extend(self, ids: Iterable[int]) -> None:
        """Add ids in increasing order, each greater than every id already held."""
        firsts, lasts = self.firsts, self.lasts
        last = lasts[-1] if lasts else None
        added = 0
        for value in ids:
            if last is not None and value == last + 1:
                last = lasts[-1] = value
            elif last is not None and value <= last:
                raise ValueError(f"ids must increase: {value} after {last}")
            else:
                firsts.append(value)
                lasts.append(value)
                last = value
            added += 1
        self._count += added

    def add_run(self, first: int, last: int) -> None:
        """Add the ids ``first…last``, all greater than every id already held."""
        if last < first:
            return
        if self.lasts and first <= self.lasts[-1]:
            raise ValueError(f"ids must increase: {first} after {self.lasts[-1]}")
        if self.lasts and first == self.lasts[-1] + 1:
            self.lasts[-1] = last
        else:
            self.firsts.append(first)
            self.lasts.append(last)
        self._count += last - first + 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        for first, last in zip(self.firsts, self.lasts, strict=True):
            yield from range(first, last + 1)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int):
            return False
        run = bisect_right(self.firsts, value) - 1
        return run >= 0 and value <= self.lasts[run]

    def runs(self) -> Iterator[tuple[int, int]]:
        """``(first, last)`` of each run, in order."""
        return zip(self.firsts, self.lasts, strict=True)

    def batches(self, size: int) -> Iterator[list[tuple[int, int]]]:
        """The runs in batches covering about ``size`` ids each (long runs are cut),
        for working through the set a step at a time with progress."""
        batch: list[tuple[int, int]] = []
        room = size
        for first, last in self.runs():
            while last - first + 1 > room:
                batch.append((first, first + room - 1))
                yield batch
                first += room
                batch, room = [], size
            if last >= first:
                batch.append((first, last))
                room -= last - first + 1
            if room == 0:
                yield batch
                batch, room = [], size
        if batch:
            yield batch

    def chunks(self, size: int) -> Iterator[list[int]]:
        """The ids, ``size`` at a time."""
        for batch in self.batches(size):
            yield [value for first, last in batch for value in range(first, last + 1)]

    def isdisjoint(self, other: IdRuns) -> bool:
        """Whether no id is in both (a walk over both runs, no ids expanded)."""
        i = j = 0
        a_first, a_last, b_first, b_last = self.firsts, self.lasts, other.firsts, other.lasts
        while i < len(a_first) and j < len(b_first):
            if a_last[i] < b_first[j]:
                i += 1
            elif b_last[j] < a_first[i]:
                j += 1
            else:
                return False
        return True

    def encode(self) -> str:
        """The runs as text (see the module's docstring)."""
        parts = []
        end = 0
        for first, last in self.runs():
            gap = format(first - end, "x")
            parts.append(gap if first == last else f"{gap}.{last - first + 1:x}")
            end = last
        return ",".join(parts)

    @classmethod
    def decode(cls, text: str) -> IdRuns:
        """The runs written by :meth:`encode`."""
        runs = cls()
        end = 0
        for part in text.split(",") if text else ():
            gap, _dot, length = part.partition(".")
            first = end + int(gap, 16)
            end = first + (int(length, 16) if length else 1) - 1
            runs.add_run(first, end)
        return runs


RUNS_KEY = "runs"
"""The payload key of a journal entry's ids written as runs."""


def payload_ids(payload: dict[str, Any], key: str = "ids") -> IdRuns:
    """The ids a journal payload holds: written as runs (``runs``), or as the plain
    list of entries journaled before runs (``ids``)."""
    if key == "ids" and RUNS_KEY in payload:
        return IdRuns.decode(payload[RUNS_KEY])
    return IdRuns.of(payload.get(key, ()))
