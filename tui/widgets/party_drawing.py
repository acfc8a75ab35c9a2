"""How the party list draws its lines: styles, strips, the scroll mark.

A mixin of :class:`tui.widgets.party_table.PartyTable` (which holds the rows,
the cursor and the selection); kept apart so each file reads as one concern.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from rich.cells import set_cell_size
from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip

from books.i18n import t
from tui.widgets.party_pages import (
    SORT_OF,
    STRIP_CACHE,
    Paint,
    cell_text,
    layout,
    line_text,
)

if TYPE_CHECKING:
    from store.parties.listing import ListQuery, PartyListRow
    from tui.widgets.party_pages import PageCache, Picks


class PartyDrawing:
    """Drawing for the party list: rows become strips once (style, scroll mark and
    the app's line filters included), and are handed to Textual as they are."""

    # Provided by PartyTable and Textual's widget.
    cache: PageCache
    picks: Picks
    query: ListQuery | None
    total: int
    cursor: int
    visible_rows: int
    _paint_cache: Paint | None
    _strips: OrderedDict[tuple[Any, ...], Strip]
    scrollable_content_region: Region
    scroll_offset: Any
    size: Any
    app: Any
    has_focus: bool
    rich_style: Any
    background_colors: Any
    get_component_rich_style: Any
    get_line_filters: Any
    call_later: Any
    _want: Any

    def shown_columns(self) -> list[str]:
        """The columns drawn at the present width (a narrow terminal drops some)."""
        return [column for column, _ in self._paint().columns]

    def _paint(self) -> Paint:
        """Styles and column layout, computed once per width, theme and focus.

        The last cell of each line is the scroll mark (a track with a thumb),
        drawn here rather than by a Textual scrollbar widget, which costs as
        much to redraw on every scroll as the whole list.
        """
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

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``, straight from :meth:`render_line`.

        The strips already carry their whole style (no border, padding or
        tint here) and the app's line filters, applied once when a strip is
        made: Textual's per-line styling pass, skipped, rebuilt every line on
        every scroll.
        """
        strips = [self.render_line(y) for y in crop.line_range]
        x1, x2 = crop.column_span
        if (x1, x2) != (0, self.size.width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        """One line: the header, a row from the cache, or a row being read."""
        paint = self._paint()
        if y == 0:
            return self._header(paint)
        index = self.scroll_offset.y + y - 1
        if index >= self.total:
            return self._filtered(Strip.blank(paint.width, paint.base), paint)
        mark = self._mark(y - 1)
        row = self.cache.row(index)
        if row is None:
            self.call_later(self._want, self.scroll_offset.y, self.scroll_offset.y + self.visible_rows)
            return self._strip("  …", paint.styles["loading"], mark, paint)
        return self._row_strip(row, index, mark, paint)

    def _mark(self, line: int) -> str | None:
        """The scroll mark on data line ``line``: "thumb", "track", or None (all rows fit)."""
        total, visible = self.total, self.visible_rows
        if total <= visible:
            return None
        thumb = max(1, visible * visible // total)
        start = round(self.scroll_offset.y / (total - visible) * (visible - thumb))
        return "thumb" if start <= line < start + thumb else "track"

    def _strip(self, text: str, style: Any, mark: str | None, paint: Paint) -> Strip:
        """A line of text and its scroll mark."""
        segments = [Segment(set_cell_size(text, paint.width - 1), style)]
        if mark is None:
            segments.append(Segment(" ", style))
        else:
            segments.append(Segment("┃" if mark == "thumb" else "│", paint.styles[mark]))
        return self._filtered(Strip(segments, paint.width), paint)

    @staticmethod
    def _filtered(strip: Strip, paint: Paint) -> Strip:
        """A strip through the app's line filters (ANSI colours, NO_COLOR…)."""
        for line_filter in paint.filters:
            strip = strip.apply_filter(line_filter, paint.background)
        return strip

    def _header(self, paint: Paint) -> Strip:
        query = self.query
        cells = []
        for column, size in paint.columns:
            title = t(f"list.col.{column}")
            if query is not None and SORT_OF.get(column) == query.sort:
                if column == "ids":  # sorted by SIREN alone: say so
                    title = t("ed.col.ids_sorted")
                mark = " ▼" if query.descending else " ▲"  # never cut: the title gives way
                title = set_cell_size(title, max(size - len(mark), 1)).rstrip() + mark
            cells.append((title, size, "left"))
        text = "  " + line_text(cells)
        return self._filtered(Strip([Segment(set_cell_size(text, paint.width), paint.styles["header"])],
                                    paint.width), paint)

    def _row_strip(self, row: PartyListRow, index: int, mark: str | None, paint: Paint) -> Strip:
        selected = self.picks.holds(row.id)
        cursor = index == self.cursor
        key = (row, cursor, selected, mark)
        strip = self._strips.get(key)
        if strip is not None:
            self._strips.move_to_end(key)
            return strip
        name = {(True, True): "cursor-selected", (True, False): "cursor",
                (False, True): "selected"}.get((cursor, selected))
        if name is None and row.archived:
            name = "archived"
        style = paint.styles[name] if name else paint.base
        cells = [(cell_text(row, c), w, "right" if c == "docs" else "left") for c, w in paint.columns]
        strip = self._strip(("● " if selected else "  ") + line_text(cells), style, mark, paint)
        self._strips[key] = strip
        if len(self._strips) > STRIP_CACHE:
            self._strips.popitem(last=False)
        return strip

    def cell_region(self, column: str) -> Region | None:
        """Where a cell of the cursor's row is on screen (to edit it in place)."""
        x = 2
        for name, size in layout(self.scrollable_content_region.width - 1):
            if name == column:
                y = self.cursor - self.scroll_offset.y + 1
                if not 1 <= y <= self.visible_rows:
                    return None
                region = self.scrollable_content_region
                return Region(region.x + x, region.y + y, size, 1)
            x += size + 1
        return None
