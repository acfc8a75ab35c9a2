"""A monthly bar chart drawn with Unicode blocks (eighths of a cell), no mouse, any terminal."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from books.formats import format_amount
from books.i18n import t

BLOCKS = " ▁▂▃▄▅▆▇█"
"""A cell filled by 0 to 8 eighths, bottom up."""
MONTH_KEYS = tuple(f"record.month.{n}" for n in range(1, 13))


def bar_levels(values: tuple[Decimal, ...], rows: int) -> list[int]:
    """Each value's bar height in eighths of a cell, the largest filling ``rows`` cells.

    Negative values (a month of credit notes) draw no bar; any positive value
    draws at least one eighth so a small month is not mistaken for none.
    """
    top = max((v for v in values if v > 0), default=Decimal(0))
    if top <= 0 or rows <= 0:
        return [0 for _ in values]
    full = rows * 8
    return [0 if v <= 0 else max(1, int((v * full / top).to_integral_value())) for v in values]


def chart_cells(values: tuple[Decimal, ...], rows: int, bar_width: int) -> list[list[str]]:
    """The bars as ``rows`` lines of one cell per month, top line first."""
    levels = bar_levels(values, rows)
    lines = []
    for row in range(rows - 1, -1, -1):
        cells = []
        for level in levels:
            fill = min(8, max(0, level - row * 8))
            cells.append(BLOCKS[fill] * bar_width)
        lines.append(cells)
    return lines


class RecordBarChart(Widget):
    """Twelve monthly totals as vertical bars, the axis labelled in the interface's format."""

    DEFAULT_CSS = """
    RecordBarChart { height: 8; width: 1fr; }
    RecordBarChart > .record-chart--bar { color: $accent; }
    RecordBarChart > .record-chart--current { color: $warning; }
    RecordBarChart > .record-chart--axis { color: $foreground-muted; }
    """
    COMPONENT_CLASSES = {"record-chart--bar", "record-chart--current", "record-chart--axis"}

    values: reactive[tuple[Decimal, ...]] = reactive(tuple(Decimal(0) for _ in range(12)))
    """The twelve monthly totals, January first."""
    current_month: reactive[int] = reactive(0)
    """The month of today (1–12) when the chart shows the current year, else 0."""
    currency: reactive[str] = reactive("EUR")
    """The currency of the amounts (its symbol is shown on the axis)."""

    def render(self) -> Text:
        axis_style = self.get_component_rich_style("record-chart--axis")
        bar_style = self.get_component_rich_style("record-chart--bar")
        current_style = self.get_component_rich_style("record-chart--current")
        top = max(self.values, default=Decimal(0))
        labels = (format_amount(max(top, Decimal(0)), self.currency), format_amount(Decimal(0), self.currency))
        axis = max(len(label) for label in labels) + 1
        bar_width = max(1, (self.size.width - axis - 1) // 12 - 1)
        rows = max(1, self.size.height - 1)
        text = Text(no_wrap=True, overflow="crop")
        for index, line in enumerate(chart_cells(self.values, rows, bar_width)):
            label = labels[0] if index == 0 else labels[1] if index == rows - 1 else ""
            text.append(f"{label:>{axis - 1}} ┤", axis_style)
            for month, cell in enumerate(line, start=1):
                text.append(cell, current_style if month == self.current_month else bar_style)
                text.append(" ")
            text.append("\n")
        text.append(" " * axis + " ", axis_style)
        for key in MONTH_KEYS:
            text.append(t(key)[:bar_width].center(bar_width) + " ", axis_style)
        return text
