"""``saisie extract FILE… [--json]``: read invoices and print what was found.

Needs no database. ``books.invoices`` is imported inside the command so the
other commands do not pay for lxml and pdfium at start-up.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import TYPE_CHECKING

import click

from tui.cli.common import CliState, echo, pass_state, run_guarded

if TYPE_CHECKING:
    from books.invoices import Extraction


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file (JSON Lines).")
@pass_state
def extract(state: CliState, files: tuple[str, ...], as_json: bool) -> None:
    """Read invoices (Factur-X, ZUGFeRD, CII, UBL, PDF, images) and print their fields.

    Exit code 1 when any file could not be read (after printing every file).
    Messages follow the configured language; no database is opened. Each file is
    read in a child process limited in memory and time (books.invoices.sandbox).
    """
    from books.invoices.sandbox import SandboxedReader
    from tui.cli.common import emit_json

    run_guarded(lambda: state.settings)

    failed = False
    with SandboxedReader() as reader:
        for index, name in enumerate(files):
            result = reader.read(name)
            failed = failed or result.error is not None
            if as_json:
                emit_json(result.to_json())
            else:
                if index:
                    echo("")
                echo(format_summary(result), lines=True)
    if failed:
        sys.exit(1)


def format_summary(result: Extraction) -> str:
    """A readable, aligned ``label: value`` summary of one result."""
    from books.i18n import t

    rows = [(t("extract.label.file"), result.file)]
    if result.error is not None:
        rows.append((t("extract.label.error"), result.error))
        return _aligned(rows)
    rows += _identity_rows(result)
    totals = result.totals
    for key in ("net", "tax", "gross", "prepaid", "payable"):
        value = getattr(totals, key)
        if value is not None:
            rows.append((t(f"extract.label.{key}"), money(value, result.currency or "")))
    for line in result.vat:
        key = "extract.value.vat_line" if line.base is not None else "extract.value.vat_line_no_base"
        currency = result.currency or ""
        rows.append((t("extract.label.vat"), t(key, rate=decimal_text(line.rate), base=money(line.base, currency),
                                              amount=money(line.amount, currency))))
    rows += [(t("extract.label.iban"), iban) for iban in result.ibans]
    if result.lines:
        rows.append((t("extract.label.lines"), t("extract.value.lines_count", count=len(result.lines))))
    rows += [(t("extract.label.warning"), warning) for warning in result.warnings]
    rows += _to_check_rows(result)
    return _aligned(rows)


def _to_check_rows(result: Extraction) -> list[tuple[str, str]]:
    """The values read from text below the confidence a person may trust (issue 20)."""
    from books.i18n import t
    from books.invoices.trust import to_check

    names = to_check(result.to_json())
    labels = [t(f"extract.label.{name.removeprefix('totals.')}") if "." not in name or name.startswith("totals.")
              else t(f"text_reader.field.{name}") for name in names
              if name not in ("type_code", "document_type", "ibans", "vat", "lines")]
    return [(t("text_reader.label.to_check"), ", ".join(labels))] if labels else []


def _identity_rows(result: Extraction) -> list[tuple[str, str]]:
    from books.i18n import t

    kind = t(f"extract.value.{result.document_type}") if result.document_type else None
    rows = [
        ("extract.label.format", result.format),
        ("extract.label.profile", result.profile),
        ("extract.label.document_type", f"{kind} ({result.type_code})" if kind else None),
        ("extract.label.number", result.number),
        ("extract.label.issue_date", day(result.issue_date)),
        ("extract.label.due_date", day(result.due_date)),
        ("extract.label.currency", result.currency),
        ("extract.label.seller", _party(result.seller)),
        ("extract.label.buyer", _party(result.buyer)),
    ]
    return [(t(label), value) for label, value in rows if value]


def _party(party: object) -> str | None:
    from books.i18n import t

    parts = [party.name] if party.name else []  # type: ignore[attr-defined]
    if party.vat_id:  # type: ignore[attr-defined]
        parts.append(t("extract.value.party_ids", vat_id=party.vat_id))  # type: ignore[attr-defined]
    if party.legal_id:  # type: ignore[attr-defined]
        scheme = party.legal_id_scheme or ""  # type: ignore[attr-defined]
        parts.append(t("extract.value.legal_id", scheme=scheme, legal_id=party.legal_id).strip())  # type: ignore[attr-defined]
    return " · ".join(parts) or None


def money(value: Decimal | None, currency: str) -> str:
    """An amount as a person reads it (``263,38 €`` in French, ``263.38 EUR``-like
    in English), every decimal the invoice gave kept; ``--json`` keeps the raw text."""
    from books.formats import format_amount

    if value is None:
        return ""
    if value == value.quantize(Decimal("0.01")):
        return format_amount(value, currency)
    symbol = format_amount(Decimal(0), currency).removeprefix(format_amount(Decimal(0)))
    return f"{decimal_text(value)}{symbol}"


def decimal_text(value: Decimal | None) -> str:
    """A number as the interface language writes it, exactly (``5,5`` / ``5.5``)."""
    from books.i18n import get_language

    if value is None:
        return ""
    text = format(value.normalize() if value == value.to_integral() else value, "f")
    return text.replace(".", ",") if get_language() == "fr" else text


def day(iso: str | None) -> str | None:
    """An ISO date as the interface language writes dates (``31/01/2026``)."""
    from datetime import date

    from books.formats import format_date

    if not iso:
        return iso
    try:
        return format_date(date.fromisoformat(iso))
    except ValueError:
        return iso


def _aligned(rows: list[tuple[str, str]]) -> str:
    from books.i18n import t

    width = max(len(label) for label, _ in rows)
    return "\n".join(t("tk.label_value", label=label.ljust(width), value=value)
                     for label, value in rows)


def register(group: click.Group) -> None:
    """Add the ``extract`` command to the main command group."""
    group.add_command(extract)
