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
                "document": "dim"}


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

    def show(self, fields: list[ViewField]) -> None:
        """Draw these fields (the cursor stays on the same line when it can)."""
        relayout = len(fields) != len(self.fields)
        self.fields = fields
        self.styles.height = len(fields)
        self.cursor = min(self.cursor, max(0, len(fields) - 1))
        self.refresh(layout=relayout)

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

    def watch_wide_why(self) -> None:
        self.refresh()

    def render(self) -> Text:
        """One line a field (plain text cut to the width: no table to measure, so a new
        document draws in a few milliseconds); with ``wide_why``, the provenance in full."""
        width = max(self.size.width, 40)
        source_width = 0 if self.wide_why else SOURCE_WIDTH
        value_width = max(8, width - LABEL_WIDTH - source_width - 2) if not self.wide_why \
            else max(8, (width - LABEL_WIDTH) // 2 - 1)
        lines = []
        for index, field in enumerate(self.fields):
            line = Text(no_wrap=True, overflow="ellipsis",
                        style="reverse" if index == self.cursor else "")
            mark = "▶ " if index == self.cursor else "  "
            line.append(_cell(mark + field.label, LABEL_WIDTH) + " ", style="bold")
            value = field.value or "—"
            line.append(_cell(value, value_width), style="" if field.value else "dim")
            source = field.why if self.wide_why else (
                t(f"view.source.{field.source}") if field.source else "")
            line.append(" " + source, style=SOURCE_STYLE.get(field.source, ""))
            lines.append(line)
        return Text("\n", no_wrap=True, overflow="ellipsis").join(lines)


def _cell(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` cells."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)
