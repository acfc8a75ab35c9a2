"""A dossier's overview: identity, where invoices go, counts, recent activity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.table import Table
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from books.access.audit import describe, list_events
from books.access.permissions import refusal
from books.dossiers.service import dossier_details
from books.dossiers.vat import territory_label
from books.formats import format_datetime
from books.i18n import number, t
from store.rows import AuditRow
from tui.keys import hold_keys_until_loaded, keys_ready
from tui.screens.live import LiveRefresh
from tui.widgets.contextbar import ContextBar, shorten
from tui.widgets.keybar import KeyBar

REFRESH_SECONDS = 3.0


LIST_MODULES_DELAY_S = 0.3
"""The customer and supplier lists' modules are imported this long after the dossier
screen opens, while the person reads it: imported by the first ``v``, they were
25 ms of its opening (a list is what people open most from here)."""

LIST_MODULES = ("tui.screens.parties.listing",)


def import_list_modules() -> None:
    """Import the lists' screen modules (their widgets and books modules come with them)."""
    import importlib

    for name in LIST_MODULES:
        importlib.import_module(name)


class DossierScreen(LiveRefresh, Screen[None]):
    """The open dossier."""

    BINDINGS = [
        Binding("escape", "back", "key.back_dossiers", id="back"),
        Binding("g", "manage", "key.manage", id="manage"),
        Binding("c", "copy_inbox", "key.copy_inbox", id="copy_inbox"),
        Binding("v", "parties('customer')", "key.list_customers", id="list_customers"),
        Binding("a", "parties('supplier')", "key.list_suppliers", id="list_suppliers"),
        Binding("b", "inbox('purchase')", "key.inbox_purchases", id="inbox_purchases"),
        Binding("B", "inbox('sale')", "key.inbox_sales", id="inbox_sales"),
        Binding("C", "inbox('unfiled')", "key.inbox_dossier_unfiled", id="inbox_dossier_unfiled"),
        Binding("R", "rules", "key.rules", id="rules"),
        Binding("p", "accounts", "key.accounts", id="accounts"),
        Binding("f", "fec_export", "key.fec_export", id="fec_export"),
        Binding("r", "reload", "key.reload", id="reload", show=False),
    ]
    FOOTER_PRIORITY = ("inbox_purchases", "inbox_sales", "list_customers", "list_suppliers", "back",
                       "manage", "copy_inbox", "rules")
    """Binding ids the footer keeps first when the width cannot hold every key."""

    @dataclass
    class Loaded(Message):
        """The dossier's details and activity were read."""

        details: dict[str, Any]
        events: list[AuditRow]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.details: dict[str, Any] = {}
        self.events: list[AuditRow] = []
        hold_keys_until_loaded(self)

    def compose(self) -> ComposeResult:
        yield ContextBar()
        with Horizontal(id="dossier-panels"):
            yield Static(id="identity", classes="panel")
            yield Static(id="inbox-panel", classes="panel")
        yield Static(id="activity-title", classes="section-title")
        yield DataTable(id="activity", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.refresh_every(REFRESH_SECONDS, self.reload)
        self.set_timer(LIST_MODULES_DELAY_S, import_list_modules)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def reload(self) -> None:
        """Read the dossier in a thread."""
        from books.dossiers.service import get_dossier
        from books.inbox.listing import waiting, waiting_text

        ws = self.app.workspace  # type: ignore[attr-defined]
        details = dossier_details(ws, self.slug)
        dossier_id = get_dossier(ws, self.slug).id
        counts = waiting(ws, [dossier_id])
        details["inbox_waiting"] = {d: waiting_text(counts, dossier_id, d) for d in ("purchase", "sale")}
        if counts.get((dossier_id, "unfiled")):  # shown only when some wait: C opens them
            details["inbox_waiting"]["unfiled"] = waiting_text(counts, dossier_id, "unfiled")
        self.post_message(self.Loaded(details, list_events(ws, self.slug, 50)))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        keys_ready(self)
        if message.details == self.details and message.events == self.events:
            return
        self.details, self.events = message.details, message.events
        self.refresh_language()

    def refresh_language(self) -> None:
        """Redraw every label in the current language."""
        if not self.details:
            return
        d = self.details
        self.query_one(ContextBar).dossier = d["name"]
        self.query_one(ContextBar).refresh_text()
        self.query_one(KeyBar).refresh_keys()
        self.query_one("#identity", Static).update(self._identity_table(d))
        self.query_one("#inbox-panel", Static).update(self._inbox_table(d))
        self.query_one("#activity-title", Static).update(t("dossier.activity"))
        self._fill_activity()

    def on_resize(self) -> None:
        if self.details:
            self._fill_activity()

    def _fill_activity(self) -> None:
        """The recent events, columns sized from their content to the screen's width (the
        table's own sizing hid the action at 80 columns and crushed every column to a few
        letters after a resize): what the event is about gives way first, then who."""
        table = self.query_one("#activity", DataTable)
        columns = ("at", "actor", "entity", "action")
        labels = [t(f"audit.col.{column}") for column in columns]
        rows = [(format_datetime(event.at), event.actor, *describe(event)) for event in self.events]
        widths = [max([cell_len(label), *(cell_len(row[i]) for row in rows)]) for i, label in enumerate(labels)]
        room = (table.size.width or self.app.size.width) - 2 * table.cell_padding * len(columns) - 2
        for index, narrowest in ((2, 12), (1, 6)):
            widths[index] = max(narrowest, widths[index] - max(0, sum(widths) - room))
        table.clear(columns=True)
        for column, label, width in zip(columns, labels, widths, strict=True):
            table.add_column(shorten(label, width), key=column, width=width)
        for row in rows:
            table.add_row(*(shorten(cell, width) for cell, width in zip(row, widths, strict=True)))

    @staticmethod
    def _grid() -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        return grid

    def _identity_table(self, d: dict[str, Any]) -> Table:
        grid = self._grid()
        grid.add_row(t("settings.name"), d["name"])
        grid.add_row(t("settings.sector"), t(f"sector.{d['sector']}") if d["sector"] else "—")
        grid.add_row(t("settings.siren"), d["siren"] or "—")
        grid.add_row(t("overview.vat"), d["vat_id"] or "—")
        grid.add_row(t("territory.field"), territory_label(d["vat_territory"]))
        grid.add_row(t("overview.currency"), d["base_currency"])
        grid.add_row(t("overview.due_days"), str(d["default_due_days"]))
        grid.add_row(t("overview.software"), d["accounting_software"] or "—")
        grid.add_row(t("settings.publishers"), t(f"review.publishers_short.{d['publishers']}"))
        grid.add_row(t("settings.access"), ", ".join(d["access"]) or "—")
        return grid

    def _inbox_table(self, d: dict[str, Any]) -> Table:
        grid = self._grid()
        grid.add_row(t("dossier.inbox_folder"), d["inbox"])
        grid.add_row(t("dossier.waiting"), str(d["waiting"]))
        for direction, text in d.get("inbox_waiting", {}).items():
            grid.add_row(t(f"inlist.waiting_{direction}"), text)
        grid.add_row(t("dossier.published"), str(d["counts"]["published"]))
        grid.add_row(t("dossier.customers"), number(d['counts']['customer']))
        grid.add_row(t("dossier.suppliers"), number(d['counts']['supplier']))
        contact = " · ".join(x for x in (d["contact_name"], d["contact_email"], d["contact_phone"]) if x)
        grid.add_row(t("overview.contact"), contact or "—")
        invitation = d["invitation"]
        grid.add_row(
            t("dossier.invitation"),
            t("dossier.invitation_done", to=invitation["to_email"], by=invitation["by"])
            if invitation else t("dossier.invitation_none"),
        )
        return grid

    def action_back(self) -> None:
        """Back to the dossiers."""
        self.dismiss(None)

    def action_manage(self) -> None:
        """Gérer: this dossier's settings."""
        from tui.screens.settings import DossierSettingsScreen

        message = refusal(self.app.workspace.user, "dossier.edit")  # type: ignore[attr-defined]
        if message:
            self.notify(message, severity="warning")
            return
        self.app.push_screen(DossierSettingsScreen(self.slug), lambda _saved: self.reload())

    def action_copy_inbox(self) -> None:
        """Copy the inbox folder path (OSC 52) to pass on to the client."""
        if self.details:
            self.app.copy_to_clipboard(self.details["inbox"])
            self.notify(t("dossier.inbox_copied"))

    def action_parties(self, kind: str) -> None:
        """Ventes › Liste des clients (``customer``) or Achats › Liste des fournisseurs."""
        from tui.screens.parties.listing import PartiesScreen

        self.app.push_screen(PartiesScreen(self.slug, kind))

    def action_inbox(self, direction: str) -> None:
        """Boîte de réception › Achats (``purchase``), Ventes (``sale``), or the dossier's
        documents of unknown direction (``unfiled``: a file dropped in the folder's root
        that could not be read, or told neither sale nor purchase)."""
        from tui.screens.inbox.listing import InboxListScreen

        self.app.push_screen(InboxListScreen(self.slug, direction), lambda _r: self.reload())

    def action_rules(self) -> None:
        """Règles: the dossier's rules (issue 18)."""
        from tui.screens.rules.screen import RulesScreen

        self.app.push_screen(RulesScreen(self.slug))

    def action_reload(self) -> None:
        """Read the dossier again now."""
        self.reload()

    def action_accounts(self) -> None:
        """Plan comptable: the dossier's chart of accounts (books.ledger)."""
        from tui.screens.ledger.accounts import AccountsScreen

        self.app.push_screen(AccountsScreen(self.slug, self.details.get("name", "")))

    def action_fec_export(self) -> None:
        """Export FEC: the dossier's entries of a fiscal year, behind a progress bar."""
        from pathlib import Path

        from tui.screens.ledger.fec_export import FecExportScreen

        self.app.push_screen(FecExportScreen(self.slug, Path.cwd()))
