"""The inbox lists: a dossier's Achats or Ventes waiting for review, and the firm's
"à classer" (documents no dossier or no direction was found for).

The rows live in a :class:`~tui.widgets.document_table.DocumentTable` (the
party list's virtual table); this screen owns the filters (text, state,
flag), the sort, the status line with the pipeline's progress, the live
refresh and the keys. The actions on the selection are in
:mod:`tui.screens.inbox.list_actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from books.i18n import number, t
from books.inbox.listing import FLAGS, DocumentSource, DocumentWatch, doc_query
from tui.keys import hold_keys_until_loaded, keys_ready
from tui.screens.inbox.list_actions import InboxActions
from tui.screens.live import LiveRefresh
from tui.widgets.contextbar import ContextBar
from tui.widgets.document_table import DocumentTable
from tui.widgets.filter_input import FilterInput
from tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from books.context import Workspace

POLL_SECONDS = 1.0
"""How often the list looks whether documents arrived or changed (live refresh)."""
FIRST_POLL_S = 0.3
"""The first look waits for the first rows to be drawn (it reads the whole table's stamp)."""
WARM_AFTER_S = 0.2
"""Once the first rows are drawn, the document view's reading is warmed this long after
(:func:`tui.screens.inbox.document.warm_up`) so that the first ⏎ opens as fast as the next."""
SORTS = ("date", "party", "number", "net", "tax", "gross", "state", "flags")
STATES = ("open", "review", "reviewed", "failed", "duplicate", "working", "published", "all")


class InboxListScreen(InboxActions, LiveRefresh, Screen[None]):
    """One dossier's purchases or sales in the inbox, or the firm's "à classer"."""

    AUTO_FOCUS = "#documents"
    FOOTER_PRIORITY = ("inlist_open", "inlist_filter", "inlist_actions", "list_toggle",
                       "inlist_state", "inlist_flag", "inlist_undo", "inlist_back")
    """Binding ids the footer keeps first when the width cannot hold every key."""
    BINDINGS = [
        Binding("enter", "open", "key.inlist_open", id="inlist_open", key_display="⏎"),
        Binding("slash", "filter", "key.list_filter", id="inlist_filter", key_display="/"),
        Binding("a", "actions", "key.list_actions", id="inlist_actions"),
        Binding("e", "state", "key.inlist_state", id="inlist_state"),
        Binding("f", "flag", "key.inlist_flag", id="inlist_flag"),
        Binding("s", "sort", "key.list_sort", id="inlist_sort"),
        Binding("o", "flip", "key.list_flip", id="inlist_flip"),
        Binding("u", "undo", "key.list_undo", id="inlist_undo"),
        Binding("plus", "select_all", "key.list_select_all", id="inlist_select_all", key_display="+"),
        Binding("minus", "select_none", "key.list_select_none", id="inlist_select_none",
                key_display="-"),
        Binding("asterisk", "invert", "key.list_invert", id="inlist_invert", key_display="*"),
        Binding("question_mark", "legend", "key.inlist_legend", id="inlist_legend", key_display="?"),
        Binding("escape", "back", "key.list_back", id="inlist_back"),
    ]

    sort: reactive[str] = reactive("date")
    """The column the list is sorted by."""
    descending: reactive[bool] = reactive(True)
    """Sorted from the end (the newest first by default)."""
    state: reactive[str] = reactive("open")
    """Which documents by state: open (not published), to review, failed… or all."""
    flag: reactive[str | None] = reactive(None)
    """Only the documents carrying this flag."""

    @dataclass
    class Polled(Message):
        """The watch looked: whether the list changed, and a batch's progress."""

        changed: bool
        progress: tuple[int, int] | None

    def __init__(self, slug: str | None, kind: str) -> None:
        super().__init__()
        self.slug = slug
        self.kind = kind
        self.dossier_id: int | None = None
        self.dossier_name = ""
        self.dossiers: tuple[int, ...] = ()
        self.filter_text = ""
        self.total: int | None = None
        self.selected = 0
        self.progress: tuple[int, int] | None = None
        self._watch: DocumentWatch | None = None
        self._warmed = False
        """Whether the document view's first reading was warmed (once per list)."""
        hold_keys_until_loaded(self)

    @property
    def ws(self) -> Workspace:
        """The acting user's workspace."""
        return self.app.workspace  # type: ignore[attr-defined, no-any-return]

    @property
    def table(self) -> DocumentTable:
        """The list widget."""
        return self.query_one("#documents", DocumentTable)

    def compose(self) -> ComposeResult:
        yield ContextBar()
        yield Static(id="inlist-title", classes="screen-title")
        yield FilterInput("", id="inlist-filter")
        self._source = DocumentSource(self.ws)
        yield DocumentTable(self._source, id="documents")
        yield Static(id="inlist-status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        from books.dossiers.service import get_dossier, list_dossiers

        if self.slug is not None:
            dossier = get_dossier(self.ws, self.slug)
            self.dossier_id, self.dossier_name = dossier.id, dossier.name
            self.query_one(ContextBar).dossier = dossier.name
        else:
            self.dossiers = tuple(e.row.id for e in list_dossiers(self.ws))
        self._watch = DocumentWatch(self.ws, self._query())
        self._watch.mark()
        self.refresh_language()
        self.load()
        # The first look only takes the list's bearings: after the first rows are drawn.
        self.set_timer(FIRST_POLL_S, self.poll)
        self.refresh_every(POLL_SECONDS, self.poll)
        self.watch(self.query_one("#inlist-filter", Input), "value", self._filter_typed, init=False)

    def _query(self) -> Any:
        return doc_query(self.dossier_id, self.kind, self.filter_text, self.sort, self.descending,
                         self.state, self.flag, self.dossiers)

    def refresh_language(self) -> None:
        """Redraw every label in the current language."""
        self.query_one(ContextBar).refresh_text()
        self.query_one(KeyBar).refresh_keys()
        title = ("inlist.title.unfiled_dossier" if self.kind == "unfiled" and self.slug
                 else f"inlist.title.{self.kind}")
        self.query_one("#inlist-title", Static).update(t(title, dossier=self.dossier_name))
        self.query_one("#inlist-filter", Input).placeholder = t("inlist.filter_placeholder")
        self.table.refresh()
        self._status()

    def _status(self) -> None:
        shown = t("list.loading") if self.total is None else t(
            "inlist.count", count=number(self.total))
        parts = [shown, t("list.selected", count=number(self.selected)),
                 t("inlist.state_is", state=t(f"inlist.states.{self.state}")),
                 t("list.sorted", column=t(f"inlist.col.{self.sort}"),
                   direction="▼" if self.descending else "▲")]
        if self.flag:
            parts.append(t("inlist.flag_is", flag=t(f"inlist.flag.{self.flag}")))
        if self.progress is not None:
            parts.append(t("inlist.progress", done=number(self.progress[0]),
                           total=number(self.progress[1])))
        self.query_one("#inlist-status", Static).update(" · ".join(parts), layout=False)

    # ------------------------------------------------------------------ data

    def load(self) -> None:
        """Show the list for the current filters and sort."""
        self.total = None
        self.table.load(self._query())
        self._status()

    @on(DocumentTable.Loaded)
    def _loaded(self, message: DocumentTable.Loaded) -> None:
        self.total = message.total
        self._status()
        keys_ready(self)
        if not self._warmed:
            self._warmed = True
            self.set_timer(WARM_AFTER_S, self._warm_view)

    def _warm_view(self) -> None:
        ids = self.table.visible_ids()
        if ids:
            self._warm(ids[0])

    @work(thread=True, group="warm", exit_on_error=False)
    def _warm(self, document_id: int) -> None:
        # The view's module is imported here too, off the UI thread (~20 ms once).
        from tui.screens.inbox.document import warm_up

        warm_up(self.ws, document_id)
        self.app.call_from_thread(self._prepare_view, document_id)

    def _prepare_view(self, document_id: int) -> None:
        from tui.screens.inbox.document import prepare_view

        if self.is_attached and self.app.screen is self:
            prepare_view(self.app, [document_id])

    @on(DocumentTable.SelectionChanged)
    def _selection_changed(self, message: DocumentTable.SelectionChanged) -> None:
        self.selected = message.count
        self._status()

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.close()
        self._source.close()

    def poll(self) -> None:
        """Look (in a thread) whether documents arrived, changed or are being read."""
        if self._watch is not None:
            self._read_watch(self._watch)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _read_watch(self, watch: DocumentWatch) -> None:
        seen = watch.poll()
        if seen is not None and (seen[0] or seen[1] != self.progress):
            self.post_message(self.Polled(*seen))

    @on(Polled)
    def _polled(self, message: Polled) -> None:
        if message.progress != self.progress:
            self.progress = message.progress
            self._status()
        if message.changed:
            self.table.reload()

    # ---------------------------------------------------------------- filter

    def _filter_typed(self, value: str) -> None:
        if value != self.filter_text:
            self.filter_text = value
            self.load()

    def action_filter_done(self) -> None:
        """⏎ in the filter: back to the list."""
        self.table.focus()

    def action_filter_clear(self) -> None:
        """esc in the filter: empty it and go back to the list."""
        self.query_one("#inlist-filter", Input).value = ""
        self.table.focus()

    def action_filter(self) -> None:
        """Type to filter by party, number or amount ("1 250" finds 1 250,00)."""
        self.query_one("#inlist-filter", Input).focus()

    def action_back(self) -> None:
        """Back to the dossier (or the dossiers)."""
        self.dismiss(None)

    def action_state(self) -> None:
        """Show the documents of the next state (open, to review, failed… all)."""
        self.state = STATES[(STATES.index(self.state) + 1) % len(STATES)]
        self.load()

    def action_flag(self) -> None:
        """Show only the documents carrying the next flag (then all again)."""
        order = (None, *FLAGS)
        self.flag = order[(order.index(self.flag) + 1) % len(order)]
        self.load()

    def action_sort(self) -> None:
        """Sort by the next column on screen (those a narrow terminal drops are skipped:
        a sort by a column one cannot see looks like no order at all)."""
        shown = self.table.shown_columns()
        start = SORTS.index(self.sort)
        following = [SORTS[(start + step) % len(SORTS)] for step in range(1, len(SORTS) + 1)]
        self.sort = next((name for name in following if name in shown), following[0])
        self.load()

    def action_flip(self) -> None:
        """Reverse the sort order."""
        self.descending = not self.descending
        self.load()

    def action_legend(self) -> None:
        """What the flags' markers mean."""
        from tui.screens.inbox.list_dialogs import LegendScreen

        self.app.push_screen(LegendScreen())

    # ------------------------------------------------------------- selection

    def action_select_all(self) -> None:
        """Select every document matching the filters."""
        self.table.select_matching()

    def action_select_none(self) -> None:
        """Select nothing."""
        self.table.clear_selection()

    def action_invert(self) -> None:
        """Invert the selection within the filters."""
        self.table.invert_selection()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the filter only its two keys."""
        if self.is_mounted and self.focused is self.query_one("#inlist-filter"):
            return action in ("filter_done", "filter_clear")
        return True

    def action_open(self) -> None:
        """Open the document under the cursor in the document view."""
        self.table.with_current(self._open_row)  # type: ignore[arg-type]

    def _open_row(self, row: Any) -> None:
        from tui.screens.inbox.document import DocumentScreen, kept_view

        if self.app.screen is not self:  # left before the row was read
            return
        ids = self._ordered_ids()
        if row.id not in ids:  # the list changed since it was read: what is on screen
            ids = self.table.visible_ids()
        kept = self.app.document_view  # type: ignore[attr-defined]
        if kept is not None and kept.is_attached and kept not in self.app.screen_stack:
            view = kept
            view.reopen(ids, ids.index(row.id))
        elif kept is not None and kept.is_attached:  # on the stack already (under this list)
            view = DocumentScreen(ids, ids.index(row.id))
        else:  # the session's first: kept from now on
            view = kept_view(self.app, ids, ids.index(row.id))
        self.app.push_screen(view, self._back_from_document)

    def _ordered_ids(self) -> list[int]:
        """The whole list's ids in its order (from its in-memory index: built by then,
        or built here), so n and p go past the pages read so far."""
        query = self.table.query
        if query is None:
            return self.table.visible_ids()
        return self._source.ordered_ids(query)  # type: ignore[arg-type]

    def _back_from_document(self, document_id: int | None) -> None:
        """Back from the document view: the cursor on the document shown last."""
        self.table.reload(cursor_id=document_id if document_id and document_id > 0 else None,
                          invalidate=True)
