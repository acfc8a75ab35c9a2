"""Doublons probables: the pairs of a list that are probably one company.

The search runs in a thread worker behind a progress bar (seconds on 100,000
parties); the pairs then show with their reason, and ⏎ on one opens the
list's merge for those two parties. After a merge the pairs are searched
again (the merged-away party's pairs leave at once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from books.errors import SaisieError
from books.i18n import t
from books.matching.duplicates import Pair
from tui.widgets.keybar import KeyBar

SHOWN = 500
"""At most this many pairs are listed (the strongest evidence first); after each merge the
search runs again, so the next ones come up."""
EVIDENCE_ORDER = {"siren": 0, "vat": 1, "name": 2, "close": 3}
"""Pairs sharing an identifier first, then the same name, then a name with a typo."""

MergePair = Callable[[Pair, Callable[[int | None], None]], None]
"""Opens the list's merge for a pair, then calls back with the id merged away (None: no merge)."""


class _Stopped(Exception):
    """The screen closed while the search ran: stop searching."""


class DuplicatesScreen(ModalScreen[None]):
    """The probable duplicates of one list; ⏎ merges a pair, esc closes."""

    BINDINGS = [
        Binding("enter", "merge", "dup.key.merge", id="dup_merge", key_display="⏎"),
        Binding("escape", "close", "dup.key.close", id="dup_close"),
    ]
    DEFAULT_CSS = """
    DuplicatesScreen #dup-pairs { height: auto; max-height: 60vh; display: none; }
    DuplicatesScreen #dup-bar { margin: 0 0 1 0; }
    """

    @dataclass
    class Found(Message):
        """The search ended."""

        pairs: list[Pair]
        """The first :data:`SHOWN` pairs."""
        count: int
        """How many pairs were found in all."""

    def __init__(self, slug: str, kind: str, merge: MergePair) -> None:
        super().__init__()
        self.slug, self.kind, self.merge = slug, kind, merge
        self.pairs: list[Pair] | None = None
        """The pairs shown (None until the first search ends)."""
        self.count = 0
        """How many pairs the last search found (more than are shown past :data:`SHOWN`)."""
        self.searching = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t(f"dup.title.{self.kind}"), classes="dialog-title")
            yield Static(t("dup.reading"), id="dup-status")
            yield ProgressBar(id="dup-bar", total=None, show_eta=False)
            yield OptionList(id="dup-pairs")
            yield Static(t("dup.hint"), classes="hint")
            yield KeyBar()

    def on_mount(self) -> None:
        self.search()

    # ------------------------------------------------------------------ search

    def search(self) -> None:
        """Look for the pairs again (in a thread), the bar showing how far it is."""
        self.searching = True
        bar = self.query_one("#dup-bar", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.query_one("#dup-status", Static).update(t("dup.reading"))
        self._search()

    @work(thread=True, exclusive=True, group="duplicates", exit_on_error=False)
    def _search(self) -> None:
        from books.matching.duplicates import find_duplicates

        worker = get_current_worker()

        def report(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Stopped
            self.app.call_from_thread(self._advance, done, total)

        try:
            pairs = find_duplicates(self.app.workspace, self.slug, self.kind,  # type: ignore[attr-defined]
                                    progress=report)
        except _Stopped:
            return
        except SaisieError as exc:
            self.app.call_from_thread(self.app.notify, exc.message, severity="warning")
            self.app.call_from_thread(self.dismiss, None)
            return
        if not worker.is_cancelled:  # only the first ones are kept: there may be 800,000
            shown = sorted(pairs, key=lambda p: EVIDENCE_ORDER.get(p.kind, 9))[:SHOWN]
            self.post_message(self.Found(shown, len(pairs)))

    def _advance(self, done: int, total: int) -> None:
        if not self.is_attached:
            return
        self.query_one("#dup-bar", ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#dup-status", Static).update(t("dup.progress", done=done * 100 // max(total, 1)))

    @on(Found)
    def _found(self, message: Found) -> None:
        self.searching = False
        self.query_one("#dup-bar", ProgressBar).display = False
        self._show(message.pairs, message.count)

    def _show(self, pairs: list[Pair], count: int) -> None:
        self.pairs, self.count = pairs, count
        options = self.query_one("#dup-pairs", OptionList)
        options.display = bool(pairs)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(Option(_label(p), id=f"{p.first.id}-{p.second.id}") for p in pairs)
        if pairs:
            options.highlighted = min(highlighted or 0, len(pairs) - 1)
            options.focus()
        status = t("dup.none") if not count else t(f"dup.found.{'one' if count == 1 else 'many'}",
                                                   count=count)
        if count > len(pairs):
            status = f"{status} · {t('dup.first', shown=len(pairs))}"
        if self.searching:
            status = f"{status} · {t('dup.reading')}"
        self.query_one("#dup-status", Static).update(status)

    # ------------------------------------------------------------------- merge

    def action_merge(self) -> None:
        """Open the merge of the highlighted pair."""
        options = self.query_one("#dup-pairs", OptionList)
        if self.pairs and options.highlighted is not None:
            self._merge(self.pairs[options.highlighted])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.pairs:
            self._merge(self.pairs[event.option_index])

    def _merge(self, pair: Pair) -> None:
        def merged(gone: int | None) -> None:
            if gone is None or not self.is_attached:
                return
            if self.pairs is not None:
                kept = [p for p in self.pairs if gone not in (p.first.id, p.second.id)]
                self._show(kept, self.count - (len(self.pairs) - len(kept)))
            self.search()

        self.merge(pair, merged)

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)


def _label(pair: Pair) -> Text:
    """``C01 Dupont SARL  ↔  C07 Dupond SARL`` and, below, the reason."""
    label = Text()
    label.append(pair.first.code, style="bold")
    label.append(f" {pair.first.name}  ↔  ")
    label.append(pair.second.code, style="bold")
    label.append(f" {pair.second.name}\n")
    label.append(f"  {pair.reason}", style="dim")
    return label
