"""``saisie accounts list|add|rename|import|journal|settings``: a dossier's chart of
accounts, its journals and its ledger settings."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli.common import CliState, echo, emit_json, emit_table, pass_state, run_guarded

DOSSIER = click.option("--dossier", "slug", required=True, metavar="SLUG", help="The dossier.")
JSON = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")


def register(group: click.Group) -> None:
    """Add the ``accounts`` group."""
    group.add_command(accounts)


@click.group()
def accounts() -> None:
    """A dossier's chart of accounts, journals and ledger settings."""


@accounts.command("list")
@DOSSIER
@click.option("--prefix", default="", metavar="DIGITS", help="Only the accounts starting so.")
@JSON
@pass_state
def list_command(state: CliState, slug: str, prefix: str, as_json: bool) -> None:
    """List the chart of accounts (the PCG's accounts, imported ones, those used)."""

    def action() -> None:
        from books.i18n import t
        from books.ledger.chart import list_accounts

        rows = list_accounts(state.workspace, slug, prefix)
        if as_json:
            emit_json([{"number": r.number, "label": r.label, "origin": r.origin} for r in rows])
            return
        emit_table([t("ledger.col.number"), t("ledger.col.label"), t("ledger.col.origin")],
                   [[r.number, r.label, t(f"ledger.origin.{r.origin}")] for r in rows])

    run_guarded(action)


@accounts.command("add")
@DOSSIER
@click.argument("number")
@click.argument("label")
@pass_state
def add_command(state: CliState, slug: str, number: str, label: str) -> None:
    """Add an account to the chart (team leads and admins)."""

    def action() -> None:
        from books.i18n import t
        from books.ledger.chart import add_account

        row = add_account(state.workspace, slug, number, label)
        echo(t("ledger.added", number=row.number, label=row.label))

    run_guarded(action)


@accounts.command("rename")
@DOSSIER
@click.argument("number")
@click.argument("label")
@pass_state
def rename_command(state: CliState, slug: str, number: str, label: str) -> None:
    """Give an account a new label (team leads and admins)."""

    def action() -> None:
        from books.i18n import t
        from books.ledger.chart import rename_account

        row = rename_account(state.workspace, slug, number, label)
        echo(t("ledger.renamed", number=row.number, label=row.label))

    run_guarded(action)


@accounts.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@DOSSIER
@JSON
@pass_state
def import_command(state: CliState, file: Path, slug: str, as_json: bool) -> None:
    """Add the accounts of a CSV (number;label) or of a FEC that the chart lacks."""

    def action() -> None:
        from books.i18n import t
        from books.ledger.chart import import_accounts

        done = import_accounts(state.workspace, slug, file)
        if as_json:
            emit_json({"read": done.read, "added": done.added})
        else:
            echo(t("ledger.imported", read=done.read, added=done.added))

    run_guarded(action)


@accounts.command("journal")
@DOSSIER
@click.argument("kind", type=click.Choice(["purchase", "sale"]))
@click.argument("code")
@click.argument("label")
@pass_state
def journal_command(state: CliState, slug: str, kind: str, code: str, label: str) -> None:
    """Rename the purchase or sale journal (code and label)."""

    def action() -> None:
        from books.i18n import t
        from books.ledger.chart import rename_journal

        row = rename_journal(state.workspace, slug, kind, code, label)
        echo(t("ledger.journal_renamed", code=row.code, label=row.label))

    run_guarded(action)


@accounts.command("settings")
@DOSSIER
@click.option("--supplier-prefix", default=None, metavar="PREFIX",
              help="Prefix of suppliers' auxiliary accounts (prefix + code).")
@click.option("--customer-prefix", default=None, metavar="PREFIX",
              help="Prefix of customers' auxiliary accounts (prefix + code).")
@click.option("--rounding", type=click.Choice(["vat", "account"]), default=None,
              help="Where a rounding difference goes: the VAT line or 658/758.")
@click.option("--closing", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="DATE",
              help="The fiscal year's closing date (the FEC's name).")
@JSON
@pass_state
def settings_command(state: CliState, slug: str, supplier_prefix: str | None,
                     customer_prefix: str | None, rounding: str | None, closing: object,
                     as_json: bool) -> None:
    """Show or change the dossier's ledger settings (changes: admins)."""

    def action() -> None:
        from books.i18n import t
        from books.ledger.chart import set_ledger_settings

        closing_date = closing.date() if closing is not None else None  # type: ignore[attr-defined]
        row = set_ledger_settings(
            state.workspace, slug, supplier_prefix=supplier_prefix,
            customer_prefix=customer_prefix,
            rounding_account=None if rounding is None else rounding == "account",
            closing_date=closing_date)
        values = {"supplier_prefix": row.supplier_aux_prefix,
                  "customer_prefix": row.customer_aux_prefix,
                  "rounding": "account" if row.rounding_account else "vat",
                  "closing": row.closing_date.isoformat() if row.closing_date else None}
        if as_json:
            emit_json(values)
        else:
            echo(t("ledger.settings", **{k: v if v is not None else "—" for k, v in values.items()}))

    run_guarded(action)

