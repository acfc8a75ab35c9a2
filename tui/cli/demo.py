"""``saisie demo [--no-open]``."""

from __future__ import annotations

import click

from tui.cli.common import CliState, echo, pass_state, run_guarded


def register(group: click.Group) -> None:
    """Add the ``demo`` command."""
    group.add_command(demo)


@click.command()
@click.option("--no-open", is_flag=True, help="Fill the database only; do not open the app.")
@pass_state
def demo(state: CliState, no_open: bool) -> None:
    """Fill the database with a realistic demo firm (idempotent), then open the app."""

    def action() -> None:
        from books.demo.seed import seed_demo
        from books.i18n import t

        seed_demo(state.workspace, lambda step: echo(t("demo.step", step=step), err=True))
        echo(t("demo.done", database=state.settings.database), err=True)

    run_guarded(action)
    if not no_open:
        from tui.cli.app import open_app

        run_guarded(lambda: open_app(state))
