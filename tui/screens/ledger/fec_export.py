"""Export FEC: the period, the folder and the format asked for, then the export runs
in a thread worker behind a progress bar; the file, its notice and its SHA-256 are
shown when it ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Select, Static

from books.errors import InvalidInput, SaisieError
from books.formats import format_date
from books.i18n import number, t
from books.inbox.typed import typed_date
from tui.widgets.keybar import KeyBar


class FecExportScreen(ModalScreen[None]):
    """The FEC export of one dossier."""

    BINDINGS = [
        Binding("escape", "close", "key.list_menu_close", id="fec_close"),
        Binding("ctrl+s", "export", "key.fec_run", id="fec_run"),
    ]

    @dataclass
    class Progressed(Message):
        """``done`` of ``total`` lines written."""

        done: int
        total: int

    @dataclass
    class Finished(Message):
        """The export ended: what to show, and whether it failed."""

        text: str
        error: bool = False

    @dataclass
    class Period(Message):
        """The fiscal year the export proposes (from the dossier's closing date)."""

        start: date
        end: date

    def __init__(self, slug: str, folder: Path) -> None:
        super().__init__()
        self.slug, self.folder = slug, folder
        self.running = False
        """An export is being written (the keys wait for it)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="fec-dialog"):
            yield Static(t("fec.screen.title"), classes="dialog-title")
            with Horizontal(classes="fec-row"):
                yield self._titled(Input("", id="fec-from"), "fec.screen.from")
                yield self._titled(Input("", id="fec-to"), "fec.screen.to")
            yield self._titled(Input(str(self.folder), id="fec-folder"), "fec.screen.folder")
            with Horizontal(classes="fec-row"):
                yield Select([(t("fec.screen.tab"), "tab"), (t("fec.screen.pipe"), "pipe")],
                             value="tab", allow_blank=False, id="fec-separator")
                yield Select([("UTF-8", "utf-8"), ("ISO-8859-15", "iso-8859-15")],
                             value="utf-8", allow_blank=False, id="fec-encoding")
            yield ProgressBar(id="fec-progress", total=None, show_eta=False)
            yield Static("", id="fec-result")
            yield KeyBar()

    @staticmethod
    def _titled(field: Input, key: str) -> Input:
        """The field with its label in its border (two lines fewer than a label above)."""
        field.border_title = t(key)
        return field

    def on_mount(self) -> None:
        self.query_one("#fec-from", Input).focus()
        self.propose_period()

    @work(thread=True, exclusive=True, group="fec-period", exit_on_error=False)
    def propose_period(self) -> None:
        """The fiscal year ending at the dossier's closing date (else this calendar year)."""
        from books.ledger.chart import ledger_settings

        closing = ledger_settings(self.app.workspace, self.slug).closing_date  # type: ignore[attr-defined]
        self.post_message(self.Period(*fiscal_year(closing or date(date.today().year, 12, 31))))

    @on(Period)
    def _period(self, message: Period) -> None:
        for field, value in (("#fec-from", message.start), ("#fec-to", message.end)):
            if not self.query_one(field, Input).value:
                self.query_one(field, Input).value = format_date(value)

    def action_close(self) -> None:
        """Close (not while the file is being written)."""
        if self.running:
            self.notify(t("fec.screen.wait"), severity="warning")
            return
        self.dismiss(None)

    def action_export(self) -> None:
        """Check the fields and start the export."""
        if self.running:
            return
        try:
            start = typed_date("from", self.query_one("#fec-from", Input).value.strip())
            end = typed_date("to", self.query_one("#fec-to", Input).value.strip())
        except InvalidInput as refused:
            self._show(str(refused), error=True)
            return
        folder = Path(self.query_one("#fec-folder", Input).value.strip()).expanduser()
        separator = str(self.query_one("#fec-separator", Select).value)
        encoding = str(self.query_one("#fec-encoding", Select).value)
        self.running = True
        self._show(t("fec.screen.running"))
        self.run_export(start, end, folder, separator, encoding)

    @work(thread=True, exclusive=True, group="fec", exit_on_error=False)
    def run_export(self, start: date, end: date, folder: Path, separator: str,
                   encoding: str) -> None:
        """Write the file in a thread; progress and the end are posted."""
        from books.ledger.fec import export_fec

        try:
            done = export_fec(self.app.workspace, self.slug, start, end, folder,  # type: ignore[attr-defined]
                              separator, encoding,
                              lambda n, total: self.post_message(self.Progressed(n, total)))
        except SaisieError as exc:
            self.post_message(self.Finished(exc.message, error=True))
            return
        self.post_message(self.Finished(t("fec.screen.done", path=str(done.path),
                                          lines=number(done.lines), notice=done.notice.name,
                                          sha=done.sha256)))

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        self.query_one("#fec-progress", ProgressBar).update(total=max(message.total, 1),
                                                            progress=message.done)

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.running = False
        self._show(message.text, message.error)

    def _show(self, text: str, error: bool = False) -> None:
        result = self.query_one("#fec-result", Static)
        result.update(text)
        result.set_class(error, "warning")



def fiscal_year(closing: date) -> tuple[date, date]:
    """(first day, closing day) of the twelve months ending at ``closing``."""
    if (closing.month, closing.day) == (12, 31):
        return date(closing.year, 1, 1), closing
    try:
        before = closing.replace(year=closing.year - 1)
    except ValueError:  # 29 February
        before = closing.replace(year=closing.year - 1, day=28)
    return before + timedelta(days=1), closing
