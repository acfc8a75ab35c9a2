"""What a form does when its save was refused because someone saved first.

A form built of ``#f-<name>`` fields (Input, Select, Checkbox) keeps a
:class:`SavedState`: the values its fields were filled with and the row's
version. Saving sends only :meth:`SavedState.edits` (the fields the person
changed) with that version. When the save is refused, :meth:`SavedState.reconcile`
merges the person's edits with the row as it is now (:func:`books.conflicts.merge_edits`),
puts the merged values in the fields, marks the fields the other person
changed (class ``-conflict`` on their row and ● before their label), and
starts again from the fresh values and version: a second ctrl+s then sends
the person's own edits only, never the stale values of the other fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static

from books.conflicts import Merge, edited, explain, merge_edits
from tui.widgets.form import FormRow

MARK = "● "
"""Put before the label of a field the other person changed."""


def read_field(widget: Widget) -> Any:
    """A field's value as the form compares it: text, a Select's value (None if blank), a tick."""
    if isinstance(widget, Select):
        return None if widget.value is Select.NULL else widget.value
    if isinstance(widget, (Input, Checkbox)):
        return widget.value
    raise TypeError(f"not a form field: {widget!r}")


def write_field(widget: Widget, value: Any,
                choices: Callable[[Any], list[tuple[str, Any]]] | None = None) -> None:
    """Show ``value`` in a field (only when it differs, so the cursor of an untouched field stays).

    ``choices`` gives a Select's options for a value it may not offer yet.
    """
    if read_field(widget) == value:
        return
    if isinstance(widget, Select):
        if choices is not None:
            widget.set_options(choices(value))
        if value is None:
            widget.clear()
        else:
            widget.value = value
    elif isinstance(widget, Input):
        widget.value = "" if value is None else str(value)
    elif isinstance(widget, Checkbox):
        widget.value = bool(value)


@dataclass
class SavedState:
    """What a form was filled with, to save only the person's edits and merge on a refusal."""

    base: dict[str, Any] = field(default_factory=dict)
    """The fields' values as filled from the row (or after the last refusal)."""
    version: int | None = None
    """The row's version those values come from."""
    choices: dict[str, Callable[[Any], list[tuple[str, Any]]]] = field(default_factory=dict)
    """The options of a Select field for a given value (when the row may hold one it lacks)."""

    def _write(self, screen: Screen[Any], name: str, value: Any) -> None:
        write_field(screen.query_one(f"#f-{name}"), value, self.choices.get(name))

    def fill(self, screen: Screen[Any], values: Mapping[str, Any], version: int | None) -> None:
        """Put the row's values in the form and remember them."""
        for name, value in values.items():
            self._write(screen, name, value)
        self.base, self.version = dict(values), version
        mark_changed(screen, (), self.base)

    def remember(self, screen: Screen[Any], names: tuple[str, ...], version: int | None) -> None:
        """Take the values the fields were composed with as the starting point."""
        self.base = {name: read_field(screen.query_one(f"#f-{name}")) for name in names}
        self.version = version

    def current(self, screen: Screen[Any]) -> dict[str, Any]:
        """What the form's fields hold now."""
        return {name: read_field(screen.query_one(f"#f-{name}")) for name in self.base}

    def edits(self, screen: Screen[Any]) -> dict[str, Any]:
        """The fields the person changed since the form was filled."""
        return edited(self.base, self.current(screen))

    def reconcile(self, screen: Screen[Any], theirs: Mapping[str, Any], version: int,
                  label: Callable[[str], str]) -> tuple[Merge, str]:
        """After a refused save: merge, show, mark; returns the merge and what to tell the person."""
        merge = merge_edits(self.base, self.current(screen), theirs)
        for name, value in merge.values.items():
            self._write(screen, name, value)
        self.base, self.version = {name: theirs[name] for name in self.base}, version
        mark_changed(screen, merge.changed, self.base)
        return merge, explain(merge, label, theirs)


def mark_changed(screen: Screen[Any], changed: tuple[str, ...] | list[str],
                 names: Mapping[str, Any]) -> None:
    """Mark the rows of the ``changed`` fields (and unmark the others among ``names``)."""
    for name in names:
        widget = screen.query_one(f"#f-{name}")
        target = widget.parent if isinstance(widget.parent, FormRow) else widget
        if target is None:
            continue
        on = name in changed
        target.set_class(on, "-conflict")
        if isinstance(target, FormRow):
            label = target.query_one(".form-label", Static)
            label.update(f"{MARK}{target.label}" if on else target.label)
        elif isinstance(widget, Checkbox):
            text = str(widget.label).removeprefix(MARK)
            widget.label = f"{MARK}{text}" if on else text
