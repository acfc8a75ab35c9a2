"""Choosing a party from a dossier's list as one types: the matcher's candidates first,
then what the name matcher and the list's filter find for the text typed.

Returns the chosen party's code (None when closed). The document view uses it
for one document, the inbox list for a selection.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from books.i18n import t
from tui.keys import hold_keys_until_loaded, keys_ready
from tui.widgets.keybar import KeyBar

SHOWN = 30
"""Parties listed at most."""


@dataclass(frozen=True, slots=True)
class PickRow:
    """One party offered."""

    code: str
    name: str
    proposed: bool
    """One of the matcher's candidates for the document."""


def pick_rows(ws: object, slug: str, kind: str, text: str,
              candidates: list[tuple[str, str]]) -> list[PickRow]:
    """The parties offered for ``text``: the document's candidates that fit it, then the
    name matcher's (typing errors forgiven), then the list's filter (words anywhere)."""
    from books.dossiers.service import get_dossier
    from books.identity import fold
    from books.matching.matcher import Query
    from books.matching.service import match_names
    from books.parties.listing import list_query, page

    words = fold(text).split()
    rows: dict[str, PickRow] = {}
    for code, name in candidates:
        if all(w in fold(f"{code} {name}") for w in words):
            rows.setdefault(code, PickRow(code, name, True))
    if text.strip():
        found = match_names(ws, slug, kind, [Query(name=text.strip())])[0]  # type: ignore[arg-type]
        for candidate in ([found.party] if found.party else []) + list(found.candidates):
            rows.setdefault(candidate.code, PickRow(candidate.code, candidate.name, False))
    dossier = get_dossier(ws, slug)  # type: ignore[arg-type]
    query = list_query(dossier.id, kind, text)
    for party in page(ws, query, 0, SHOWN):  # type: ignore[arg-type]
        rows.setdefault(party.code, PickRow(party.code, party.name, False))
    return list(rows.values())[:SHOWN]


class PartyPickScreen(ModalScreen[str | None]):
    """A filter and the parties it finds; ⏎ chooses the highlighted one."""

    BINDINGS = [
        Binding("down", "move(1)", "view.pick.key.down", id="pick_down", show=False),
        Binding("up", "move(-1)", "view.pick.key.up", id="pick_up", show=False),
        Binding("enter", "choose", "view.key.choose", id="pick_choose", priority=True),
        Binding("escape", "close", "key.list_menu_close", id="pick_close"),
    ]

    @dataclass
    class Found(Message):
        """The parties for a text."""

        text: str
        rows: list[PickRow]

    def __init__(self, slug: str, kind: str, candidates: list[tuple[str, str]],
                 detected: str = "", hold_below: bool = False) -> None:
        """``hold_below``: once a party is chosen, the keys typed after it wait for the
        screen below (the document view) to have the document read again with its party."""
        super().__init__()
        self.hold_below = hold_below
        self.slug, self.kind = slug, kind
        self.candidates = candidates
        self.detected = detected
        self._shown_for: str | None = None
        """The text whose parties the list shows (None: none shown yet)."""
        self._choose_when_found = False
        """⏎ came before the parties for the text typed: choose once they are shown (the
        keys after it wait meanwhile)."""
        self._moves_when_found = 0
        """↑/↓ typed before the parties for the text typed are shown."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall", id="party-pick"):
            yield Static(t("view.pick.title", kind=t(f"view.kind.{self.kind}")),
                         classes="dialog-title")
            if self.detected:
                yield Static(t("view.party.read", name=self.detected), classes="hint")
            yield Input(id="pick-filter", select_on_focus=False)
            yield OptionList(id="pick-list")
            yield Static(t("view.pick.hint"), classes="hint")
            yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#pick-list", OptionList).can_focus = False
        self.query_one("#pick-filter", Input).focus()
        self._search("")

    @on(Input.Changed, "#pick-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, group="pick", exit_on_error=False)
    def _search(self, text: str) -> None:
        rows = pick_rows(self.app.workspace, self.slug, self.kind, text,  # type: ignore[attr-defined]
                         self.candidates)
        self.post_message(self.Found(text, rows))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.text != self.query_one("#pick-filter", Input).value:
            return
        options = self.query_one("#pick-list", OptionList)
        options.clear_options()
        for row in message.rows:
            label = Text(f"{row.code:<10} {row.name}")
            if row.proposed:
                label.append(f"  ({t('view.pick.proposed')})", style="green")
            options.add_option(Option(label, id=row.code))
        if not message.rows:
            options.add_option(Option(Text(t("view.pick.none"), style="dim"), disabled=True))
        else:
            options.highlighted = 0
        self._shown_for = message.text
        if self._moves_when_found:
            moves, self._moves_when_found = self._moves_when_found, 0
            self.action_move(moves)
        if self._choose_when_found:
            self._choose_when_found = False
            self.action_choose()
            if self.is_current:  # nothing to choose: the keys after ⏎ come back here
                keys_ready(self)

    def action_move(self, step: int) -> None:
        """Move the highlight (after the parties for the text typed are shown)."""
        if self._shown_for != self.query_one("#pick-filter", Input).value:
            self._moves_when_found += step
            return
        options = self.query_one("#pick-list", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_choose(self) -> None:
        """Choose the highlighted party; typed before the parties for the text are shown
        ("Cave⏎" in one burst), the choice waits for them (it chose among the parties of
        the text before, or nothing, and the ⏎ was lost)."""
        if self._shown_for != self.query_one("#pick-filter", Input).value:
            self._choose_when_found = True
            hold_keys_until_loaded(self)
            return
        options = self.query_one("#pick-list", OptionList)
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id and not option.disabled:
            self._chosen(option.id)

    def _chosen(self, code: str) -> None:
        if self.hold_below and len(self.app.screen_stack) > 1:
            # Before the screen below is back on top: a key released when this one closes
            # must not reach it before it knows the party.
            hold_keys_until_loaded(self.app.screen_stack[-2])
        self.dismiss(code)

    @on(OptionList.OptionSelected, "#pick-list")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._chosen(event.option.id)

    def action_close(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
