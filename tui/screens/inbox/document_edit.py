"""The document view's in-place edit: the highlighted field typed again, checked by
:func:`books.inbox.review.set_fields` (a refusal says which value and why), marked as
a person's edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from books.errors import SaisieError
from books.i18n import t
from tui.keys import hold_keys_until_loaded, keys_ready
from tui.screens.inbox.document_fields import FieldList

if TYPE_CHECKING:
    from books.context import Workspace
    from books.inbox.view import DocumentView


class FieldEditing:
    """Mixed into :class:`~tui.screens.inbox.document.DocumentScreen`."""

    editing: Any
    view: DocumentView | None
    ws: Workspace

    def action_edit(self) -> None:
        """Edit the highlighted field in place (the party opens the picker)."""
        field = self.query_one(FieldList).current
        if field is None:
            return
        if field.name == "party":
            self.action_pick_party()
            return
        if not field.editable:
            self.notify(t("view.edit.not_editable"), severity="warning")
            return
        self.editing = field.name
        self.query_one("#view-edit").display = True
        self.query_one("#view-edit-label", Static).update(
            Text(t("view.edit.label", field=field.label), style="bold").append(
                "   " + t("view.edit.hint"), style="dim"))
        self.query_one("#view-edit-error", Static).update("")
        box = self.query_one("#view-edit-input", Input)
        box.disabled = False
        box.value = field.raw
        box.cursor_position = len(field.raw)
        box.focus()
        self.query_one("#view-left", VerticalScroll).scroll_end(animate=False)

    def _stop_editing(self) -> None:
        self.editing = None
        self.query_one("#view-edit").display = False
        self.query_one("#view-edit-input", Input).disabled = True
        self.set_focus(None)
        self.query_one("#view-left", VerticalScroll).scroll_home(animate=False)

    def _submit_edit(self, text: str) -> None:
        """Save what was typed (the service checks it; a refusal shows under the field)."""
        from books.inbox.view import typed_value

        name, view = self.editing, self.view
        if name is None or view is None:
            return
        # Keys typed while the value is saved wait for the document read again: over SSH
        # "⏎ ↓ e 15/11/2026 ⏎" arrives in one burst, and the ↓ (refused while editing) was
        # lost while the rest went into the field just saved, which saved it again.
        hold_keys_until_loaded(self)  # type: ignore[arg-type]
        self._save_edit(view.document.id, name, typed_value(name, text))

    @work(thread=True, exclusive=True, group="edit", exit_on_error=False)
    def _save_edit(self, document_id: int, name: str, value: str) -> None:
        from books.inbox.review import set_fields

        try:
            set_fields(self.ws, document_id, {name: value})
        except SaisieError as exc:
            if self._published_meanwhile(document_id):
                # Another terminal published it: nothing to edit any more; say so and
                # show it as it is (the view still said "à revoir").
                self.app.call_from_thread(self._edit_moot, exc.message)
            else:
                self.app.call_from_thread(self._edit_refused, exc.message)
            return
        self.app.call_from_thread(self._edit_saved, name)

    def _published_meanwhile(self, document_id: int) -> bool:
        from books.inbox.documents import get_document

        try:
            return get_document(self.ws, document_id).status == "published"
        except SaisieError:
            return False

    def _edit_moot(self, message: str) -> None:
        self._stop_editing()
        self.notify(message, severity="error")
        self._forget_current()
        self.load()

    def _edit_refused(self, message: str) -> None:
        self.query_one("#view-edit-error", Static).update(message)
        keys_ready(self)  # type: ignore[arg-type]  # the field stays open: typing goes on

    def _edit_saved(self, name: str) -> None:
        self._stop_editing()
        self._forget_current()
        self.query_one(FieldList).go_to(name)
        self.load()
