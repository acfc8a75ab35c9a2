"""``saisie parties …``: customer and supplier lists of a dossier."""

from __future__ import annotations

import importlib

import click

EXTENSIONS = ("parties_manage", "parties_edit", "parties_exchange", "parties_match")
"""Modules under ``tui.cli`` that add subcommands to ``parties`` via ``extend(group)``."""


def register(group: click.Group) -> None:
    """Add the ``parties`` group and its subcommands."""
    for name in EXTENSIONS:
        importlib.import_module(f"tui.cli.{name}").extend(parties)
    group.add_command(parties)


@click.group()
def parties() -> None:
    """Customers and suppliers of a dossier."""


def dossier_option(function):  # type: ignore[no-untyped-def]
    """``--dossier SLUG`` (required)."""
    return click.option("--dossier", "slug", required=True, metavar="SLUG", help="The dossier.")(function)


def kind_option(function):  # type: ignore[no-untyped-def]
    """``--kind customer|supplier`` (required)."""
    return click.option(
        "--kind", type=click.Choice(["customer", "supplier"]), required=True,
        help="Which list: customers (sales) or suppliers (purchases).",
    )(function)


def json_option(function):  # type: ignore[no-untyped-def]
    """``--json``."""
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(function)
