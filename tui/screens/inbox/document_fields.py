"""The document view's column of fields: label, value, where it came from; one line
highlighted, whose "pourquoi cette valeur" shows below."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from books.i18n import t
from books.inbox.view import ViewField

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
        self.fields = fields
        self.cursor = min(self.cursor, max(0, len(fields) - 1))
        self.refresh(layout=True)

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
        self.refresh(layout=True)

    def render(self) -> Table:
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(no_wrap=True, width=19)
        table.add_column(ratio=1, no_wrap=not self.wide_why, overflow="ellipsis")
        table.add_column(no_wrap=not self.wide_why, ratio=1 if self.wide_why else None,
                         width=None if self.wide_why else 10)
        for index, field in enumerate(self.fields):
            mark = "▶ " if index == self.cursor else "  "
            style = "reverse" if index == self.cursor else ""
            label = Text(mark + field.label, style="bold")
            value = Text(field.value or "—", style="" if field.value else "dim")
            source = (field.why if self.wide_why else
                      t(f"view.source.{field.source}") if field.source else "")
            table.add_row(label, value, Text(source, style=SOURCE_STYLE.get(field.source, "")),
                          style=style)
        return table
