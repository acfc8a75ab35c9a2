"""``saisie fec export|check``: the Fichier des Écritures Comptables of a dossier, and
the DGFiP's checks on any FEC."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tui.cli.common import CliState, echo, emit_json, pass_state, run_guarded

DAY = click.DateTime(["%Y-%m-%d"])


def register(group: click.Group) -> None:
    """Add the ``fec`` group."""
    group.add_command(fec)


@click.group()
def fec() -> None:
    """The FEC: export a dossier's entries, check any FEC file."""


@fec.command("export")
@click.option("--dossier", "slug", required=True, metavar="SLUG", help="The dossier.")
@click.option("--from", "start", type=DAY, required=True, metavar="DATE",
              help="First entry date (AAAA-MM-JJ).")
@click.option("--to", "end", type=DAY, required=True, metavar="DATE",
              help="Last entry date (AAAA-MM-JJ).")
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              help="Folder the file and its notice go to (default: here).")
@click.option("--separator", type=click.Choice(["tab", "pipe"]), default="tab",
              help="Field separator.")
@click.option("--encoding", type=click.Choice(["utf-8", "iso-8859-15"]), default="utf-8",
              help="Character set of the file.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def export_command(state: CliState, slug: str, start: object, end: object, output: Path,
                   separator: str, encoding: str, as_json: bool) -> None:
    """Write the dossier's FEC for the period, with its notice; print its SHA-256."""

    def action() -> None:
        from books.i18n import t
        from books.ledger.fec import export_fec

        done = export_fec(state.workspace, slug, start.date(), end.date(),  # type: ignore[attr-defined]
                          output, separator, encoding)
        if as_json:
            emit_json({"file": str(done.path), "notice": str(done.notice),
                       "sha256": done.sha256, "lines": done.lines})
        else:
            echo(t("fec.exported", path=str(done.path), lines=done.lines))
            echo(t("fec.notice_written", path=str(done.notice)))
            echo(f"SHA-256 {done.sha256}")

    run_guarded(action)


@fec.command("check")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def check_command(state: CliState, file: Path, as_json: bool) -> None:
    """Check a FEC (ours or another software's); exit 1 when it has errors."""

    def action() -> None:
        from books.i18n import t
        from books.ledger.fec_check import check_fec

        state.settings  # noqa: B018 - the configured language
        report = check_fec(file)
        if as_json:
            emit_json(report.to_json())
        else:
            for finding in report.findings:
                where = t("fec.where.file") if finding.line == 0 else t(
                    "fec.where.line", line=finding.line)
                severity = t("fec.severity.error" if finding.severity == "error"
                             else "fec.severity.alert")
                place = f"{where}{', ' + finding.field if finding.field else ''}"
                echo(t("tk.label_value", label=place,
                       value=t("tk.label_value", label=severity, value=finding.message)))
            echo(t("fec.checked", file=file.name, lines=report.lines, entries=report.entries,
                   errors=report.errors, alerts=report.alerts))
        if report.errors:
            sys.exit(1)

    run_guarded(action)
