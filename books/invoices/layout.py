"""Where text sits on a page: segments with boxes, grouped into lines.

A *segment* is a run of text that a PDF draws in one go (one text object) or
that OCR recognises as one group of words; its box lets the reader look for a
label's value to its right or under it (a column under a header row). The
three sources give the same shape:

- a PDF's text layer through pypdfium2 (one rectangle per text object);
- Tesseract's TSV output (words with boxes and a confidence each);
- plain text, where runs of two or more spaces separate segments and the
  character column stands for the position (tests, text without geometry).

Coordinates grow rightwards and downwards, in points for PDFs and pixels for
scans; lines are sorted top to bottom and their segments left to right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_GAP = re.compile(r"\s{2,}|\t")
_WORD = re.compile(r"[^\W\d_]{2}")
_PAGE_SPACING = 40.0
"""Vertical space put between two pages stacked into one layout."""


@dataclass(slots=True)
class Segment:
    """A run of text and its box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float = 1.0
    """How sure recognition is of this text (1.0 for a text layer)."""
    wordy: bool = field(init=False, default=False)
    """Whether the text holds a word (two letters in a row): a label may be in it."""

    def __post_init__(self) -> None:
        self.wordy = _WORD.search(self.text) is not None

    @property
    def height(self) -> float:
        """The box's height (at least a point)."""
        return max(self.bottom - self.top, 1.0)

    def overlaps(self, other: Segment, slack: float = 0.0) -> bool:
        """Whether the two boxes share some horizontal extent (widened by ``slack``)."""
        return self.x0 - slack < other.x1 and other.x0 - slack < self.x1


@dataclass(slots=True)
class TextLine:
    """Segments sharing a baseline, left to right."""

    segments: list[Segment] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0

    @property
    def text(self) -> str:
        """The line's text, segments joined by a space."""
        return " ".join(segment.text for segment in self.segments)

    @property
    def height(self) -> float:
        """The line's height (at least a point)."""
        return max(self.bottom - self.top, 1.0)


def group_lines(segments: list[Segment]) -> list[TextLine]:
    """Segments grouped into lines by vertical overlap, top to bottom."""
    lines: list[TextLine] = []
    for segment in sorted(segments, key=lambda item: (item.top, item.x0)):
        middle = (segment.top + segment.bottom) / 2
        line = lines[-1] if lines else None
        if line is not None and line.top <= middle <= line.bottom:
            line.segments.append(segment)
        else:
            lines.append(TextLine([segment], segment.top, segment.bottom))
    for line in lines:
        line.segments.sort(key=lambda item: item.x0)
    return lines


def text_lines(text: str) -> list[TextLine]:
    """Lines of plain text; runs of two or more spaces split segments (columns)."""
    segments = []
    for row, raw in enumerate(text.replace("\u00a0", " ").splitlines()):
        position = 0
        for part in _GAP.split(raw.rstrip()):
            start = raw.find(part, position) if part else -1
            position = max(start, position) + len(part)
            words = " ".join(part.split())
            if words:
                segments.append(Segment(words, float(start), float(row), float(start + len(part)), row + 0.8))
    return group_lines(segments)


def pdf_lines(document: pdfium.PdfDocument, pages: int) -> list[TextLine]:
    """The lines of the first ``pages`` pages of a PDF, pages stacked top to bottom."""
    segments: list[Segment] = []
    offset = 0.0
    for index in range(min(len(document), pages)):
        page = document[index]
        try:
            height = page.get_height()
            textpage = page.get_textpage()
            try:
                segments += _page_segments(textpage, height, offset)
            finally:
                textpage.close()
        except pdfium.PdfiumError:
            height = 0.0
        finally:
            page.close()
        offset += height + _PAGE_SPACING
    return group_lines(segments)


def _page_segments(textpage: pdfium.PdfTextPage, height: float, offset: float) -> list[Segment]:
    """One segment per rectangle pdfium reports (a text object), with its text; pieces
    of one word drawn apart ("RE-20" "201121") are joined back."""
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    text = textpage.get_text_range()
    starts = _rect_starts(textpage, rects, text)
    segments: list[Segment] = []
    spaced = False
    for index, (left, bottom, right, top) in enumerate(rects):
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        if start is None or end is None:
            content = textpage.get_text_bounded(left, bottom, right, top)
        else:
            content = text[start:end]
        words = " ".join(content.split())
        if not words:
            continue
        segment = Segment(words, left, offset + height - top, right, offset + height - bottom)
        previous = segments[-1] if segments else None
        if previous is not None and _touching(previous, segment):
            joiner = " " if spaced or content[:1].isspace() else ""
            segments[-1] = Segment(previous.text + joiner + words, previous.x0, min(previous.top, segment.top),
                                   segment.x1, max(previous.bottom, segment.bottom))
        else:
            segments.append(segment)
        spaced = content[-1:].isspace()
    return segments


def _touching(left: Segment, right: Segment) -> bool:
    """Whether ``right`` continues ``left`` on its line with no more than a space between."""
    size = min(left.height, right.height)
    same_line = abs((left.top + left.bottom) - (right.top + right.bottom)) / 2 < 0.5 * size
    return same_line and -0.5 <= right.x0 - left.x1 < 0.25 * size


def _rect_starts(textpage: pdfium.PdfTextPage, rects: list[tuple[float, ...]], text: str) -> list[int | None]:
    """Where each rectangle's text starts in ``text``, ``None`` where that cannot be
    told (the char found at its left edge is out of order): that rectangle's text,
    and the one before it, are then asked for, which is slower."""
    starts: list[int | None] = []
    previous = -1
    for left, bottom, right, top in rects:
        x = left + min(0.5, (right - left) / 2)
        char = pdfium_c.FPDFText_GetCharIndexAtPos(textpage, x, (bottom + top) / 2, 0.5, 0.5)
        index = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, char) if char >= 0 else -1
        if previous < index < len(text):
            starts.append(index)
            previous = index
        else:
            starts.append(None)
    return starts


_TSV_FIELDS = 12


def tsv_lines(tsv: str, *, offset: float = 0.0) -> list[TextLine]:
    """Lines of Tesseract's TSV output: words of one recognised line form a segment
    until a gap wider than about two characters; a turned page is put straight
    first (the words' vertical positions corrected by the lines' median slope)."""
    rows: dict[tuple[str, str, str], list[_Word]] = {}
    for raw in tsv.splitlines()[1:]:
        cells = raw.split("\t")
        if len(cells) < _TSV_FIELDS or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            left, top, width, high, conf = (float(cells[i]) for i in range(6, 11))
        except ValueError:
            continue
        key = (cells[2], cells[3], cells[4])
        rows.setdefault(key, []).append((left, top + offset, left + width, top + high + offset, conf, cells[11]))
    slope = _slope(list(rows.values()))
    segments = []
    for words in rows.values():
        words.sort()
        if slope:
            words = [(w[0], w[1] - slope * w[0], w[2], w[3] - slope * w[0], w[4], w[5]) for w in words]
        size = max(sorted(w[3] - w[1] for w in words)[len(words) // 2], 1.0)
        group = [words[0]]
        for word in words[1:]:
            if word[0] - group[-1][2] > 1.1 * size:
                segments.append(_tsv_segment(group))
                group = []
            group.append(word)
        segments.append(_tsv_segment(group))
    return group_lines(segments)


_Word = tuple[float, float, float, float, float, str]
"""left, top, right, bottom, confidence (0-100), text."""


def _slope(rows: list[list[_Word]]) -> float:
    """The median slope between words of one recognised line that lie well apart
    (a turned scan); word middles, since descenders and capitals move tops and bottoms."""
    slopes = []
    for words in rows:
        words = sorted(words)
        first = words[0]
        height = max(first[3] - first[1], 1.0)
        for word in words[1:]:
            dx = (word[0] + word[2] - first[0] - first[2]) / 2
            if dx > 6 * height:
                slopes.append((word[1] + word[3] - first[1] - first[3]) / 2 / dx)
    return sorted(slopes)[len(slopes) // 2] if len(slopes) >= 5 else 0.0


def _tsv_segment(words: list[_Word]) -> Segment:
    confidence = min(max(word[4], 0.0) for word in words) / 100
    return Segment(
        " ".join(word[5] for word in words),
        words[0][0],
        min(word[1] for word in words),
        words[-1][2],
        max(word[3] for word in words),
        confidence,
    )


def plain_text(lines: list[TextLine]) -> str:
    """The lines as text, one a line (what the earlier line-based reading saw)."""
    return "\n".join(line.text for line in lines)


__all__ = ["Segment", "TextLine", "group_lines", "pdf_lines", "plain_text", "text_lines", "tsv_lines"]
