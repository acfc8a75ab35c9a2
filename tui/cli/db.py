"""``saisie db upgrade`` and ``saisie db backup PATH``."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli.common import CliState, pass_state, run_guarded


def register(group: click.Group) -> None:
    """Add the ``db`` commands."""
    group.add_command(db)


@click.group()
def db() -> None:
    """The database: upgrade its schema, back it up."""


@db.command("upgrade")
@pass_state
def upgrade_command(state: CliState) -> None:
    """Upgrade the database schema to the newest revision."""

    def action() -> None:
        from books.context import connect
        from books.i18n import t
        from store.schema import current_revision

        engine, _ = connect(state.settings)
        click.echo(t("db.upgraded", revision=current_revision(engine)))
        engine.dispose()

    run_guarded(action)


@db.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def backup_command(state: CliState, path: Path) -> None:
    """Write a consistent copy of a live SQLite database to PATH."""

    def action() -> None:
        from books.database import backup

        click.echo(backup(state.workspace, path))

    run_guarded(action)
