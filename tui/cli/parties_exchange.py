"""``saisie parties import`` and ``saisie parties export``: lists in and out as CSV."""

from __future__ import annotations

import sys

import click

from tui.cli.common import echo, emit_json, pass_state, run_guarded
from tui.cli.parties import dossier_option, json_option, kind_option

DELIMITER_NAMES = {";": ";", ",": ",", "\t": "tab", "|": "|"}


def extend(group: click.Group) -> None:
    """Add ``import`` and ``export`` to the ``parties`` group."""
    group.add_command(import_command)
    group.add_command(export_command)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@dossier_option
@kind_option
@click.option("--mapping", "mapping_path", type=click.Path(dir_okay=False), metavar="PATH.toml",
              help="Column mapping (and optionally encoding, delimiter) to use.")
@click.option("--save-mapping", "save_path", type=click.Path(dir_okay=False), metavar="PATH.toml",
              help="Write the mapping used to this TOML file.")
@click.option("--dry-run", is_flag=True, help="Check and count, write nothing.")
@click.option("--strict", is_flag=True, help="Refuse the whole file when any row is rejected.")
@json_option
@pass_state
def import_command(state, file, slug, kind, mapping_path, save_path, dry_run, strict, as_json):  # type: ignore[no-untyped-def]
    """Import customers or suppliers from a .csv or .txt file."""
    from books.exchange.errors import ImportRefused

    def act():  # type: ignore[no-untyped-def]
        from books.exchange.service import import_file
        from books.exchange.targets import ensure_writable

        if save_path:
            ensure_writable(save_path)  # before importing: a failure must not follow a commit
        try:
            return import_file(state.workspace, slug, kind, file, mapping_path=mapping_path,
                               dry_run=dry_run, strict=strict)
        except ImportRefused as exc:
            return exc

    result = run_guarded(act)
    if isinstance(result, ImportRefused):
        if as_json:
            emit_json(result.result.to_json())
        echo(f"saisie: {result.message}", err=True)
        sys.exit(1)
    failure = _save_mapping(save_path, result) if save_path else None
    _report(result, as_json, save_path if failure is None else None)
    if failure is not None:
        echo(f"saisie: {failure}", err=True)
        sys.exit(1)


def _save_mapping(save_path: str, result) -> str | None:  # type: ignore[no-untyped-def]
    """Write the mapping used; the message when it fails all the same (the place was
    checked before importing, so the import is done and the message says so)."""
    from books.exchange.mapping import save_toml
    from books.i18n import os_reason, t

    try:
        save_toml(save_path, result.mapping, result.encoding, result.delimiter)
    except OSError as exc:
        return t("safe.save_failed", file=save_path, reason=os_reason(exc))
    return None


def _report(result, as_json: bool, save_path: str | None) -> None:  # type: ignore[no-untyped-def]
    from books.i18n import t

    if as_json:
        emit_json(result.to_json())
        return
    echo(t("import.detected", encoding=result.encoding,
                 delimiter=DELIMITER_NAMES.get(result.delimiter, result.delimiter)))
    for rejected in result.rejected:
        echo(t("import.line_reason", line=rejected["line"], reason=rejected["reason"]))
    echo(t("import.summary", file=result.file, created=result.created,
                 updated=result.updated, unchanged=result.unchanged,
                 rejected=len(result.rejected), groups=result.groups_created))
    if result.dry_run:
        echo(t("import.summary_dry"))
    if save_path:
        echo(t("import.mapping_saved", file=save_path))


@click.command("export")
@dossier_option
@kind_option
@click.option("--output", type=click.Path(dir_okay=False), help="File to write (stdout when absent).")
@click.option("--filter", "filter_text", metavar="TEXT", help="Only parties matching this text.")
@click.option("--archived", is_flag=True, help="Export the archived parties instead.")
@json_option
@pass_state
def export_command(state, slug, kind, output, filter_text, archived, as_json):  # type: ignore[no-untyped-def]
    """Export a list as CSV (UTF-8 with BOM, ``;``) that imports back unchanged."""

    def act() -> int:
        from books.exchange.export import export_parties

        target = output if output else click.get_text_stream("stdout")
        return export_parties(state.workspace, slug, kind, None, target, filter_text, archived)

    count = run_guarded(act)
    if output:
        from books.i18n import t

        if as_json:
            emit_json({"exported": count, "file": output})
        else:
            echo(t("export.done", count=count, file=output))
