"""The inbox list's dialogs: the actions menu, a choice among a few, the party picker,
the flags' legend."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from books.i18n import t
from books.inbox.listing import FLAGS, flag_mark
from tui.widgets.keybar import KeyBar

ACTIONS = ("publish", "assign", "set", "move", "delete")
"""The actions on a selection, the one that deletes last."""
PICK_LIMIT = 30
"""Parties the picker lists for what is typed."""


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


class PartyPickScreen(ModalScreen[str | None]):
    """Pick a party of a dossier's list by typing part of its name, code or identifiers;
    dismisses with the party's code."""

    BINDINGS = [Binding("escape", "close", "key.list_menu_close", id="list_menu_close"),
                Binding("down", "to_list", "key.inlist_to_list", id="inlist_to_list", show=False)]

    def __init__(self, dossier_id: int, kind: str) -> None:
        super().__init__()
        self.dossier_id, self.kind = dossier_id, kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t(f"inlist.pick_title.{self.kind}"), classes="dialog-title")
            yield Input(id="pick-filter", placeholder=t("inlist.pick_placeholder"))
            yield OptionList(id="pick-parties")
            yield KeyBar()

    def on_mount(self) -> None:
        self._search("")

    @on(Input.Changed, "#pick-filter")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#pick-filter")
    def _submitted(self) -> None:
        options = self.query_one("#pick-parties", OptionList)
        if options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted or 0).id)

    @work(thread=True, exclusive=True, group="pick", exit_on_error=False)
    def _search(self, text: str) -> None:
        from books.parties.listing import list_query, page

        ws = self.app.workspace  # type: ignore[attr-defined]
        rows = page(ws, list_query(self.dossier_id, self.kind, text), 0, PICK_LIMIT)
        self.app.call_from_thread(self._show, [(r.code, f"{r.code}  {r.name}") for r in rows])

    def _show(self, found: list[tuple[str, str]]) -> None:
        options = self.query_one("#pick-parties", OptionList)
        options.clear_options()
        options.add_options([Option(label, id=code) for code, label in found])
        if found:
            options.highlighted = 0

    def action_to_list(self) -> None:
        """From the text to the parties found."""
        self.query_one("#pick-parties", OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close without picking."""
        self.dismiss(None)


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
