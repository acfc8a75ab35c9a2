"""The document view's column of fields: label, value, where it came from; one line
highlighted, whose "pourquoi cette valeur" shows below."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from books.i18n import t
from books.inbox.view import ViewField

LABEL_WIDTH = 19
SOURCE_WIDTH = 10
SOURCE_STYLE = {"manual": "bold cyan", "rule": "magenta", "default": "yellow", "match": "green",
                "document": "dim", "posting": "italic yellow"}


class FieldList(Static):
    """The fields of one document; the screen moves the cursor."""

    DEFAULT_CSS = """
    FieldList {
        height: auto;
        width: 1fr;
    }
    """

    cursor: reactive[int] = reactive(0)
    """The highlighted field."""
    wide_why: reactive[bool] = reactive(False)
    """Show every field's full provenance instead of its one-word source."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.fields: list[ViewField] = []
        self._height = -1

    def show(self, fields: list[ViewField]) -> None:
        """Draw these fields (the cursor stays on the same line when it can)."""
        self.fields = fields
        self.cursor = min(self.cursor, max(0, len(fields) - 1))
        self._fit_height()

    def _fit_height(self) -> None:
        """One line a field; with ``wide_why``, as many as each provenance wraps to."""
        height = sum(len(lines) for lines in self._why_lines()) if self.wide_why else len(self.fields)
        relayout = height != self._height
        self._height = self.styles.height = height
        self.refresh(layout=relayout)

    def on_resize(self) -> None:
        if self.wide_why:
            self._fit_height()
        # Laid out anew (the provenance opened or closed, the terminal resized): the
        # highlighted field's lines stay in view.
        self.call_after_refresh(self._show_cursor)

    @property
    def current(self) -> ViewField | None:
        """The highlighted field."""
        return self.fields[self.cursor] if 0 <= self.cursor < len(self.fields) else None

    def move(self, step: int) -> None:
        """Move the highlight, staying on the list."""
        if self.fields:
            self.cursor = max(0, min(len(self.fields) - 1, self.cursor + step))

    def go_to(self, name: str) -> None:
        """Highlight the field ``name``."""
        for index, field in enumerate(self.fields):
            if field.name == name:
                self.cursor = index

    def watch_cursor(self) -> None:
        self.refresh()
        self._show_cursor()

    def _show_cursor(self) -> None:
        """Scroll the pane to the highlighted field's lines (a provenance in full makes the
        fields taller than the screen)."""
        from textual.geometry import Region
        from textual.widget import Widget

        if not self.fields or not isinstance(self.parent, Widget):
            return
        if self.wide_why:
            whys = self._why_lines()
            top, height = sum(len(lines) for lines in whys[:self.cursor]), len(whys[self.cursor])
        else:
            top, height = self.cursor, 1
        self.parent.scroll_to_region(Region(0, self.virtual_region.y + top, 1, height), animate=False)

    def watch_wide_why(self) -> None:
        self._fit_height()

    def _widths(self) -> tuple[int, int]:
        """The value column's width and the provenance's."""
        width = max(self.size.width, 40)
        if not self.wide_why:
            return max(8, width - LABEL_WIDTH - SOURCE_WIDTH - 2), SOURCE_WIDTH
        from rich.cells import cell_len

        widest = max((cell_len(field.value or "—") for field in self.fields), default=8)
        value_width = max(8, min(widest, (width - LABEL_WIDTH) // 2 - 1))
        return value_width, max(8, width - LABEL_WIDTH - value_width - 2)

    def _why_lines(self) -> list[list[str]]:
        """Each field's provenance in full, wrapped to its column (``wide_why``)."""
        from textwrap import wrap

        why_width = self._widths()[1]
        return [wrap(field.why, why_width) or [""] for field in self.fields]

    def render(self) -> Text:
        """One line a field (plain text cut to the width: no table to measure, so a new
        document draws in a few milliseconds); with ``wide_why``, the provenance in full,
        wrapped in its own column (it wrapped under the labels)."""
        value_width, _why_width = self._widths()
        whys = self._why_lines() if self.wide_why else None
        indent = " " * (LABEL_WIDTH + 1 + value_width + 1)
        lines = []
        for index, field in enumerate(self.fields):
            style = "reverse" if index == self.cursor else ""
            line = Text(no_wrap=True, overflow="ellipsis", style=style)
            mark = "▶ " if index == self.cursor else "  "
            line.append(_cell(mark + field.label, LABEL_WIDTH) + " ", style="bold")
            value = field.value or "—"
            line.append(_cell(value, value_width),
                        style="italic" if field.source == "posting" else "" if field.value else "dim")
            source_style = SOURCE_STYLE.get(field.source, "")
            if whys is None:
                line.append(" " + (t(f"view.source.{field.source}") if field.source else ""), style=source_style)
                lines.append(line)
                continue
            first, *more = whys[index]
            line.append(" " + first, style=source_style)
            lines.append(line)
            for part in more:
                lines.append(Text(indent, no_wrap=True, overflow="ellipsis", style=style))
                lines[-1].append(part, style=source_style)
        return Text("\n", no_wrap=True, overflow="ellipsis").join(lines)


def _cell(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` cells."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)
