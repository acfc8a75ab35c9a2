"""The customer and supplier lists (Ventes › Clients, Achats › Fournisseurs).

The rows live in a :class:`~tui.widgets.party_table.PartyTable` (virtual,
paged from SQL); this screen owns the filter, the sort, the status line, the
live refresh and the keys. The actions on the selection are in
:mod:`tui.screens.parties.actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from books.access.permissions import refusal
from books.dossiers.service import get_dossier
from books.i18n import number, t
from books.parties.listing import SORTS, ListSource, ListWatch, list_query
from tui.keys import hold_keys_until_loaded, keys_ready
from tui.screens.live import LiveRefresh
from tui.screens.parties.actions import PartyActions
from tui.screens.parties.undo import PartyUndo
from tui.widgets.contextbar import ContextBar
from tui.widgets.filter_input import FilterInput
from tui.widgets.keybar import KeyBar
from tui.widgets.party_table import PartyTable

if TYPE_CHECKING:
    from books.context import Workspace
    from store.models import Dossier
    from store.parties.listing import PartyListRow

POLL_SECONDS = 1.0
"""How often the list checks whether someone else changed it (live refresh)."""


class RenameInput(Input):
    """The name cell, edited in place: enter or leaving saves, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "key.list_rename_cancel", id="list_rename_cancel")]

    @dataclass
    class Done(Message):
        """The edit ended: ``name`` is None when cancelled."""

        party_id: int
        version: int
        name: str | None

    def __init__(self, party_id: int, version: int, name: str) -> None:
        super().__init__(value=name, id="rename", select_on_focus=False)
        self.party_id = party_id
        self.version = version
        self._finished = False

    def _finish(self, name: str | None) -> None:
        if not self._finished:
            self._finished = True
            self.post_message(self.Done(self.party_id, self.version, name))

    def action_cancel(self) -> None:
        """Keep the old name."""
        self._finish(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish(self.value)

    def on_blur(self) -> None:
        self._finish(self.value)


class PartiesScreen(LiveRefresh, PartyUndo, PartyActions, Screen[None]):
    """One dossier's customers or suppliers: filter, sort, select, act."""

    AUTO_FOCUS = "#parties"
    FOOTER_PRIORITY = ("list_open", "list_filter", "list_actions", "list_toggle", "list_add",
                       "list_delete", "list_undo", "list_back")
    """Binding ids the footer keeps first when the width cannot hold every key."""
    """The list has the keys, not the filter (Textual would focus the first input)."""
    BINDINGS = [
        Binding("enter", "open", "key.list_open", id="list_open", key_display="⏎"),
        Binding("slash", "filter", "key.list_filter", id="list_filter", key_display="/"),
        Binding("a", "actions", "key.list_actions", id="list_actions"),
        Binding("n", "add", "key.list_add", id="list_add"),
        Binding("r", "rename", "key.list_rename", id="list_rename"),
        Binding("delete", "delete", "key.list_delete", id="list_delete"),
        Binding("u", "undo", "key.list_undo", id="list_undo"),
        Binding("U", "undo_any", "key.list_undo_any", id="list_undo_any", show=False),
        Binding("plus", "select_all", "key.list_select_all", id="list_select_all", key_display="+"),
        Binding("minus", "select_none", "key.list_select_none", id="list_select_none",
                key_display="-"),
        Binding("asterisk", "invert", "key.list_invert", id="list_invert", key_display="*"),
        Binding("s", "sort", "key.list_sort", id="list_sort"),
        Binding("o", "flip", "key.list_flip", id="list_flip"),
        Binding("h", "toggle_archived", "key.list_archived", id="list_archived"),
        Binding("e", "edit", "key.list_edit", id="list_edit", show=False),
        Binding("escape", "back", "key.list_back", id="list_back"),
    ]

    show_archived: reactive[bool] = reactive(False)
    """Archived parties are listed too."""
    sort: reactive[str] = reactive("name")
    """The column the list is sorted by (one of ``books.parties.listing.SORTS``)."""
    descending: reactive[bool] = reactive(False)
    """Sorted from the end."""

    @dataclass
    class Changed(Message):
        """Someone changed the list (the stamp moved)."""

    def __init__(self, slug: str, kind: str, filter_text: str = "") -> None:
        super().__init__()
        self.slug = slug
        self.kind = kind
        self.filter_text = filter_text
        self.dossier: Dossier | None = None
        self.total: int | None = None
        self.selected = 0
        self._watch: ListWatch | None = None
        self._open_single = False
        """⏎ left the filter before its rows were read: open the record if only one matches."""
        hold_keys_until_loaded(self)

    @property
    def ws(self) -> Workspace:
        """The acting user's workspace."""
        return self.app.workspace  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        yield ContextBar()
        yield Static(id="parties-title", classes="screen-title")
        yield FilterInput(self.filter_text, id="party-filter")
        self._source = ListSource(self.ws)
        yield PartyTable(self._source, id="parties")
        yield Static(id="parties-status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.dossier = get_dossier(self.ws, self.slug)
        self._watch = ListWatch(self.ws, self.dossier.id, self.kind)
        self.query_one(ContextBar).dossier = self.dossier.name
        self.refresh_language()
        self.load()  # the first page is read here, before the stamp's worker starts
        self.poll()
        self.refresh_every(POLL_SECONDS, self.poll)
        # Watched rather than handled as Input.Changed: the list then reads the
        # filter while the key is still being handled, and the typed letter and
        # the new rows reach the terminal in the same frame (a message would
        # arrive after the letter's own frame, and the rows one frame later).
        self.watch(self.query_one("#party-filter", Input), "value", self._filter_typed, init=False)

    @property
    def table(self) -> PartyTable:
        """The list widget."""
        return self.query_one("#parties", PartyTable)

    def refresh_language(self) -> None:
        """Redraw every label in the current language."""
        self.query_one(ContextBar).refresh_text()
        self.query_one(KeyBar).refresh_keys()
        title = t(f"list.title.{self.kind}", dossier=self.dossier.name if self.dossier else "")
        self.query_one("#parties-title", Static).update(title)
        self.query_one("#party-filter", Input).placeholder = t("list.filter_placeholder")
        self.table.refresh()
        self._status()

    def _status(self) -> None:
        shown = t("list.loading") if self.total is None else t(
            f"list.count.{self.kind}", count=number(self.total))
        parts = [shown, t("list.selected", count=number(self.selected)),
                 t("list.sorted", column=t(f"list.sort.{self.sort}"),
                   direction="▼" if self.descending else "▲")]
        if self.show_archived:
            parts.append(t("list.with_archived"))
        if not self._may_edit():
            parts.append(t("list.read_only"))
        # One fixed line: no layout pass (it would cost a frame on every keystroke).
        self.query_one("#parties-status", Static).update(" · ".join(parts), layout=False)

    # ------------------------------------------------------------------ data

    def load(self) -> None:
        """Show the list for the current filter, sort and archived toggle."""
        assert self.dossier is not None and self.dossier.id is not None
        query = list_query(self.dossier.id, self.kind, self.filter_text, self.show_archived,
                           self.sort, self.descending)
        self.total = None
        self.table.load(query)
        self._status()

    @on(PartyTable.Loaded)
    def _loaded(self, message: PartyTable.Loaded) -> None:
        self.total = message.total
        self._status()
        if self._open_single:
            self._open_single = False
            if self.total == 1:
                self._open_current()
        keys_ready(self)

    @on(PartyTable.SelectionChanged)
    def _selection_changed(self, message: PartyTable.SelectionChanged) -> None:
        self.selected = message.count
        self._status()

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.close()
        self._source.close()

    def poll(self) -> None:
        """Check (in a thread) whether someone changed the list."""
        if self._watch is not None:
            self._read_stamp(self._watch)

    @work(thread=True, exclusive=True, group="stamp", exit_on_error=False)
    def _read_stamp(self, watch: ListWatch) -> None:
        if watch.poll():
            self.post_message(self.Changed())

    @on(Changed)
    def _changed(self) -> None:
        self.table.reload()

    # ---------------------------------------------------------------- filter

    def _filter_typed(self, value: str) -> None:
        if value != self.filter_text:
            self.filter_text = value
            self.load()

    def action_filter_done(self) -> None:
        """⏎ in the filter: back to the list; when only one party matches, its record."""
        self.table.focus()
        if self.total is None:
            self._open_single = True  # the filter's rows are being read: decide when they are
        elif self.total == 1:
            self._open_current()

    def action_filter_clear(self) -> None:
        """esc in the filter: empty it and go back to the list."""
        self.query_one("#party-filter", Input).value = ""
        self.table.focus()

    def action_filter(self) -> None:
        """Type to filter by code, name, SIREN or city (accents and case ignored)."""
        self.query_one("#party-filter", Input).focus()

    def action_back(self) -> None:
        """From the filter: back to the list; from the list: back to the dossier."""
        if self.focused is self.query_one("#party-filter", Input):
            self.table.focus()
            return
        self.dismiss(None)

    def action_toggle_archived(self) -> None:
        """Show or hide archived parties."""
        self.show_archived = not self.show_archived
        self.load()

    def action_sort(self) -> None:
        """Sort by the next column on screen (those a narrow terminal drops are skipped:
        a sort by a column one cannot see looks like no order at all)."""
        from tui.widgets.party_pages import SORT_OF

        shown = {SORT_OF[column] for column in self.table.shown_columns() if column in SORT_OF}
        start = SORTS.index(self.sort)
        following = [SORTS[(start + step) % len(SORTS)] for step in range(1, len(SORTS) + 1)]
        self.sort = next((name for name in following if name in shown), following[0])
        self.load()

    def action_flip(self) -> None:
        """Reverse the sort order."""
        self.descending = not self.descending
        self.load()

    # ------------------------------------------------------------- selection

    def action_select_all(self) -> None:
        """Select every party matching the filter."""
        self.table.select_matching()

    def action_select_none(self) -> None:
        """Select nothing."""
        self.table.clear_selection()

    def action_invert(self) -> None:
        """Invert the selection within the filter."""
        self.table.invert_selection()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the filter, only its two keys (⏎ and esc) are offered: the rest is typed."""
        if self.is_mounted and self.focused is self.query_one("#party-filter"):
            return action in ("filter_done", "filter_clear")
        return True

    def _may_edit(self) -> bool:
        return refusal(self.ws.user, "party.edit") is None

    def refused(self, identity: bool = False) -> bool:
        """Say why a key is refused (role, or a connected dossier for names and deletion)."""
        from books.parties.changes import connected_refusal

        message = refusal(self.ws.user, "party.edit")
        if message is None and identity and self.dossier is not None:
            message = connected_refusal(self.dossier)
        if message:
            self.notify(message, severity="warning")
        return message is not None

    def action_open(self) -> None:
        """Open the record (fiche) of the party under the cursor."""
        if self.focused is self.query_one("#party-filter", Input):
            self.table.focus()
            return
        self._open_current()

    def _open_current(self) -> None:
        self._open_single = False
        self.table.with_current(self._open_row)

    def _open_row(self, row: PartyListRow) -> None:
        """The record of ``row`` (the row under the cursor, maybe read after ⏎)."""
        from tui.screens.parties.record import PartyRecordScreen

        if self.app.screen is self:  # not left before the row was read
            self.app.push_screen(PartyRecordScreen(row.id), lambda _r: self.table.reload(invalidate=True))

    def action_add(self) -> None:
        """Add a party with the form."""
        from tui.screens.parties.form import PartyFormScreen

        if not self.refused():
            self.app.push_screen(PartyFormScreen(self.slug, self.kind), self._saved)

    def action_edit(self) -> None:
        """Edit the party under the cursor with the form."""
        from tui.screens.parties.form import PartyFormScreen

        row = self.table.current
        if row is not None and not self.refused():
            self.app.push_screen(PartyFormScreen(self.slug, self.kind, row.id), self._saved)

    def _saved(self, party_id: int | None) -> None:
        if party_id is not None:
            self.table.reload(cursor_id=party_id, invalidate=True)

    def action_rename(self) -> None:
        """Edit the name cell in place."""
        row = self.table.current
        region = self.table.cell_region("name")
        if row is None or region is None or self.refused(identity=True):
            return
        editor = RenameInput(row.id, row.version, row.name)
        editor.styles.offset = (region.x, region.y)
        editor.styles.width = region.width
        self.mount(editor)
        editor.focus()

    @on(RenameInput.Done)
    def _renamed(self, message: RenameInput.Done) -> None:
        self.query_one(RenameInput).remove()
        self.table.focus()
        if message.name is not None:
            self._rename(message.party_id, message.version, message.name)

    @work(thread=True, exit_on_error=False)
    def _rename(self, party_id: int, version: int, name: str) -> None:
        from books.errors import Conflict, SaisieError
        from books.parties.changes import rename_party

        try:
            party = rename_party(self.ws, party_id, name, version)
        except Conflict as exc:  # someone saved the party since the row was read: say so
            fresh = exc.current
            message = exc.message if fresh is None else t(
                "conflict.rename", code=fresh.code, name=fresh.name)  # type: ignore[attr-defined]
            self.app.call_from_thread(self.notify, message, severity="error", timeout=10)
            self.app.call_from_thread(self.table.reload, party_id, True)
            return
        except SaisieError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", timeout=10)
            return
        self.app.call_from_thread(self.notify, t("list.renamed", name=party.name))
        self.app.call_from_thread(self.table.reload, party_id, True)
