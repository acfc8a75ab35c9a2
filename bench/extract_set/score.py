"""Score readings of the labelled set: per field, per layout and language, and calibration.

Shared by ``bench/extract.py`` (the figures) and the tests (the thresholds).
A field is right when the reader's value equals the truth as
:func:`books.invoices.truth.field_matches` compares them; a field the reader
leaves empty is wrong (and has no confidence to calibrate). Identifiers compare
on their letters and digits only (a VAT number printed with dots is the same).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.extract_set import Sample
from bench.extract_set.truth import CONFIDENCE_KEYS, EXTRA_FIELDS, SCORED_FIELDS, SHORT_NAMES
from books.invoices import Extraction, read_invoice
from books.invoices.truth import ID_FIELDS, SIMPLE_FIELDS, field_matches

BUCKETS = (0.0, 0.3, 0.6, 0.8, 0.9, 0.95, 1.0)
"""Lower bounds of the calibration table's confidence buckets (the last is exactly 1.0)."""
HIGH = 0.9
"""A value at or above this confidence must be right (the issue: ≥ 98 % of them)."""
LOW = 0.6
"""A value below this confidence is shown as "à vérifier"."""


def right(name: str, expected: Any, result: Extraction) -> bool:
    """Whether ``result`` holds the truth ``expected`` for field ``name``."""
    if result.error is not None:
        return False
    if name == "document_type":
        return result.document_type == expected
    if name in ID_FIELDS and expected is not None:
        # "NL8200.98.395.B.01" printed, "NL820098395B01" read: the same identifier
        actual = SIMPLE_FIELDS[name](result)
        return actual is not None and _alnum(actual) == _alnum(expected)
    return field_matches(name, expected, result)


def _alnum(value: Any) -> str:
    return re.sub(r"[^0-9A-Z]", "", str(value).upper())


def has_value(name: str, result: Extraction) -> bool:
    """Whether the reader gave field ``name`` a value (which then has a confidence)."""
    return CONFIDENCE_KEYS[name] in result.confidence


class Tally(dict[str, list[int]]):
    """Field name → [right, scored]."""

    def add(self, name: str, ok: bool) -> None:
        """Count one scored value."""
        score = self.setdefault(name, [0, 0])
        score[0] += ok
        score[1] += 1

    def ratio(self, name: str) -> float | None:
        """The share right for ``name`` (``None`` when nothing was scored)."""
        score = self.get(name)
        return score[0] / score[1] if score and score[1] else None

    def shown(self, names: Iterable[str]) -> dict[str, str]:
        """``{short name: "right/scored (pct)"}`` for the fields scored."""
        out = {}
        for name in names:
            if name in self:
                got, total = self[name]
                out[SHORT_NAMES[name]] = f"{got}/{total} ({100 * got / total:.0f}%)"
        return out


@dataclass
class Report:
    """What reading a set of samples gave."""

    overall: Tally = field(default_factory=Tally)
    by_layout: dict[str, Tally] = field(default_factory=dict)
    by_language: dict[str, Tally] = field(default_factory=dict)
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    """(confidence, right) of every scored value the reader gave."""
    contradictions: list[str] = field(default_factory=list)
    """``file: field`` for values at or above :data:`HIGH` that are wrong."""
    timings: list[tuple[float, int]] = field(default_factory=list)
    """(milliseconds, pages) per file."""
    errors: list[str] = field(default_factory=list)

    def add(self, sample: Sample, result: Extraction, ms: float, fields: Iterable[str]) -> None:
        """Score one sample's reading."""
        self.timings.append((ms, sample.pages))
        if result.error is not None:
            self.errors.append(result.error)
        for name in fields:
            if name not in sample.fields:
                continue
            ok = right(name, sample.fields[name], result)
            for tally in (
                self.overall,
                self.by_layout.setdefault(sample.layout, Tally()),
                self.by_language.setdefault(sample.language, Tally()),
            ):
                tally.add(name, ok)
            if has_value(name, result):
                confidence = result.confidence[CONFIDENCE_KEYS[name]]
                self.confidences.append((confidence, ok))
                if confidence >= HIGH and not ok:
                    self.contradictions.append(f"{sample.file}: {SHORT_NAMES[name]}")

    def calibration(self) -> dict[str, Any]:
        """Buckets of confidence → values and share right; the ≥ 0.9 share; the count < 0.6."""
        table = {}
        for low, high in zip(BUCKETS, (*BUCKETS[1:], None), strict=True):
            if high is None:
                chosen = [ok for conf, ok in self.confidences if conf >= low]
                name = f"= {low:.2f}"
            else:
                chosen = [ok for conf, ok in self.confidences if low <= conf < high]
                name = f"{low:.2f}–{high:.2f}"
            table[name] = (
                f"{len(chosen)} values, {100 * sum(chosen) / len(chosen):.1f}% right"
                if chosen
                else "0 values"
            )
        high_values = [ok for conf, ok in self.confidences if conf >= HIGH]
        return {
            "buckets": table,
            "at_or_above_0.9": f"{sum(high_values)}/{len(high_values)} right"
            + (f" ({100 * sum(high_values) / len(high_values):.1f}%)" if high_values else ""),
            "below_0.6": sum(1 for conf, _ in self.confidences if conf < LOW),
            "wrong_at_or_above_0.9_examples": self.contradictions[:8],
        }


def read_set(
    folder: Path,
    samples: Iterable[Sample],
    *,
    fields: Iterable[str] = (*SCORED_FIELDS, *EXTRA_FIELDS),
    reader: Callable[[Path], Extraction] = read_invoice,
) -> Report:
    """Read every sample of ``samples`` (files under ``folder``) and score it."""
    report = Report()
    fields = tuple(fields)
    for sample in samples:
        start = time.perf_counter()
        result = reader(folder / sample.file)
        report.add(sample, result, (time.perf_counter() - start) * 1000, fields)
    return report
