"""The record's sections that are mostly read: Activité, Identité, Règles.

Each section shows a :class:`books.parties.record.PartyRecord` through ``show``;
none of them reads the database or the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from books.formats import format_amount, format_date, format_datetime
from books.i18n import t
from books.parties.record import PartyRecord
from tui.widgets.record_chart import RecordBarChart


def grid(*columns: str) -> Table:
    """A borderless label/value grid (labels bold); a value too long for a narrow
    terminal wraps (an email, an IBAN), never cut with "…"."""
    table = Table.grid(padding=(0, 1))
    for index, _name in enumerate(columns):
        label = index % 2 == 0
        table.add_column(style="bold" if label else "", no_wrap=label, overflow="ellipsis" if label else "fold")
    return table


def fill_table(table: DataTable[Any], columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]],
               keys: Sequence[int]) -> None:
    """Refill a table (columns in the current language), keeping the cursor's row."""
    row = table.cursor_row
    table.clear(columns=True)
    for key, label_key in columns:
        table.add_column(t(label_key), key=key)
    for key, values in zip(keys, rows, strict=True):
        table.add_row(*values, key=str(key))
    if rows:
        table.move_cursor(row=min(max(row, 0), len(rows) - 1))


def amount_cell(amount: Decimal, currency: str = "EUR") -> Text:
    """An amount right-aligned in its column."""
    return Text(format_amount(amount, currency), justify="right")


def dash(value: object) -> str:
    """A value, or a dash when empty."""
    return "—" if value is None or value == "" else str(value)


class ActivitySection(Vertical):
    """Activité: the year's figures, the monthly chart, the latest documents."""

    def compose(self) -> ComposeResult:
        yield Static(id="act-figures")
        yield RecordBarChart(id="act-chart")
        yield DataTable(id="act-docs", cursor_type="row", zebra_stripes=True)

    def show(self, record: PartyRecord, current_month: int) -> None:
        """Draw the activity of the record's fiscal year."""
        activity, kind = record.activity, record.party.kind
        figures = Table.grid(padding=(0, 2), expand=True)
        labels = (t(f"record.total.{kind}", year=activity.year), t(f"record.paid.{kind}", year=activity.year),
                  t("record.outstanding"), t("record.overdue"))
        for _ in labels:
            figures.add_column(ratio=1)
        figures.add_row(*(Text(label, style="dim") for label in labels))
        overdue_style = "bold red" if activity.overdue > 0 else "bold"
        figures.add_row(*(Text(format_amount(v, record.currency), style=s) for v, s in (
            (activity.total, "bold"), (activity.paid, "bold"), (activity.balance, "bold"),
            (activity.overdue, overdue_style))))
        shown: Any = figures
        if activity.unallocated > 0:
            from rich.console import Group

            shown = Group(figures, Text(t("ed.unallocated", amount=format_amount(
                activity.unallocated, record.currency)), style="italic"))
        self.query_one("#act-figures", Static).update(shown)
        chart = self.query_one(RecordBarChart)
        chart.values = activity.months
        chart.current_month = current_month
        chart.currency = record.currency
        chart.refresh()  # the axis and month labels follow the interface language
        columns = (("date", "record.col.date"), ("number", "record.col.number"),
                   ("amount", "record.col.amount"), ("remaining", "record.col.remaining"),
                   ("status", "record.col.status"))
        rows = [(format_date(d.issue_date), dash(d.number), amount_cell(d.amount, d.currency),
                 amount_cell(d.remaining, d.currency) if d.payment_state not in ("none", "credit") else "",
                 f"{t(f'record.doc_status.{d.status}')} · {t(f'record.state.{d.payment_state}')}")
                for d in activity.latest]
        fill_table(self.query_one("#act-docs", DataTable), columns, rows, [d.id for d in activity.latest])


class IdentitySection(VerticalScroll):
    """Identité: who the party is, its ids, where to reach it, its custom fields."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="ident-columns"):
            yield Static(id="ident-main", classes="panel")
            yield Static(id="ident-more", classes="panel")

    def show(self, record: PartyRecord) -> None:
        """Draw the party's identity."""
        p = record.party
        main = grid("label", "value")
        place = " ".join(x for x in (p.postcode, p.city) if x)
        for label, value in (
            ("record.field.kind", t(f"record.kind.{p.kind}")), ("record.field.code", p.code),
            ("record.field.name", p.name), ("record.field.siren", p.siren),
            ("record.field.siret", p.siret), ("record.field.vat_id", p.vat_id),
            ("record.field.address", ", ".join(x for x in (p.address, place, p.country) if x)),
            ("record.field.email", p.email), ("record.field.phone", p.phone),
            ("record.field.account", p.account),
        ):
            main.add_row(t(label), dash(value))
        self.query_one("#ident-main", Static).update(main)
        more = grid("label", "value")
        more.add_row(t("record.field.groups"), dash(", ".join(record.groups)))
        more.add_row(t("record.field.source"), t(f"record.source.{p.source}"))
        more.add_row(t("record.field.archived"), t("record.yes") if p.archived else t("record.no"))
        more.add_row(t("record.field.comments"), dash(p.comments))
        if p.custom_fields:
            more.add_row(Text(t("record.custom_fields"), style="bold underline"), "")
            for key, value in sorted(p.custom_fields.items()):
                more.add_row(str(key), dash(value))
        self.query_one("#ident-more", Static).update(more)


class RulesSection(Vertical):
    """Règles: what today stands for the party, where each value comes from, and the
    names confirmed as the party's on documents (``x`` removes the highlighted one)."""

    DEFAULT_CSS = """
    RulesSection #rules-aliases-title { margin: 1 0 0 0; text-style: bold; }
    RulesSection #rules-aliases { height: auto; max-height: 8; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="rules-rule")
        yield Static(id="rules-table")
        yield Static(id="rules-note", classes="hint")
        yield Static(id="rules-aliases-title")
        yield DataTable(id="rules-aliases", cursor_type="row", zebra_stripes=True)

    def show_rule(self, rule: Any, kind: str) -> None:
        """The party's rule (issue 18): what it sets, who made it and when; or that
        there is none (``R`` creates or edits it)."""
        from books.rules.service import describe_sets

        if rule is None:
            self.query_one("#rules-rule", Static).update(Text(t("rules.record.none"), "dim"))
            return
        self.query_one("#rules-rule", Static).update(Text.assemble(
            (t("rules.record.title", kind=t(f"rules.kind.{kind}")), "bold"), "\n",
            describe_sets(rule.sets), "\n",
            (t("rules.record.by", who=rule.updated_by, when=format_datetime(rule.updated_at),
               count=rule.fired_count), "dim")))

    def show(self, record: PartyRecord) -> None:
        """Draw the effective values and their sources."""
        table = Table(expand=True, box=None, padding=(0, 1), header_style="bold")
        for key in ("field", "value", "source", "default"):
            table.add_column(t(f"record.rules.col.{key}"))
        for line in record.rules:
            table.add_row(t(f"record.rules.{line.field}"), line.value,
                          t(f"record.rules.source.{line.source}"), line.dossier_default)
        self.query_one("#rules-table", Static).update(table)
        self.query_one("#rules-note", Static).update(t("record.rules.note", dossier=record.dossier_name))
        self.query_one("#rules-aliases-title", Static).update(
            t("record.aliases.title") if record.aliases else
            Text.assemble((t("record.aliases.title"), "bold"), "\n", (t("record.aliases.none"), "dim")))
        columns = (("name", "record.aliases.col.name"), ("by", "record.aliases.col.by"),
                   ("at", "record.aliases.col.at"))
        rows = [(a.name, dash(a.created_by), format_datetime(a.created_at)) for a in record.aliases]
        table = self.query_one("#rules-aliases", DataTable)
        fill_table(table, columns, rows, [a.id for a in record.aliases])
