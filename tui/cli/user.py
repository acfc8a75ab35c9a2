"""``saisie user add|list|set-role``."""

from __future__ import annotations

import click

from tui.cli.common import CliState, echo, emit_json, emit_table, pass_state, run_guarded

ROLE_CHOICE = click.Choice(["admin", "team_lead", "collaborator"])


def register(group: click.Group) -> None:
    """Add the ``user`` commands."""
    group.add_command(user)


@click.group()
def user() -> None:
    """Collaborators of the firm and their roles."""


@user.command("add")
@click.argument("login")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--name", default="", help="Display name.")
@click.option("--email", default=None)
@click.option("--json", "as_json", is_flag=True, help="Print the user as JSON.")
@pass_state
def add_command(state: CliState, login: str, role: str, name: str, email: str | None, as_json: bool) -> None:
    """Add a user (admins only)."""

    def action() -> None:
        from books.access.users import add_user
        from books.i18n import t

        row = add_user(state.workspace, login, role, name, email)
        if as_json:
            emit_json(_user_json(row))
        else:
            echo(t("user.added", login=row.login, role=t(f"role.{row.role}")))

    run_guarded(action)


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one user per line.")
@pass_state
def list_command(state: CliState, as_json: bool) -> None:
    """List the users."""

    def action() -> None:
        from books.access.users import list_users

        rows = list_users(state.workspace)
        if as_json:
            emit_json([_user_json(r) for r in rows])
        else:
            from books.i18n import t

            emit_table(
                [t("cli.col.login"), t("cli.col.role"), t("cli.col.name"), t("cli.col.email")],
                [[r.login, t(f"role.{r.role}"), r.name, r.email or ""] for r in rows],
            )

    run_guarded(action)


@user.command("set-role")
@click.argument("login")
@click.argument("role", type=ROLE_CHOICE)
@pass_state
def set_role_command(state: CliState, login: str, role: str) -> None:
    """Change a user's role (admins only)."""

    def action() -> None:
        from books.access.users import set_role
        from books.i18n import t

        set_role(state.workspace, login, role)
        echo(t("user.role_set", login=login, role=t(f"role.{role}")))

    run_guarded(action)


def _user_json(row: object) -> dict[str, object]:
    return {k: getattr(row, k) for k in ("login", "name", "email", "role", "active")}
