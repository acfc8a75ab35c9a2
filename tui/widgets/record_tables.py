"""The record's sections that list rows: Paiement, Relances, Contacts."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from books.formats import format_amount, format_date
from books.i18n import t
from books.parties.record import ZERO, PartyRecord
from tui.widgets.record_sections import amount_cell, dash, fill_table


def selected_key(table: DataTable[object]) -> int | None:
    """The id of the row under the cursor, if any."""
    if table.row_count == 0:
        return None
    key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
    return int(key) if key is not None else None


class PaymentSection(Vertical):
    """Paiement: terms, method, bank details and SEPA mandate; the payments recorded."""

    def compose(self) -> ComposeResult:
        yield Static(id="pay-details", classes="panel")
        yield Static(id="pay-title", classes="section-title")
        yield DataTable(id="pay-table", cursor_type="row", zebra_stripes=True)

    def show(self, record: PartyRecord) -> None:
        """Draw the payment details and the payments."""
        p, currency = record.party, record.currency
        details = Table.grid(padding=(0, 1))
        for style in ("bold", "", "bold", ""):
            details.add_column(style=style, no_wrap=style == "bold", min_width=12 if not style else None)
        terms = t("record.days", days=p.payment_terms_days) if p.payment_terms_days is not None else None
        details.add_row(t("record.field.payment_terms_days"), dash(terms),
                        t("record.field.iban"), dash(p.iban))
        details.add_row(t("record.field.payment_method"), dash(p.payment_method),
                        t("record.field.bic"), dash(p.bic))
        details.add_row(t("record.field.sepa_mandate_ref"), dash(p.sepa_mandate_ref),
                        t("record.field.sepa_mandate_date"), dash(format_date(p.sepa_mandate_date)))
        details.add_row(t("ed.field.credit_limit"), dash(format_amount(p.credit_limit, currency)),
                        t("ed.field.insurer_guarantee"), dash(format_amount(p.insurer_guarantee, currency)))
        if p.other_guarantees:
            details.add_row(t("ed.field.other_guarantees"), p.other_guarantees, "", "")
        self.query_one("#pay-details", Static).update(details)
        title = t(f"record.payments_title.{p.kind}", count=len(record.payments),
                  outstanding=format_amount(record.activity.balance, currency))
        if record.activity.unallocated > 0:
            title += t("ed.payments_unallocated",
                       amount=format_amount(record.activity.unallocated, currency))
        self.query_one("#pay-title", Static).update(title)
        columns = (("date", "record.col.date"), ("amount", "record.col.amount"),
                   ("method", "record.col.method"), ("reference", "record.col.reference"),
                   ("document", "record.col.document"))
        rows = [(format_date(x.paid_on), amount_cell(x.amount, currency), dash(x.method),
                 dash(x.reference), dash(x.document_number)) for x in record.payments]
        fill_table(self.query_one("#pay-table", DataTable), columns, rows, [x.id for x in record.payments])


class RemindersSection(Vertical):
    """Relances: the reminders sent for unpaid invoices."""

    def compose(self) -> ComposeResult:
        yield Static(id="rem-summary", classes="section-title")
        yield DataTable(id="rem-table", cursor_type="row", zebra_stripes=True)

    def show(self, record: PartyRecord) -> None:
        """Draw the unpaid invoices' summary and the reminders sent."""
        if record.party.kind != "customer":
            summary = t("record.reminders_customers")
        else:
            late = [o for o in record.open_invoices if o.overdue]
            summary = t("record.reminders_summary", unpaid=len(record.open_invoices), late=len(late),
                        amount=format_amount(sum((o.remaining for o in late), ZERO),
                                             record.currency))
        self.query_one("#rem-summary", Static).update(summary)
        columns = (("date", "record.col.date"), ("document", "record.col.document"),
                   ("level", "record.col.level"), ("channel", "record.col.channel"),
                   ("note", "record.col.note"), ("by", "record.col.by"))
        rows = [(format_date(r.sent_on), dash(r.document_number), t(f"record.level.{r.level}"),
                 t(f"record.channel.{r.channel}"), dash(r.note), r.sent_by) for r in record.reminders]
        fill_table(self.query_one("#rem-table", DataTable), columns, rows, [r.id for r in record.reminders])


class ContactsSection(Vertical):
    """Contacts: the people at the party and the favourites for emails and reminders."""

    def compose(self) -> ComposeResult:
        yield Static(id="contacts-title", classes="section-title")
        yield DataTable(id="contacts-table", cursor_type="row", zebra_stripes=True)

    def show(self, record: PartyRecord) -> None:
        """Draw the contacts."""
        self.query_one("#contacts-title", Static).update(t("record.contacts_title", count=len(record.contacts)))
        columns = (("name", "record.col.name"), ("role", "record.col.role"), ("email", "record.col.email"),
                   ("phone", "record.col.phone"), ("fav_email", "record.col.fav_email"),
                   ("fav_reminder", "record.col.fav_reminder"))
        rows = [(c.name, dash(c.role), dash(c.email), dash(c.phone), "★" if c.favourite_email else "",
                 "★" if c.favourite_reminder else "") for c in record.contacts]
        fill_table(self.query_one("#contacts-table", DataTable), columns, rows, [c.id for c in record.contacts])
