"""``saisie db upgrade`` and ``saisie db backup PATH``."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli.common import CliState, echo, pass_state, run_guarded


def register(group: click.Group) -> None:
    """Add the ``db`` commands."""
    group.add_command(db)


@click.group()
def db() -> None:
    """The database: upgrade its schema, back it up."""


@db.command("upgrade")
@pass_state
def upgrade_command(state: CliState) -> None:
    """Upgrade the database schema to the newest revision (admins)."""

    def action() -> None:
        from books.database import upgrade_database

        echo(upgrade_database(state.settings))

    run_guarded(action)


@db.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def backup_command(state: CliState, path: Path) -> None:
    """Write a consistent copy of a live SQLite database to PATH (admins)."""

    def action() -> None:
        from books.database import backup

        echo(backup(state.workspace, path))

    run_guarded(action)


@db.command("grants")
@click.option("--apply", "apply_now", is_flag=True,
              help="Run the statements now (as the owner of the tables).")
@pass_state
def grants_command(state: CliState, apply_now: bool) -> None:
    """PostgreSQL privileges matching each user's role (admins): print or apply them.

    Run it again after adding users or changing roles.
    """

    def action() -> None:
        from books.database import firm_grants

        statements, done = firm_grants(state.workspace, apply=apply_now)
        if done is None:
            for statement in statements:
                echo(f"{statement};")
        else:
            echo(done)

    run_guarded(action)
