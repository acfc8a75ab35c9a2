"""``saisie parties match``, ``saisie parties aliases`` and ``saisie parties duplicates``."""

from __future__ import annotations

import sys

import click

from tui.cli.common import ROW_ID, CliState, echo, emit_json, emit_table, pass_state, run_guarded
from tui.cli.parties import dossier_option, json_option, kind_option


def extend(group: click.Group) -> None:
    """Add the matching subcommands to ``parties``."""
    for command in (match_command, aliases_command, duplicates_command):
        group.add_command(command)


@click.command("match")
@dossier_option
@kind_option
@click.argument("names", nargs=-1)
@click.option("--siren", default=None, help="SIREN or SIRET read on the document.")
@click.option("--vat", default=None, help="VAT number read on the document.")
@click.option("--iban", default=None, help="IBAN read on the document.")
@json_option
@pass_state
def match_command(state: CliState, slug: str, kind: str, names: tuple[str, ...],
                  siren: str | None, vat: str | None, iban: str | None, as_json: bool) -> None:
    """Which party a name (and identifiers) read on a document is.

    Names come as arguments, else from standard input, one a line. With
    --siren, --vat or --iban, one query is made of them and the first name.
    """
    from books.matching.matcher import Query
    from books.matching.service import match_names

    def action() -> None:
        asked = list(names) if names else _stdin_names()
        identified = siren or vat or iban
        if identified:
            asked = asked[:1] or [""]
            queries = [Query(name=asked[0], siren=siren if siren and len(_digits(siren)) == 9 else None,
                             siret=siren if siren and len(_digits(siren)) == 14 else None,
                             vat=vat, iban=iban)]
        else:
            queries = [Query(name=name) for name in asked]
        results = match_names(state.workspace, slug, kind, queries)
        if as_json:
            emit_json(r.to_json(q) for q, r in zip(asked, results, strict=True))
            return
        rows = []
        for query, result in zip(asked, results, strict=True):
            best = result.party
            rows.append([query, _decision(result.decision), best.code if best else "",
                         best.name if best else "", _score(result.score), result.reason])
        emit_table(_headers(), rows)

    run_guarded(action)


def _stdin_names() -> list[str]:
    from books.errors import InvalidInput
    from books.i18n import t

    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    names = []
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(t("match.error.stdin", line=number)) from exc
        if line.strip():
            names.append(line.strip())
    return names


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _decision(code: str) -> str:
    from books.i18n import t

    return t(f"match.decision.{code}")


def _score(value: float) -> str:
    from books.i18n import get_language

    text = f"{value:.2f}"
    return text.replace(".", ",") if get_language() == "fr" else text


def _headers() -> list[str]:
    from books.i18n import t

    return [t(f"match.column.{name}") for name in ("query", "decision", "code", "name", "score",
                                                    "reason")]


@click.command("aliases")
@click.argument("code")
@dossier_option
@kind_option
@click.option("--add", "add_name", default=None, metavar="NAME",
              help="Confirm NAME (as printed on documents) as this party's.")
@click.option("--remove", "remove_id", type=ROW_ID, default=None, metavar="ID",
              help="Forget the confirmed name with this number.")
@json_option
@pass_state
def aliases_command(state: CliState, code: str, slug: str, kind: str, add_name: str | None,
                    remove_id: int | None, as_json: bool) -> None:
    """The names confirmed as a party's on documents; add or remove one."""
    from books.matching.service import confirm_name, party_aliases, remove_alias

    def action() -> None:
        ws = state.workspace
        if add_name is not None:
            confirm_name(ws, slug, kind, code, add_name)
        if remove_id is not None:
            remove_alias(ws, slug, kind, code, remove_id)
        rows = party_aliases(ws, slug, kind, code)
        if as_json:
            emit_json({"id": a.id, "name": a.name, "by": a.created_by,
                       "at": a.created_at.isoformat()} for a in rows)
            return
        from books.formats import format_datetime
        from books.i18n import t

        if not rows:
            echo(t("match.no_aliases", code=code))
            return
        emit_table([t("match.column.id"), t("match.column.name"), t("match.column.by"),
                    t("match.column.at")],
                   [[str(a.id), a.name, a.created_by or "", format_datetime(a.created_at)]
                    for a in rows])

    run_guarded(action)


@click.command("duplicates")
@dossier_option
@kind_option
@json_option
@pass_state
def duplicates_command(state: CliState, slug: str, kind: str, as_json: bool) -> None:
    """Pairs of parties of one list that are probably the same company, with the reason."""
    from books.matching.duplicates import find_duplicates

    def action() -> None:
        pairs = find_duplicates(state.workspace, slug, kind)
        if as_json:
            emit_json(p.to_json() for p in pairs)
            return
        from books.i18n import t

        emit_table([t("match.column.code"), t("match.column.name"), t("match.column.code"),
                    t("match.column.name"), t("match.column.reason")],
                   [[p.first.code, p.first.name, p.second.code, p.second.name, p.reason]
                    for p in pairs])

    run_guarded(action)
