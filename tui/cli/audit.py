"""``saisie audit``: who did what, when."""

from __future__ import annotations

import click

from tui.cli.common import ROW_ID, CliState, emit_json, emit_table, pass_state, run_guarded


def register(group: click.Group) -> None:
    """Add the ``audit`` command."""
    group.add_command(audit)


@click.command()
@click.option("--dossier", "slug", default=None, help="Only this dossier's events.")
@click.option("--limit", default=200, type=ROW_ID, metavar="N",
              help="At most N events (200 unless told, 1 to 100,000).")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, newest first.")
@pass_state
def audit(state: CliState, slug: str | None, limit: int, as_json: bool) -> None:
    """List audit events, newest first."""

    def action() -> None:
        from books.access.audit import list_events

        rows = list_events(state.workspace, slug, min(limit, 100_000))  # the help's bound
        if as_json:
            emit_json(
                {
                    "at": r.at.isoformat(), "actor": r.actor, "dossier": r.dossier_slug,
                    "entity": r.entity, "entity_id": r.entity_id, "action": r.action,
                    "before": r.before, "after": r.after,
                }
                for r in rows
            )
            return
        from books.access.audit import describe
        from books.formats import format_datetime
        from books.i18n import t

        # In words, as the dossier screen shows them ("règle fournisseur F0012",
        # "création ou modification"); the codes stay in --json.
        emit_table(
            [t("cli.col.at"), t("cli.col.actor"), t("cli.col.dossier"), t("cli.col.entity"), t("cli.col.action")],
            [[format_datetime(r.at), r.actor, r.dossier_slug or "", *describe(r)] for r in rows],
        )

    run_guarded(action)
