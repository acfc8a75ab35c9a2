"""Finding a label's value on a page: on its segment, to its right, or under it.

For a label matched in a segment, the value is looked for in reading order:

1. on the same segment, right after the label ("Total HT : 120,00");
2. in the nearest segment to its right on the same line (a two-column block);
3. in the first segment under it that shares its column, on one of the next
   lines close by (a header row over its values, a label above its value).

Each place has a strength (:data:`SAME`, :data:`RIGHT`, :data:`BELOW`) that the
fields' confidences start from. A parser reads the value at the start of a
text and says how much of the text it used; under a label the whole segment
must be the value (a column's cell), so a stray number is not taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from books.invoices.layout import Segment, TextLine

SAME = 1.0
RIGHT = 0.97
BELOW = 0.9
MAX_LINES_BELOW = 5
"""Lines under a label searched for its value."""
MAX_GAP_BELOW = 3.5
"""Largest vertical gap (in label heights) between a label and a value under it."""

_LEAD = re.compile(r"^(?:[\s:#.=>]|[-–—](?!\s?[\d€$£]))*(?:\((?:en\s+)?(?:€|eur|euro)\)|en\s+(?:€|eur)|in\s+(?:€|eur))?(?:[\s:#.=>]|[-–—](?!\s?[\d€$£]))*", re.IGNORECASE)  # fmt: skip
_TAIL = re.compile(r"^[\s€$£.:;,)*]*(?:[A-Z]{3}|euros?|[A-Z]{3}\s+\((?:incl|excl|inkl|ttc|ht)[^)]*\))?[\s.)*]*$")

Parser = Callable[[str], "tuple[Any, int] | None"]
"""Reads a value at the start of a text: (value, characters used), or ``None``."""


@dataclass(slots=True)
class Found:
    """A value read for a label, and how close to it."""

    value: Any
    strength: float
    line: int
    """Index of the value's line (reading order)."""
    segment: Segment
    label: str
    """The label's whole segment, for callers that look at its other words."""


def lookup(
    lines: list[TextLine],
    label: re.Pattern[str],
    parse: Parser,
    *,
    exclude: re.Pattern[str] | None = None,
    before_only: bool = False,
    below: bool = True,
    skip_lines: re.Pattern[str] | None = None,
    cell: Parser | None = None,
    joined: re.Pattern[str] | None = None,
) -> list[Found]:
    """Every value found for ``label`` in reading order.

    Args:
        lines: the page's lines.
        label: the label's pattern, matched in each segment.
        parse: reads a value at the start of a text.
        exclude: segments matching this are not labels of the field.
        before_only: match ``exclude`` only up to the label's end (not the value's side).
        below: whether to look under the label as well.
        skip_lines: labels on a line where two segments or more match this are not
            looked at (the header row of the lines table).
        cell: reads a value that is alone in its segment, to the label's right or
            under it (``parse`` if not given).
        joined: what to drop from the label's segment before ``exclude`` is matched
            (the first half of "Liefer- und Rechnungsdatum", which names the issue date too).
    """
    found = []
    for index, line in enumerate(lines):
        for position, segment in enumerate(line.segments):
            if not segment.wordy:
                continue  # a number or an amount: no label
            match = label.search(segment.text)
            if match is None:
                continue
            if skip_lines is not None and sum(bool(skip_lines.search(cell.text)) for cell in line.segments) >= 2:
                break
            scope = segment.text[: match.end()] if before_only else segment.text
            if exclude is not None and exclude.search(joined.sub("", scope) if joined else scope):
                continue
            hit = _value_for(lines, index, position, match, parse, below, cell or parse)
            if hit is not None:
                found.append(hit)
    return found


def _value_for(
    lines: list[TextLine], index: int, position: int, match: re.Match[str], parse: Parser, below: bool,
    cell: Parser,
) -> Found | None:
    segment = lines[index].segments[position]
    rest = segment.text[match.end() :]
    lead = _LEAD.match(rest)
    start = lead.end() if lead else 0
    value = parse(rest[start:])
    if value is not None:
        return Found(value[0], SAME, index, segment, segment.text)
    if rest[start:].strip():
        return None  # the label is part of a sentence, or followed by something else
    following = lines[index].segments[position + 1 : position + 2]
    if following:
        value = _whole(following[0].text, cell)
        if value is not None:
            return Found(value, RIGHT, index, following[0], segment.text)
    return _below(lines, index, segment, match, cell) if below else None


def _below(
    lines: list[TextLine], index: int, segment: Segment, match: re.Match[str], parse: Parser
) -> Found | None:
    """The value in the label's column on one of the next lines."""
    column = _label_box(segment, match)
    limit = segment.bottom + MAX_GAP_BELOW * segment.height
    for offset, line in enumerate(lines[index + 1 : index + 1 + MAX_LINES_BELOW], start=index + 1):
        if line.top > limit:
            return None
        cells = [cell for cell in line.segments if cell.overlaps(column, slack=0.2 * column.height)]
        if not cells:
            continue
        cell = max(cells, key=lambda item: min(item.x1, column.x1) - max(item.x0, column.x0))
        value = _whole(cell.text, parse)
        return None if value is None else Found(value, BELOW, offset, cell, segment.text)
    return None


def _label_box(segment: Segment, match: re.Match[str]) -> Segment:
    """The part of ``segment`` the label covers (characters assumed of equal width)."""
    size = max(len(segment.text), 1)
    width = segment.x1 - segment.x0
    if match.start() == 0 and match.end() >= size - 2:
        return segment
    x0 = segment.x0 + width * match.start() / size
    x1 = segment.x0 + width * match.end() / size
    return Segment(segment.text[match.start() : match.end()], x0, segment.top, x1, segment.bottom)


def _whole(text: str, parse: Parser) -> Any:
    """The value when ``text`` holds it and nothing else (but a currency)."""
    lead = _LEAD.match(text)
    start = lead.end() if lead else 0
    value = parse(text[start:])
    if value is None:
        return None
    return value[0] if _TAIL.match(text[start + value[1] :]) else None


def best(found: list[Found], *, last: bool = False) -> Found | None:
    """The strongest value found, the first (or ``last``) among equals."""
    if not found:
        return None
    ordered = reversed(found) if last else iter(found)
    return max(ordered, key=lambda item: item.strength)


def as_lines_of_words(lines: list[TextLine]) -> list[TextLine]:
    """Each line as one segment: for a label a PDF drew word by word ("Handelsrechnung"
    "Nr." "471102"), looked for when no segment holds it whole."""
    return [
        TextLine([Segment(line.text, line.segments[0].x0, line.top, line.segments[-1].x1, line.bottom,
                          min(cell.confidence for cell in line.segments))], line.top, line.bottom)
        for line in lines if line.segments
    ]
