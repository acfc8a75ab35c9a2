"""A dossier's Règles screen: every rule in one filterable list with what it sets, and
rule health (how many documents each rule filled, where typing is still manual).

Only admins create, edit or delete rules; for the others those keys say why not.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from books.access.permissions import refusal
from books.i18n import t
from books.identity import fold
from store.rules import RuleRow
from tui.keys import hold_keys_until_loaded, keys_ready
from tui.widgets.contextbar import ContextBar
from tui.widgets.keybar import KeyBar


class RulesScreen(Screen[None]):
    """Règles: the dossier's rules."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("n", "new", "key.rules_new", id="rules_new"),
        Binding("enter,e", "edit", "key.rules_edit", id="rules_edit"),
        Binding("delete,d", "delete", "key.rules_delete", id="rules_delete"),
        Binding("h", "health", "key.rules_health", id="rules_health"),
        Binding("u", "undo", "key.undo_rules", id="undo_rules"),
        Binding("slash", "filter", "key.filter", id="filter", show=False),
    ]
    FOOTER_PRIORITY = ("rules_new", "rules_edit", "rules_health", "undo_rules", "back",
                       "rules_delete")
    """Binding ids the footer keeps first when the width cannot hold every key."""

    @dataclass
    class Loaded(Message):
        """The rules were read."""

        rules: list[RuleRow]
        dossier: str

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.rules: list[RuleRow] = []
        self.shown: list[RuleRow] = []
        hold_keys_until_loaded(self)

    def compose(self) -> ComposeResult:
        yield ContextBar()
        yield Static(t("rules.screen.title"), classes="section-title", id="rules-title")
        yield Input(placeholder=t("rules.screen.filter"), id="rules-filter")
        yield DataTable(id="rules", cursor_type="row", zebra_stripes=True)
        yield Static("", id="rules-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def reload(self) -> None:
        """Read the rules in a thread."""
        from books.dossiers.service import get_dossier
        from books.rules.service import list_rules

        ws = self.app.workspace  # type: ignore[attr-defined]
        self.post_message(self.Loaded(list_rules(ws, self.slug), get_dossier(ws, self.slug).name))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.rules = message.rules
        bar = self.query_one(ContextBar)
        bar.dossier = message.dossier
        bar.refresh_text()
        self._fill()
        keys_ready(self)
        self.query_one("#rules", DataTable).focus()

    @on(Input.Changed, "#rules-filter")
    def _filtered(self) -> None:
        self._fill()

    @on(Input.Submitted, "#rules-filter")
    def _filter_done(self) -> None:
        self.query_one("#rules", DataTable).focus()

    def _fill(self) -> None:
        from books.rules.service import describe_rule, describe_sets

        words = fold(self.query_one("#rules-filter", Input).value).split()
        table = self.query_one("#rules", DataTable)
        current = self._current()
        row_before = table.cursor_row
        table.clear(columns=True)
        for column in ("kind", "who", "fired", "sets"):  # what it sets last: it may be cut
            table.add_column(t(f"rules.col.{column}"), key=column)
        self.shown = []
        for rule in self.rules:
            cells = (t(f"rules.kind.{rule.kind}"), describe_rule(rule), str(rule.fired_count),
                     describe_sets(rule.sets))
            if all(word in fold(" ".join(cells)) for word in words):
                self.shown.append(rule)
                table.add_row(*cells, key=str(rule.id))
        # Read again (a change saved, undone, or another person's): the cursor stays on its
        # rule, or where it was when that rule is gone; it went back to the first row.
        ids = [rule.id for rule in self.shown]
        if current is not None and current.id in ids:
            table.move_cursor(row=ids.index(current.id), animate=False)
        elif self.shown:
            table.move_cursor(row=min(row_before, len(self.shown) - 1), animate=False)
        self.query_one("#rules-status", Static).update(
            t("rules.screen.count", count=len(self.shown), total=len(self.rules)))

    def _current(self) -> RuleRow | None:
        table = self.query_one("#rules", DataTable)
        if not self.shown or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _refused(self) -> bool:
        message = refusal(self.app.workspace.user, "rule.edit")  # type: ignore[attr-defined]
        if message:
            self.notify(message, severity="warning")
        return message is not None

    def action_back(self) -> None:
        """Back to the dossier."""
        self.dismiss(None)

    def action_filter(self) -> None:
        """Type words to filter the rules."""
        self.query_one("#rules-filter", Input).focus()

    def action_new(self) -> None:
        """A new rule: a supplier rule first, the most common (another kind chosen in the editor)."""
        from tui.screens.rules.editor import EditTarget, RuleEditor

        if self._refused():
            return
        target = EditTarget(self.slug, "supplier", title=t("rules.editor.new"))
        self.app.push_screen(RuleEditor(target), self._edited)

    def action_edit(self) -> None:
        """Edit the rule under the cursor."""
        from tui.screens.rules.editor import EditTarget, RuleEditor

        if isinstance(self.focused, Input):
            self.query_one("#rules", DataTable).focus()
            return
        rule = self._current()
        if rule is None or self._refused():
            return
        from books.rules.service import describe_rule

        title = t("rules.editor.edit", kind=t(f"rules.kind.{rule.kind}"), who=describe_rule(rule))
        self.app.push_screen(RuleEditor(EditTarget(self.slug, rule.kind, rule, title=title)),
                             self._edited)

    def _edited(self, saved: bool | None) -> None:
        if saved:
            self.reload()

    def action_delete(self) -> None:
        """Delete the rule under the cursor, after showing what it changes."""
        rule = self._current()
        if rule is None or self._refused():
            return
        hold_keys_until_loaded(self)  # keys typed meanwhile answer the confirmation
        self._plan_delete(rule.id)

    @work(thread=True, exclusive=True, group="rule_delete", exit_on_error=False)
    def _plan_delete(self, rule_id: int) -> None:
        from books.errors import SaisieError
        from books.rules.service import plan_delete

        try:
            plan = plan_delete(self.app.workspace, self.slug, rule_id)  # type: ignore[attr-defined]
        except SaisieError as error:
            self.app.call_from_thread(self.notify, error.message, severity="error")
            self.app.call_from_thread(keys_ready, self)
            return
        self.app.call_from_thread(self._ask_delete, plan)

    def _ask_delete(self, plan: object) -> None:
        from tui.screens.confirm import ConfirmScreen
        from tui.screens.rules.editor import describe_plan

        def answered(yes: bool | None) -> None:
            if yes:
                self._commit(plan)

        self.app.push_screen(ConfirmScreen(describe_plan(plan)), answered)  # type: ignore[arg-type]
        keys_ready(self)

    @work(thread=True, exclusive=True, group="rule_delete", exit_on_error=False)
    def _commit(self, plan: object) -> None:
        from books.errors import SaisieError
        from books.rules.service import commit

        try:
            commit(self.app.workspace, plan)  # type: ignore[attr-defined,arg-type]
        except SaisieError as error:
            self.app.call_from_thread(self.notify, error.message, severity="error")
            return
        self.app.call_from_thread(self.notify, t("rules.screen.deleted"))
        self.reload()

    def action_health(self) -> None:
        """Rule health: documents filled, rules never fired or hidden, manual parties."""
        self.app.push_screen(RulesHealthScreen(self.slug, self.query_one(ContextBar).dossier))

    def action_undo(self) -> None:
        """Take back your own last change of this dossier (``saisie undo``)."""
        if self._refused():
            return
        self._undo()

    @work(thread=True, exclusive=True, group="rule_undo", exit_on_error=False)
    def _undo(self) -> None:
        from books.errors import SaisieError
        from books.parties.undo import undo_last

        try:
            undone = undo_last(self.app.workspace, self.slug)  # type: ignore[attr-defined]
        except SaisieError as error:
            self.app.call_from_thread(self.notify, error.message, severity="warning")
            return
        self.app.call_from_thread(self.notify, t("undo.done", summary=undone.summary))
        self.reload()


class RulesHealthScreen(Screen[None]):
    """For each rule, how many documents it filled and when it last fired; rules that
    never fire or that a higher layer hides; parties with documents and no rule."""

    BINDINGS = [Binding("escape", "back", "key.back", id="back")]

    @dataclass
    class Loaded(Message):
        """The health was worked out."""

        health: object

    def __init__(self, slug: str, dossier_name: str | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.dossier_name = dossier_name
        """The dossier's name, for the header (as on the Règles screen)."""

    def compose(self) -> ComposeResult:
        yield ContextBar(self.dossier_name)
        yield Static(t("rules.health.title"), classes="section-title")
        yield DataTable(id="health", cursor_type="row", zebra_stripes=True)
        yield Static("", id="manual-title", classes="section-title")
        yield DataTable(id="manual", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def reload(self) -> None:
        """Work the health out in a thread."""
        from books.rules.health import rule_health

        self.post_message(self.Loaded(rule_health(self.app.workspace, self.slug)))  # type: ignore[attr-defined]

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        from books.formats import as_local, format_date, format_datetime
        from books.rules.health import Health

        health = message.health
        assert isinstance(health, Health)
        table = self.query_one("#health", DataTable)
        # What is wrong with a rule before when it last fired, and that as a day only on
        # a narrow terminal: at 80 columns the state was pushed off screen and the time
        # cut ('2026-12-03 05:4').
        narrow = self.size.width < 100
        for column in ("kind", "who", "fired", "state", "last"):
            table.add_column(t(f"rules.col.{column}"))
        for r in health.rules:
            when = (format_date(as_local(r.last_fired_at).date()) if narrow and r.last_fired_at
                    else format_datetime(r.last_fired_at))
            table.add_row(t(f"rules.kind.{r.kind}"), r.who, str(r.fired),
                          t(f"rules.state.{r.state}"), when)
        self.query_one("#manual-title", Static).update(
            t("rules.health.manual", count=len(health.manual)))
        manual = self.query_one("#manual", DataTable)
        for column in ("kind", "who", "fired"):
            manual.add_column(t(f"rules.col.{column}"))
        for m in health.manual:
            manual.add_row(t(f"rules.kind.{m.kind}"), f"{m.code} {m.name}", str(m.documents))

    def action_back(self) -> None:
        """Back to the rules."""
        self.dismiss(None)
