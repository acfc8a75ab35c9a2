"""The rule editor: create or change one rule (a party's, a payment method's, a user's,
an exception, the dossier's defaults), or give a selection of parties rule fields at
once (the list's "Modifier la sélection").

Saving works out the difference the rule makes to the inbox in a worker, shows it
(documents, fields, old → new) for confirmation, then writes it: one undo entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Select, Static

from books.i18n import number, t
from books.rules.engine import KINDS, PARTY_KINDS, SETTINGS
from tui.screens.unsaved import UnsavedGuard
from tui.widgets.form import FormFields
from tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from books.rules.service import Plan
    from store.rules import RuleRow

CHOICE_SETTINGS = ("paid", "auto_publish")
"""Settings answered yes / no (or left unset)."""

DIFF_SHOWN = 8
"""Changes listed in the confirmation before "… and N more"."""


@dataclass
class EditTarget:
    """What the editor edits: one rule (``rule``), a new rule of ``kind`` (for ``party_ids``
    when given), or a bulk edit of ``party_ids`` (``bulk``)."""

    slug: str
    kind: str
    rule: RuleRow | None = None
    party_ids: list[int] = field(default_factory=list)
    bulk: bool = False
    title: str = ""
    prefill: dict[str, Any] = field(default_factory=dict)
    """Values to start from (a document's current values: ``values_from_document``)."""
    document_id: int | None = None
    """The document the rule is made from: it gets the rule even when the inbox does not."""


class RuleEditor(UnsavedGuard, ModalScreen[bool]):
    """Fill the fields, ``ctrl+s`` works out the difference, a confirmation writes it."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.rules_save", id="rules_save"),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    @dataclass
    class Planned(Message):
        """The difference was worked out (``plan``), or the save refused (``error``)."""

        plan: Plan | None
        error: Exception | None = None

    UNGUARDED = ("f-kind",)
    """Choosing a kind alone types nothing: escape then leaves without asking."""

    writing: reactive[bool] = reactive(False, bindings=True)
    """The confirmed change is being written (100,000 rules take seconds): saving again or
    leaving waits until it is done."""

    def __init__(self, target: EditTarget) -> None:
        super().__init__()
        self.target = target
        self._software: str | None = None
        """The accounting software the dossier is connected to (read on mount)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save and cancel wait while the change is written."""
        if action in ("save", "cancel") and self.writing:
            return False
        return True

    def compose(self) -> ComposeResult:
        target, sets = self.target, (self.target.rule.sets if self.target.rule else {})
        with Vertical(classes="dialog wide record-dialog", id="rule-editor"):
            yield Static(target.title or t("rules.editor.title"), classes="dialog-title")
            with FormFields(classes="record-form"):
                if target.rule is None and not target.party_ids and not target.bulk:
                    yield self._row("kind", Select([(t(f"rules.kind.{k}"), k) for k in KINDS],
                                                   value=target.kind, allow_blank=False,
                                                   id="f-kind"))
                yield from self._condition_rows()
                for name in SETTINGS:
                    setting = sets.get(name)
                    if name in target.prefill:
                        setting = {**(setting or {}), "value": target.prefill[name]}
                    yield self._setting_row(name, setting)
                yield Checkbox(t("rules.editor.apply_from_document" if target.document_id
                                 else "rules.editor.apply"),
                               target.document_id is None, id="f-apply")
                if target.document_id:
                    yield Static(t("rules.editor.apply_from_document_hint"), id="apply-hint",
                                 classes="hint")
            yield Static("", id="form-error")
            yield KeyBar()

    def _row(self, name: str, widget: Any, blank: Checkbox | None = None) -> Horizontal:
        children = [Static(t(f"rules.editor.field.{name}"), classes="form-label"), widget]
        if blank is not None:
            children.append(blank)
        return Horizontal(*children, classes="rule-row", id=f"row-{name}")

    def _condition_rows(self) -> ComposeResult:
        condition = self.target.rule.condition if self.target.rule else {}
        when = condition.get("payment_method") or condition.get("user") or ""
        yield self._row("party", Input("", id="f-party"))
        yield self._row("when", Input(str(when), id="f-when"))
        yield self._row("amount_above", Input(str(condition.get("amount_above") or ""),
                                              id="f-amount_above"))
        yield self._row("flags", Input(", ".join(condition.get("flags") or []), id="f-flags"))
        yield Checkbox(t("rules.field.vat_missing"), bool(condition.get("vat_missing")),
                       id="f-vat_missing")
        yield Checkbox(t("rules.field.party_new_this_month"),
                       bool(condition.get("party_new_this_month")), id="f-party_new_this_month")

    def _setting_row(self, name: str, setting: dict[str, Any] | None) -> Horizontal:
        value = None if setting is None else setting.get("value")
        blank = Checkbox(t("rules.mode.only_if_blank"),
                         bool(setting and setting.get("mode") == "only_if_blank"),
                         id=f"b-{name}", classes="blank-mode")
        if name in CHOICE_SETTINGS:
            chosen = Select.NULL if value is None else (
                "yes" if value in (True, "oui", "yes") else "no")
            widget: Any = Select([(t("rules.value.yes"), "yes"), (t("rules.value.no"), "no")],
                                 value=chosen, id=f"f-{name}", prompt=t("rules.editor.unset"))
        else:
            widget = Input("" if value is None else str(value), id=f"f-{name}")
        return Horizontal(Static(t(f"rules.field.{name}"), classes="form-label"), widget, blank,
                          classes="rule-row", id=f"row-{name}")

    def on_mount(self) -> None:
        self._offer_rates()
        self._show_rows()

    def _offer_rates(self) -> None:
        """The VAT rate field offers the dossier's rates (La Réunion's: 8,5 ; 2,1 ; …)."""
        from textual.suggester import SuggestFromList

        from books.dossiers.service import get_dossier
        from books.dossiers.vat import rates_of, rates_text

        dossier = get_dossier(self.app.workspace, self.target.slug)  # type: ignore[attr-defined]
        territory = dossier.vat_territory
        self._software = dossier.accounting_software
        rate = self.query_one("#f-vat_rate", Input)
        rate.placeholder = rates_text(territory)
        rate.suggester = SuggestFromList(rates_of(territory))

    def _hidden(self) -> tuple[str, ...]:
        """Settings not offered: those the dossier's connected software owns."""
        from books.rules.validate import owned_by_software

        return owned_by_software(self.target.kind, self._software)

    @on(Select.Changed, "#f-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.target.kind = event.value
            self._show_rows()

    def _show_rows(self) -> None:
        """Only the condition rows the kind has, and the note for suppliers."""
        kind = self.target.kind
        ask_party = kind in PARTY_KINDS and self.target.rule is None and not self.target.party_ids
        shown = {"party": ask_party, "when": kind in ("payment_method", "user"),
                 "amount_above": kind == "exception", "flags": kind == "exception"}
        for name, visible in shown.items():
            self.query_one(f"#row-{name}").display = visible
        for name in ("vat_missing", "party_new_this_month"):
            self.query_one(f"#f-{name}").display = kind == "exception"
        hidden = self._hidden()
        for name in SETTINGS:
            self.query_one(f"#row-{name}").display = (
                name not in hidden and (name != "note" or kind == "supplier"))
        shown_inputs = [w for w in self.query(Input) if w.display and w.parent and w.parent.display]
        if shown_inputs:
            shown_inputs[0].focus()

    def values(self) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
        """(settings typed, those only filling a blank, the condition; for a new party
        rule, the party's code as ``condition["party"]``)."""
        settings: dict[str, Any] = {}
        blanks = []
        for name in SETTINGS:
            widget = self.query_one(f"#f-{name}")
            value = widget.value
            settings[name] = None if value is Select.NULL else value
            if self.query_one(f"#b-{name}", Checkbox).value:
                blanks.append(name)
        if self.target.kind != "supplier":
            settings.pop("note", None)
        for name in self._hidden():
            settings.pop(name, None)
        when = self.query_one("#f-when", Input).value.strip()
        condition: dict[str, Any] = {
            "payment_method": {"payment_method": when}, "user": {"user": when},
            "exception": {"amount_above": self.query_one("#f-amount_above", Input).value.strip(),
                          "flags": self.query_one("#f-flags", Input).value,
                          "vat_missing": self.query_one("#f-vat_missing", Checkbox).value,
                          "party_new_this_month":
                              self.query_one("#f-party_new_this_month", Checkbox).value},
            "supplier": {"party": self.query_one("#f-party", Input).value.strip()},
            "customer": {"party": self.query_one("#f-party", Input).value.strip()},
        }.get(self.target.kind, {})
        return settings, blanks, condition

    def action_save(self) -> None:
        """Work out the difference, then ask."""
        settings, blanks, condition = self.values()
        apply = self.query_one("#f-apply", Checkbox).value
        self.query_one("#form-error", Static).update(t("rules.editor.working"))
        self._plan(settings, blanks, condition, apply)

    @work(thread=True, exclusive=True, group="rule_plan", exit_on_error=False)
    def _plan(self, settings: dict[str, Any], blanks: list[str], condition: dict[str, Any],
              apply: bool) -> None:
        from books.errors import SaisieError

        try:
            plan = make_plan(self.app.workspace, self.target, settings, blanks,  # type: ignore[attr-defined]
                             condition, apply)
        except SaisieError as error:
            self.post_message(self.Planned(None, error))
            return
        self.post_message(self.Planned(plan))

    @on(Planned)
    def _planned(self, message: Planned) -> None:
        from tui.screens.confirm import ConfirmScreen
        from tui.widgets.form import show_refusal

        where = self.query_one("#form-error", Static)
        if message.plan is None:
            assert message.error is not None
            show_refusal(self, message.error, where)
            return
        where.update("")
        plan = message.plan

        def answered(yes: bool | None) -> None:
            if yes:
                self.writing = True
                where.update(t("rules.editor.writing", rules=number(plan.rules_changed),
                               documents=number(plan.documents_changed)))
                self._commit(plan)

        self.app.push_screen(ConfirmScreen(describe_plan(plan)), answered)

    @work(thread=True, exclusive=True, group="rule_commit", exit_on_error=False)
    def _commit(self, plan: Plan) -> None:
        from books.errors import SaisieError
        from books.rules.service import commit

        try:
            applied = commit(self.app.workspace, plan)  # type: ignore[attr-defined]
        except SaisieError as error:
            self.app.call_from_thread(setattr, self, "writing", False)
            self.post_message(self.Planned(None, error))
            return
        self.app.call_from_thread(self.app.notify, t(
            "rules.editor.saved", rules=number(applied.rules), documents=number(applied.documents)))
        self.app.call_from_thread(self.dismiss, True)

    def action_cancel(self) -> None:
        """Close without saving (asks first when something was typed or ticked)."""
        self.leave(False)


def make_plan(ws: Any, target: EditTarget, settings: dict[str, Any], blanks: list[str],
              condition: dict[str, Any], apply: bool) -> Plan:
    """The books service's plan for what the editor holds."""
    from books.errors import InvalidInput
    from books.rules import service

    if target.kind in PARTY_KINDS:
        ids = target.party_ids or ([target.rule.party_id] if target.rule and
                                   target.rule.party_id else [])
        if not ids and condition.get("party"):
            ids = service.get_party_ids(ws, target.slug, target.kind, [condition["party"]])
        if not ids:
            raise InvalidInput(t("rules.editor.party_first"), "party")
        if target.bulk:  # only the fields filled in change; the rest of each rule stays
            chosen = {k: v for k, v in settings.items() if v not in (None, "")}
            return service.plan_party_rules(ws, target.slug, target.kind, ids, chosen,
                                            [b for b in blanks if b in chosen],
                                            apply_to_inbox=apply)
        return service.plan_party_rules(ws, target.slug, target.kind, ids, settings, blanks,
                                        apply_to_inbox=apply, replace=True,
                                        document_ids=[target.document_id]
                                        if target.document_id else ())
    return service.plan_rule(ws, target.slug, target.kind, settings, blanks, condition,
                             target.rule.id if target.rule else None, apply)


def describe_plan(plan: Plan) -> str:
    """The confirmation's text: how many rules and documents, the first changes."""
    from books.rules.explain import show_value
    from books.rules.validate import label

    lines = [t("rules.editor.question", rules=number(plan.rules_changed),
               documents=number(plan.documents_changed))]
    for change in plan.diff[:DIFF_SHOWN]:
        name = label(change.field) if change.field in SETTINGS or change.field == "due_date" \
            else change.field
        lines.append(t("rules.diff.line", id=change.document_id, name=change.document, field=name,
                       old=show_value(change.field, change.old),
                       new=show_value(change.field, change.new)))
    if len(plan.diff) > DIFF_SHOWN:
        lines.append(t("rules.diff.more", count=len(plan.diff) - DIFF_SHOWN))
    lines.append(t("rules.editor.undo_hint"))
    return "\n".join(lines)

