"""Importer (CSV): file → detection and mapping → preview → import with progress."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, Input, ProgressBar, Select, Static

from books.errors import SaisieError
from books.exchange import service
from books.exchange.mapping import TARGETS, field_label, load_toml, save_toml
from books.exchange.reading import DELIMITERS, ENCODINGS
from books.exchange.result import ImportResult
from books.i18n import os_reason, t
from tui.screens.ask import AskScreen
from tui.screens.parties.import_review import review_lines
from tui.widgets.contextbar import shorten
from tui.widgets.form import FormFields, FormRow, QuietFocus
from tui.widgets.keybar import KeyBar
from tui.widgets.path_suggester import PathSuggester

DELIMITER_KEYS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}



LABEL_CELLS = 27
"""The width of a mapping row's label (FormRow's label column, less its padding)."""


def column_label(column: str, samples: list[str], cells: int) -> str:
    """A file column's header with the samples that fit in ``cells``.

    The header is never cut unless it alone is too long; whole samples come
    first, then the first one shortened with "…", then none.
    """
    for count in range(len(samples), 0, -1):
        label = f"{column} ({', '.join(samples[:count])})"
        if cell_len(label) <= cells:
            return label
    room = cells - cell_len(column) - 3  # " (" and ")"
    if samples and room >= 5:
        return f"{column} ({shorten(samples[0], room)})"
    return shorten(column, cells)


class PartyImportScreen(QuietFocus, ModalScreen[ImportResult | None]):
    """Import a list from CSV/TXT; returns the import's result, or None when cancelled."""

    DEFAULT_CSS = """
    PartyImportScreen #import { height: 100%; }
    PartyImportScreen #import-steps, PartyImportScreen #import-steps > Vertical { height: 1fr; }
    PartyImportScreen #import-columns { height: 1fr; }
    PartyImportScreen #import-columns FormRow { margin-bottom: 0; }
    PartyImportScreen #import-rejections { height: 1fr; }
    PartyImportScreen .import-options FormRow { width: 1fr; margin-bottom: 0; }
    PartyImportScreen .import-options FormRow > .form-label { width: auto; padding-right: 2; }
    PartyImportScreen .import-options { height: auto; margin-bottom: 1; }
    PartyImportScreen ProgressBar { margin: 1 0; }
    PartyImportScreen #import-error { display: none; margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("ctrl+n", "next", "key.import_next", id="import_next"),
        Binding("ctrl+s", "save_mapping", "key.import_save_mapping", id="import_save_mapping"),
        Binding("ctrl+o", "load_mapping", "key.import_load_mapping", id="import_load_mapping"),
        Binding("ctrl+e", "save_rejections", "key.import_save_rejections",
                id="import_save_rejections"),
        Binding("escape", "back", "key.import_back", id="import_back"),
        Binding("ctrl+x", "cancel", "key.import_cancel", id="import_cancel", priority=True),
    ]

    step: reactive[str] = reactive("file", bindings=True)
    """The step on screen: ``file``, ``mapping``, ``preview`` or ``progress``."""
    busy: reactive[bool] = reactive(False, bindings=True)
    """A worker is reading, checking or writing."""

    @dataclass
    class Loaded(Message):
        """A file was read (or read again) and its mapping proposed."""

        prepared: service.Prepared
        toml: str | None = None
        """The mapping file it was taken from, if any."""

    @dataclass
    class Previewed(Message):
        """The rows were checked against the list."""

        preview: service.Preview

    @dataclass
    class Finished(Message):
        """The import was written."""

        result: ImportResult

    @dataclass
    class Failed(Message):
        """A worker stopped on a user error (already translated)."""

        message: str

    def __init__(self, slug: str, kind: str) -> None:
        super().__init__()
        self.slug = slug
        self.kind = kind
        self.prepared: service.Prepared | None = None
        self.preview: service.Preview | None = None
        self.cancel_event = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="import"):
            yield Static(t("import.title", kind=t(f"import.kind.{self.kind}")), classes="dialog-title")
            # Under the title: always in sight, however long the step below.
            yield Static(id="import-error", classes="error", markup=False)
            with ContentSwitcher(initial="file", id="import-steps"):
                with Vertical(id="file"):
                    yield FormRow(t("import.path_label"), Input(
                        id="import-path", suggester=PathSuggester((".csv", ".txt"))))
                    yield Static(t("import.path_hint"), classes="hint")
                with Vertical(id="mapping"):
                    yield Static(id="import-detected", markup=False)
                    with Horizontal(classes="import-options"):
                        yield FormRow(t("import.encoding"), Select(
                            [(e, e) for e in ENCODINGS], id="import-encoding", allow_blank=False))
                        yield FormRow(t("import.delimiter"), Select(
                            [(t(f"import.delimiter.{DELIMITER_KEYS[d]}"), d) for d in DELIMITERS],
                            id="import-delimiter", allow_blank=False))
                    yield FormFields(id="import-columns")
                with Vertical(id="preview"):
                    yield Static(id="import-counts", markup=False)
                    with VerticalScroll(id="import-rejections"):
                        yield Static(id="import-rejected", markup=False)
                with Vertical(id="progress"):
                    yield Static(id="import-phase")
                    yield ProgressBar(id="import-bar", total=100, show_eta=False)
            yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.step in ("mapping", "preview") and not self.busy
        if action in ("save_mapping", "load_mapping"):
            return self.step == "mapping" and not self.busy
        if action == "save_rejections":
            return self.step == "preview" and self.preview is not None and bool(self.preview.rejected)
        return True

    def action_next(self) -> None:
        """Mapping → preview (check the rows); preview → import."""
        if self.step == "mapping":
            self._check(self.current_mapping())
        elif self.step == "preview":
            self._show("progress")
            self._import(self.current_mapping())

    def action_back(self) -> None:
        """One step back; from the first step, or while importing, cancel."""
        previous = {"mapping": "file", "preview": "mapping"}
        if self.step in previous and not self.busy:
            self._show(previous[self.step])
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        """Leave; an import under way is rolled back (nothing written)."""
        self.cancel_event.set()
        self.dismiss(None)

    def action_save_mapping(self) -> None:
        """Write the mapping as TOML (next to the file by default; ``--mapping`` reads it back)."""
        assert self.prepared is not None
        prepared, mapping = self.prepared, self.current_mapping()

        def answered(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            try:
                save_toml(target, mapping, prepared.table.encoding, prepared.table.delimiter)
            except SaisieError as exc:  # a folder, a named pipe, a missing folder
                self._error(exc.message)
                return
            except OSError as exc:
                self._error(t("import.toml_not_written", file=str(target),
                              reason=os_reason(exc)))
                return
            self.notify(t("import.saved_toml", file=str(target)))

        default = str(prepared.source.path.with_suffix(".mapping.toml"))
        self.app.push_screen(AskScreen(t("import.save_toml_title"), default,
                                       t("import.save_toml_hint"),
                                       suggester=PathSuggester((".toml",))), answered)

    def action_save_rejections(self) -> None:
        """Write the rejected rows (line, reason, original cells) as CSV."""
        assert self.prepared is not None and self.preview is not None
        rejected = self.preview.rejected

        def answered(path: str | None) -> None:
            if path:
                self._save_rejections(Path(path).expanduser())

        source = self.prepared.source.path
        default = str(source.with_name(f"{source.stem}.rejets.csv"))
        self.app.push_screen(AskScreen(t("import.rejections_title", count=len(rejected)), default,
                                       t("import.rejections_hint"),
                                       suggester=PathSuggester((".csv",))), answered)

    def action_load_mapping(self) -> None:
        """Take the mapping (and the encoding and delimiter it names) from a TOML file."""
        assert self.prepared is not None
        folder = f"{self.prepared.source.path.parent}{os.sep}"

        def answered(path: str | None) -> None:
            if path:
                self._apply_toml(path)

        self.app.push_screen(AskScreen(t("import.load_toml_title"), folder,
                                       t("import.load_toml_hint"),
                                       suggester=PathSuggester((".toml",))), answered)

    # ------------------------------------------------------------------ steps

    def _show(self, step: str) -> None:
        self.step = step
        self.query_one("#import-steps", ContentSwitcher).current = step
        self._error("")

    def _error(self, message: str) -> None:
        error = self.query_one("#import-error", Static)
        error.update(message)
        error.display = bool(message)

    def current_mapping(self) -> dict[str, str]:
        """The assignment the person chose, column by column."""
        assert self.prepared is not None
        mapping = {}
        for index, column in enumerate(self.prepared.table.header):
            value = self.query_one(f"#map-{index}", Select).value
            mapping[column] = value if isinstance(value, str) else "ignore"
        return mapping

    @on(Input.Submitted, "#import-path")
    def _path_entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._error("")
            self.query_one("#import-phase", Static).update(t("import.reading", file=event.value))
            self._load(event.value.strip())

    @on(Select.Changed, "#import-encoding")
    @on(Select.Changed, "#import-delimiter")
    def _dialect_changed(self) -> None:
        if self.prepared is None or self.busy:
            return
        encoding = self.query_one("#import-encoding", Select).value
        delimiter = self.query_one("#import-delimiter", Select).value
        table = self.prepared.table
        if (encoding, delimiter) != (table.encoding, table.delimiter):
            self._reread(str(encoding), str(delimiter))

    # ------------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _load(self, path: str) -> None:
        self._guarded(lambda: self.Loaded(service.open_file(
            self.app.workspace, self.slug, self.kind, Path(path))))  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _reread(self, encoding: str, delimiter: str) -> None:
        assert self.prepared is not None
        prepared = self.prepared
        self._guarded(lambda: self.Loaded(service.reread(
            self.app.workspace, prepared, encoding, delimiter)))  # type: ignore[attr-defined]

    @work(thread=True, group="files", exit_on_error=False)
    def _save_rejections(self, target: Path) -> None:
        from books.exchange.export import export_rejections

        assert self.prepared is not None and self.preview is not None
        try:
            written = export_rejections(target, self.prepared.table, self.preview.rejected)
        except SaisieError as exc:
            self.app.call_from_thread(self._error, exc.message)
            return
        self.app.call_from_thread(self.notify, t("import.rejections_saved", count=written,
                                                 file=str(target)))

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _apply_toml(self, path: str) -> None:
        assert self.prepared is not None
        prepared, ws = self.prepared, self.app.workspace  # type: ignore[attr-defined]

        def load() -> Message:
            mapping, encoding, delimiter = load_toml(path)
            table = prepared.table
            again = prepared
            if (encoding or table.encoding, delimiter or table.delimiter) != (table.encoding,
                                                                              table.delimiter):
                again = service.reread(ws, prepared, encoding or table.encoding,
                                       delimiter or table.delimiter)
            return self.Loaded(service.with_mapping(ws, again, mapping), Path(path).name)

        self._guarded(load)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _check(self, mapping: dict[str, str]) -> None:
        assert self.prepared is not None
        prepared = self.prepared
        self._guarded(lambda: self.Previewed(service.check_import(
            self.app.workspace, prepared, mapping)))  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _import(self, mapping: dict[str, str]) -> None:
        assert self.prepared is not None and self.preview is not None
        prepared, checked = self.prepared, self.preview.checked
        self._guarded(lambda: self.Finished(service.finish_from_screen(
            self.app.workspace, prepared, mapping, checked,  # type: ignore[attr-defined]
            self._progress, self.cancel_event)))

    def _guarded(self, action) -> None:  # type: ignore[no-untyped-def]
        """Run a service in the worker; post its message, or the error."""
        self.app.call_from_thread(setattr, self, "busy", True)
        try:
            message = action()
        except SaisieError as exc:
            message = self.Failed(exc.message)
        finally:
            self.app.call_from_thread(setattr, self, "busy", False)
        self.post_message(message)

    def _progress(self, phase: str, done: int, total: int) -> None:
        """Called from the worker thread: move the bar (never blocks the writing)."""
        self.app.call_from_thread(self._update_bar, phase, done, total)

    def _update_bar(self, phase: str, done: int, total: int) -> None:
        label = t("import.writing") if phase == "write" else t("import.checking")
        self.query_one("#import-phase", Static).update(label)
        self.query_one("#import-bar", ProgressBar).update(total=max(total, 1), progress=done)

    # ------------------------------------------------------------------ results

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        self.prepared = prepared = message.prepared
        table = prepared.table
        detected = t("import.file_info", file=table.name, rows=table.row_count, columns=len(table.header))
        origin = (t("import.loaded_toml", file=message.toml) if message.toml
                  else t("import.remembered") if prepared.remembered else t("import.proposed"))
        self.query_one("#import-detected", Static).update(f"{detected} — {origin}")
        with self.prevent(Select.Changed):
            self.query_one("#import-encoding", Select).value = _known(table.encoding, ENCODINGS)
            self.query_one("#import-delimiter", Select).value = table.delimiter
        await self._fill_columns(prepared)
        self._show("mapping")

    async def _fill_columns(self, prepared: service.Prepared) -> None:
        columns = self.query_one("#import-columns", FormFields)
        # The old rows must be gone before new ones take their ids (map-0, map-1…).
        await columns.remove_children()
        options = [(field_label(target), target) for target in TARGETS]
        rows = []
        for index, column in enumerate(prepared.table.header):
            label = column_label(column, prepared.table.samples(index, 2), LABEL_CELLS)
            select = Select(options, value=prepared.mapping.get(column, "ignore"),
                            id=f"map-{index}", allow_blank=False)
            rows.append(FormRow(label, select))
        await columns.mount_all(rows)

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        self.preview = preview = message.preview
        rejected = preview.rejected
        self.query_one("#import-counts", Static).update(t(
            "import.preview_counts", created=preview.created, updated=preview.updated,
            unchanged=preview.unchanged, rejected=len(rejected)))
        self.query_one("#import-rejected", Static).update("\n".join(review_lines(preview)))
        self._show("preview")
        self.query_one("#import-rejections", VerticalScroll).focus()  # ↑↓ PgUp PgDn scroll it

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        result = message.result
        self.notify(t("import.done", created=result.created, updated=result.updated))
        self.dismiss(result)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        if self.step == "progress":
            self._show("preview")
        self._error(message.message)


def _known(encoding: str, choices: tuple[str, ...]) -> str:
    """The detected encoding if it is one of the choices, else the closest one."""
    return encoding if encoding in choices else "latin-1"
