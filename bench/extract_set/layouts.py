"""Six ways to lay an invoice out on a page, each a function drawing on a :class:`Sheet`.

- ``labels_left``: every value on its label's line, to its right;
- ``labels_above``: the document facts and totals under their labels;
- ``totals_table``: totals as a table, a header row above one row of amounts;
- ``two_columns``: seller and buyer on the left, facts and totals on the right,
  at the same heights, so a text line holds two unrelated things;
- ``vat_table``: the VAT breakdown as a table (one row per rate), totals with
  dotted leaders;
- ``label_column``: labels in one column drawn first, their values in another
  drawn after (the text layer has the values apart from their labels).

Credit notes are printed with negative amounts in ``labels_left``,
``totals_table`` and ``label_column`` (see :data:`NEGATIVE_CREDIT`).
"""

from __future__ import annotations

from collections.abc import Callable

from bench.extract_set.blocks import Sheet, draw_footer, draw_lines, ensure_room
from bench.extract_set.page import LEFT, RIGHT


def _seller(sheet: Sheet, x: float, y: float, align: str = "L") -> float:
    """The seller's name and block from ``y``; returns the y below it."""
    page = sheet.page
    name = " ".join((sheet.reading.seller.name or "").split())
    page.text(x, y, page.fit(name, 90, 12), size=12, bold=True, align=align)
    y += 5.5
    for line in sheet.seller_lines():
        page.text(x, y, line, size=8.5, align=align)
        y += 4.2
    return y


def _buyer(sheet: Sheet, x: float, y: float) -> float:
    page = sheet.page
    page.text(x, y, sheet.label("buyer"), size=8, grey=True)
    y += 4.5
    for index, line in enumerate(sheet.buyer_lines()):
        page.text(x, y, page.fit(line, 85), size=9, bold=index == 0)
        y += 4.4
    return y


def _title(sheet: Sheet, x: float, y: float, align: str = "L") -> None:
    sheet.page.text(x, y, sheet.label("invoice"), size=18, bold=True, align=align)


def _pairs_right(
    sheet: Sheet,
    items: list[tuple[str, str]],
    x: float,
    y: float,
    *,
    bold_last: bool = False,
    leaders: bool = False,
) -> float:
    """Label at ``x``, value right-aligned at the right margin, one pair a line."""
    page = sheet.page
    for index, (label, value) in enumerate(items):
        last = bold_last and index == len(items) - 1
        if leaders:
            room = RIGHT - x - page.width(label) - page.width(value) - 4
            dots = "." * max(2, int(room / page.width(".")))
            page.text(x, y, f"{label} {dots}", bold=last)
        else:
            page.text(x, y, label, bold=last)
        page.text(RIGHT, y, value, align="R", bold=last)
        y += 5
    return y


def labels_left(sheet: Sheet) -> None:
    """Values on their label's line, to the right."""
    _seller(sheet, LEFT, 20)
    _title(sheet, RIGHT, 22, align="R")
    y = 32
    for label, value in sheet.meta():
        sheet.page.text(
            120, y, f"{label} :" if sheet.locale.language == "fr" else f"{label}:", size=9
        )
        sheet.page.text(RIGHT, y, value, size=9, align="R")
        y += 4.6
    y = max(_buyer(sheet, LEFT, 62), y) + 8
    y = draw_lines(sheet, y)
    y = ensure_room(sheet, y, 45)
    _pairs_right(sheet, sheet.totals(), 120, y + 2, bold_last=True)
    draw_footer(sheet)


def labels_above(sheet: Sheet) -> None:
    """Facts in boxes with the label above the value; totals stacked the same way."""
    page = sheet.page
    _title(sheet, LEFT, 24)
    _seller(sheet, RIGHT, 18, align="R")
    items = sheet.meta()[:4]
    width = (RIGHT - LEFT) / len(items)
    for index, (label, value) in enumerate(items):
        x = LEFT + index * width
        page.box(x, 50, width - 2, 13)
        page.text(x + 2, 55, label, size=7.5, grey=True)
        page.text(x + 2, 60.5, value, size=10, bold=True)
    y = _buyer(sheet, LEFT, 72) + 8
    y = draw_lines(sheet, y)
    totals = sheet.totals()
    y = ensure_room(sheet, y, 10 * len(totals) + 5)
    for label, value in totals:
        page.text(RIGHT, y, label, size=7.5, grey=True, align="R")
        page.text(RIGHT, y + 4.5, value, size=10, bold=True, align="R")
        y += 10
    draw_footer(sheet)


def totals_table(sheet: Sheet) -> None:
    """Totals as a table: one header row of labels, one row of amounts below."""
    page = sheet.page
    _seller(sheet, LEFT, 20)
    _title(sheet, RIGHT, 22, align="R")
    y = 32
    for label, value in sheet.meta():
        page.text(125, y, label, size=9)
        page.text(RIGHT, y, value, size=9, align="R")
        y += 4.6
    y = max(_buyer(sheet, LEFT, 62), y) + 8
    y = draw_lines(sheet, y)
    totals = sheet.totals(per_rate=False)
    y = ensure_room(sheet, y, 35)
    if len(totals) > 5:  # the sum of lines and the adjustments stay above the table
        y = _pairs_right(sheet, totals[:2], 125, y + 2) + 1
        totals = totals[2:]
    width = (RIGHT - LEFT) / len(totals)
    page.box(LEFT, y, RIGHT - LEFT, 14)
    for index, (label, value) in enumerate(totals):
        right = LEFT + (index + 1) * width - 2
        page.text(right, y + 5, page.fit(label, width - 3, 8), size=8, bold=True, align="R")
        page.text(right, y + 11, value, size=9, align="R")
    draw_footer(sheet)


def two_columns(sheet: Sheet) -> None:
    """Seller and buyer on the left, the facts and the totals on the right."""
    page = sheet.page
    left_y = _seller(sheet, LEFT, 20) + 6
    _title(sheet, 110, 22)
    y = 32
    for label, value in sheet.meta():
        page.text(110, y, f"{label}:", size=9)
        page.text(152, y, value, size=9, bold=True)
        y += 4.6
    left_y = _buyer(sheet, LEFT, max(left_y, 50))
    y = draw_lines(sheet, max(left_y, y) + 8)
    y = ensure_room(sheet, y, 45)
    notes_y = y + 2
    for line in (sheet.label("payment"), f"{sheet.label('contact')}: {sheet.contact}"):
        page.text(LEFT, notes_y, line, size=8.5)
        notes_y += 4.5
    for label, value in sheet.totals():
        page.text(110, y + 2, label, size=9)
        page.text(RIGHT, y + 2, value, size=9, align="R")
        y += 5
    draw_footer(sheet)


def vat_table(sheet: Sheet) -> None:
    """The VAT breakdown as a table with a header row; totals with dotted leaders."""
    page = sheet.page
    _title(sheet, LEFT, 20)
    _seller(sheet, RIGHT, 16, align="R")
    y = 30
    for label, value in sheet.meta():
        page.text(LEFT, y, f"{label} :", size=9)
        page.text(62, y, value, size=9)
        y += 4.6
    y = _buyer(sheet, 120, 50)
    y = draw_lines(sheet, max(y, 80) + 8)
    rows = sheet.vat_rows()
    y = ensure_room(sheet, y, 8 * len(rows) + 45)
    heads = (
        sheet.label("vat_table_rate"),
        sheet.label("vat_table_base"),
        sheet.label("vat_table_tax"),
    )
    for x, head in zip((40.0, 75.0, 105.0), heads, strict=True):
        page.text(x, y, head, size=8.5, bold=True, align="R")
    page.rule(LEFT, y + 1.5, 108)
    row_y = y + 6
    for row in rows:
        for x, cell in zip((40.0, 75.0, 105.0), row, strict=True):
            page.text(x, row_y, cell, size=8.5, align="R")
        row_y += 4.6
    _pairs_right(sheet, sheet.totals(per_rate=False), 125, y, bold_last=True, leaders=True)
    draw_footer(sheet)


def label_column(sheet: Sheet) -> None:
    """Labels drawn as one column, then their values as another column."""
    page = sheet.page
    _seller(sheet, LEFT, 20)
    _title(sheet, RIGHT, 22, align="R")
    meta = sheet.meta()
    for index, (label, _) in enumerate(meta):
        page.text(118, 32 + index * 4.6, label, size=8.5, grey=True)
    for index, (_, value) in enumerate(meta):
        page.text(RIGHT, 32 + index * 4.6, value, size=9, align="R")
    y = max(_buyer(sheet, LEFT, 64), 32 + len(meta) * 4.6) + 8
    y = draw_lines(sheet, y)
    totals = sheet.totals()
    y = ensure_room(sheet, y, 5 * len(totals) + 10)
    for index, (label, _) in enumerate(totals):
        page.text(118, y + index * 5, label, size=9)
    for index, (_, value) in enumerate(totals):
        page.text(RIGHT, y + index * 5, value, size=9, align="R", bold=index == len(totals) - 1)
    draw_footer(sheet)


LAYOUTS: dict[str, Callable[[Sheet], None]] = {
    "labels_left": labels_left,
    "labels_above": labels_above,
    "totals_table": totals_table,
    "two_columns": two_columns,
    "vat_table": vat_table,
    "label_column": label_column,
}
"""Every generated layout by name, in the order samples cycle through them."""
NEGATIVE_CREDIT = frozenset({"labels_left", "totals_table", "label_column"})
"""Layouts that print a credit note's amounts negative."""
