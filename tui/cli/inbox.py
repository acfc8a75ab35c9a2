"""``saisie inbox run`` and ``saisie documents list|show|set|assign|move|review|publish|unpublish|delete``."""

from __future__ import annotations

import logging
import signal
import sys
from typing import Any

import click

from tui.cli.common import ROW_ID, CliState, echo, emit_json, emit_table, pass_state, run_guarded

DOCUMENT_ID = ROW_ID
"""A document number (what the database can hold)."""


def register(group: click.Group) -> None:
    """Add the ``inbox`` and ``documents`` groups."""
    group.add_command(inbox)
    group.add_command(documents)


@click.group()
def inbox() -> None:
    """The inbox folders: take in the files dropped there."""


@inbox.command("run")
@click.option("--dossier", "slug", default=None, metavar="SLUG",
              help="Only this dossier's folder (default: every dossier and the firm's folder).")
@click.option("--once", is_flag=True, help="Take what is there, print a summary and exit.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def run_command(state: CliState, slug: str | None, once: bool, as_json: bool) -> None:
    """Take in the files dropped in the inbox folders (headless, for a server).

    Runs until stopped (SIGTERM finishes the file in hand, then exits), logging
    one line per document; --once processes what is there and exits.
    """

    def action() -> None:
        from books.inbox.runner import run_forever, run_once

        logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(message)s")
        ws = state.workspace
        if once:
            summary = run_once(ws, slug)
            if as_json:
                emit_json(summary.to_json())
            else:
                from books.i18n import t

                echo(t("inbox.summary", **summary.to_json()))
            return
        stop = _stop_on_signals()
        run_forever(ws, slug, stop)

    run_guarded(action)


def _stop_on_signals() -> Any:
    import threading

    stop = threading.Event()

    def asked(_signum: int, _frame: Any) -> None:
        from books.i18n import t

        logging.getLogger("saisie.inbox").info("%s", t("inbox.stopped"))
        stop.set()

    signal.signal(signal.SIGTERM, asked)
    signal.signal(signal.SIGINT, asked)
    return stop


@click.group()
def documents() -> None:
    """Documents of the inbox: list, show, fix, assign, move, publish, delete."""


@documents.command("list")
@click.option("--dossier", "slug", default=None, metavar="SLUG", help="The dossier.")
@click.option("--state", "states", multiple=True,
              type=click.Choice(["stored", "read", "review", "reviewed", "published", "failed",
                                 "duplicate"]),
              help="Only documents in this state (repeatable).")
@click.option("--unassigned", is_flag=True,
              help="The firm folder's documents that match no dossier (à classer).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def list_command(state: CliState, slug: str | None, states: tuple[str, ...], unassigned: bool,
                 as_json: bool) -> None:
    """A dossier's documents, failures and duplicate records included, newest first."""

    def action() -> None:
        from books.inbox.documents import document_json, list_documents

        rows = list_documents(state.workspace, slug, states, unassigned)
        if as_json:
            emit_json(document_json(r) for r in rows)
            return
        _table(rows)

    run_guarded(action)


def _table(rows: list[Any]) -> None:
    from books.formats import format_amount, format_date
    from books.i18n import t

    headers = [t(f"document.column.{c}") for c in ("id", "state", "date", "party", "number",
                                                    "total", "flags", "file")]
    emit_table(headers, [[
        str(r.id), t(f"document.state.{r.status}"), format_date(r.issue_date),
        r.party_code or r.party_name_detected or "", r.number or "",
        format_amount(r.gross, r.currency) if r.gross is not None else "",
        ", ".join(t(f"document.flag.{f}") for f in r.flags), r.original_name] for r in rows])


@documents.command("show")
@click.argument("document_id", type=ROW_ID)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def show_command(state: CliState, document_id: int, as_json: bool) -> None:
    """Every field of a document with its value and where it comes from."""

    def action() -> None:
        from books.inbox.documents import document_details, get_document
        from books.ledger.posting import document_entries, entries_json

        row = get_document(state.workspace, document_id)
        details = document_details(row)
        entries = document_entries(state.workspace, document_id)
        if as_json:
            emit_json({**details, "entries": entries_json(entries)})
            return
        from books.i18n import known, t

        emit_table([t("document.column.field"), t("document.column.value"),
                    t("document.column.source")],
                   [[t(f"document.field.{name}") if known(f"document.field.{name}") else name,
                     _shown(name, field["value"], row.currency),
                     _source(field)]
                    for name, field in details["fields"].items()])
        for flag in row.flags:
            echo(f"! {t(f'document.flag.{flag}')}")
        if row.failure:
            echo(f"! {row.failure}")
        _print_entries(entries_json(entries))

    run_guarded(action)


def _source(field: dict[str, Any]) -> str:
    """Where a field's value comes from; a rule's value names the rule, who made it and
    when (the part of its "why" after the value)."""
    from books.i18n import known, t

    source = str(field.get("source") or "")
    why = str(field.get("why") or "")
    if source == "rule" and " — " in why:
        return why.split(" — ", 1)[1]
    label = t(f"document.source.{source}") if known(f"document.source.{source}") else source
    return (label + (f" — {field['reason']}" if field.get("reason") else "")
            + (f" ({field['by']})" if field.get("by") else ""))


def _print_entries(entries: list[dict[str, Any]]) -> None:
    """The document's journal entries (the first, reversals, corrections) and their lines,
    dated and counted the way a person reads them (ISO and plain decimals stay in --json)."""
    from datetime import date
    from decimal import Decimal

    from books.formats import format_amount, format_date
    from books.i18n import t

    def amount(text: str) -> str:
        value = Decimal(text)
        return format_amount(value) if value else ""

    for entry in entries:
        echo("")
        echo(t("ledger.entry_title", journal=entry["journal"], number=entry["number"],
               date=format_date(date.fromisoformat(entry["entry_date"])),
               valid=format_date(date.fromisoformat(entry["valid_date"])),
               label=entry["label"]))
        emit_table([t("ledger.col.number"), t("ledger.col.aux"), t("ledger.col.debit"),
                    t("ledger.col.credit")],
                   [[line["account"], line["aux_number"] or "", amount(line["debit"]),
                     amount(line["credit"])]
                    for line in entry["lines"]])


def _shown(name: str, value: Any, currency: str) -> str:
    """A field's value as a person reads it: the document view's wording (dates, amounts and
    rates the French way in French)."""
    from books.inbox.view import show_value

    return "" if value is None else show_value(name, value, currency)


def _print_document(row: Any, as_json: bool) -> None:
    from books.inbox.documents import document_json

    if as_json:
        emit_json(document_json(row))
    else:
        _table([row])


@documents.command("set")
@click.argument("document_id", type=DOCUMENT_ID)
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE…")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def set_command(state: CliState, document_id: int, assignments: tuple[str, ...],
                as_json: bool) -> None:
    """Fix fields of a document by hand (a manual value wins over rules); "" clears one."""

    def action() -> None:
        from books.errors import InvalidInput
        from books.i18n import t
        from books.inbox.review import set_fields

        changes = {}
        for text in assignments:
            name, sep, value = text.partition("=")
            if not sep or not name.strip():
                raise InvalidInput(t("document.bad_assignment", text=text[:60]))
            changes[name.strip()] = value
        _print_document(set_fields(state.workspace, document_id, changes), as_json)

    run_guarded(action)


@documents.command("assign")
@click.argument("document_id", type=DOCUMENT_ID)
@click.option("--party", "code", default=None, metavar="CODE", help="The party it is.")
@click.option("--new-party", is_flag=True,
              help="Add the name and identifiers read on the document as a new party.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def assign_command(state: CliState, document_id: int, code: str | None, new_party: bool,
                   as_json: bool) -> None:
    """Give a document its supplier or customer; the name as printed is learnt."""

    def action() -> None:
        from books.inbox.review import assign_party

        _print_document(assign_party(state.workspace, document_id, code, new_party), as_json)

    run_guarded(action)


@documents.command("move")
@click.argument("document_id", type=DOCUMENT_ID)
@click.option("--dossier", "slug", default=None, metavar="SLUG", help="The dossier.")
@click.option("--unassigned", is_flag=True,
              help="Back to the firm's documents that match no dossier (à classer).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def move_command(state: CliState, document_id: int, slug: str | None, unassigned: bool,
                 as_json: bool) -> None:
    """Put a document (from "à classer", or the wrong dossier) in a dossier's inbox, or back "à classer"."""

    from books.i18n import t

    if (slug is None) == (not unassigned):
        raise click.UsageError(t("document.move_one_target"))

    def action() -> None:
        from books.inbox.review import move_to_dossier

        _print_document(move_to_dossier(state.workspace, document_id, slug), as_json)

    run_guarded(action)


@documents.command("review")
@click.argument("document_ids", nargs=-1, required=True, type=DOCUMENT_ID)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def review_command(state: CliState, document_ids: tuple[int, ...], as_json: bool) -> None:
    """Mark documents reviewed: checked, waiting for a person who may publish them (exit 1 if any refused)."""

    def action() -> None:
        from books.inbox.review import mark_reviewed

        done = mark_reviewed(state.workspace, list(document_ids))
        _done_and_refused("reviewed", done.reviewed, done.refused, as_json)

    run_guarded(action)


@documents.command("publish")
@click.argument("document_ids", nargs=-1, required=True, type=DOCUMENT_ID)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def publish_command(state: CliState, document_ids: tuple[int, ...], as_json: bool) -> None:
    """Publish documents; those a flag stops are named with why (exit 1 if any)."""

    def action() -> None:
        from books.inbox.review import publish

        done = publish(state.workspace, list(document_ids))
        _done_and_refused("published", done.published, done.refused, as_json)

    run_guarded(action)


def _done_and_refused(what: str, done: list[int], refused: list[tuple[int, str]],
                      as_json: bool) -> None:
    """Say how many documents were ``what`` (``published``, ``reviewed``) and each refusal
    with why; exit 1 if any was refused."""
    from books.i18n import t

    if as_json:
        emit_json({what: done, "refused": [{"id": i, "reason": r} for i, r in refused]})
    else:
        echo(t(f"document.{what}", count=len(done)))
        for document_id, reason in refused:
            echo(t("document.refused", id=document_id, reason=reason), err=True)
    if refused:
        sys.exit(1)


@documents.command("unpublish")
@click.argument("document_ids", nargs=-1, required=True, type=DOCUMENT_ID)
@pass_state
def unpublish_command(state: CliState, document_ids: tuple[int, ...]) -> None:
    """Put published documents back in review, each entry reversed (exit 1 if any refused)."""

    def action() -> None:
        from books.i18n import t
        from books.ledger.posting import unpublish

        refused = unpublish(state.workspace, list(document_ids))
        echo(t("ledger.unpublished", count=len(document_ids) - len(refused)))
        for document_id, reason in refused:
            echo(t("document.refused", id=document_id, reason=reason), err=True)
        if refused:
            sys.exit(1)

    run_guarded(action)


@documents.command("delete")
@click.argument("document_ids", nargs=-1, required=True, type=DOCUMENT_ID)
@pass_state
def delete_command(state: CliState, document_ids: tuple[int, ...]) -> None:
    """Delete documents not yet published (the stored file goes with the last of them)."""

    def action() -> None:
        from books.i18n import t
        from books.inbox.review import delete_documents

        echo(t("document.deleted", count=delete_documents(state.workspace, list(document_ids))))

    run_guarded(action)
