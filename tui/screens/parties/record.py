"""A party's record (fiche): Activité, Identité, Paiement, Relances, Contacts, Règles.

Sections are reached by key (1–6), each on one screen. The record is read in
a worker and re-read every few seconds, so changes from another terminal
show up; every change goes through a books service that checks the role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Static

from books.access.permissions import refusal
from books.errors import InvalidInput, NotFound, SaisieError
from books.i18n import t
from books.parties.record import PartyRecord, load_record
from tui.keys import hold_keys_until_loaded, keys_ready
from tui.screens.confirm import ConfirmScreen
from tui.screens.live import LiveRefresh
from tui.widgets.contextbar import ContextBar
from tui.widgets.keybar import KeyBar
from tui.widgets.record_sections import ActivitySection, IdentitySection, RulesSection
from tui.widgets.record_tables import (
    ContactsSection,
    PaymentSection,
    RemindersSection,
    selected_key,
)

SECTIONS = ("activity", "identity", "payment", "reminders", "contacts", "rules")
"""The record's sections, in key order (1–6)."""
REFRESH_SECONDS = 3.0
SECTION_ACTIONS: dict[str, str] = {
    "edit_identity": "identity",
    "edit_details": "payment", "new_payment": "payment", "remove_payment": "payment",
    "new_reminder": "reminders",
    "new_contact": "contacts", "edit_contact": "contacts", "remove_contact": "contacts",
    "favourite_email": "contacts", "favourite_reminder": "contacts",
    "remove_alias": "rules", "edit_rule": "rules",
}
"""Actions that only apply in one section (elsewhere their key is not shown)."""
FOCUS = {"activity": "#act-docs", "identity": "#sec-identity", "payment": "#pay-table",
         "reminders": "#rem-table", "contacts": "#contacts-table", "rules": "#rules-aliases"}


def make_section(name: str) -> Widget:
    """The widget of one section (composed when first shown)."""
    if name == "rules":
        rules = RulesSection(id="sec-rules", classes="panel")
        rules.can_focus = True
        return rules
    kind = {"activity": ActivitySection, "identity": IdentitySection, "payment": PaymentSection,
            "reminders": RemindersSection, "contacts": ContactsSection}[name]
    return kind(id=f"sec-{name}")


class PartyRecordScreen(LiveRefresh, Screen[None]):
    """The record of one customer or supplier."""

    BINDINGS = [
        *(Binding(str(n), f"section('{name}')", f"record.section.{name}", id=f"record_{name}", show=False)
          for n, name in enumerate(SECTIONS, start=1)),
        Binding("e", "edit_identity", "record.key.edit", id="record_edit_identity"),
        Binding("e", "edit_details", "record.key.edit", id="record_edit_details"),
        Binding("n", "new_payment", "record.key.new_payment", id="record_new_payment"),
        Binding("x", "remove_payment", "record.key.remove", id="record_remove_payment"),
        Binding("n", "new_reminder", "record.key.new_reminder", id="record_new_reminder"),
        Binding("n", "new_contact", "record.key.new_contact", id="record_new_contact"),
        Binding("e", "edit_contact", "record.key.edit", id="record_edit_contact"),
        Binding("x", "remove_contact", "record.key.remove", id="record_remove_contact"),
        Binding("f", "favourite_email", "record.key.favourite_email", id="record_favourite_email"),
        Binding("F", "favourite_reminder", "record.key.favourite_reminder", id="record_favourite_reminder"),
        Binding("x", "remove_alias", "record.key.remove_alias", id="record_remove_alias"),
        Binding("R", "edit_rule", "key.record_rule", id="record_edit_rule"),
        Binding("a", "archive", "record.key.archive", id="record_archive"),
        Binding("d", "delete", "record.key.delete", id="record_delete"),
        Binding("r", "reload", "key.reload", id="record_reload", show=False),
        Binding("escape", "back", "key.back", id="record_back"),
    ]

    section: reactive[str] = reactive("activity", bindings=True, init=False)
    """The section on screen; which keys work depends on it."""

    @dataclass
    class Loaded(Message):
        """The record was read."""

        record: PartyRecord

    def __init__(self, party_id: int, today: date | None = None) -> None:
        """``today`` fixes the day the figures are computed for (tests); the clock otherwise."""
        super().__init__()
        self.party_id = party_id
        self.fixed_today = today
        self.record: PartyRecord | None = None
        self.rule: Any = None
        """The party's rule (issue 18), read with the record."""
        self._rule_read = False
        hold_keys_until_loaded(self)

    @property
    def today(self) -> date:
        """The day the record's figures stand for."""
        return self.fixed_today or date.today()

    def compose(self) -> ComposeResult:
        yield ContextBar()
        yield Static(id="record-title", classes="screen-title")
        with Horizontal(id="record-tabs"):
            for name in SECTIONS:
                yield Static(id=f"tab-{name}", classes="record-tab")
        # Only the section on screen: the others are composed when first shown
        # (the five hidden ones were a third of the record's opening).
        with ContentSwitcher(initial=f"sec-{self.section}", id="record-sections"):
            yield make_section(self.section)
        yield KeyBar()

    def on_mount(self) -> None:
        self._draw_tabs()
        self.query_one(FOCUS[self.section]).focus()
        self.reload()
        self.refresh_every(REFRESH_SECONDS, self.reload)

    # ----------------------------------------------------------------- reading

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def reload(self) -> None:
        """Read the record in a thread."""
        ws = self.app.workspace  # type: ignore[attr-defined]
        try:
            record = load_record(ws, self.party_id, self.today)
        except NotFound as exc:
            self.app.call_from_thread(self._gone, exc.message)
            return
        self.post_message(self.Loaded(record))
        from books.rules.service import party_rule  # the party's rule (issue 18)

        self.app.call_from_thread(self._show_rule, party_rule(ws, record.party))

    def _gone(self, message: str) -> None:
        """The party was deleted (or its dossier closed to us) meanwhile: say so and leave."""
        if self.is_current:
            self.notify(message, severity="warning")
            self.dismiss(None)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if self.record is not None and message.record.stamp == self.record.stamp:
            return
        self.record = message.record
        self.refresh_language()
        keys_ready(self)

    def refresh_language(self) -> None:
        """Redraw every section in the current language."""
        self._draw_tabs()
        self.query_one(KeyBar).refresh_keys()
        record = self.record
        if record is None:
            return
        self.query_one(ContextBar).dossier = record.dossier_name
        self.query_one(ContextBar).refresh_text()
        self.query_one("#record-title", Static).update(self._title(record))
        for section in self.query_one(ContentSwitcher).children:
            self._show_section(section)
        self.refresh_bindings()

    def _show_section(self, section: Widget) -> None:
        """Fill one section with the record read (and the party's rule, once read)."""
        record = self.record
        if record is None:
            return
        if isinstance(section, ActivitySection):
            today = self.today
            section.show(record, today.month if record.activity.year == today.year else 0)
            return
        section.show(record)  # type: ignore[attr-defined]
        if isinstance(section, RulesSection) and self._rule_read:
            section.show_rule(self.rule, record.party.kind)

    def _title(self, record: PartyRecord) -> Text:
        p = record.party
        title = Text(f"{t(f'record.kind.{p.kind}')} {p.code} · {p.name}", style="bold")
        if p.archived:
            title.append(f"  [{t('record.archived')}]", style="bold yellow")
        if refusal(self.app.workspace.user, "party.edit"):  # type: ignore[attr-defined]
            title.append(f"  ({t('record.read_only')})", style="dim")
        return title

    def _draw_tabs(self) -> None:
        for n, name in enumerate(SECTIONS, start=1):
            tab = self.query_one(f"#tab-{name}", Static)
            tab.update(f" {n} {t(f'record.section.{name}')} ")
            tab.set_class(name == self.section, "-current")

    # ---------------------------------------------------------------- sections

    async def watch_section(self, section: str) -> None:
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query_children(f"#sec-{section}"):
            widget = make_section(section)
            await switcher.mount(widget)
            self._show_section(widget)
        switcher.current = f"sec-{section}"
        self._draw_tabs()
        self.query_one(FOCUS[section]).focus()

    def action_section(self, name: str) -> None:
        """Show one section."""
        self.section = name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Section keys only where they apply; reminders only for customers."""
        wanted = SECTION_ACTIONS.get(action)
        if wanted is not None and wanted != self.section:
            return False
        if action == "new_reminder" and self.record is not None and self.record.party.kind != "customer":
            return False
        return True

    # ----------------------------------------------------------------- helpers

    def _refused(self) -> bool:
        """Tell why the key is refused, if the user may not change the record."""
        message = refusal(self.app.workspace.user, "party.edit")  # type: ignore[attr-defined]
        if message:
            self.notify(message, severity="warning")
        return message is not None or self.record is None

    def _reload_if(self, changed: bool | int | None) -> None:
        if changed:
            self.reload()

    def _row(self, table_id: str) -> int | None:
        key = selected_key(self.query_one(table_id, DataTable))
        if key is None:
            self.notify(t("record.no_row"), severity="warning")
        return key

    @work(thread=True, group="change", exit_on_error=False)
    def _change(self, change: Callable[[Any], object], done: str) -> None:
        """Run a books change in a thread; say it was done, or why it was refused."""
        try:
            change(self.app.workspace)  # type: ignore[attr-defined]
        except SaisieError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="warning")
            return
        self.app.call_from_thread(self.notify, done)
        self.app.call_from_thread(self.reload)

    # ------------------------------------------------------------------- edits

    def action_edit_identity(self) -> None:
        """Edit the party with the same form as creation."""
        from tui.screens.parties.form import PartyFormScreen

        if self._refused():
            return
        assert self.record is not None
        p = self.record.party
        self.app.push_screen(PartyFormScreen(self.record.dossier_slug, p.kind, self.party_id), self._reload_if)

    def action_edit_details(self) -> None:
        """Edit payment terms and method, bank details and SEPA mandate."""
        from tui.screens.parties.record_forms import PaymentDetailsDialog

        if not self._refused():
            assert self.record is not None
            self.app.push_screen(PaymentDetailsDialog(self.record), self._reload_if)

    def action_new_payment(self) -> None:
        """Record a payment."""
        from tui.screens.parties.record_forms import PaymentDialog

        if not self._refused():
            assert self.record is not None
            self.app.push_screen(PaymentDialog(self.record, self.today), self._reload_if)

    def action_remove_payment(self) -> None:
        """Remove the selected payment (recorded by mistake), after confirming."""
        from books.parties.payments import remove_payment

        if self._refused() or (payment_id := self._row("#pay-table")) is None:
            return
        change = partial(lambda ws, pid: remove_payment(ws, self.party_id, pid), pid=payment_id)
        self._confirm(t("record.confirm_remove_payment"), change, t("record.removed_payment"))

    def action_new_reminder(self) -> None:
        """Record a reminder for an unpaid invoice."""
        from tui.screens.parties.record_forms import ReminderDialog

        if self._refused():
            return
        assert self.record is not None
        if not self.record.open_invoices:
            self.notify(t("record.nothing_unpaid"), severity="warning")
            return
        self.app.push_screen(ReminderDialog(self.record, self.today), self._reload_if)

    def action_new_contact(self) -> None:
        """Add a contact."""
        from tui.screens.parties.record_forms import ContactDialog

        if not self._refused():
            assert self.record is not None
            self.app.push_screen(ContactDialog(self.record), self._reload_if)

    def action_edit_contact(self) -> None:
        """Edit the selected contact."""
        from tui.screens.parties.record_forms import ContactDialog

        if self._refused() or (contact_id := self._row("#contacts-table")) is None:
            return
        assert self.record is not None
        contact = next(c for c in self.record.contacts if c.id == contact_id)
        self.app.push_screen(ContactDialog(self.record, contact), self._reload_if)

    def action_remove_contact(self) -> None:
        """Remove the selected contact, after confirming."""
        from books.parties.contacts import remove_contact

        if self._refused() or (contact_id := self._row("#contacts-table")) is None:
            return
        assert self.record is not None
        name = next(c.name for c in self.record.contacts if c.id == contact_id)
        change = partial(lambda ws, cid: remove_contact(ws, self.party_id, cid), cid=contact_id)
        self._confirm(t("record.confirm_remove_contact", name=name), change,
                      t("record.removed_contact", name=name))

    def action_favourite_email(self) -> None:
        """Mark or unmark the selected contact as a favourite for emails."""
        self._toggle_favourite("favourite_email")

    def action_favourite_reminder(self) -> None:
        """Mark or unmark the selected contact as a favourite for reminders."""
        self._toggle_favourite("favourite_reminder")

    def _toggle_favourite(self, purpose: str) -> None:
        from books.parties.contacts import toggle_favourite

        if self._refused() or (contact_id := self._row("#contacts-table")) is None:
            return
        self._change(lambda ws: toggle_favourite(ws, self.party_id, contact_id, purpose),
                     t(f"record.toggled.{purpose}"))

    def action_remove_alias(self) -> None:
        """Forget the highlighted confirmed name, after a question whose default is no."""
        from books.matching.service import remove_alias
        from tui.screens.safe_confirm import SafeConfirmScreen

        if self._refused() or (alias_id := self._row("#rules-aliases")) is None:
            return
        assert self.record is not None
        party = self.record.party
        slug, name = self.record.dossier_slug, next(a.name for a in self.record.aliases if a.id == alias_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(lambda ws: remove_alias(ws, slug, party.kind, party.code, alias_id),
                             t("record.alias.removed", name=name))
        self.app.push_screen(SafeConfirmScreen(
            t("record.alias.question", name=name), t("record.alias.detail", party=party.name),
            t("record.alias.yes")), answered)

    def _show_rule(self, rule: Any) -> None:
        """The party's rule in the Règles section (issue 18)."""
        self.rule = rule
        self._rule_read = True
        if self.record is not None:
            for section in self.query(RulesSection):
                section.show_rule(rule, self.record.party.kind)

    def action_edit_rule(self) -> None:
        """Create or change the party's rule in place (admins); applies to its inbox."""
        from tui.screens.rules.editor import EditTarget, RuleEditor

        message = refusal(self.app.workspace.user, "rule.edit")  # type: ignore[attr-defined]
        if message or self.record is None:
            if message:
                self.notify(message, severity="warning")
            return
        party = self.record.party
        assert party.id is not None
        title = t("rules.editor.party", kind=t(f"rules.kind.{party.kind}"), name=party.name)
        target = EditTarget(self.record.dossier_slug, party.kind, self.rule, [party.id],
                            title=title)
        self.app.push_screen(RuleEditor(target), self._reload_if)

    def _confirm(self, question: str, change: Callable[[Any], object], done: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._change(change, done)
        self.app.push_screen(ConfirmScreen(question), answered)

    # --------------------------------------------------------- archive, delete

    def action_archive(self) -> None:
        """Archive the party (hidden, history kept), or restore it."""
        if self._refused():
            return
        assert self.record is not None
        archived = self.record.party.archived
        key = "record.confirm_restore" if archived else "record.confirm_archive"
        self._confirm(t(key, name=self.record.party.name), partial(self._set_archived, archive=not archived),
                      t("record.restored" if archived else "record.archived_done"))

    def _set_archived(self, ws: Any, archive: bool) -> None:
        from books.parties.changes import set_archived
        from books.parties.listing import Selection

        assert self.record is not None
        set_archived(ws, self.record.dossier_slug, Selection(ids=frozenset({self.party_id})), archive)

    def action_delete(self) -> None:
        """Delete the party when no document is tied to it; otherwise offer to archive it."""
        if self._refused():
            return
        assert self.record is not None
        if self.record.document_count:
            self._offer_archive(t("party.has_documents", count=self.record.document_count))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete()
        self.app.push_screen(ConfirmScreen(t("record.confirm_delete", name=self.record.party.name)), answered)

    def _offer_archive(self, why: str) -> None:
        assert self.record is not None
        if self.record.party.archived:
            self.notify(why, severity="warning")
            return
        self._confirm(f"{why}\n\n{t('record.archive_instead')}", partial(self._set_archived, archive=True),
                      t("record.archived_done"))

    @work(thread=True, group="change", exit_on_error=False)
    def _delete(self) -> None:
        from books.parties.changes import delete_single

        try:
            delete_single(self.app.workspace, self.party_id)  # type: ignore[attr-defined]
        except InvalidInput as exc:
            self.app.call_from_thread(self._offer_archive, exc.message)
            return
        except SaisieError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="warning")
            return
        assert self.record is not None
        self.app.call_from_thread(self.notify, t("record.deleted", name=self.record.party.name))
        self.app.call_from_thread(self.dismiss, None)

    # -------------------------------------------------------------------- misc

    def action_reload(self) -> None:
        """Read the record again now."""
        self.reload()

    def action_back(self) -> None:
        """Back to where the record was opened from."""
        self.dismiss(None)
