"""``saisie rules set|list|delete|health|export|import``: a dossier's rules (issue 18).

Each command calls the books service the screens call; creating, changing or
deleting is for admins, and a change applied to the inbox prints its difference
and is taken back by ``saisie undo``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from tui.cli.common import ROW_ID, CliState, echo, emit_json, emit_table, pass_state, run_guarded

KIND_CHOICES = ["supplier", "customer", "payment_method", "user", "exception", "defaults"]
DIFF_LINES = 50
"""Changes printed for people before "… and N more"."""


def _guarded(action: Callable[[], None]) -> None:
    """:func:`run_guarded`, each wrong field of a rule on a line of its own."""
    from books.errors import InvalidFields

    def each_line() -> None:
        try:
            action()
        except InvalidFields as error:
            for one in error.errors:
                echo(f"saisie: {one.message}", err=True)
            sys.exit(1)

    run_guarded(each_line)


def register(group: click.Group) -> None:
    """Add the ``rules`` group."""
    group.add_command(rules)


@click.group()
def rules() -> None:
    """Supplier, customer and other rules of a dossier."""


def _dossier(function):  # type: ignore[no-untyped-def]
    return click.option("--dossier", "slug", required=True, metavar="SLUG",
                        help="The dossier.")(function)


def _json(function):  # type: ignore[no-untyped-def]
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(function)


YES_NO = click.Choice(["yes", "no", "oui", "non"], case_sensitive=False)
"""A yes-or-no option: in English or in French (the interface's language)."""


def _as_yes_no(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """``oui``/``non`` read as ``yes``/``no``."""
    return None if value is None else {"oui": "yes", "non": "no"}.get(value.lower(), value.lower())


def _yes_no(name: str, help_text: str):  # type: ignore[no-untyped-def]
    return click.option(name, type=YES_NO, callback=_as_yes_no, help=help_text)


@rules.command("set")
@_dossier
@click.option("--kind", type=click.Choice(KIND_CHOICES), required=True, help="Which kind of rule.")
@click.option("--party", "codes", multiple=True, metavar="CODE", help="A party's code (repeatable).")
@click.option("--filter", "filter_text", help="Every party the list filter matches.")
@click.option("--group", "group", help="Every party of this group.")
@click.option("--when", "when", help="The payment method or user the rule is for.")
@click.option("--amount-above", help="Exception: amounts above this stop auto-publish.")
@click.option("--vat-missing", is_flag=True, help="Exception: a missing VAT stops auto-publish.")
@click.option("--flag", "flags", multiple=True, help="Exception: this check's flag stops auto-publish.")
@click.option("--new-party", is_flag=True, help="Exception: a party created this month stops auto-publish.")
@click.option("--account", help="Expense or revenue account.")
@click.option("--vat-rate", help="VAT rate.")
@click.option("--due-days", help="Due date: days after the invoice date.")
@click.option("--due-end-of-month", help="Due date: end of month plus days.")
@click.option("--payment-method", help="Payment method.")
@_yes_no("--paid", "Paid or unpaid.")
@click.option("--description", help="Description.")
@click.option("--currency", help="Currency (ISO 4217).")
@_yes_no("--auto-publish", "Publish new documents without review.")
@click.option("--note", help="Reminder note shown on every new document of the supplier.")
@click.option("--only-if-blank", "blanks", multiple=True, metavar="FIELD",
              help="This field only fills a blank (repeatable).")
@click.option("--apply-to-inbox", type=YES_NO, default="yes", callback=_as_yes_no,
              help="Apply to the documents already in the inbox.")
@_json
@pass_state
def set_command(state: CliState, slug: str, kind: str, codes: tuple[str, ...],
                filter_text: str | None, group: str | None, when: str | None,
                amount_above: str | None, vat_missing: bool, flags: tuple[str, ...],
                new_party: bool, blanks: tuple[str, ...], apply_to_inbox: str, as_json: bool,
                **values: Any) -> None:
    """Create or change a rule (a bulk rule with several parties, --filter or --group)."""

    def action() -> None:
        from books.rules import service

        ws = state.workspace
        settings = {name: value for name, value in values.items() if value is not None}
        apply = apply_to_inbox == "yes"
        if kind in ("supplier", "customer"):
            ids = _party_ids(ws, slug, kind, codes, filter_text, group)
            plan = service.plan_party_rules(ws, slug, kind, ids, settings, blanks,
                                            apply_to_inbox=apply)
        else:
            condition = {"payment_method": when} if kind == "payment_method" else (
                {"user": when} if kind == "user" else
                {"amount_above": amount_above, "vat_missing": vat_missing, "flags": list(flags),
                 "party_new_this_month": new_party})
            existing = _same_rule(ws, slug, kind, condition)
            plan = service.plan_rule(ws, slug, kind, settings, blanks, condition, existing, apply)
        applied = service.commit(ws, plan)
        _report(plan, applied.rules, applied.documents, as_json, applied.undo_id)

    _guarded(action)


def _party_ids(ws: Any, slug: str, kind: str, codes: tuple[str, ...], filter_text: str | None,
               group: str | None) -> list[int]:
    from books.errors import InvalidInput
    from books.i18n import t
    from books.rules import service

    ids: set[int] = set()
    if codes:
        ids.update(service.get_party_ids(ws, slug, kind, list(codes)))
    if filter_text:
        ids.update(service.filter_ids(ws, slug, kind, filter_text))
    if group:
        ids.update(service.group_ids(ws, slug, kind, group))
    if not (codes or filter_text or group):
        raise InvalidInput(t("rules.cli.selection"))
    return sorted(ids)


def _same_rule(ws: Any, slug: str, kind: str, condition: dict[str, Any]) -> int | None:
    """The existing rule a ``set`` of a non-party kind changes (same condition)."""
    from books.errors import InvalidInput
    from books.rules.service import list_rules
    from books.rules.validate import clean_condition

    try:
        clean = clean_condition(kind, condition)
    except InvalidInput:
        return None  # plan_rule names what is wrong
    return next((r.id for r in list_rules(ws, slug, [kind]) if r.condition == clean), None)


def _report(plan: Any, rules_changed: int, documents: int, as_json: bool,
            undo_id: int | None = None) -> None:
    from books.i18n import t
    from books.rules.explain import show_value
    from books.rules.validate import label

    if as_json:
        emit_json({"rules": rules_changed, "documents": documents, "undo": undo_id,
                   "diff": [{"document": c.document_id, "field": c.field, "old": c.old,
                             "new": c.new} for c in plan.diff]})
        return
    for change in plan.diff[:DIFF_LINES]:
        name = label(change.field) if change.field in _LABELLED else change.field
        echo(t("rules.diff.line", id=change.document_id, name=change.document, field=name,
               old=show_value(change.field, change.old), new=show_value(change.field, change.new)))
    if len(plan.diff) > DIFF_LINES:
        echo(t("rules.diff.more", count=len(plan.diff) - DIFF_LINES))
    echo(t("rules.set.done", rules=rules_changed, documents=documents))


_LABELLED = frozenset({"account", "vat_rate", "due_date", "payment_method", "paid", "description",
                       "currency", "auto_publish", "note"})


@rules.command("list")
@_dossier
@_json
@pass_state
def list_command(state: CliState, slug: str, as_json: bool) -> None:
    """List a dossier's rules and what each sets."""

    def action() -> None:
        from books.formats import format_date
        from books.i18n import t
        from books.rules.service import describe_rule, describe_sets, list_rules

        found = list_rules(state.workspace, slug)
        if as_json:
            emit_json([_rule_json(r) for r in found])
            return
        emit_table([t("rules.col.id"), t("rules.col.kind"), t("rules.col.who"),
                    t("rules.col.sets"), t("rules.col.by")],
                   [[str(r.id), t(f"rules.kind.{r.kind}"), describe_rule(r), describe_sets(r.sets),
                     f"{r.updated_by} {format_date(r.updated_at.date())}"] for r in found])

    _guarded(action)


def _rule_json(rule: Any) -> dict[str, Any]:
    return {"id": rule.id, "kind": rule.kind, "party_code": rule.party_code,
            "party_name": rule.party_name, "condition": rule.condition, "sets": rule.sets,
            "created_by": rule.created_by, "created_at": rule.created_at.isoformat(),
            "updated_by": rule.updated_by, "updated_at": rule.updated_at.isoformat(),
            "version": rule.version, "fired": rule.fired_count,
            "last_fired_at": rule.last_fired_at.isoformat() if rule.last_fired_at else None}


@rules.command("delete")
@_dossier
@click.option("--id", "rule_id", type=ROW_ID,
              help="The rule's number (saisie rules list).")
@click.option("--kind", type=click.Choice(["supplier", "customer"]), help="A party rule's kind.")
@click.option("--party", "code", metavar="CODE", help="The party whose rule goes.")
@click.option("--apply-to-inbox", type=YES_NO, default="yes", callback=_as_yes_no,
              help="Apply to the documents already in the inbox.")
@_json
@pass_state
def delete_command(state: CliState, slug: str, rule_id: int | None, kind: str | None,
                   code: str | None, apply_to_inbox: str, as_json: bool) -> None:
    """Delete a rule (undoable)."""

    def action() -> None:
        from books.errors import InvalidInput
        from books.i18n import t
        from books.rules import service

        ws = state.workspace
        target = rule_id
        if target is not None and (kind or code):  # two rules named: which one is meant?
            raise click.UsageError(t("rules.cli.delete_either"))
        if target is None:
            if not (kind and code):
                raise InvalidInput(t("rules.cli.delete_which"))
            (party_id,) = service.get_party_ids(ws, slug, kind, [code])
            target = next((r.id for r in service.list_rules(ws, slug, [kind])
                           if r.party_id == party_id), None)
            if target is None:
                raise InvalidInput(t("rules.cli.no_party_rule", code=code,
                                     kind=t(f"rules.kind.{kind}")))
        plan = service.plan_delete(ws, slug, target, apply_to_inbox == "yes")
        applied = service.commit(ws, plan)
        _report(plan, applied.rules, applied.documents, as_json, applied.undo_id)

    _guarded(action)


@rules.command("health")
@_dossier
@_json
@pass_state
def health_command(state: CliState, slug: str, as_json: bool) -> None:
    """How many documents each rule filled, and where typing is still manual."""

    def action() -> None:
        from books.formats import format_datetime
        from books.i18n import t
        from books.rules.health import health_json, rule_health

        health = rule_health(state.workspace, slug)
        if as_json:
            emit_json(health_json(health))
            return
        emit_table([t("rules.col.id"), t("rules.col.kind"), t("rules.col.who"),
                    t("rules.col.fired"), t("rules.col.last"), t("rules.col.state")],
                   [[str(r.rule_id), t(f"rules.kind.{r.kind}"),
                     r.who, str(r.fired),
                     format_datetime(r.last_fired_at), t(f"rules.state.{r.state}")]
                    for r in health.rules])
        echo("")
        echo(t("rules.health.manual", count=len(health.manual)))
        emit_table([t("rules.col.kind"), t("rules.col.who"), t("rules.col.fired")],
                   [[t(f"rules.kind.{m.kind}"), f"{m.code} {m.name}", str(m.documents)]
                    for m in health.manual])

    _guarded(action)


@rules.command("export")
@_dossier
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of the standard output.")
@pass_state
def export_command(state: CliState, slug: str, output: Path | None) -> None:
    """Write every rule of a dossier as TOML."""

    def action() -> None:
        from books.rules.exchange import export_toml

        text = export_toml(state.workspace, slug)
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")

    _guarded(action)


@rules.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_dossier
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option("--apply-to-inbox", type=YES_NO, default="yes", callback=_as_yes_no,
              help="Apply to the documents already in the inbox.")
@_json
@pass_state
def import_command(state: CliState, file: Path, slug: str, dry_run: bool, apply_to_inbox: str,
                   as_json: bool) -> None:
    """Read rules from a TOML file (every invalid entry named by its key)."""

    def action() -> None:
        from books.errors import InvalidInput
        from books.i18n import t
        from books.rules.exchange import import_toml

        report = import_toml(state.workspace, slug, file.read_text(encoding="utf-8"),
                             str(file), dry_run, apply_to_inbox == "yes")
        if as_json:
            emit_json({"entries": report.entries, "rules": report.rules_changed,
                       "documents": report.documents_changed, "dry_run": dry_run,
                       "applied": not dry_run and not report.invalid,
                       "invalid": [{"key": k, "error": why} for k, why in report.invalid]})
        else:
            for key, why in report.invalid:
                echo(t("rules.import.invalid", key=key, why=why), err=True)
        if report.invalid:
            raise InvalidInput(t("rules.import.refused", count=len(report.invalid)))
        if not as_json:
            echo(t("rules.import.dry" if dry_run else "rules.import.done", entries=report.entries,
                   rules=report.rules_changed, documents=report.documents_changed))

    _guarded(action)
