"""``saisie parties edit CODE``: change any field of a customer or supplier."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.common import CliState, pass_state, run_guarded
from tui.cli.parties import dossier_option, json_option, kind_option

FIELD_OPTIONS = (
    ("--new-code", "new_code", "CODE", "A new code (unique in the list)."),
    ("--name", "name", "TEXT", "Company name (raison sociale)."),
    ("--siren", "siren", "SIREN", None),
    ("--siret", "siret", "SIRET", None),
    ("--vat", "vat_id", "NUMBER", "Intra-EU VAT number."),
    ("--address", "address", "TEXT", None),
    ("--postcode", "postcode", "TEXT", None),
    ("--city", "city", "TEXT", None),
    ("--country", "country", "CC", "Two-letter country code (FR, BE…)."),
    ("--email", "email", "ADDRESS", None),
    ("--phone", "phone", "NUMBER", "Checked and stored as +33 1 23 45 67 89."),
    ("--iban", "iban", "IBAN", None),
    ("--bic", "bic", "BIC", None),
    ("--payment-terms", "payment_terms_days", "DAYS", "Payment terms in days (0-365)."),
    ("--payment-method", "payment_method", "METHOD", None),
    ("--sepa-mandate-ref", "sepa_mandate_ref", "REF", "SEPA mandate reference."),
    ("--sepa-mandate-date", "sepa_mandate_date", "DATE", "SEPA mandate signed on (31/12/2026)."),
    ("--account", "account", "ACCOUNT", "Accounting account (e.g. 411DUPONT)."),
    ("--credit-limit", "credit_limit", "AMOUNT", "Credit limit (12 500,50)."),
    ("--insurer-guarantee", "insurer_guarantee", "AMOUNT", "Credit insurer's guarantee."),
    ("--other-guarantees", "other_guarantees", "TEXT", None),
    ("--comments", "comments", "TEXT", None),
)
"""Every field a person can edit: ``(option, field, metavar, help)``."""


def extend(group: click.Group) -> None:
    """Add ``edit`` to ``parties``."""
    group.add_command(edit_command)


def _field_options(function: Any) -> Any:
    from books.payment_methods import PAYMENT_METHODS

    for option, field, metavar, help_text in reversed(FIELD_OPTIONS):
        if field == "payment_method":
            help_text = "One of: " + ", ".join(PAYMENT_METHODS) + "."
        if field not in ("new_code", "name"):
            help_text = f"{help_text or ''} An empty value clears it.".strip()
        function = click.option(option, field, metavar=metavar, default=None, help=help_text)(function)
    return function


@click.command("edit")
@click.argument("code")
@dossier_option
@kind_option
@_field_options
@click.option("--add-group", "add_groups", multiple=True, metavar="NAME", help="Repeatable.")
@click.option("--remove-group", "remove_groups", multiple=True, metavar="NAME", help="Repeatable.")
@json_option
@pass_state
def edit_command(state: CliState, code: str, slug: str, kind: str, add_groups: tuple[str, ...],
                 remove_groups: tuple[str, ...], as_json: bool, **fields: Any) -> None:
    """Change fields of a customer or supplier (admins and team leads); prints the party.

    Only the options given change; an empty value ("") clears a field.
    """

    def action() -> None:
        from books.parties.editing import edit_party
        from tui.cli.parties_manage import _print_party

        values = {"code" if k == "new_code" else k: v for k, v in fields.items() if v is not None}
        if not values and not add_groups and not remove_groups:
            raise click.UsageError("nothing to change: give at least one field option")
        party = edit_party(state.workspace, slug, kind, code, values, add_groups, remove_groups)
        _print_party(state, party, as_json)

    run_guarded(action)
