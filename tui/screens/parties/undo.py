"""``u`` and ``U`` in the party lists: take back one's own last action, or,
after a confirmation naming who did what and when, someone else's.

The undo runs in a worker; past a few thousand parties a progress screen
shows how many are restored (it holds the keys until the undo ends).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work

from books.access.permissions import refusal
from books.i18n import t

if TYPE_CHECKING:
    from books.context import Workspace
    from books.parties.undo import Undoable

PROGRESS_FROM = 2000
"""An undo restoring at least this many parties shows its progress."""


class PartyUndo:
    """Undo in the list screen (mixed into ``PartiesScreen``)."""

    slug: str
    ws: Workspace
    app: Any
    refused: Callable[..., bool]
    """Says why a key is refused (the list screen's)."""
    _done: Callable[..., None]
    """Says what happened and reloads the list (``PartyActions``)."""

    undoing = False
    """An undo is running (a second one waits for it to end)."""

    def action_undo(self) -> None:
        """Undo your own last action in this dossier."""
        self._start_undo(anyone=False)

    def action_undo_any(self) -> None:
        """Undo the dossier's last action, whoever did it (asks when it is not yours)."""
        self._start_undo(anyone=True)

    def _start_undo(self, anyone: bool) -> None:
        if self.undoing:
            self.app.notify(t("undo.running"), severity="warning")
        elif not self.refused():
            self._find_undo(anyone)

    @work(thread=True, exclusive=True, group="undo_find", exit_on_error=False)
    def _find_undo(self, anyone: bool) -> None:
        from books.parties.undo import next_undo

        target = next_undo(self.ws, self.slug, anyone=anyone)
        if target is None:
            last = None if anyone else next_undo(self.ws, self.slug, anyone=True)
            message = t("undo.nothing") if last is None else t(
                "undo.mine_hint", message=t("undo.nothing_mine_but", last=last.describe()))
            self.app.call_from_thread(self.app.notify, message, severity="warning")
        elif target.mine:
            self.app.call_from_thread(self._undo, target)
        else:
            self.app.call_from_thread(self._ask_others, target)

    def _ask_others(self, target: Undoable) -> None:
        from tui.screens.safe_confirm import SafeConfirmScreen

        message = refusal(self.ws.user, "party.undo_others")
        if message is not None:
            self.app.notify(message, severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo(target)

        self.app.push_screen(SafeConfirmScreen(
            t("undo.others_question"), t("undo.others_detail", described=_sentence(target.describe())),
            t("undo.others_yes")), answered)

    def _undo(self, target: Undoable) -> None:
        self.undoing = True
        self._run_undo(target)

    def _undo_ended(self) -> None:
        self.undoing = False

    @work(thread=True, group="undo", exit_on_error=False)
    def _run_undo(self, target: Undoable) -> None:
        from books.parties.undo import undo_last
        from tui.screens.progress import WorkerProgress

        progress = WorkerProgress(self.app, t("undo.progress_title", summary=target.summary),
                                  "undo.progress_count", PROGRESS_FROM)
        try:
            undone = undo_last(self.ws, self.slug, target.entry_id, progress=progress)
        finally:
            progress.close()
            self.app.call_from_thread(self._undo_ended)
        self.app.call_from_thread(self._done, t("undo.done", summary=undone.summary), False)


def _sentence(text: str) -> str:
    """The text with a capital first letter (the services' messages start lower case)."""
    return text[:1].upper() + text[1:]
