"""What the inbox list does with its selection: publish (or mark reviewed), assign a
party, set a field, move (to another dossier or back "à classer"), delete, and undo the
last of these.

Every action applies to the selection (or to the document under the cursor
when nothing is selected), runs its service in a thread, says what it did and
what it refused with why, and the list reads itself again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work

from books.i18n import number, t
from tui.screens.confirm import ConfirmScreen
from tui.screens.inbox.list_dialogs import ChoiceScreen, actions_menu

if TYPE_CHECKING:
    from books.context import Workspace
    from books.inbox.bulk import BulkResult, Undo
    from store.documents_list import DocQuery
    from tui.widgets.document_table import DocumentTable

REFUSED_NAMED = 5
"""Refused documents named in the message (the others counted)."""
RATES = ("20", "10", "5,5", "2,1", "0", "8,5", "13", "0,9")
UNFILED = "-"
"""The move dialog's choice for "à classer" (no dossier slug is a single dash)."""


class InboxActions:
    """Mixed into the inbox list screen."""

    ws: Workspace
    slug: str | None
    kind: str
    dossier_id: int | None
    table: DocumentTable
    app: Any
    notify: Any
    _last_undo: Undo | None = None

    def _count(self) -> int:
        return self.table.picks.count() or (1 if self.table.current is not None else 0)

    def _chosen_ids(self) -> list[int]:
        """The selection's ids (resolved now, in the worker), or the cursor's document."""
        picks = self.table.picks
        if picks.query is not None:
            query: DocQuery = picks.query
            excluded = picks.excluded
            return [i for i in self.table.source.ids(query) if i not in excluded]
        if picks.ids:
            return sorted(picks.ids)
        row = self.table.current
        return [row.id] if row is not None else []

    def action_actions(self) -> None:
        """The actions menu for the selection (or the document under the cursor)."""
        count = self._count()
        if not count:
            self.notify(t("inlist.nothing_chosen"), severity="warning")
            return
        self.app.push_screen(actions_menu(count), lambda chosen: self._act(chosen, count))

    def _act(self, chosen: str | None, count: int) -> None:
        if chosen == "publish":
            self._confirm(t("inlist.confirm_publish", count=number(count)), self._publish)
        elif chosen == "review":
            self._confirm(t("inlist.confirm_review", count=number(count)), self._review)
        elif chosen == "delete":  # not to be undone: ⏎ alone says no, o deletes
            from tui.screens.safe_confirm import SafeConfirmScreen

            self.app.push_screen(
                SafeConfirmScreen(t("inlist.confirm_delete", count=number(count)),
                                  t("view.delete_detail"), t("view.delete_yes")),
                lambda yes: self._delete() if yes else None)
        elif chosen == "assign":
            self._assign()
        elif chosen == "set":
            fields = [(f, t(f"inlist.set.{f}")) for f in ("account", "vat_rate", "payment_method", "paid")]
            self.app.push_screen(ChoiceScreen(t("inlist.set_title"), fields), self._ask_value)
        elif chosen == "move":
            self._move()

    def _confirm(self, question: str, then: Callable[[], None]) -> None:
        self.app.push_screen(ConfirmScreen(question), lambda yes: then() if yes else None)

    def _publish(self) -> None:
        from books.inbox.bulk import publish_many

        self._run(lambda ids: publish_many(self.ws, ids))

    def _review(self) -> None:
        from books.inbox.bulk import review_many

        self._run(lambda ids: review_many(self.ws, ids))

    def _delete(self) -> None:
        from books.inbox.bulk import delete_many

        self._run(lambda ids: delete_many(self.ws, ids))

    def _assign(self) -> None:
        """The document view's fuzzy party picker (the name read on the cursor's document
        shown), then the party given to every chosen document."""
        from tui.screens.inbox.party_pick import PartyPickScreen

        if self.kind == "unfiled" or self.slug is None:
            self.notify(t("inlist.assign_needs_dossier"), severity="warning")
            return
        kind = "supplier" if self.kind == "purchase" else "customer"
        row = self.table.current
        detected = (row.detected_name or "") if row is not None and not row.party_id else ""

        def picked(code: str | None) -> None:
            if code:
                from books.inbox.bulk import assign_many

                self._run(lambda ids: assign_many(self.ws, ids, code))

        self.app.push_screen(PartyPickScreen(self.slug, kind, [], detected), picked)

    def _ask_value(self, name: str | None) -> None:
        from books.payment_methods import PAYMENT_METHODS
        from tui.screens.ask import AskScreen

        if name is None:
            return
        suggestions = {"vat_rate": list(RATES), "payment_method": list(PAYMENT_METHODS),
                       "paid": [t("inlist.yes"), t("inlist.no")]}.get(name, [])
        dialog = AskScreen(t("inlist.set_ask", field=t(f"inlist.set.{name}")),
                           hint=t(f"inlist.set_hint.{name}"), suggestions=suggestions)
        self.app.push_screen(dialog, lambda value: self._set(name, value))

    def _set(self, name: str, value: str | None) -> None:
        from books.errors import InvalidInput
        from books.inbox.bulk import clean_set_value, set_many

        if value is None:
            return
        try:
            clean_set_value(name, value)
        except InvalidInput as exc:  # said at once, before anything is read
            self.notify(exc.message, severity="error", timeout=10)
            return
        self._run(lambda ids: set_many(self.ws, ids, name, value))

    def _move(self) -> None:
        from books.dossiers.service import list_dossiers

        choices = [(e.row.slug, e.row.name) for e in list_dossiers(self.ws)
                   if e.row.id != self.dossier_id]
        if self.kind != "unfiled":
            choices.append((UNFILED, t("inlist.move_unfiled")))
        if not choices:
            self.notify(t("inlist.no_other_dossier"), severity="warning")
            return

        def chosen(slug: str | None) -> None:
            if slug:
                from books.inbox.bulk import move_many

                self._run(lambda ids: move_many(self.ws, ids, None if slug == UNFILED else slug))

        self.app.push_screen(ChoiceScreen(t("inlist.move_title"), choices), chosen)

    @work(thread=True, exclusive=True, group="bulk", exit_on_error=False)
    def _run(self, action: Callable[[list[int]], BulkResult]) -> None:
        from books.errors import SaisieError

        ids = self._chosen_ids()
        try:
            result = action(ids)
        except SaisieError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", timeout=10)
            return
        self.app.call_from_thread(self._done, result)

    def _done(self, result: BulkResult) -> None:
        if result.undo is not None:
            self._last_undo = result.undo
        message = (t("inlist.done.publish_reviewed", count=number(len(result.done)),
                     reviewed=number(len(result.reviewed))) if result.reviewed
                   else t(f"inlist.done.{result.action}", count=number(len(result.done))))
        if result.refused:
            named = "; ".join(f"{label} ({why})" for label, why in result.refused[:REFUSED_NAMED])
            more = len(result.refused) - REFUSED_NAMED
            message += "\n" + t("inlist.refused", count=number(len(result.refused)), named=named)
            if more > 0:
                message += " " + t("inlist.refused_more", count=number(more))
        self.notify(message, severity="warning" if result.refused else "information",
                    timeout=12 if result.refused else 5)
        self.table.clear_selection()
        self.table.reload(invalidate=True)

    def action_undo(self) -> None:
        """Undo the last bulk action (set a field, assign, move, mark reviewed)."""
        if self._last_undo is None:
            self.notify(t("inlist.nothing_to_undo"), severity="warning")
            return
        self._undo(self._last_undo)

    @work(thread=True, exclusive=True, group="bulk", exit_on_error=False)
    def _undo(self, last: Undo) -> None:
        from books.errors import SaisieError
        from books.inbox.bulk import undo

        try:
            count = undo(self.ws, last)
        except SaisieError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", timeout=10)
            return
        self.app.call_from_thread(self._undone, count, len(last.before))

    def _undone(self, count: int, total: int) -> None:
        self._last_undo = None
        if count < total:
            self.notify(t("inlist.undone_some", count=number(count), kept=number(total - count)),
                        severity="warning", timeout=8)
        else:
            self.notify(t("inlist.undone", count=number(count)))
        self.table.reload(invalidate=True)
