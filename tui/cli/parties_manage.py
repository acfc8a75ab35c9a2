"""``saisie parties list|add|show|rename|archive|restore|delete`` and ``saisie undo``."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.common import CliState, echo, emit_json, emit_table, pass_state, run_guarded
from tui.cli.parties import dossier_option, json_option, kind_option

PAGE = 1000


def extend(group: click.Group) -> None:
    """Add the management subcommands to ``parties``."""
    for command in (list_command, add_command, show_command, rename_command, archive_command,
                    restore_command, delete_command):
        group.add_command(command)


def register(group: click.Group) -> None:
    """``saisie undo`` is a top-level command."""
    group.add_command(undo_command)


@click.command("list")
@dossier_option
@kind_option
@click.option("--filter", "filter_text", default="", help="Words to find in code, name, SIREN, city.")
@click.option("--archived", is_flag=True, help="Include archived parties.")
@click.option("--sort", type=click.Choice(["code", "name", "siren", "city", "source"]), default="name")
@json_option
@pass_state
def list_command(state: CliState, slug: str, kind: str, filter_text: str, archived: bool,
                 sort: str, as_json: bool) -> None:
    """List a dossier's customers or suppliers."""

    def action() -> None:
        from books.dossiers.service import get_dossier
        from books.i18n import t
        from books.parties.listing import list_query, read_page
        from books.parties.serialize import row_json

        ws = state.workspace
        query = list_query(get_dossier(ws, slug).id, kind, filter_text, archived, sort)
        after, table = None, []
        while True:
            rows, after = read_page(ws, query, 0, PAGE, after)
            if as_json:
                emit_json(row_json(r) for r in rows)
            else:
                table.extend([r.code, r.name, r.siren or r.vat_id or "", r.city or "",
                              ", ".join(r.groups), t("cli.yes") if r.archived else ""] for r in rows)
            if len(rows) < PAGE:
                break
        if not as_json:
            emit_table([t("import.field.code"), t("import.field.name"), t("cli.col.siren_vat"),
                        t("import.field.city"), t("import.field.groups"), t("cli.col.archived")], table)

    run_guarded(action)


@click.command("add")
@dossier_option
@kind_option
@click.option("--code", required=True)
@click.option("--name", required=True)
@click.option("--siren")
@click.option("--siret")
@click.option("--vat", "vat_id")
@click.option("--address")
@click.option("--postcode")
@click.option("--city")
@click.option("--country")
@click.option("--email")
@click.option("--phone")
@click.option("--iban")
@click.option("--bic")
@click.option("--payment-terms", "payment_terms_days", metavar="DAYS")
@click.option("--payment-method")
@click.option("--account", help="Accounting account (e.g. 411DUPONT).")
@click.option("--credit-limit")
@click.option("--group", "groups", multiple=True, metavar="NAME", help="Repeatable.")
@json_option
@pass_state
def add_command(state: CliState, slug: str, kind: str, groups: tuple[str, ...], as_json: bool,
                **fields: Any) -> None:
    """Add a customer or supplier (admins and team leads)."""

    def action() -> None:
        from books.parties.changes import add_party

        values = {k: v for k, v in fields.items() if v is not None}
        party = add_party(state.workspace, slug, kind, values, list(groups))
        _print_party(state, party, as_json)

    run_guarded(action)


def _print_party(state: CliState, party: Any, as_json: bool) -> None:
    from books.parties.changes import party_groups
    from books.parties.serialize import party_json

    data = party_json(party, party_groups(state.workspace, party.id))
    if as_json:
        emit_json(data)
        return
    from books.i18n import t
    from tui.cli.show import amount, label, print_fields, when

    print_fields(data, lambda key: label(key, "import.field.", "cli.field."), {
        "kind": lambda kind: t(f"cli.kind.{kind}"),
        "source": lambda source: label(source, "list.source."),
        "credit_limit": amount, "insurer_guarantee": amount, "sepa_mandate_date": when,
    })


@click.command("show")
@click.argument("codes", nargs=-1, required=True, metavar="CODE...")
@dossier_option
@kind_option
@json_option
@pass_state
def show_command(state: CliState, codes: tuple[str, ...], slug: str, kind: str, as_json: bool) -> None:
    """Show parties (one JSON line each with --json); an unknown code shows nothing."""

    def action() -> None:
        from books.parties.changes import get_party

        found = [get_party(state.workspace, slug, kind, code) for code in dict.fromkeys(codes)]
        for number, party in enumerate(found):
            if number and not as_json:
                echo("")
            _print_party(state, party, as_json)

    run_guarded(action)


@click.command("rename")
@click.argument("code")
@click.argument("new_name")
@dossier_option
@kind_option
@json_option
@pass_state
def rename_command(state: CliState, code: str, new_name: str, slug: str, kind: str, as_json: bool) -> None:
    """Rename a party (refused in a dossier connected to accounting software)."""

    def action() -> None:
        from books.parties.changes import get_party, rename_party

        party = get_party(state.workspace, slug, kind, code)
        renamed = rename_party(state.workspace, party.id, new_name, party.version)
        _print_party(state, renamed, as_json) if as_json else echo(f"{code}: {renamed.name}")

    run_guarded(action)


def _selection(state: CliState, slug: str, kind: str, codes: tuple[str, ...]) -> Any:
    from books.parties.changes import party_ids
    from books.parties.listing import Selection

    return Selection(ids=frozenset(party_ids(state.workspace, slug, kind, codes)))


def _bulk(state: CliState, slug: str, kind: str, codes: tuple[str, ...], verb: str, as_json: bool) -> None:
    from books.parties import changes as parties

    ws = state.workspace
    selection = _selection(state, slug, kind, codes)
    if verb == "delete":
        _delete(state, slug, selection, as_json)
        return
    count = parties.set_archived(ws, slug, selection, verb == "archive")
    if as_json:
        emit_json({"action": verb, "count": count})
    else:
        from books.i18n import t

        echo(t(f"cli.bulk.{verb}", count=count))


def _delete(state: CliState, slug: str, selection: Any, as_json: bool) -> None:
    """Delete the parties without documents; say which ones were kept (on stderr)."""
    from books.i18n import number, t
    from books.parties.changes import delete_parties

    result = delete_parties(state.workspace, slug, selection)
    if as_json:
        emit_json({"action": "delete", "count": result.deleted, "kept": result.kept,
                   "kept_names": list(result.kept_names)})
        return
    echo(t("cli.bulk.delete", count=result.deleted))
    if result.kept:
        more = "…" if result.kept > len(result.kept_names) else ""
        echo(t("bulk.deleted_kept", deleted=number(result.deleted), count=result.kept,
                     names=", ".join(result.kept_names) + more), err=True)


@click.command("archive")
@click.argument("codes", nargs=-1, required=True)
@dossier_option
@kind_option
@json_option
@pass_state
def archive_command(state: CliState, codes: tuple[str, ...], slug: str, kind: str, as_json: bool) -> None:
    """Archive parties: they leave the lists and matching, their history stays."""
    run_guarded(lambda: _bulk(state, slug, kind, codes, "archive", as_json))


@click.command("restore")
@click.argument("codes", nargs=-1, required=True)
@dossier_option
@kind_option
@json_option
@pass_state
def restore_command(state: CliState, codes: tuple[str, ...], slug: str, kind: str, as_json: bool) -> None:
    """Bring archived parties back."""
    run_guarded(lambda: _bulk(state, slug, kind, codes, "restore", as_json))


@click.command("delete")
@click.argument("codes", nargs=-1, required=True)
@dossier_option
@kind_option
@json_option
@pass_state
def delete_command(state: CliState, codes: tuple[str, ...], slug: str, kind: str, as_json: bool) -> None:
    """Delete parties without documents; those with documents are kept and named (undoable)."""
    run_guarded(lambda: _bulk(state, slug, kind, codes, "delete", as_json))


@click.command("undo")
@click.option("--dossier", "slug", required=True, metavar="SLUG")
@click.option("--others", is_flag=True,
              help="Undo the dossier's last action even if someone else did it "
                   "(admins and team leads; asks first, naming who did what and when).")
@click.option("--yes", "assume_yes", is_flag=True,
              help="With --others: do not ask (scripts); without a terminal it is required.")
@json_option
@pass_state
def undo_command(state: CliState, slug: str, others: bool, assume_yes: bool, as_json: bool) -> None:
    """Undo your own last undoable action in a dossier: a bulk action on its parties, or a change of
    its rules with the inbox documents it changed."""

    def action() -> None:
        from books.i18n import t
        from books.parties.undo import undo_last

        target = _undo_target(state, slug, others)
        if not target.mine:
            _confirm_others(target.describe(), assume_yes)
        undone = undo_last(state.workspace, slug, target.entry_id)
        if as_json:
            emit_json({"undone": undone.action, "summary": undone.summary, "done_by": undone.actor})
        else:
            echo(t("undo.done", summary=undone.summary))

    run_guarded(action)


def _undo_target(state: CliState, slug: str, others: bool) -> Any:
    """The action to take back; a message naming the dossier's last one when the user has none."""
    from books.errors import InvalidInput
    from books.i18n import t
    from books.parties.undo import next_undo

    target = next_undo(state.workspace, slug, anyone=others)
    if target is not None:
        return target
    last = None if others else next_undo(state.workspace, slug, anyone=True)
    if last is None:
        raise InvalidInput(t("undo.nothing"))
    raise InvalidInput(t("undo.cli_others_hint", message=t("undo.nothing_mine_but", last=last.describe())))


def _confirm_others(described: str, assume_yes: bool) -> None:
    """Someone else's action is taken back only when the person says so."""
    from books.errors import InvalidInput
    from books.i18n import t

    if assume_yes:
        return
    if not on_terminal():
        raise InvalidInput(t("undo.cli_needs_yes", described=described))
    answer = click.prompt(t("undo.cli_confirm", described=described), default="", show_default=False,
                          err=True)
    if answer.strip().lower() not in YES:
        raise InvalidInput(t("undo.cli_cancelled"))


YES = frozenset({"o", "oui", "y", "yes"})
"""Answers that confirm, in either language (anything else, Enter included, is no)."""


def on_terminal() -> bool:
    """Whether a person can answer a question (stdin is a terminal)."""
    import sys

    return sys.stdin.isatty()
