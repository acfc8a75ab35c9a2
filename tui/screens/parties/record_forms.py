"""The record's small forms: payment details, a payment, a reminder, a contact.

Each is a typed modal (``ModalScreen[bool]``: True when something was saved)
that calls its books service in a worker and shows a refusal in place, so
nothing typed is lost. ctrl+s saves, escape leaves without saving.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Select, Static

from books.errors import Conflict, SaisieError
from books.formats import format_amount, format_date
from books.i18n import t
from books.parties.contacts import add_contact, edit_contact
from books.parties.payments import (
    CHANNELS,
    LEVELS,
    PAYMENT_METHODS,
    NewPayment,
    NewReminder,
    record_payment,
    record_reminder,
    update_payment_details,
)
from books.parties.record import OpenInvoice, PartyRecord
from store.parties.record import ContactRow
from tui.screens.unsaved import UnsavedGuard
from tui.widgets.conflict import SavedState
from tui.widgets.form import FormFields, FormRow, QuietFocus, show_refusal
from tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from store.models import Party


def methods(current: str | None) -> list[tuple[str, str]]:
    """The payment methods offered, with the party's own if it is another one."""
    offered = list(PAYMENT_METHODS)
    if current and current not in offered:
        offered.insert(0, current)
    return [(m, m) for m in offered]


def amount_text(amount: Any) -> str:
    """An amount as typed in a form, without grouping (``12500,50``; ``12500.50`` in English)."""
    if amount is None:
        return ""
    from books.i18n import get_language

    text = f"{amount:.2f}"
    return text.replace(".", ",") if get_language() == "fr" else text


def invoice_label(invoice: OpenInvoice, currency: str) -> str:
    """``F2026-1001 · reste 1 234,56 € · échue le 12/10/2026``."""
    key = "record.invoice_overdue" if invoice.overdue else "record.invoice_due"
    return t(key, number=invoice.number or "—", remaining=format_amount(invoice.remaining, currency),
             due=format_date(invoice.due_date) or "—")


def selected(select: Select[Any]) -> Any:
    """A Select's value, or None when blank."""
    return None if select.value is Select.NULL else select.value


class RecordDialog(QuietFocus, UnsavedGuard, ModalScreen[bool]):
    """A form over a party of the record; subclasses say what to ask and how to save."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="record_form_save"),
        Binding("escape", "close", "key.cancel", id="record_form_cancel"),
    ]
    TITLE_KEY = ""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-roomy")]
    """Below 34 lines, a refusal's message takes room from the fields (app.tcss)."""

    def __init__(self, record: PartyRecord) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide record-dialog"):
            yield Static(t(self.TITLE_KEY, name=self.record.party.name), classes="dialog-title")
            with FormFields(classes="record-form"):
                yield from self.rows()
            yield Static(id="form-error", classes="error")
            yield KeyBar()

    def rows(self) -> ComposeResult:
        """The form's rows."""
        raise NotImplementedError

    def value(self, field: str) -> str:
        """An Input's text, stripped."""
        return self.query_one(f"#f-{field}", Input).value.strip()

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Save (in a worker); a refusal shows under the form."""
        self.query_one("#form-error", Static).update("")
        self.remove_class("-refused")
        self._save(self.saver())

    def saver(self) -> Callable[[Any], str]:
        """Read the form now (UI thread); returns what saves it and says what was done."""
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save(self, save: Callable[[Any], str]) -> None:
        ws = self.app.workspace  # type: ignore[attr-defined]
        try:
            done = save(ws)
        except SaisieError as exc:
            self.app.call_from_thread(self.add_class, "-refused")
            self.app.call_from_thread(self.refused, exc)
            return
        self.app.call_from_thread(self.notify, done)
        self.app.call_from_thread(self.dismiss, True)

    def refused(self, error: SaisieError) -> None:
        """Show why the save was refused (focus on the first wrong field)."""
        show_refusal(self, error, self.query_one("#form-error", Static))

    def action_close(self) -> None:
        """Leave without saving (asks first when something was typed)."""
        self.leave(False)


class PaymentDetailsDialog(RecordDialog):
    """Payment terms and method, IBAN, BIC, SEPA mandate, credit limit and guarantees
    (the party's version guards the save)."""

    TITLE_KEY = "record.form.details_title"
    TEXT = ("payment_terms_days", "iban", "bic", "sepa_mandate_ref", "sepa_mandate_date",
            "credit_limit", "insurer_guarantee", "other_guarantees")

    def __init__(self, record: PartyRecord) -> None:
        super().__init__(record)
        self.saved = SavedState(choices={"payment_method": methods})
        """The fields as filled and the party's version: a save sends only the edits."""

    def on_mount(self) -> None:
        super().on_mount()
        self.saved.remember(self, (*self.TEXT, "payment_method"), self.record.party.version)

    def rows(self) -> ComposeResult:
        p = self.record.party
        yield FormRow(t("record.field.payment_terms_days"),
                      Input("" if p.payment_terms_days is None else str(p.payment_terms_days),
                            id="f-payment_terms_days"))
        yield FormRow(t("record.field.payment_method"),
                      Select(methods(p.payment_method), id="f-payment_method", allow_blank=True,
                             value=p.payment_method or Select.NULL, prompt="—"))
        yield FormRow(t("record.field.iban"), Input(p.iban or "", id="f-iban"))
        yield FormRow(t("record.field.bic"), Input(p.bic or "", id="f-bic"))
        yield FormRow(t("record.field.sepa_mandate_ref"), Input(p.sepa_mandate_ref or "", id="f-sepa_mandate_ref"))
        yield FormRow(t("record.field.sepa_mandate_date"),
                      Input(format_date(p.sepa_mandate_date), id="f-sepa_mandate_date",
                            placeholder=t("record.date_placeholder")))
        for field in ("credit_limit", "insurer_guarantee"):
            amount = getattr(p, field)
            yield FormRow(t(f"ed.field.{field}"),
                          Input(amount_text(amount), id=f"f-{field}",
                                placeholder="10 000,00"))
        yield FormRow(t("ed.field.other_guarantees"), Input(p.other_guarantees or "", id="f-other_guarantees"))

    def saver(self) -> Callable[[Any], str]:
        edits = self.saved.edits(self)  # only what the person changed, never stale values
        values: dict[str, Any] = {f: self.value(f) or None for f in self.TEXT if f in edits}
        if "sepa_mandate_date" in values:
            values["sepa_mandate_date"] = values["sepa_mandate_date"] or ""
        if "payment_method" in edits:
            values["payment_method"] = edits["payment_method"]
        party_id, version = self.record.party.id, self.saved.version
        assert party_id is not None and version is not None

        def save(ws: Any) -> str:
            update_payment_details(ws, party_id, values, version)
            return t("record.saved_details")
        return save

    def refused(self, error: SaisieError) -> None:
        """After a save that overtook this one: the fresh values, merged with the person's edits."""
        party = error.current if isinstance(error, Conflict) else None
        if party is None:
            super().refused(error)
            return
        _merge, message = self.saved.reconcile(self, details_values(party), party.version, _label)
        self.query_one("#form-error", Static).update(message)


def details_values(party: Party) -> dict[str, Any]:
    """A party's payment details as the Paiement form's fields show them."""
    return {
        "payment_terms_days": "" if party.payment_terms_days is None else str(party.payment_terms_days),
        "payment_method": party.payment_method or None,
        "iban": party.iban or "", "bic": party.bic or "", "sepa_mandate_ref": party.sepa_mandate_ref or "",
        "sepa_mandate_date": format_date(party.sepa_mandate_date),
        "credit_limit": amount_text(party.credit_limit),
        "insurer_guarantee": amount_text(party.insurer_guarantee),
        "other_guarantees": party.other_guarantees or "",
    }


def _label(field: str) -> str:
    """A record form field's label."""
    return t(f"ed.field.{field}" if field in ("credit_limit", "insurer_guarantee", "other_guarantees")
             else f"record.field.{field}")


class PaymentDialog(RecordDialog):
    """Record a payment received from (or made to) the party."""

    TITLE_KEY = "record.form.payment_title"

    def __init__(self, record: PartyRecord, today: date) -> None:
        super().__init__(record)
        self.today = today

    def rows(self) -> ComposeResult:
        currency = self.record.currency
        yield FormRow(t("record.field.document"),
                      Select([(invoice_label(o, currency), o.id) for o in self.record.open_invoices],
                             id="f-document", allow_blank=True, prompt=t("record.no_document")))
        yield FormRow(t("record.field.paid_on"), Input(format_date(self.today), id="f-paid_on"))
        yield FormRow(t("record.field.amount"), Input(id="f-amount", placeholder="1 234,56"))
        yield FormRow(t("record.field.payment_method"),
                      Select(methods(self.record.party.payment_method), id="f-method", allow_blank=True,
                             value=self.record.party.payment_method or Select.NULL, prompt="—"))
        yield FormRow(t("record.field.reference"), Input(id="f-reference"))

    @on(Select.Changed, "#f-document")
    def _document_chosen(self, event: Select.Changed) -> None:
        amount = self.query_one("#f-amount", Input)
        for invoice in self.record.open_invoices:
            if invoice.id == event.value and not amount.value.strip():
                amount.value = format_amount(invoice.remaining)

    def saver(self) -> Callable[[Any], str]:
        new = NewPayment(paid_on=self.value("paid_on"), amount=self.value("amount"),
                         method=selected(self.query_one("#f-method", Select)),
                         reference=self.value("reference") or None,
                         document_id=selected(self.query_one("#f-document", Select)))
        party_id = self.record.party.id
        assert party_id is not None

        def save(ws: Any) -> str:
            record_payment(ws, party_id, new)
            return t("record.saved_payment")
        return save


class ReminderDialog(RecordDialog):
    """Record a reminder sent for one of the customer's unpaid invoices."""

    TITLE_KEY = "record.form.reminder_title"

    def __init__(self, record: PartyRecord, today: date) -> None:
        super().__init__(record)
        self.today = today

    def rows(self) -> ComposeResult:
        invoices = self.record.open_invoices
        first = next((o for o in invoices if o.overdue), invoices[0] if invoices else None)
        yield FormRow(t("record.field.document"),
                      Select([(invoice_label(o, self.record.currency), o.id) for o in invoices],
                             id="f-document", allow_blank=first is None,
                             value=first.id if first else Select.NULL, prompt="—"))
        yield FormRow(t("record.field.level"),
                      Select([(t(f"record.level.{n}"), n) for n in LEVELS], id="f-level", allow_blank=False,
                             value=min(3, (first.last_level if first else 0) + 1)))
        yield FormRow(t("record.field.channel"),
                      Select([(t(f"record.channel.{c}"), c) for c in CHANNELS], id="f-channel",
                             allow_blank=False, value=CHANNELS[0]))
        yield FormRow(t("record.field.sent_on"), Input(format_date(self.today), id="f-sent_on"))
        yield FormRow(t("record.field.note"), Input(id="f-note"))

    def on_mount(self) -> None:
        self.query_one("#f-document", Select).focus()

    @on(Select.Changed, "#f-document")
    def _document_chosen(self, event: Select.Changed) -> None:
        for invoice in self.record.open_invoices:
            if invoice.id == event.value:
                self.query_one("#f-level", Select).value = min(3, invoice.last_level + 1)

    def saver(self) -> Callable[[Any], str]:
        new = NewReminder(document_id=selected(self.query_one("#f-document", Select)),
                          level=self.query_one("#f-level", Select).value,  # type: ignore[arg-type]
                          channel=self.query_one("#f-channel", Select).value,  # type: ignore[arg-type]
                          note=self.value("note") or None, sent_on=self.value("sent_on"))
        party_id = self.record.party.id
        assert party_id is not None

        def save(ws: Any) -> str:
            record_reminder(ws, party_id, new)
            return t("record.saved_reminder")
        return save


class ContactDialog(RecordDialog):
    """Add a person at the party, or edit one."""

    TEXT = ("name", "role", "email", "phone")

    FAVOURITES = {"fav-email": "favourite_email", "fav-reminder": "favourite_reminder"}
    """The favourite ticks, by field id, and the contact's field each sets."""

    def __init__(self, record: PartyRecord, contact: ContactRow | None = None) -> None:
        super().__init__(record)
        self.contact = contact
        """The contact being edited, as last read (fresh after a refused save)."""
        self.saved = SavedState()
        self.TITLE_KEY = "record.form.contact_edit" if contact else "record.form.contact_add"

    def on_mount(self) -> None:
        super().on_mount()
        if self.contact is not None:
            self.saved.remember(self, (*self.TEXT, *self.FAVOURITES), None)

    def field_of(self, name: str) -> str:
        """The contact's field behind a form field."""
        return self.FAVOURITES.get(name, name)

    def rows(self) -> ComposeResult:
        c = self.contact
        for field in self.TEXT:
            yield FormRow(t(f"record.field.{field}"), Input(getattr(c, field) or "" if c else "", id=f"f-{field}"))
        yield Checkbox(t("record.field.favourite_email"), c.favourite_email if c else False, id="f-fav-email")
        yield Checkbox(t("record.field.favourite_reminder"), c.favourite_reminder if c else False,
                       id="f-fav-reminder")

    def saver(self) -> Callable[[Any], str]:
        values: dict[str, Any] = {f: self.value(f) for f in self.TEXT}
        values["favourite_email"] = self.query_one("#f-fav-email", Checkbox).value
        values["favourite_reminder"] = self.query_one("#f-fav-reminder", Checkbox).value
        party_id, contact = self.record.party.id, self.contact
        assert party_id is not None
        if contact is not None:  # only what the person changed, checked against what they saw
            edited = {self.field_of(name) for name in self.saved.edits(self)}
            values = {k: v for k, v in values.items() if k in edited}
            seen = {k: getattr(contact, k) for k in values}

        def save(ws: Any) -> str:
            if contact is None:
                add_contact(ws, party_id, values)
            else:
                edit_contact(ws, party_id, contact.id, values, expected=seen)
            return t("record.saved_contact", name=values.get("name") or (contact.name if contact else ""))
        return save

    def refused(self, error: SaisieError) -> None:
        """After someone changed the contact meanwhile: its fresh values, merged with the edits."""
        fresh = error.current if isinstance(error, Conflict) else None
        if not isinstance(fresh, ContactRow):
            super().refused(error)
            return
        self.contact = fresh
        theirs = {name: getattr(fresh, self.field_of(name)) for name in self.saved.base}
        theirs = {k: ("" if v is None else v) for k, v in theirs.items()}
        _merge, message = self.saved.reconcile(
            self, theirs, 0, lambda name: t(f"record.field.{self.field_of(name)}"))
        self.query_one("#form-error", Static).update(message)
