"""The home screen: the dossiers this user may open."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from books.access.permissions import refusal
from books.dossiers.service import DossierEntry, list_dossiers, set_archived
from books.formats import format_datetime
from books.i18n import t
from books.identity import fold
from tui.keys import hold_keys_until_loaded, keys_ready
from tui.screens.live import LiveRefresh
from tui.widgets.contextbar import ContextBar, shorten
from tui.widgets.keybar import KeyBar

REFRESH_SECONDS = 3.0
"""How often the list picks up changes made elsewhere (other terminals, new files)."""


COLUMNS = ("name", "sector", "waiting", "activity")
"""The dossiers table's columns; the first two give way when the screen is narrow."""
SHRINKING = ((1, 8), (0, 12))
"""(column index, narrowest width) of the columns cut (with "…") to fit, in the order
they give way: the sector first, then the name; never the counts or the dates."""


def fit_columns(widths: list[int], room: int) -> list[int]:
    """Column widths that fit ``room`` cells: each shrinking column in turn gives
    what it can, down to its narrowest width."""
    widths = list(widths)
    for index, narrowest in SHRINKING:
        excess = sum(widths) - room
        if excess <= 0:
            break
        widths[index] = max(narrowest, widths[index] - excess)
    return widths


class HomeScreen(LiveRefresh, Screen[None]):
    """Dossiers: filter as you type, open, add, manage, archive."""

    BINDINGS = [
        Binding("enter", "open", "key.open", id="open", priority=True, key_display="⏎"),
        Binding("slash", "filter", "key.filter", id="filter", key_display="/"),
        Binding("n", "new_dossier", "key.new_dossier", id="new_dossier"),
        Binding("g", "manage", "key.manage", id="manage"),
        Binding("a", "archive", "key.archive", id="archive"),
        Binding("h", "toggle_archived", "key.show_archived", id="toggle_archived"),
        Binding("c", "unfiled", "key.inbox_unfiled", id="inbox_unfiled"),
        Binding("r", "reload", "key.reload", id="reload", show=False),
        Binding("escape", "clear_filter", "key.clear_filter", id="clear_filter", show=False),
    ]

    FOOTER_PRIORITY = ("open", "filter", "new_dossier", "manage", "archive", "toggle_archived", "quit")
    """Binding ids the footer keeps first when the width cannot hold every key."""

    AUTO_FOCUS = "#dossiers"
    """The list has the keys, not the filter (Textual would focus the first input)."""

    show_archived: reactive[bool] = reactive(False, bindings=True)
    """List archived dossiers instead of active ones."""

    @dataclass
    class Loaded(Message):
        """Dossiers were read from the database."""

        entries: list[DossierEntry]
        archived: bool
        counts: dict[tuple[int | None, str], tuple[int, int, int]] = field(default_factory=dict)
        """Documents waiting and flagged per (dossier, direction) (books.inbox.listing.waiting)."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[DossierEntry] = []
        self.counts: dict[tuple[int | None, str], tuple[int, int, int]] = {}
        hold_keys_until_loaded(self)

    def compose(self) -> ComposeResult:
        yield ContextBar()
        yield Static(id="home-title", classes="screen-title")
        yield Input(id="filter", classes="filter")
        yield DataTable(id="dossiers", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_language()
        self.reload()
        self.refresh_every(REFRESH_SECONDS, self.reload)

    def on_resize(self) -> None:
        self._fill()

    def refresh_language(self) -> None:
        """Redraw every label in the current language."""
        self.query_one(ContextBar).refresh_text()
        self.query_one(KeyBar).refresh_keys()
        key = "home.title_archived" if self.show_archived else "home.title"
        self.query_one("#home-title", Static).update(t(key))
        self.query_one("#filter", Input).placeholder = t("home.filter_placeholder")
        self._fill()

    # ------------------------------------------------------------------ data

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def reload(self) -> None:
        """Read the dossiers in a thread; the table updates when they arrive."""
        archived = self.show_archived
        from books.inbox.listing import waiting

        ws = self.app.workspace  # type: ignore[attr-defined]
        entries = list_dossiers(ws, archived=archived)
        self.post_message(self.Loaded(entries, archived, waiting(ws, [e.row.id for e in entries])))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.archived != self.show_archived:
            return
        if message.entries != self.entries or message.counts != self.counts:
            self.entries, self.counts = message.entries, message.counts
            self._fill()
        keys_ready(self)

    def _visible(self) -> list[DossierEntry]:
        needle = fold(self.query_one("#filter", Input).value.strip())
        if not needle:
            return self.entries
        return [
            e for e in self.entries
            if needle in fold(f"{e.row.name} {e.row.slug} {t(f'sector.{e.row.sector}') if e.row.sector else ''}")
        ]

    def _fill(self) -> None:
        table = self.query_one("#dossiers", DataTable)
        current = self.current_slug()
        visible = self._visible()
        # Columns sized from their content here, not later by the table: a
        # picture taken (or a key pressed) before it measures is never cut short.
        labels = [t(f"home.col.{column}") for column in COLUMNS]
        room = (table.size.width or self.app.size.width) - 2 * table.cell_padding * len(COLUMNS) - 2
        cells = self._cells(visible, short=False)
        natural = self._natural_widths(labels, cells)
        # The counts in words ("A 33 (8 à voir, 3 vérifiées) · V 6") would cut the dossiers'
        # names: they give way to marks ("A 33 (8! 3✓) · V 6"), explained in the status line.
        short = fit_columns(natural, room)[0] < natural[0] and any(self._has_marks(e) for e in visible)
        if short:
            cells = self._cells(visible, short=True)
            natural = self._natural_widths(labels, cells)
        widths = fit_columns(natural, room)
        table.clear(columns=True)
        for column, label, width in zip(COLUMNS, labels, widths, strict=True):
            table.add_column(shorten(label, width), key=column, width=width)
        for entry, row_cells in zip(visible, cells, strict=True):
            table.add_row(*(shorten(cell, width) for cell, width in zip(row_cells, widths, strict=True)),
                          key=entry.row.slug)
        if current is not None:
            slugs = [e.row.slug for e in visible]
            if current in slugs:
                table.move_cursor(row=slugs.index(current))
        status = t("home.count", shown=len(visible), total=len(self.entries))
        unfiled = sum(n for (dossier, kind), (n, *_f) in self.counts.items() if dossier is None or kind == "unfiled")
        if unfiled:
            status += " · " + t("inlist.home_unfiled", count=unfiled)
        if short:
            status += " · " + t("home.waiting_legend")
        self.query_one("#home-status", Static).update(status)
        self.refresh_bindings()

    def _cells(self, visible: list[DossierEntry], short: bool) -> list[tuple[str, str, str, str]]:
        """Each dossier's cells; ``short`` writes the waiting counts with marks."""
        return [
            (
                e.row.name,
                t(f"sector.{e.row.sector}") if e.row.sector else "",
                self._waiting(e, short),
                format_datetime(e.row.last_activity_at),
            )
            for e in visible
        ]

    @staticmethod
    def _natural_widths(labels: list[str], cells: list[tuple[str, str, str, str]]) -> list[int]:
        """Each column's width with nothing cut: its widest cell or its label."""
        return [max([cell_len(label), *(cell_len(c[index]) for c in cells)]) for index, label in enumerate(labels)]

    def _has_marks(self, entry: DossierEntry) -> bool:
        """Whether some of the dossier's waiting documents need a person or are reviewed."""
        return any(sum(self.counts.get((entry.row.id, d), (0, 0, 0))[1:]) for d in ("purchase", "sale"))

    def _waiting(self, entry: DossierEntry, short: bool = False) -> str:
        """Documents waiting per direction, and how many need a person: "A 8 (3 à voir) · V 4",
        or ``short`` "A 8 (3!) · V 4"."""
        from books.inbox.listing import waiting_text

        text_of = self._waiting_short if short else waiting_text
        parts = [f"{t(f'inlist.short_{d}')} {text}" for d in ("purchase", "sale")
                 if (text := text_of(self.counts, entry.row.id, d)) != "—"]
        return " · ".join(parts) or (str(entry.waiting) if entry.waiting else "·")

    @staticmethod
    def _waiting_short(counts: dict[tuple[int | None, str], tuple[int, int, int]], dossier_id: int | None,
                       direction: str) -> str:
        """"12 (3! 2✓)": waiting, of which to check (!) and reviewed (✓); "—" when none waits."""
        from books.i18n import number

        count, flagged, reviewed = counts.get((dossier_id, direction), (0, 0, 0))
        if not count:
            return "—"
        marks = [t(key, count=number(n)) for key, n in (("home.mark_flagged", flagged),
                                                         ("home.mark_reviewed", reviewed)) if n]
        return t("home.waiting_short", count=number(count), marks=" ".join(marks)) if marks else number(count)

    def current_slug(self) -> str | None:
        """The slug of the dossier under the cursor."""
        table = self.query_one("#dossiers", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _entry(self, slug: str) -> DossierEntry | None:
        return next((e for e in self.entries if e.row.slug == slug), None)

    # --------------------------------------------------------------- filter

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._fill()

    def action_filter(self) -> None:
        """Type to filter the list."""
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Empty the filter and go back to the list."""
        self.query_one("#filter", Input).value = ""
        self.query_one("#dossiers", DataTable).focus()

    # -------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open" and self.is_mounted and self.focused is self.query_one("#filter", Input):
            return True
        if action in ("open", "manage", "archive") and self.is_mounted:
            if self.query_one("#dossiers", DataTable).row_count == 0:
                return None
        if action == "open" and self.show_archived:
            return None
        return True

    def action_open(self) -> None:
        """Open the dossier under the cursor (from the filter: go to the list first)."""
        table = self.query_one("#dossiers", DataTable)
        if self.focused is self.query_one("#filter", Input):
            table.focus()
            if table.row_count != 1:
                return
        slug = self.current_slug()
        if slug and not self.show_archived:
            self.app.open_dossier(slug)  # type: ignore[attr-defined]

    def _refused(self, action: str) -> bool:
        message = refusal(self.app.workspace.user, action)  # type: ignore[attr-defined]
        if message:
            self.notify(message, severity="warning")
        return message is not None

    def action_new_dossier(self) -> None:
        """Ajouter un client: the keyboard wizard."""
        from tui.screens.wizard import NewDossierWizard

        if self._refused("dossier.create"):
            return
        self.app.push_screen(NewDossierWizard(), self._created)

    def _created(self, created: object) -> None:
        from tui.screens.created import CreatedScreen

        if created is None:
            return
        self.reload()
        self.app.push_screen(CreatedScreen(created))  # type: ignore[arg-type]

    def action_manage(self) -> None:
        """Gérer: the dossier's settings."""
        from tui.screens.settings import DossierSettingsScreen

        slug = self.current_slug()
        if slug is None or self._refused("dossier.edit"):
            return
        self.app.push_screen(DossierSettingsScreen(slug), lambda _saved: self.reload())

    def action_archive(self) -> None:
        """Archive the dossier under the cursor (or restore it in the archive view)."""
        from tui.screens.confirm import ConfirmScreen

        slug = self.current_slug()
        entry = self._entry(slug) if slug else None
        if entry is None or self._refused("dossier.archive"):
            return
        restore = self.show_archived
        question = t("home.confirm_restore" if restore else "home.confirm_archive", name=entry.row.name)

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_archived(slug, not restore)

        self.app.push_screen(ConfirmScreen(question), answered)

    @work(thread=True, exit_on_error=False)
    def _set_archived(self, slug: str, archived: bool) -> None:
        dossier = set_archived(self.app.workspace, slug, archived)  # type: ignore[attr-defined]
        key = "dossier.archived" if archived else "dossier.restored"
        self.app.call_from_thread(self.notify, t(key, name=dossier.name))
        self.reload()

    def action_toggle_archived(self) -> None:
        """Switch between active and archived dossiers."""
        self.show_archived = not self.show_archived
        self.entries = []
        self.refresh_language()
        self.reload()

    def action_unfiled(self) -> None:
        """The firm's documents to file (no dossier, or no direction found)."""
        from tui.screens.inbox.listing import InboxListScreen

        self.app.push_screen(InboxListScreen(None, "unfiled"), lambda _r: self.reload())

    def action_reload(self) -> None:
        """Read the list again now."""
        self.reload()
