"""The Actions menu of the party lists, its dialogs, and what each action does.

Every action applies to the selection (or to the party under the cursor
when nothing is selected), runs its service in a thread, says what it did,
and the list reads itself again. Destructive ones can be undone with ``u``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from books.i18n import t
from books.parties.listing import Selection
from tui.screens.ask import AskScreen
from tui.widgets.keybar import KeyBar
from tui.widgets.path_suggester import PathSuggester

if TYPE_CHECKING:
    from books.context import Workspace
    from books.matching.duplicates import Pair
    from tui.screens.progress import WorkerProgress
    from tui.widgets.party_table import PartyTable

MERGE_CHOICES = 200
"""At most this many parties are offered as the one that stays in a merge."""

PROGRESS_FROM = 2000
"""An archive, restore or delete of at least this many parties shows its progress
(as an undo does): a bar that moves while the service works in its worker."""


def menu_entries() -> list[str]:
    """The actions offered, the one that deletes last (never the highlighted default)."""
    return ["rules", "archive", "restore", "group_add", "group_remove", "merge", "duplicates",
            "export", "import", "delete"]


class ActionsMenu(ModalScreen[str | None]):
    """Pick an action for the selection."""

    BINDINGS = [Binding("escape", "close", "key.list_menu_close", id="list_menu_close")]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("list.actions_title", count=self.count), classes="dialog-title")
            yield OptionList(*(Option(t(f"list.action.{a}"), id=a) for a in menu_entries()),
                             id="actions-menu")
            yield KeyBar()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close without acting."""
        self.dismiss(None)


class MergeScreen(ModalScreen[int | None]):
    """Pick the party that stays; the others merge into it."""

    BINDINGS = [Binding("escape", "close", "key.list_menu_close", id="list_menu_close")]

    def __init__(self, choices: list[tuple[int, str]], count: int) -> None:
        super().__init__()
        self.choices, self.count = choices, count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("list.merge_title", count=self.count), classes="dialog-title")
            yield OptionList(*(Option(label, id=str(i)) for i, label in self.choices),
                             id="merge-choices")
            yield Static(t("list.merge_hint"), classes="hint")
            yield KeyBar()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_close(self) -> None:
        """Close without merging."""
        self.dismiss(None)


class PartyActions:
    """What the list screen does with its selection (mixed into ``PartiesScreen``)."""

    slug: str
    kind: str
    filter_text: str
    ws: Workspace
    table: PartyTable
    app: Any

    def refused(self, identity: bool = False) -> bool:
        raise NotImplementedError

    def selection(self) -> Selection | None:
        """The selection for the services, or the party under the cursor when none."""
        picks = self.table.picks
        if picks.query is not None:
            return Selection(query=picks.query, excluded=frozenset(picks.excluded))
        if picks.ids:
            return Selection(ids=frozenset(picks.ids))
        row = self.table.current
        return Selection(ids=frozenset({row.id})) if row is not None else None

    def _count(self) -> int:
        return self.table.picks.count() or (1 if self.table.current is not None else 0)

    def action_actions(self) -> None:
        """The Actions menu: delete, archive, groups, merge, export, import."""
        self.app.push_screen(ActionsMenu(self._count()), self._chosen)

    def _chosen(self, action: str | None) -> None:
        if action is not None:
            getattr(self, f"run_{action}")()

    def _done(self, text: str, clear: bool = True) -> None:
        """Say what happened, and show the list as it is now."""
        self.app.notify(text)
        if clear:
            self.table.clear_selection()
        self.table.reload()

    # ------------------------------------------------------ asking first

    def noun(self, count: int) -> str:
        """``client``/``clients``, ``fournisseur``/``fournisseurs`` for ``count`` parties."""
        return t(f"bulk.noun.{self.kind}.{'one' if count == 1 else 'many'}")

    def ask_first(self, question: str, detail: str, yes_label: str, then: Callable[[], None]) -> None:
        """Run ``then`` only if the person explicitly says yes (Enter alone says no)."""
        from tui.screens.safe_confirm import SafeConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(SafeConfirmScreen(question, detail, yes_label), answered)

    @staticmethod
    def _names(names: list[str], count: int) -> str:
        return ", ".join(names) + ("…" if count > len(names) else "")

    # ------------------------------------------------- rules (issue 18)

    def run_rules(self) -> None:
        """Modifier la sélection: give the selected parties rule fields in one action."""
        from books.access.permissions import refusal

        selection = self.selection()
        message = refusal(self.ws.user, "rule.edit")
        if message:
            self.app.notify(message, severity="warning")
        elif selection is not None:
            self._open_bulk_rules(selection)

    @work(thread=True, exit_on_error=False)
    def _open_bulk_rules(self, selection: Selection) -> None:
        from books.rules.service import selection_ids
        from tui.screens.rules.editor import EditTarget

        ids = selection_ids(self.ws, self.slug, selection)
        target = EditTarget(self.slug, self.kind, party_ids=ids, bulk=True,
                            title=t("rules.editor.bulk", count=len(ids), noun=self.noun(len(ids))))
        self.app.call_from_thread(self._bulk_rules, target)

    def _bulk_rules(self, target: Any) -> None:
        from tui.screens.rules.editor import RuleEditor

        def saved(done: bool | None) -> None:
            if done:
                self.table.clear_selection()
                self.table.reload()

        self.app.push_screen(RuleEditor(target), saved)

    # ----------------------------------------------------------------- delete

    def action_delete(self) -> None:
        """Delete the selection, after a confirmation naming the first ones."""
        self.run_delete()

    def run_delete(self) -> None:
        """Ask, then delete (the parties with documents are kept and named)."""
        selection = self.selection()
        if selection is not None and not self.refused(identity=True):
            self._ask_delete(selection)

    @work(thread=True, exit_on_error=False)
    def _ask_delete(self, selection: Selection) -> None:
        from books.parties.changes import delete_plan

        plan = delete_plan(self.ws, self.slug, selection)
        refusal = plan.refusal()
        if refusal:  # say why now, not after a question
            self.app.call_from_thread(self.app.notify, refusal, severity="warning")
            return
        detail = t("bulk.delete_detail", names=self._names(list(plan.deleted_names), plan.deleted))
        if plan.kept:
            detail += "\n" + t(f"bulk.delete_kept.{'one' if plan.kept == 1 else 'many'}",
                                count=plan.kept, noun=self.noun(plan.kept),
                                names=self._names(list(plan.kept_names), plan.kept))
        question = t("bulk.delete_question", count=plan.deleted, noun=self.noun(plan.deleted))
        self.app.call_from_thread(self.ask_first, question, detail, t("bulk.delete_yes"),
                                  lambda: self._delete(selection, plan.deleted))

    def _progress(self, action: str, count: int) -> WorkerProgress:
        """The progress screen of a bulk ``action`` (archive, restore, delete) on ``count`` parties."""
        from books.i18n import number
        from tui.screens.progress import WorkerProgress

        title = t(f"bulk.{action}_progress", count=number(count), noun=self.noun(count))
        return WorkerProgress(self.app, title, f"bulk.{action}_progress_count", PROGRESS_FROM)

    @work(thread=True, exit_on_error=False)
    def _delete(self, selection: Selection, count: int) -> None:
        from books.i18n import number
        from books.parties.changes import delete_parties

        progress = self._progress("delete", count)
        try:
            result = delete_parties(self.ws, self.slug, selection, progress=progress)
        finally:
            progress.close()
        text = t("list.deleted", count=result.deleted) if not result.kept else t(
            "bulk.deleted_kept", deleted=number(result.deleted), count=result.kept,
            names=self._names(list(result.kept_names), result.kept))
        self.app.call_from_thread(self._done, text)

    # ---------------------------------------------------------------- archive

    def run_archive(self) -> None:
        """Archive the selection (hidden from lists and matching, history kept), after asking."""
        selection = self.selection()
        if selection is not None and not self.refused():
            self._ask_archive(selection, self._count())

    def run_restore(self) -> None:
        """Restore archived parties of the selection."""
        selection = self.selection()
        if selection is not None and not self.refused():
            self._set_archived(selection, False, self._count())

    @work(thread=True, exit_on_error=False)
    def _ask_archive(self, selection: Selection, count: int) -> None:
        from books.parties.listing import selection_names

        names = self._names(selection_names(self.ws, selection), count)
        self.app.call_from_thread(
            self.ask_first, t("bulk.archive_question", count=count, noun=self.noun(count)),
            t("bulk.archive_detail", names=names), t("bulk.archive_yes"),
            lambda: self._set_archived(selection, True, count))

    @work(thread=True, exit_on_error=False)
    def _set_archived(self, selection: Selection, archived: bool, selected: int) -> None:
        from books.parties.changes import set_archived

        progress = self._progress("archive" if archived else "restore", selected)
        try:
            count = set_archived(self.ws, self.slug, selection, archived, progress=progress)
        finally:
            progress.close()
        key = "list.archived_done" if archived else "list.restored_done"
        self.app.call_from_thread(self._done, t(key, count=count))

    # ----------------------------------------------------------------- groups

    def run_group_add(self) -> None:
        """Add the selection to a group (created if new)."""
        self._ask_group(True)

    def run_group_remove(self) -> None:
        """Remove the selection from a group."""
        self._ask_group(False)

    def _ask_group(self, add: bool) -> None:
        from books.parties.changes import dossier_groups

        selection = self.selection()
        if selection is None or self.refused():
            return
        groups = dossier_groups(self.ws, self.slug)
        hint = t("list.groups_known", names=", ".join(groups) or "—")
        title = t("list.group_add_title" if add else "list.group_remove_title", count=self._count())

        def answered(name: str | None) -> None:
            if name:
                self._change_group(selection, name, add)

        self.app.push_screen(AskScreen(title, hint=hint, suggestions=groups), answered)

    @work(thread=True, exit_on_error=False)
    def _change_group(self, selection: Selection, name: str, add: bool) -> None:
        from books.parties.changes import change_group

        count = change_group(self.ws, self.slug, selection, name, add)
        key = "list.group_added" if add else "list.group_removed"
        self.app.call_from_thread(self._done, t(key, count=count, group=name), False)

    # ------------------------------------------------------------------ merge

    def run_merge(self) -> None:
        """Merge the selected parties into the one the user picks."""
        selection = self.selection()
        if selection is not None and not self.refused(identity=True):
            self._merge_choices(selection)

    @work(thread=True, exit_on_error=False)
    def _merge_choices(self, selection: Selection) -> None:
        from books.parties.listing import page

        if selection.query is not None:
            rows = page(self.ws, selection.query, 0, MERGE_CHOICES + len(selection.excluded))
            rows = [r for r in rows if r.id not in selection.excluded]
        else:
            rows = self._rows_of(sorted(selection.ids)[:MERGE_CHOICES])
        choices = [(r.id, f"{r.code}  {r.name}  {r.city or ''}") for r in rows[:MERGE_CHOICES]]
        names = {r.id: r.name for r in rows[:MERGE_CHOICES]}
        self.app.call_from_thread(self._pick_kept, choices, names, selection)

    def _rows_of(self, ids: list[int]) -> list[Any]:
        from books.parties.changes import get_party_by_id

        return [get_party_by_id(self.ws, i) for i in ids]

    def _pick_kept(self, choices: list[tuple[int, str]], names: dict[int, str],
                   selection: Selection) -> None:
        count = self._count() - 1

        def picked(keep: int | None) -> None:
            if keep is not None:
                self.ask_first(
                    t("bulk.merge_question", count=count, noun=self.noun(count), keep=names[keep]),
                    t("bulk.merge_detail", keep=names[keep]), t("bulk.merge_yes"),
                    lambda: self._merge(keep, selection))

        self.app.push_screen(MergeScreen(choices, self._count()), picked)

    @work(thread=True, exit_on_error=False)
    def _merge(self, keep: int, selection: Selection) -> None:
        from books.parties.changes import merge_parties

        count = merge_parties(self.ws, self.slug, keep, selection)
        self.app.call_from_thread(self._done, t("list.merged", count=count))

    # ------------------------------------------------------------- duplicates

    def run_duplicates(self) -> None:
        """Doublons probables: search the list in a thread, then merge pair by pair."""
        from tui.screens.parties.duplicates import DuplicatesScreen

        if not self.refused():
            self.app.push_screen(DuplicatesScreen(self.slug, self.kind, self.merge_pair))

    def merge_pair(self, pair: Pair, then: Callable[[int | None], None]) -> None:
        """The list's merge for two parties: pick the one that stays, confirm, merge.
        ``then`` gets the id merged away (None when nothing was merged)."""
        if self.refused(identity=True):
            return
        parties = {p.id: p for p in (pair.first, pair.second)}
        selection = Selection(ids=frozenset(parties))

        def picked(keep: int | None) -> None:
            if keep is not None:
                self.ask_first(
                    t("bulk.merge_question", count=1, noun=self.noun(1), keep=parties[keep].name),
                    t("bulk.merge_detail", keep=parties[keep].name), t("bulk.merge_yes"),
                    lambda: self._merge_pair(keep, selection, then))

        choices = [(p.id, f"{p.code}  {p.name}") for p in parties.values()]
        self.app.push_screen(MergeScreen(choices, 2), picked)

    @work(thread=True, exit_on_error=False)
    def _merge_pair(self, keep: int, selection: Selection, then: Callable[[int | None], None]) -> None:
        from books.errors import SaisieError
        from books.parties.changes import merge_parties

        try:
            count = merge_parties(self.ws, self.slug, keep, selection)
        except SaisieError as exc:  # merged or deleted meanwhile: say so, search again
            self.app.call_from_thread(self.app.notify, f"{exc.message} {t('dup.gone')}",
                                      severity="warning")
            self.app.call_from_thread(then, -1)
            return
        self.app.call_from_thread(self._done, t("list.merged", count=count))
        self.app.call_from_thread(then, next(i for i in selection.ids if i != keep))

    # ---------------------------------------------------------- export, import

    def run_export(self) -> None:
        """Export the selection (or the filtered list) as CSV to a file."""
        default = str(Path("~").expanduser() / f"{self.slug}-{self.kind}.csv")

        def answered(path: str | None) -> None:
            if path:
                self._export(str(Path(path).expanduser()))

        self.app.push_screen(AskScreen(t("list.export_title", count=self._count()), default,
                                       t("list.export_hint"), suggester=PathSuggester((".csv",))),
                             answered)

    @work(thread=True, exit_on_error=False)
    def _export(self, path: str) -> None:
        from books.exchange import export_parties
        from books.parties.listing import codes_of

        picks = self.table.picks
        query = self.table.query
        archived = bool(query and query.archived)
        if picks.query is not None and not picks.excluded:
            written = export_parties(self.ws, self.slug, self.kind, None, path,
                                     self.filter_text or None, archived)
        else:
            selection = self.selection()
            ids = sorted(selection.ids) if selection and selection.query is None else []
            if selection is not None and selection.query is not None:
                ids = [i for i in self.table.source.ids(selection.query)
                       if i not in selection.excluded]
            written = export_parties(self.ws, self.slug, self.kind, codes_of(self.ws, ids), path,
                                     None, archived)
        self.app.call_from_thread(self._done, t("list.exported", count=written, path=path), False)

    def run_import(self) -> None:
        """Import parties from a CSV file."""
        if self.refused():
            return
        from tui.screens.parties.importer import PartyImportScreen

        self.app.push_screen(PartyImportScreen(self.slug, self.kind),
                             lambda _r: self.table.reload())
