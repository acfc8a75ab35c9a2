"""Knowing whether a form holds what the person typed and did not save (ctrl+q and the
form's own escape ask then)."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList

from tui.screens.safe_confirm import SafeConfirmScreen

FIELD_TYPES = (Input, Select, Checkbox, SelectionList)


def _value(widget: Widget) -> Any:
    if isinstance(widget, SelectionList):
        return tuple(sorted(map(str, widget.selected)))
    return getattr(widget, "value", None)


class UnsavedGuard:
    """A form screen that can say whether its fields changed since they were filled.

    The fields are remembered once the screen is first drawn (after a synchronous
    fill); a form filled later (in a worker) calls :meth:`remember_values` when done.
    A form that keeps a ``saved`` state with a version (``tui.widgets.conflict``)
    is asked for its edits instead.
    """

    _remembered: tuple[tuple[str | None, Any], ...] | None = None
    UNGUARDED: tuple[str, ...] = ()
    """Ids of fields whose change alone loses nothing typed (the rule editor's kind)."""

    def _field_values(self) -> tuple[tuple[str | None, Any], ...]:
        fields = self.query("*").results()  # type: ignore[attr-defined]
        return tuple((w.id, _value(w)) for w in fields
                     if isinstance(w, FIELD_TYPES) and w.id not in self.UNGUARDED)

    def _on_mount(self) -> None:
        # Textual calls each class's own handler along the MRO: the screen's on_mount runs too.
        self.call_after_refresh(self.remember_values)  # type: ignore[attr-defined]

    def remember_values(self) -> None:
        """Take the fields as they are now as the unchanged state."""
        self._remembered = self._field_values()

    def has_unsaved_changes(self) -> bool:
        """Whether the person changed a field since the form was filled."""
        saved = getattr(self, "saved", None)
        if saved is not None and getattr(saved, "version", None) is not None and hasattr(saved, "edits"):
            return bool(saved.edits(self))
        return self._remembered is not None and self._field_values() != self._remembered

    def leave(self, result: Any) -> None:
        """Close the form with ``result``; when it holds what the person typed, ask first
        (a stray escape lost a half-typed party; the safe answer keeps the form)."""
        app = self.app  # type: ignore[attr-defined]
        if isinstance(app.screen, DiscardQuestion):
            return
        if not self.has_unsaved_changes():
            self.dismiss(result)  # type: ignore[attr-defined]
            return
        from books.i18n import t

        question = DiscardQuestion(t("ed.discard_question"), t("ed.discard_detail"),
                                   t("ed.discard_yes"))
        app.push_screen(question, lambda yes: self.dismiss(result) if yes else None)  # type: ignore[attr-defined]


class DiscardQuestion(SafeConfirmScreen):
    """"Leave this form without saving?" (its escape answers no: the form stays)."""


class QuitQuestion(SafeConfirmScreen):
    """"Quit without saving?" (one at a time: ctrl+q again leaves it as it is)."""
