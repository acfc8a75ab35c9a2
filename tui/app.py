"""The Saisie app: wires screens, themes, language and global keys."""

from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from books.dossiers.firm import firm_name
from books.i18n import get_language, set_language, t
from tui.commands import (
    ActionCommands,
    DocumentCommands,
    DossierCommands,
    InboxCommands,
    PartyCommands,
)
from tui.controls import ControlStripper
from tui.keys import KeyHandled, KeyOrder, ScreenSettled
from tui.messages import error_text
from tui.themes import load_themes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.filter import LineFilter
    from textual.notifications import Notification
    from textual.screen import Screen

    from books.config import Settings
    from books.context import Workspace


INBOX_WATCH_DELAY_S = 2.0
"""The inbox watcher starts this long after the app, once its first screen is drawn."""


class SaisieApp(App[None]):
    """Dossiers → dossier; every action a key, every string from the catalog."""

    CSS_PATH = "app.tcss"
    TITLE = "Saisie"
    COMMANDS = {DossierCommands, InboxCommands, ActionCommands, PartyCommands, DocumentCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("question_mark", "help", "key.help", id="help"),
        Binding("ctrl+p", "command_palette", "key.palette", id="palette"),
        Binding("f2", "toggle_language", "key.language", id="language", show=False),
        Binding("f3", "next_theme", "key.theme", id="theme", show=False),
        Binding("ctrl+q", "quit", "key.quit", id="quit", priority=True),
    ]

    def __init__(self, settings: Settings, workspace: Workspace, dossier_slug: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.workspace = workspace
        self.firm_name = firm_name(workspace)
        self._start_dossier = dossier_slug
        self.animation_level = "none"
        self.saisie_themes: list[str] = []
        """Saisie's themes (bundled and the user's): what F3 cycles through."""
        self._theme_notice: Notification | None = None
        self.key_order = KeyOrder(self)
        """Holds keys typed in a burst until the one before has moved the focus (tui.keys)."""
        self._inbox_stop = threading.Event()
        """Set when the app closes: the inbox watcher finishes its file and stops."""
        self._control_stripper = ControlStripper()
        """One instance: widgets key their caches on the filters they are given."""
        self._stack_depth = 0
        """Screens on the stack at the last screen change (a smaller count: one was closed)."""
        self.document_view: Screen[int] | None = None
        """The inbox lists' document view, kept mounted for the session once composed
        and opened again on each ⏎ (``DocumentScreen.reopen``): composing and styling
        its widgets cost ~50 ms of an opening."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps control characters in data from
        reaching the terminal (tui.controls)."""
        return [*super().get_line_filters(), self._control_stripper]

    def on_mount(self) -> None:
        from books.paths import user_themes_dir
        from tui.screens.home import HomeScreen

        themes, problems = load_themes(user_themes_dir())
        for theme in themes:
            self.register_theme(theme)
        self.saisie_themes = [theme.name for theme in themes]
        for problem in problems:
            self.notify(t("theme.broken", file=problem.path, reason=problem.reason), severity="warning")
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.theme = "saisie-dark"
            if self.settings.theme != "saisie-dark":
                self.notify(t("theme.unknown", name=self.settings.theme), severity="warning")
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self.screen_change_signal.subscribe(self, self.key_order.screen_changed)
        self.screen_change_signal.subscribe(self, self._collect_after_close)
        self.push_screen(HomeScreen())
        if self._start_dossier:
            self.open_dossier(self._start_dossier)
        if self.settings.watch_inbox:
            # After the first screen is up: reading invoices imports lxml and pdfium.
            self.set_timer(INBOX_WATCH_DELAY_S, self._watch_inbox)
        self.call_after_refresh(settle_collector)

    def _collect_after_close(self, _screen: object) -> None:
        """A screen was closed: free what it leaves once the one below is drawn.

        Full collections are rare while screens are built (:func:`settle_collector`);
        a closed screen's widgets are reference cycles, freed only by one, so it
        runs here, where nobody waits for it (5–10 ms with a 100,000 list open).
        """
        depth = len(self.screen_stack)
        if depth < self._stack_depth:
            self.call_after_refresh(gc.collect)
        self._stack_depth = depth

    # -------------------------------------------------------------------- inbox

    def _watch_inbox(self) -> None:
        """Take in the files dropped in the inbox folders while the app runs (the
        dossiers this user may open; the firm's folder for admins)."""
        import logging

        logging.getLogger("saisie.inbox").propagate = False  # nothing written over the screen
        self.run_worker(self._inbox_thread, thread=True, group="inbox", exit_on_error=False)

    def _inbox_thread(self) -> None:
        from books.inbox.runner import run_forever

        run_forever(self.workspace, None, self._inbox_stop, on_event=self._inbox_event)

    def _inbox_event(self, kind: str, data: dict[str, object]) -> None:
        """A problem with a folder or a file is shown (a document's own failure is on it)."""
        if kind == "error":
            self.call_from_thread(self.notify, str(data["message"]), severity="warning",
                                  timeout=10)

    def on_unmount(self) -> None:
        """The inbox watcher finishes the file in hand and stops."""
        self._inbox_stop.set()

    # -------------------------------------------------------------------- keys

    async def on_event(self, event: events.Event) -> None:
        """Keys from the terminal go one at a time (see tui.keys); other events as usual."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self.key_order.hold(event):
                await self._deliver_key(event)
            return
        await super().on_event(event)

    async def _deliver_key(self, event: events.Key) -> None:
        await super().on_event(event)
        self.key_order.sent(event)

    @on(KeyHandled)
    async def _key_handled(self, message: KeyHandled) -> None:
        if self.key_order.handled(message):
            await self.key_order.release()

    @on(ScreenSettled)
    async def _screen_settled(self, message: ScreenSettled) -> None:
        await self.key_order.screen_settled(message)

    # ----------------------------------------------------------------- actions

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer and the help write it, in the interface language."""
        from tui.textual_strings import key_display

        return key_display(binding)

    def action_command_palette(self) -> None:
        """The command palette, its own text in the interface language."""
        from textual.command import CommandPalette

        from tui.textual_strings import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette())

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_language(self) -> None:
        """Switch between French and English, and remember the choice."""
        language = "en" if get_language() == "fr" else "fr"
        set_language(language)
        self._save_preference(language=language)
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_language", None)
            if refresh is not None:
                refresh()
        self.notify(t("app.language_set"))

    def action_next_theme(self) -> None:
        """Cycle through Saisie's themes (``themes/`` and the user's, never Textual's
        own), remember the choice, and say it in one notice that replaces the last."""
        from tui.notices import replace_notice

        names = sorted(n for n in self.saisie_themes if n in self.available_themes) or ["saisie-dark"]
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self._save_preference(theme=self.theme)
        self._theme_notice = replace_notice(self, self._theme_notice, t("app.theme_set", name=self.theme))

    async def action_quit(self) -> None:
        """Quit; when a form holds unsaved input, ask first (the safe answer stays)."""
        from tui.screens.unsaved import QuitQuestion

        if isinstance(self.screen, QuitQuestion):
            return
        if not any(getattr(s, "has_unsaved_changes", lambda: False)() for s in self.screen_stack):
            self.exit()
            return
        question = QuitQuestion(t("ed.quit_question"), t("ed.quit_detail"), t("ed.quit_yes"))
        self.push_screen(question, lambda yes: self.exit() if yes else None)

    def _save_preference(self, **changes: str) -> None:
        from books.config import save_preferences

        try:
            save_preferences(self.settings.config_path, **changes)
        except OSError as exc:
            from books.i18n import os_reason

            self.notify(t("app.pref_not_saved", reason=os_reason(exc)), severity="warning")

    def open_dossier(self, slug: str) -> None:
        """Open a dossier's screen."""
        from tui.screens.dossier import DossierScreen

        self.push_screen(DossierScreen(slug))

    # ------------------------------------------------------------------ errors

    @on(Worker.StateChanged)
    def _report_worker_error(self, event: Worker.StateChanged) -> None:
        """The one place where errors from background work reach the user."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(error_text(event.worker.error), severity="error", timeout=8)

    # ------------------------------------------------------------------- quiet

    @on(events.DescendantFocus)
    def _steady_cursor(self, event: events.DescendantFocus) -> None:
        """Text cursors stay lit instead of blinking: a blink redraws its field twice
        a second, bytes sent over SSH for as long as a form is left open."""
        if getattr(event.widget, "cursor_blink", False):
            event.widget.cursor_blink = False  # type: ignore[attr-defined]


FULL_COLLECTION_EVERY = 100
"""Collections of the middle generation between two full ones (Python's default: 10)."""


def settle_collector() -> None:
    """Set the garbage collector up for a long-running screen app (once the first
    screen is drawn).

    The hundreds of thousands of objects made while importing Textual,
    SQLAlchemy and the models live as long as the app. Left to the collector,
    each full collection walks them all and stops the screen for 50–100 ms
    (seen in a long page-down run); frozen, they are skipped. What stays is
    small (~25,000 objects with the 100,000-customer list open), and Python runs
    a full collection whenever a quarter of that many objects have survived
    since the last one: opening the new-party form over the list made about
    25,000 (its widgets, styles and caches), so each opening paid 3–4 full
    collections, 150–160 ms of its 370–400 ms of CPU on the main thread
    (in-process, load 8). One full collection every 100 collections of the
    middle generation instead of 10 (about every 700,000 objects made) takes
    that out; the app collects when a screen closes instead
    (:meth:`SaisieApp._collect_after_close`).
    """
    gc.freeze()
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


def make_app(settings: Settings, workspace: Workspace, dossier_slug: str | None = None) -> SaisieApp:
    """An unstarted app (tests run it with ``run_test``)."""
    return SaisieApp(settings, workspace, dossier_slug)
