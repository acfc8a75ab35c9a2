"""Plan comptable: a dossier's chart of accounts, listed, added to, renamed, imported.

Reading runs in a thread worker; each change goes through books.ledger.chart
(role checked, audited) in a worker too, then the list is read again. A
collaborator sees the list; the keys that change it say why they are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from books.access.permissions import refusal
from books.errors import SaisieError
from books.i18n import number, t
from store.ledger import AccountRow
from tui.widgets.contextbar import ContextBar
from tui.widgets.keybar import KeyBar


class AccountsScreen(Screen[None]):
    """The chart of accounts of one dossier."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="accounts_back"),
        Binding("n", "add", "key.account_add", id="account_add"),
        Binding("e", "rename", "key.account_rename", id="account_rename"),
        Binding("i", "import_file", "key.account_import", id="account_import"),
        Binding("r", "reload", "key.reload", id="accounts_reload", show=False),
    ]
    FOOTER_PRIORITY = ("account_add", "account_rename", "account_import", "accounts_back")
    """Binding ids the footer keeps first when the width cannot hold every key."""

    @dataclass
    class Loaded(Message):
        """The chart was read."""

        rows: list[AccountRow]

    @dataclass
    class Done(Message):
        """A change was made (``text`` says which) or refused (``error``)."""

        text: str
        error: bool = False

    def __init__(self, slug: str, dossier_name: str = "") -> None:
        super().__init__()
        self.slug = slug
        self.dossier_name = dossier_name
        self.rows: list[AccountRow] = []

    def compose(self) -> ComposeResult:
        yield ContextBar(self.dossier_name or None)
        yield Static(t("ledger.screen.title"), id="accounts-title", classes="section-title")
        yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#accounts", DataTable)
        table.add_column(t("ledger.col.number"), key="number", width=12)
        table.add_column(t("ledger.col.label"), key="label")
        table.add_column(t("ledger.col.origin"), key="origin", width=10)
        table.focus()
        self.reload()

    @work(thread=True, exclusive=True, group="accounts", exit_on_error=False)
    def reload(self) -> None:
        """Read the chart in a thread."""
        from books.ledger.chart import list_accounts

        self.post_message(self.Loaded(list_accounts(self.app.workspace, self.slug)))  # type: ignore[attr-defined]

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        table = self.query_one("#accounts", DataTable)
        current = self.current()
        self.rows = message.rows
        table.clear()
        for row in self.rows:
            table.add_row(row.number, row.label, t(f"ledger.origin.{row.origin}"), key=row.number)
        if current is not None and current.number in {r.number for r in self.rows}:
            table.move_cursor(row=table.get_row_index(current.number))
        self.query_one("#accounts-title", Static).update(
            t("ledger.screen.count", count=number(len(self.rows))))

    def current(self) -> AccountRow | None:
        """The highlighted account."""
        table = self.query_one("#accounts", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _refused(self) -> bool:
        message = refusal(self.app.workspace.user, "ledger.edit")  # type: ignore[attr-defined]
        if message:
            self.notify(message, severity="warning")
        return message is not None

    def action_back(self) -> None:
        """Back to the dossier."""
        self.dismiss(None)

    def action_reload(self) -> None:
        """Read the chart again."""
        self.reload()

    def action_add(self) -> None:
        """Ask for ``number label`` and add that account."""
        from tui.screens.ask import AskScreen

        if self._refused():
            return

        def answered(text: str | None) -> None:
            if text:
                found, _, label = text.partition(" ")
                self._change("add", found, label)

        self.app.push_screen(AskScreen(t("ledger.ask.add"), hint=t("ledger.ask.add_hint")),
                             answered)

    def action_rename(self) -> None:
        """Ask for the highlighted account's new label."""
        from tui.screens.ask import AskScreen

        row = self.current()
        if row is None or self._refused():
            return

        def answered(text: str | None) -> None:
            if text:
                self._change("rename", row.number, text)

        self.app.push_screen(AskScreen(t("ledger.ask.rename", number=row.number), row.label),
                             answered)

    @on(DataTable.RowSelected, "#accounts")
    def _selected(self) -> None:
        """Enter on an account renames it, as ``e`` does."""
        self.action_rename()

    def action_import_file(self) -> None:
        """Ask for a CSV or FEC file and add its accounts."""
        from tui.screens.ask import AskScreen

        if self._refused():
            return

        def answered(text: str | None) -> None:
            if text:
                self._change("import", str(Path(text).expanduser()), "")

        self.app.push_screen(AskScreen(t("ledger.ask.import"), hint=t("ledger.ask.import_hint")),
                             answered)

    @work(thread=True, exclusive=True, group="accounts-change", exit_on_error=False)
    def _change(self, what: str, value: str, label: str) -> None:
        from books.ledger import chart

        ws = self.app.workspace  # type: ignore[attr-defined]
        try:
            if what == "add":
                row = chart.add_account(ws, self.slug, value, label)
                text = t("ledger.added", number=row.number, label=row.label)
            elif what == "rename":
                row = chart.rename_account(ws, self.slug, value, label)
                text = t("ledger.renamed", number=row.number, label=row.label)
            else:
                done = chart.import_accounts(ws, self.slug, Path(value))
                text = t("ledger.imported", read=done.read, added=done.added)
        except SaisieError as exc:
            self.post_message(self.Done(exc.message, error=True))
            return
        self.post_message(self.Done(text))

    @on(Done)
    def _done(self, message: Done) -> None:
        self.notify(message.text, severity="error" if message.error else "information")
        if not message.error:
            self.reload()
