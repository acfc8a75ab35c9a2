"""The inbox list's dialogs: the actions menu, a choice among a few, the flags' legend
(the party picker is the document view's, :mod:`tui.screens.inbox.party_pick`)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from books.i18n import t
from books.inbox.listing import FLAGS, flag_mark
from tui.widgets.keybar import KeyBar

ACTIONS = ("publish", "assign", "set", "move", "review", "delete")
"""The actions on a selection, the one that deletes last."""


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few labelled choices (an action, a field, a dossier)."""

    BINDINGS = [Binding("escape", "close", "key.list_menu_close", id="list_menu_close")]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text, self.choices = title, choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield OptionList(*(Option(label, id=key) for key, label in self.choices), id="choices")
            yield KeyBar()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


def actions_menu(count: int) -> ChoiceScreen:
    """The actions menu for ``count`` documents."""
    return ChoiceScreen(t("inlist.actions_title", count=count),
                        [(a, t(f"inlist.action.{a}")) for a in ACTIONS])


def legend_text() -> str:
    """Every flag's marker and meaning, and the list's keys."""
    lines = [t("inlist.legend_flags")]
    lines += [f"  {flag_mark(f):>3}  {t(f'inlist.flag.{f}')}" for f in FLAGS]
    lines += ["", t("inlist.legend_keys")]
    return "\n".join(lines)


class LegendScreen(ModalScreen[None]):
    """What the markers of the flags column mean, and the keys."""

    BINDINGS = [Binding("escape,question_mark,enter", "close", "key.list_menu_close",
                        id="list_menu_close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("inlist.legend_title"), classes="dialog-title")
            yield Static(legend_text(), id="legend")
            yield KeyBar()

    def action_close(self) -> None:
        """Close the legend."""
        self.dismiss(None)
