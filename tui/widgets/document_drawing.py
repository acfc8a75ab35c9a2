"""How the inbox list draws its lines: the document columns over the party list's strips.

A mixin placed before :class:`~tui.widgets.party_drawing.PartyDrawing` (through
:class:`~tui.widgets.document_table.DocumentTable`): the scroll mark, the line
filters, the strip cache and the styles are the party list's; the columns,
their cells and the header are the documents'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import set_cell_size
from rich.segment import Segment
from textual.strip import Strip

from books.formats import format_amount, format_date
from books.i18n import t
from books.inbox.listing import flag_mark
from tui.widgets.party_pages import STRIP_CACHE, Paint, line_text

if TYPE_CHECKING:
    from store.documents_list import DocListRow

COLUMNS: tuple[tuple[str, int], ...] = (
    ("date", 10), ("party", 0), ("number", 14), ("net", 12), ("tax", 10), ("gross", 12),
    ("state", 10), ("flags", 8),
)
"""Columns and widths (0: takes what is left)."""
DROP_ORDER = ("tax", "net", "number")
"""Columns dropped first when the terminal is narrow."""
RIGHT = ("net", "tax", "gross")
PARTY_MIN = 18
STATE_TEXT = {"review": "inlist.state.review", "reviewed": "inlist.state.reviewed",
              "failed": "inlist.state.failed",
              "published": "inlist.state.published", "duplicate": "inlist.state.duplicate",
              "stored": "inlist.state.working", "read": "inlist.state.working"}


def layout(width: int) -> list[tuple[str, int]]:
    """The columns that fit in ``width`` (after the 2-cell selection mark), and their widths."""
    shown = [c for c, _ in COLUMNS]
    widths = dict(COLUMNS)
    for dropped in (None, *DROP_ORDER):
        if dropped:
            shown.remove(dropped)
        fixed = sum(widths[c] + 1 for c in shown if c != "party")
        if width - 2 - fixed >= PARTY_MIN or dropped == DROP_ORDER[-1]:
            break
    party = max(width - 2 - sum(widths[c] + 1 for c in shown if c != "party"), 8)
    return [(c, party if c == "party" else widths[c]) for c in shown]


def cell_text(row: DocListRow, column: str) -> str:
    """What one cell of a row shows."""
    if column == "date":
        return format_date(row.issue_date)
    if column == "party":
        if row.party_name:
            return row.party_name
        if row.detected_name:
            return t("inlist.unknown_party", name=row.detected_name)
        # Nothing read (a failed document, an exact duplicate): its file name says which.
        return row.original_name if row.status in ("duplicate", "failed") else "?"
    if column in RIGHT:
        amount = getattr(row, column)
        return format_amount(amount) if amount is not None else ""
    if column == "state":
        return t(STATE_TEXT.get(row.status, "inlist.state.working"))
    if column == "flags":
        return " ".join(flag_mark(f) for f in row.flags)
    return row.number or ""


class DocumentDrawing:
    """The documents' columns, header and rows (the rest is the party list's drawing)."""

    # Provided by PartyTable and Textual's widget.
    picks: Any
    query: Any
    cursor: int
    scrollable_content_region: Any
    scroll_offset: Any
    visible_rows: int
    app: Any
    has_focus: bool
    rich_style: Any
    background_colors: Any
    get_component_rich_style: Any
    get_line_filters: Any
    _paint_cache: Paint | None
    _strips: Any
    _strip: Any
    _filtered: Any

    def _paint(self) -> Paint:
        """Styles and the document column layout, computed once per width, theme and focus."""
        width = self.scrollable_content_region.width
        filters = tuple(self.get_line_filters())
        key = (width, self.app.theme, self.has_focus, filters)
        if self._paint_cache is None or self._paint_cache.key != key:
            base = self.rich_style
            styles = {name: base + self.get_component_rich_style(f"party-table--{name}")
                      for name in ("header", "cursor", "selected", "cursor-selected",
                                   "archived", "loading", "track", "thumb")}
            self._paint_cache = Paint(key, width, base, styles, layout(width - 1), filters,
                                      self.background_colors[1])
            self._strips.clear()
        return self._paint_cache

    def _header(self, paint: Paint) -> Strip:
        query = self.query
        cells = []
        for column, size in paint.columns:
            title = t(f"inlist.col.{column}")
            if query is not None and column == query.sort:
                mark = " ▼" if query.descending else " ▲"
                title = set_cell_size(title, max(size - len(mark), 1)).rstrip() + mark
            cells.append((title, size, "right" if column in RIGHT else "left"))
        text = "  " + line_text(cells)
        return self._filtered(Strip([Segment(set_cell_size(text, paint.width), paint.styles["header"])],
                                    paint.width), paint)

    def _row_strip(self, row: DocListRow, index: int, mark: str | None, paint: Paint) -> Strip:
        selected = self.picks.holds(row.id)
        cursor = index == self.cursor
        key = (row, cursor, selected, mark)
        strip = self._strips.get(key)
        if strip is not None:
            self._strips.move_to_end(key)
            return strip
        name = {(True, True): "cursor-selected", (True, False): "cursor",
                (False, True): "selected"}.get((cursor, selected))
        if name is None and row.status in ("published", "duplicate"):
            name = "archived"
        style = paint.styles[name] if name else paint.base
        cells = [(cell_text(row, c), w, "right" if c in RIGHT else "left") for c, w in paint.columns]
        strip = self._strip(("● " if selected else "  ") + line_text(cells), style, mark, paint)
        self._strips[key] = strip
        if len(self._strips) > STRIP_CACHE:
            self._strips.popitem(last=False)
        return strip

    def cell_region(self, column: str) -> None:
        """No cell is edited in place in the inbox list."""
        return None
