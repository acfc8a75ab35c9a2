"""A list's filter field: the same two keys in every list of the app."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class FilterInput(Input):
    """Type to filter; ``⏎`` goes back to the list (opening the only match), ``esc``
    empties the filter and goes back to the list. Every other key is typed, so the
    footer shows only these two while the filter has the focus (the screen hides its
    list keys then: ``+`` typed here is a ``+`` in the filter)."""

    BINDINGS = [
        Binding("enter", "screen.filter_done", "key.filter_to_list", key_display="⏎"),
        Binding("escape", "screen.filter_clear", "key.clear_filter"),
    ]
