"""The document view: every field with where its value came from, the original beside
them, the party to confirm, and the keys to fix, validate and move on.

The list opens it with the ids it shows and the position of the one chosen;
``esc`` goes back with the id of the document shown last (the list puts its
cursor there). Reading a document and laying out its original happen in
workers: the fields come first, the original follows.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from books.errors import Conflict, NotFound, SaisieError
from books.i18n import t
from books.inbox.original import OriginalPage
from books.inbox.view import DocumentView
from tui.keys import hold_keys_until_loaded, keys_ready
from tui.screens.inbox.document_edit import FieldEditing
from tui.screens.inbox.document_fields import FieldList
from tui.screens.inbox.document_party import PartyActions
from tui.widgets.contextbar import ContextBar
from tui.widgets.keybar import KeyBar
from tui.widgets.original_pane import OriginalPane

if TYPE_CHECKING:
    from books.context import Workspace
    from books.inbox.bulk import Undo
    from store.inbox import DocumentRow

SIDE_BY_SIDE = 110
"""From this width the original shows beside the fields; narrower, ``v`` toggles it."""
ORIGINAL_COLUMNS = 100
"""Columns a PDF page is laid out on (a line of an A4 page in 10-point type)."""
AHEAD = (1, 2, -1, 3)
"""The neighbours read ahead of the keys (besides the next one needing a person)."""
IMAGE_PX_PER_CELL = 12
"""Pixels rendered per column of the pane (terminal cells are 8–12 pixels wide)."""
RELOAD_AFTER_S = 0.15
"""A document shown from what was read ahead is read again this long after."""
UNFILED = "-"
"""The move dialog's choice for "à classer" (no dossier slug is a single dash)."""
FIRST_WAIT_S = 0.03
"""How long an opening waits for its first document (read in a thread since the screen
was made, about a millisecond on SQLite) so that the screen's first frame already shows
its fields, instead of a frame saying "loading" and the fields one frame later (15–20 ms
more on each ⏎ from a list). A slower database shows "loading" after this wait."""


def warm_up(ws: Workspace, document_id: int) -> None:
    """Read one document as an opening would, and forget it. A list calls it (in a thread)
    once its rows are drawn: the session's first ⏎ then finds the reading's statements
    compiled and its modules loaded. Cold, that first reading took ~30 ms, on the way
    of the first frame (see :data:`FIRST_WAIT_S`)."""
    from books.inbox.view import load_view

    try:
        load_view(ws, document_id, {})
    except SaisieError:  # deleted meanwhile, or no longer open to the user: nothing to warm
        pass


def kept_view(app: Any, document_ids: list[int], index: int) -> DocumentScreen:
    """The session's document view (:attr:`SaisieApp.document_view`), made and installed
    the first time. Pushed by the inbox lists on ⏎, opened again on each."""
    view = app.document_view
    if view is None or not view.is_attached:
        view = app.document_view = DocumentScreen(document_ids, index)
        app.install_screen(view, f"inbox-document-{id(view)}")
    return view  # type: ignore[no-any-return]


def prepare_view(app: Any, document_ids: list[int]) -> None:
    """Compose and style the session's document view before its first ⏎, while the list
    that will open it is at rest: the first opening then costs what the next ones do
    (composing and styling a new screen was ~50 ms of it). Textual mounts a screen when
    it is first pushed; its own ``_get_screen`` (pinned Textual) mounts it off the stack.
    Nothing is done when the view exists or that call is not there."""
    if app.document_view is not None or not document_ids:
        return
    mount = getattr(app, "_get_screen", None)
    if mount is None:
        return
    view = kept_view(app, document_ids, 0)
    mount(view)


def _read_first(screen: DocumentScreen, document_id: int) -> Future[DocumentView] | None:
    """Start reading the first document in a thread of its own, before the screen is
    mounted (a worker needs it mounted); None outside a running app."""
    from books.inbox.view import load_view

    try:
        ws = screen.app.workspace  # type: ignore[attr-defined]
    except (RuntimeError, AttributeError):  # no active app (Textual's NoActiveAppError)
        return None
    future: Future[DocumentView] = Future()

    def read() -> None:
        try:
            future.set_result(load_view(ws, document_id, screen._opened))
        except BaseException as exc:  # noqa: BLE001 - handed to the screen, which reads again
            future.set_exception(exc)

    threading.Thread(target=read, name="document-first", daemon=True).start()
    return future


class DocumentScreen(FieldEditing, PartyActions, Screen[int]):
    """One document of a list, and the keys to go through the list."""

    BINDINGS = [
        Binding("enter", "validate", "view.key.validate", id="view_validate"),
        Binding("n", "next", "view.key.next", id="view_next"),
        Binding("p", "previous", "view.key.previous", id="view_previous"),
        Binding("e", "edit", "view.key.edit", id="view_edit"),
        Binding("w", "why", "view.key.why", id="view_why"),
        Binding("a", "add_party", "view.key.add_party", id="view_add_party"),
        Binding("c", "pick_party", "view.key.pick_party", id="view_pick_party"),
        Binding("t", "type_party", "view.key.type_party", id="view_type_party"),
        Binding("r", "party_rule", "view.key.party_rule", id="view_party_rule"),
        Binding("d", "delete", "view.key.delete", id="view_delete"),
        Binding("m", "move_document", "view.key.move", id="view_move"),
        Binding("u", "undo", "view.key.undo", id="view_undo"),
        Binding("g", "original_document", "view.key.original_document",
                id="view_original_document"),
        Binding("o", "open_original", "view.key.open", id="view_open"),
        Binding("pagedown", "page(1)", "view.key.page_down", id="view_page_down", show=False),
        Binding("pageup", "page(-1)", "view.key.page_up", id="view_page_up", show=False),
        Binding("right", "across(1)", "view.key.across", id="view_across_right", show=False),
        Binding("left", "across(-1)", "view.key.across", id="view_across_left", show=False),
        Binding("i", "image", "view.key.image", id="view_image"),
        Binding("v", "toggle_original", "view.key.toggle_original", id="view_toggle_original"),
        Binding("up", "move(-1)", "view.key.field_up", id="view_field_up", show=False),
        Binding("down", "move(1)", "view.key.field_down", id="view_field_down", show=False),
        Binding("home", "move(-100)", "view.key.field_first", id="view_field_first", show=False),
        Binding("end", "move(100)", "view.key.field_last", id="view_field_last", show=False),
        Binding("escape", "back", "view.key.back", id="view_back"),
    ]
    DEFAULT_CSS = """
    DocumentScreen #view-body {
        height: 1fr;
    }
    DocumentScreen #view-left {
        width: 1fr;
        min-width: 60;
        padding: 0 1 0 0;
    }
    DocumentScreen #view-original {
        width: 1fr;
    }
    DocumentScreen #view-head {
        height: auto;
        max-height: 12;
        margin: 0 0 1 0;
    }
    DocumentScreen #view-why {
        height: 2;
        margin: 1 0 0 0;
    }
    DocumentScreen #view-edit {
        height: auto;
        margin: 1 0 0 0;
    }
    DocumentScreen #view-edit-error {
        height: auto;
    }
    """
    AUTO_FOCUS = None
    """Nothing takes the focus: the keys are the screen's (the edit field only while editing)."""
    FOOTER_PRIORITY = ("view_validate", "view_edit", "view_next", "view_previous",
                       "view_toggle_original", "view_why",
                       "view_add_party", "view_pick_party", "view_type_party", "view_back")

    editing: reactive[str | None] = reactive(None, bindings=True)
    """The field being edited in place, if one is."""
    original_only: reactive[bool] = reactive(False)
    """On a narrow terminal: the original is shown instead of the fields."""

    @dataclass
    class Loaded(Message):
        """A document was read."""

        view: DocumentView
        index: int

    @dataclass
    class OriginalReady(Message):
        """A page of the original is laid out."""

        document_id: int
        page: OriginalPage

    @dataclass
    class ImageReady(Message):
        """A page of the original is rendered as an image."""

        document_id: int
        page: int
        png: bytes
        protocol: str

    def __init__(self, document_ids: list[int], index: int) -> None:
        super().__init__()
        self._reader: Any = None
        self._reload_timer: Any = None
        self._start(document_ids, index)

    def _start(self, document_ids: list[int], index: int) -> None:
        """The state of one opening (a list's screen is reopened: see :meth:`reopen`)."""
        self.document_ids = list(document_ids)
        self.index = max(0, min(index, len(self.document_ids) - 1))
        self.view: DocumentView | None = None
        self.page_index = 0
        self._cache: dict[int, DocumentView] = {}
        """Documents read ahead (and those shown), by id; each is read again when shown."""
        self._opened: dict[str, str] = {}
        """Names of the dossiers checked open to the user, by slug."""
        self.published = 0
        """Documents published from this screen (the title counts them)."""
        self.reviewed = 0
        """Documents marked reviewed from this screen (publishing needs another role)."""
        self._last_undo: tuple[Undo, str] | None = None
        """The undo of the last assign, mark reviewed or move done here, and the
        document's name."""
        self._before: dict[int, DocumentRow] = {}
        """Documents as they were when ⏎ was pressed on them (for the undo of a review)."""
        self.as_image = True
        """Show a PDF page as an image where the terminal can (``i`` switches to its text)."""
        self._drawn_head = ""
        self._drawn_keys: tuple[Any, ...] = ()
        self._following: tuple[int, int | None] | None = None
        """(a document, the next one after it needing a person), as read ahead."""
        hold_keys_until_loaded(self)
        self._first: Future[DocumentView] | None = None
        """The first document, read from the moment the screen is made (while it mounts)."""
        if self.document_ids:
            self._first = _read_first(self, self.document_ids[self.index])

    @property
    def ws(self) -> Workspace:
        """The acting user's workspace."""
        return self.app.workspace  # type: ignore[attr-defined, no-any-return]

    @property
    def document_id(self) -> int | None:
        """The document on screen (or being read)."""
        return self.document_ids[self.index] if self.document_ids else None

    def compose(self) -> ComposeResult:
        yield ContextBar()
        yield Static(id="view-title", classes="screen-title")
        with Horizontal(id="view-body"):
            with VerticalScroll(id="view-left", can_focus=False):
                yield Static(id="view-head")
                yield FieldList(id="view-fields")
                yield Static(id="view-why", classes="hint")
                with Vertical(id="view-edit"):
                    yield Static(id="view-edit-label")
                    yield Input(id="view-edit-input", select_on_focus=False)
                    yield Static(id="view-edit-error", classes="error")
            yield OriginalPane(id="view-original")
        yield KeyBar()

    def on_mount(self) -> None:
        if self not in self.app.screen_stack:  # prepared off the stack: ⏎ opens it (reopen)
            return
        self._begin()

    def refresh_language(self) -> None:
        """Redraw every label in the current language (the fields' names and reasons are
        the reading's: read again)."""
        self.query_one(ContextBar).refresh_text()
        self._drawn_keys = ()
        self._drawn_head = ""
        self._draw()
        self.refresh_bindings()
        self.query_one(KeyBar).refresh_keys()
        self.load()

    def reopen(self, document_ids: list[int], index: int) -> None:
        """Make this mounted, dismissed screen show another opening, as a new one would:
        a list keeps one (installed) and pushes it again, which spares composing and
        styling its widgets on every ⏎. Nothing of the previous opening stays (its
        readings, undo, counts, editing, original and image, the keys held)."""
        if not self.is_mounted:  # prepared and still being mounted: its mounting shows this
            self._start(document_ids, index)
            return
        if self._reload_timer is not None:
            self._reload_timer.stop()
        self.workers.cancel_node(self)
        if self.editing is not None:
            self._stop_editing()
        self._start(document_ids, index)
        self.original_only = False
        fields = self.query_one(FieldList)
        fields.wide_why = False
        fields.cursor = 0
        fields.show([])
        self.query_one("#view-why", Static).update("")
        self.query_one("#view-head", Static).update("")
        self.query_one(OriginalPane).clear()
        self.query_one("#view-left", VerticalScroll).scroll_home(animate=False)
        self.query_one(ContextBar).refresh_text()  # the language may have changed since
        self.set_focus(None)
        self._begin()

    def _begin(self) -> None:
        """Show an opening's first document (read since the screen was made, or read now)."""
        self.query_one("#view-edit").display = False
        self.query_one("#view-edit-input", Input).disabled = True
        self.query_one("#view-head").display = False
        self._layout()
        self.query_one("#view-title", Static).update(t("view.loading"))
        first = self._first
        if first is not None and not first.done():
            try:
                first.result(timeout=FIRST_WAIT_S)
            except BaseException:  # noqa: BLE001 - a timeout or a failure: seen just below
                pass
        if first is None or (first.done() and first.exception() is not None):
            self.load()
        elif first.done():
            self._first_read(first)
        else:
            first.add_done_callback(lambda done: self.app.call_from_thread(self._first_read, done))

    def _first_read(self, first: Future[DocumentView]) -> None:
        """The first document was read: shown like any other (or read again on a failure)."""
        if first is not self._first:
            return  # the screen was reopened on another list meanwhile
        self._first = None
        if first.exception() is not None or self.document_id != first.result().document.id:
            self.load()
            return
        view = first.result()
        self._cache[view.document.id] = view
        self._apply(view)  # in the first frame when it was read in time

    def on_unmount(self) -> None:
        if self._reader is not None:
            self._reader.close()

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        """Side by side when wide enough; otherwise one of the two, ``v`` switching."""
        wide = self.size.width >= SIDE_BY_SIDE
        self.query_one("#view-left").display = wide or not self.original_only
        self.query_one("#view-original").display = wide or self.original_only
        self.refresh_bindings()

    def watch_original_only(self) -> None:
        if self.is_mounted:
            self._layout()

    # ----------------------------------------------------------------- reading

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Read the document on screen (again: another person may have changed it)."""
        from books.inbox.view import load_view

        index, document_id, cache = self.index, self.document_id, self._cache
        if document_id is None:
            return
        try:
            view = load_view(self.ws, document_id, self._opened)
        except NotFound:
            self.app.call_from_thread(self._gone, document_id)
            return
        if cache is not self._cache:
            return  # the screen was reopened meanwhile
        cache[document_id] = view
        self.post_message(self.Loaded(view, index))

    def _gone(self, document_id: int) -> None:
        """The document was deleted meanwhile: drop it from the list and move on."""
        self._cache.pop(document_id, None)
        if document_id != self.document_id:
            return
        self.notify(t("view.gone", id=document_id), severity="warning")
        self._drop_current()

    def _show_index(self, index: int) -> None:
        """Show the document at ``index``: at once when it was read ahead, then read again."""
        self.index = index
        cached = self._cache.get(self.document_ids[index])
        if self._reload_timer is not None:
            self._reload_timer.stop()
            self._reload_timer = None
        if cached is None:
            self.load()
            return
        self._apply(cached)
        # Read again once it is on screen (another person may have changed it): a
        # moment later, so that the reading thread does not slow the drawing down.
        self._reload_timer = self.set_timer(RELOAD_AFTER_S, self.load)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.index != self.index or message.view.document.id != self.document_id:
            return
        if message.view != self.view:
            self._apply(message.view)
        keys_ready(self)

    def _apply(self, view: DocumentView) -> None:
        same = self.view is not None and self.view.document.id == view.document.id
        self.view = view
        self._draw()
        keys_ready(self)
        if not same:
            self.page_index = 0
        # The fields first: the original and the reading ahead follow the frame that shows
        # them (laying the original out in that frame delayed it, and the reading thread
        # took the interpreter while it was drawn).
        self.call_after_refresh(self._after_fields, view.document.id, not same)

    def _after_fields(self, document_id: int, new: bool) -> None:
        """The fields of ``document_id`` are on screen: its original, and read ahead."""
        if self.view is None or self.view.document.id != document_id:
            return  # another document came meanwhile (keys pressed fast): its own follow
        self._read_ahead(self.index)
        if new:
            self._show_original()

    @work(thread=True, exclusive=True, group="ahead", exit_on_error=False)
    def _read_ahead(self, index: int) -> None:
        """Read the neighbours and the next document needing a person before they are asked
        for (``n``, ``p`` and ``⏎`` then show them at once)."""
        from books.inbox.view import load_view, next_needing

        ids, cache = list(self.document_ids), self._cache
        if not 0 <= index < len(ids):
            return
        wanted = [ids[index + step] for step in AHEAD if 0 <= index + step < len(ids)]
        position = next_needing(self.ws, ids, index)
        if cache is not self._cache:
            return  # the screen was reopened meanwhile: its list is another
        self._following = (ids[index], ids[position] if position is not None else None)
        if position is not None:
            wanted.insert(0, ids[position])
        for document_id in dict.fromkeys(wanted):
            if document_id not in cache:
                try:
                    cache[document_id] = load_view(self.ws, document_id, self._opened)
                except NotFound:
                    continue

    def _draw(self) -> None:
        view = self.view
        if view is None:
            return
        row = view.document
        self.query_one(ContextBar).dossier = view.dossier_name or t("view.unassigned")
        title = Text(t("view.title", position=self.index + 1, count=len(self.document_ids),
                       name=row.number or row.original_name), style="bold")
        title.append("   " + t("view.state", state=t(f"document.state.{row.status}")), style="dim")
        if self.published:
            title.append("   " + t("view.published_here", count=self.published), style="green")
        if self.reviewed:
            title.append("   " + t("view.reviewed_here", count=self.reviewed), style="cyan")
        self.query_one("#view-title", Static).update(title, layout=False)
        head = self._head(view)
        shown = self.query_one("#view-head", Static)
        if head.plain != self._drawn_head:  # its height may change: only then a new layout
            self._drawn_head = head.plain
            shown.update(head)
            shown.display = bool(head.plain)
        self.query_one(FieldList).show(view.fields)
        self._draw_why()
        keys = (row.status, view.party.known, self.editing)
        if keys != self._drawn_keys:  # which keys work changed
            self._drawn_keys = keys
            self.refresh_bindings()
            self.query_one(KeyBar).refresh_keys()

    def _head(self, view: DocumentView) -> Text:
        """The note, the failure, the flags and, when unknown, what was read of the party."""
        row, party = view.document, view.party
        head = Text()
        if view.note:
            head.append(t("view.note", note=view.note) + "\n", style="bold yellow")
        if row.failure:
            head.append(t("view.failed", reason=row.failure) + "\n", style="bold red")
            head.append(t("view.failed_hint") + "\n", style="dim")
        if view.flags:
            head.append(t("view.flags", flags=", ".join(view.flags)) + "\n", style="yellow")
        if view.duplicate:
            head.append(view.duplicate + "\n", style="bold magenta")
            head.append(t("view.duplicate.hint"), style="cyan")
        elif row.dossier_id is None and row.status != "published":
            # No dossier yet: whose it is comes first (the party is one of its list's).
            for side in ("seller", "buyer"):
                read = (row.extracted or {}).get(side) or {}
                if read.get("name") or read.get("legal_id") or read.get("vat_id"):
                    ids = " ".join(str(read[k]) for k in ("legal_id", "vat_id") if read.get(k))
                    head.append(t(f"view.unfiled.{side}", name=read.get("name") or "?") + " ",
                                style="bold")
                    head.append(ids + "\n", style="dim")
            head.append(t("view.unfiled.hint"), style="cyan")
        elif not party.known and row.status != "published":
            head.append(t("view.party.unknown") + " · ", style="bold")
            head.append((t("view.party.read", name=party.detected) if party.detected
                         else t("view.party.nothing")) + "\n")
            for label, value in party.identifiers:
                head.append("  " + t("tk.label_value", label=label, value=value) + "\n",
                            style="dim")
            if party.candidates:
                names = ", ".join(f"{code} {name}".strip() for code, name in party.candidates[:3])
                head.append(t("view.party.candidates", names=names) + "\n", style="dim")
            head.append(t("view.party.ways") if party.kind else t("view.party.needs_direction"),
                        style="cyan")
        head.rstrip()
        return head

    def _draw_why(self) -> None:
        field = self.query_one(FieldList).current
        text = Text()
        if field is not None:
            text.append(t("view.why.title") + " ", style="bold")
            text.append(field.why)
        self.query_one("#view-why", Static).update(text, layout=False)

    # ----------------------------------------------------------------- original

    def _show_original(self) -> None:
        """The original: an e-invoice is written at once; a PDF page is laid out in a worker."""
        from books.inbox.original import is_pdf, page_of

        view = self.view
        if view is None:
            return
        pane = self.query_one(OriginalPane)
        if is_pdf(view.document.stored_path):
            pane.loading_page(view.document.original_name)
            self._read_original(view, self.page_index)
        else:
            # Written to the pane's width: the lines' table then needs no sideways scrolling.
            width = pane.scrollable_content_region.width - 1
            page = page_of(self.ws.settings.archive_root, view.document, 0,
                           width if width >= 40 else ORIGINAL_COLUMNS, None)
            pane.show_page(view.document.original_name, page)

    @work(thread=True, exclusive=True, group="original", exit_on_error=False)
    def _read_original(self, view: DocumentView, page_index: int) -> None:
        """Lay out a page of the original (in a bounded child process for a PDF)."""
        from books.inbox.original import PageReader, page_of

        if self._reader is None:
            self._reader = PageReader()
        page = page_of(self.ws.settings.archive_root, view.document, page_index, ORIGINAL_COLUMNS,
                       self._reader)
        self.post_message(self.OriginalReady(view.document.id, page))

    @on(OriginalReady)
    def _original_ready(self, message: OriginalReady) -> None:
        from tui.widgets import original_image

        if self.view is None or message.document_id != self.view.document.id:
            return
        self.page_index = message.page.page
        self.query_one(OriginalPane).show_page(self.view.document.original_name, message.page)
        if message.page.kind == "pdf" and original_image.PROTOCOL and self.as_image:
            self._read_image(self.view, self.page_index, original_image.PROTOCOL)

    @work(thread=True, exclusive=True, group="image", exit_on_error=False)
    def _read_image(self, view: DocumentView, page_index: int, protocol: str) -> None:
        """Render the page as an image (in the bounded child process), after its text."""
        width_px = max(400, self.query_one(OriginalPane).size.width * IMAGE_PX_PER_CELL)
        png = self._reader.image(self.ws.settings.archive_root / view.document.stored_path,
                                 page_index, width_px) if self._reader is not None else None
        if png is not None:
            self.post_message(self.ImageReady(view.document.id, page_index, png, protocol))

    @on(ImageReady)
    def _image_ready(self, message: ImageReady) -> None:
        if (self.view is None or message.document_id != self.view.document.id
                or message.page != self.page_index or not self.as_image):
            return
        self.query_one(OriginalPane).show_image(message.png, message.protocol)

    def action_image(self) -> None:
        """The page as an image or as text (where the terminal shows images)."""
        self.as_image = not self.as_image
        if self.view is not None:
            self._show_original()

    def action_page(self, step: int) -> None:
        """Page down/up: through a long page first, then to the next/previous page."""
        pane = self.query_one(OriginalPane)
        if pane.scroll_page(step) or pane.page is None or self.view is None:
            return
        target = pane.page.page + step
        if 0 <= target < pane.page.pages:
            self.page_index = target
            self._show_original()

    def action_across(self, step: int) -> None:
        """Scroll the original's page left or right (a page wider than the pane)."""
        self.query_one(OriginalPane).scroll_across(step)

    def action_toggle_original(self) -> None:
        """Narrow terminal: the original instead of the fields, and back."""
        self.original_only = not self.original_only

    def action_open_original(self) -> None:
        """Open the stored original with the system's viewer (only when running locally)."""
        from books.inbox.opening import open_original

        if self.view is None:
            return
        path = self.ws.settings.archive_root / self.view.document.stored_path
        refused = open_original(path, dict(os.environ))
        if refused:
            self.notify(refused, severity="warning")
        else:
            self.notify(t("view.open.done", name=self.view.document.original_name))

    # ----------------------------------------------------------------- moving

    def action_move(self, step: int) -> None:
        """Move the highlighted field."""
        self.query_one(FieldList).move(step)
        self._draw_why()

    def action_why(self) -> None:
        """Show (or hide) every field's provenance in full, beside its value."""
        fields = self.query_one(FieldList)
        fields.wide_why = not fields.wide_why

    def action_next(self) -> None:
        """The next document of the list."""
        self._go(self.index + 1)

    def action_previous(self) -> None:
        """The previous document of the list."""
        self._go(self.index - 1)

    def _go(self, index: int) -> None:
        if not 0 <= index < len(self.document_ids):
            self.notify(t("view.last" if index > 0 else "view.first"))
            return
        self._show_index(index)

    def action_original_document(self) -> None:
        """Open the document a duplicate repeats (esc comes back to the duplicate)."""
        if self.view is not None and self.view.original_id is not None:
            self.app.push_screen(DocumentScreen([self.view.original_id], 0))

    def action_back(self) -> None:
        """Back to the list, on the document shown last."""
        if self.editing is not None:
            self._stop_editing()
            return
        self.dismiss(self.document_id if self.document_id is not None else -1)

    def _drop_current(self) -> None:
        """The current document left the list (deleted): show the one now at its place."""
        if self.document_id is not None:
            self.document_ids.pop(self.index)
        if not self.document_ids:
            self.dismiss(-1)
            return
        self.view = None
        self._show_index(min(self.index, len(self.document_ids) - 1))

    # ----------------------------------------------------------------- acting

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No key but the edit's own while editing; the party's three ways out only
        when it is unknown (choosing another stays possible); the original's toggle
        only on a narrow terminal."""
        if self.editing is not None and action not in ("back",):
            return False
        if action == "toggle_original":
            return self.size.width < SIDE_BY_SIDE
        if action == "image":
            from tui.widgets import original_image

            return original_image.PROTOCOL is not None
        if action == "original_document":
            return self.view is not None and self.view.original_id is not None
        if action in ("add_party", "pick_party", "type_party", "party_rule") and \
                self.view is not None and self.view.duplicate:
            return False  # a duplicate is deleted, never worked on
        if action == "add_party":
            return self.view is not None and not self.view.party.known
        if action in ("validate", "edit", "delete", "add_party", "pick_party", "type_party",
                      "move_document"):
            return self.view is not None and self.view.document.status != "published"
        return True

    def _run(self, work_name: str, call: Any, done: Any, hold_keys: bool = False) -> None:
        """Run a service call in a worker; a refusal is shown, ``done`` gets the result.
        ``hold_keys``: the keys typed meanwhile wait until ``done`` has the document read
        again (or the refusal is shown): a ⏎ typed right after choosing the party
        validates the document with its party, not the one on screen before."""
        if hold_keys:
            hold_keys_until_loaded(self)
        self._service(work_name, call, done, hold_keys)

    @work(thread=True, group="act", exit_on_error=False)
    def _service(self, _name: str, call: Any, done: Any, held: bool = False) -> None:
        try:
            result = call()
        except SaisieError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            if held:
                self.app.call_from_thread(keys_ready, self)
            return
        self.app.call_from_thread(done, result)

    def action_validate(self) -> None:
        """Publish the document (or mark it reviewed when its dossier's documents are
        published by another role) and open the next one a person has to deal with (at
        once when it was read ahead; the work goes on behind, and a refusal is said)."""
        from books.inbox.review import fingerprint
        from books.inbox.view import publish_refusal

        if self.view is None:
            return
        document = self.view.document
        refused = publish_refusal(document)
        if refused:
            self.notify(t("view.refused", reason=refused), severity="warning")
            return
        self._cache.pop(document.id, None)
        self._before[document.id] = document
        following = self._following if self._following and self._following[0] == document.id \
            else None
        moved = following is not None and following[1] in self.document_ids
        self._publish(document.id, document.number or str(document.id), following, moved,
                      fingerprint(document))
        if moved:
            assert following is not None and following[1] is not None
            self._show_index(self.document_ids.index(following[1]))

    @work(thread=True, group="publish", exit_on_error=False)
    def _publish(self, document_id: int, name: str, following: tuple[int, int | None] | None,
                 moved: bool, seen: str) -> None:
        from books.inbox.review import validate

        try:
            done = validate(self.ws, document_id, seen)
        except Conflict as exc:  # changed since it was on screen: back to it, fresh
            self.app.call_from_thread(self._changed_meanwhile, document_id, exc.message)
            return
        except SaisieError as exc:
            self.app.call_from_thread(self._published, document_id, name, exc.message, following,
                                      moved)
            return
        self.app.call_from_thread(self._published, document_id, name, None, following, moved,
                                  done)

    def _changed_meanwhile(self, document_id: int, message: str) -> None:
        """The document validated had changed since it was shown: nothing was done; show
        it again with its fresh values, for the person to check before ⏎ again."""
        self._before.pop(document_id, None)
        self._cache.pop(document_id, None)
        self.notify(message, severity="error", timeout=8)
        if document_id in self.document_ids:
            hold_keys_until_loaded(self)
            self._show_index(self.document_ids.index(document_id))

    def _published(self, document_id: int, name: str, refused: str | None,
                   following: tuple[int, int | None] | None, moved: bool,
                   done: str = "published") -> None:
        self._cache.pop(document_id, None)
        if refused is not None:
            self.notify(t("view.refused_named", name=name, reason=refused), severity="error")
            if self.document_id == document_id:
                self.load()
            return
        before = self._before.pop(document_id, None)
        if done == "reviewed":
            from books.inbox.bulk import undo_of

            self.reviewed += 1
            if before is not None:
                self._last_undo = (undo_of("review", before), name)
            self.notify(t("view.reviewed", name=name))
        else:
            self.published += 1
        if self.view is not None:
            self._draw()
        if moved or self.document_id != document_id:
            return
        if following is None:  # not read ahead yet: look for the next now
            self._next_needing(document_id)
        else:
            self.notify(t("view.all_done"))
            self.load()

    @work(thread=True, exclusive=True, group="next", exit_on_error=False)
    def _next_needing(self, document_id: int) -> None:
        from books.inbox.view import next_needing

        position = next_needing(self.ws, self.document_ids, self.index)
        self.app.call_from_thread(self._open_at, position, document_id)

    def _open_at(self, position: int | None, shown: int) -> None:
        if self.document_id != shown:
            return
        if position is None:
            self.notify(t("view.all_done"))
            self.load()
            return
        self._show_index(position)

    def action_delete(self) -> None:
        """Delete the document after a question whose default is no: ⏎ alone, this
        screen's validate key, answers no (o deletes); the stored file goes with it."""
        from tui.screens.safe_confirm import SafeConfirmScreen

        if self.view is None:
            return
        document = self.view.document
        name = document.number or document.original_name

        def answered(yes: bool | None) -> None:
            if yes:
                from books.inbox.review import delete_documents

                self._run("delete", lambda: delete_documents(self.ws, [document.id]),
                          lambda _n: self._deleted(document.id, name))

        self.app.push_screen(SafeConfirmScreen(t("view.delete_question", name=name),
                                               t("view.delete_detail"), t("view.delete_yes")),
                             answered)

    def action_move_document(self) -> None:
        """Move the document to another dossier, or back "à classer" (a choice)."""
        from books.dossiers.service import list_dossiers
        from tui.screens.inbox.list_dialogs import ChoiceScreen

        if self.view is None:
            return
        document = self.view.document
        name = document.number or document.original_name
        choices = [(e.row.slug, e.row.name) for e in list_dossiers(self.ws)
                   if e.row.id != document.dossier_id]
        if document.dossier_id is not None:
            choices.append((UNFILED, t("inlist.move_unfiled")))

        def chosen(slug: str | None) -> None:
            if not slug:
                return
            from books.inbox.review import move_to_dossier

            target = None if slug == UNFILED else slug
            label = dict(choices)[slug]
            self._run("move", lambda: move_to_dossier(self.ws, document.id, target),
                      lambda _row: self._moved(document, name, label))

        self.app.push_screen(ChoiceScreen(t("view.move_title", name=name), choices), chosen)

    def _moved(self, before: DocumentRow, name: str, target: str) -> None:
        """The document left this list (another dossier, or "à classer")."""
        from books.inbox.bulk import undo_of

        self._last_undo = (undo_of("move", before), name)
        self.notify(t("view.moved", name=name, target=target))
        self._cache.pop(before.id, None)
        if self.document_id == before.id:
            self._drop_current()

    def action_undo(self) -> None:
        """Undo the last assign, mark reviewed or move done in this view (an assign's
        confirmed name forgotten with it)."""
        if self._last_undo is None:
            self.notify(t("view.nothing_to_undo"), severity="warning")
            return
        from books.inbox.bulk import undo

        last, name = self._last_undo
        self._last_undo = None
        self._run("undo", lambda: undo(self.ws, last), lambda count: self._undone(last, name, count))

    def _undone(self, last: Undo, name: str, count: int) -> None:
        """Say it; a document moved away comes back to the list, and is shown."""
        document_id = last.before[0]["id"]
        if not count:  # published or deleted since: left as it is
            self.notify(t("view.undo_kept", name=name), severity="warning")
            return
        if last.action == "review":
            self.reviewed = max(0, self.reviewed - 1)
        self.notify(t("view.undone", name=name, action=t(f"view.undo.{last.action}")))
        self._forget_current()
        if document_id not in self.document_ids:
            self.document_ids.insert(min(self.index, len(self.document_ids)), document_id)
        self._show_index(self.document_ids.index(document_id))

    def _deleted(self, document_id: int, name: str) -> None:
        self.notify(t("view.deleted", name=name))
        self._cache.pop(document_id, None)
        if self.document_id == document_id:
            self._drop_current()

    @on(Input.Submitted, "#view-edit-input")
    def _edit_submitted(self, event: Input.Submitted) -> None:
        self._submit_edit(event.value)

    def _forget_current(self) -> None:
        """The document on screen changed (by this person): what was read ahead after it
        may have too, and keys wait for it to be read again (a ⏎ typed right after an
        edit validates what the edit made, not the values before it)."""
        self._cache.clear()
        self._following = None
        hold_keys_until_loaded(self)

    def watch_editing(self) -> None:
        # The first read of ``editing`` may come from check_action before the screen is
        # composed (the watcher then runs with no key bar yet): nothing to refresh.
        for bar in self.query(KeyBar):
            bar.refresh_keys()
