"""Exporting a list, or a selection of it, as a CSV that imports back unchanged.

UTF-8 with BOM and ``;`` by default (what French Excel opens directly); the
headers are the field labels the import recognises; a cell a spreadsheet would
run as a formula is prefixed with ``'`` (the import removes it).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from books.exchange.collector import collector_paused
from books.exchange.mapping import FIELDS, field_label
from books.exchange.reading import Table
from books.exchange.values import FORMULA_STARTS, neutralise, write_amount, write_date
from books.i18n import t
from books.identity import fold

if TYPE_CHECKING:
    from books.context import Workspace

COLUMNS = tuple(f for f in FIELDS if f != "groups")
"""The party columns an export reads (groups come from their own table)."""


def export_parties(
    ws: Workspace, slug: str, kind: str, codes: list[str] | None,
    path_or_stream: str | os.PathLike[str] | IO[Any], filter_text: str | None = None,
    archived: bool = False, *, delimiter: str = ";",
) -> int:
    """Write a list (or the parties with ``codes``) as CSV; the number of parties written.

    Args:
        ws: the workspace (the user needs access to the dossier).
        slug: the dossier.
        kind: ``customer`` or ``supplier``.
        codes: the selection, or None for the whole list (narrowed by ``filter_text``).
        path_or_stream: a file path (written whole or not at all, UTF-8 with BOM), a
            text stream (written as is) or a binary stream (UTF-8 with BOM).
        filter_text: what the list filter holds (matched on the search key).
        archived: export the archived parties instead of the active ones.
        delimiter: the cell separator.

    Raises:
        NotFound: the dossier does not exist or is not accessible.
    """
    with collector_paused():
        header, columns = export_table(ws, slug, kind, codes, filter_text, archived)
        if isinstance(path_or_stream, (str, os.PathLike)):
            _write_file(Path(path_or_stream),
                        lambda handle: _write_columns(handle, header, columns, delimiter))
        elif isinstance(path_or_stream, io.TextIOBase):
            _write_columns(path_or_stream, header, columns, delimiter)
        else:
            text = io.TextIOWrapper(path_or_stream, encoding="utf-8-sig", newline="")
            _write_columns(text, header, columns, delimiter)
            text.flush()
            text.detach()
    return len(columns[0].cells)


@dataclass(frozen=True)
class Column:
    """One column of an export: its cells (text, already neutralised), and the same
    cells joined by :data:`_JOIN` (what tells at once whether any cell needs quotes)."""

    cells: list[str]
    joined: str


_JOIN = "\x00"
"""What joins a column's cells for the whole-column checks: a character no cell start
or quoting rule depends on."""

BATCH = 10_000
"""Rows made into lines and written at a time (the file is never held whole twice)."""


def export_table(
    ws: Workspace, slug: str, kind: str, codes: Sequence[str] | None,
    filter_text: str | None = None, archived: bool = False,
) -> tuple[list[str], list[Column]]:
    """The header and the columns an export writes (cells already neutralised).

    Made a column at a time: a column of text is taken as it is and checked
    for formulas in one search, so 100,000 parties cost a fraction of a second
    instead of a few calls per cell.
    """
    from books.dossiers.service import get_dossier
    from store.parties import imports as party_import

    dossier = get_dossier(ws, slug)
    with ws.read() as session:
        ids, extras, *values = party_import.export_columns(
            session=session, dossier_id=dossier.id, kind=kind, columns=COLUMNS, codes=codes,
            folded_filter=fold(filter_text.strip()) if filter_text and filter_text.strip() else None,
            archived=archived,
        )
        groups = party_import.group_names_by_party(session=session, dossier_id=dossier.id)
    custom = _custom_keys(extras)
    header = [field_label(f) for f in FIELDS] + custom
    columns = [_cells(column) for column in values]
    columns.append(_cells([", ".join(sorted(groups[i])) if i in groups else "" for i in ids]))
    columns += [_cells([(extra or {}).get(key) for extra in extras]) for key in custom]
    return header, columns


def _cells(values: list[Any]) -> Column:
    """One column's values as cells a spreadsheet shows as text."""
    cells = ["" if value is None else value for value in values] if None in values else values
    try:
        joined = _JOIN + _JOIN.join(cells)
    except TypeError:  # amounts, dates, numbers, custom values that are not text
        cells = _texts(values)
        joined = _JOIN + _JOIN.join(cells)
    if any(_JOIN + start in joined for start in FORMULA_STARTS):
        cells = [neutralise(cell) for cell in cells]
    return Column(cells, joined)


def _texts(values: list[Any]) -> list[str]:
    """Each value as its cell's text. A column of whole numbers or dates (payment
    terms: a handful of distinct values) has each distinct value written once."""
    if set(map(type, values)) <= _FEW_TEXTS:
        text = {value: _cell(value) for value in set(values)}
        return [text[value] for value in values]
    return [_cell(value) for value in values]


_FEW_TEXTS = {int, date, type(None)}
"""Types whose equal values always write the same text (unlike ``True`` and ``1``,
or ``Decimal("-0")`` and ``Decimal("0")``)."""


def _custom_keys(values: Iterable[dict[str, Any] | None]) -> list[str]:
    labels = {field_label(f) for f in FIELDS}
    keys: dict[str, None] = {}
    for fields in values:
        for key in fields or {}:
            if key not in labels:
                keys.setdefault(key)
    return list(keys)


def export_rejections(path: str | os.PathLike[str], table: Table,
                      rejected: Sequence[Mapping[str, Any]]) -> int:
    """Write the rejected rows of an import as CSV, to send back to whoever made the
    file: the line, the reason, then the row's cells as they were. The number written.

    Raises:
        InvalidInput: the file cannot be written (nothing is left half-written).
    """
    cells = table.cells_at(r["line"] for r in rejected)
    header = [t("import.rejections_line"), t("import.rejections_reason"), *table.header]
    rows = [[str(r["line"]), r["reason"], *cells.get(r["line"], [])] for r in rejected]
    neutralised = [[neutralise(cell) for cell in row] for row in rows]
    _write_file(Path(path).expanduser(), lambda handle: _write(handle, header, neutralised, ";"))
    return len(rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return write_amount(value)
    if isinstance(value, date):
        return write_date(value)
    return str(value)


def _write(stream: IO[str], header: list[str], rows: Iterable[Sequence[str]], delimiter: str) -> None:
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)


def _write_columns(stream: IO[str], header: list[str], columns: Sequence[Column],
                   delimiter: str) -> None:
    """The rows of ``columns`` as :func:`_write` writes them, byte for byte.

    When no cell holds the delimiter, a quote or a line break (one search per
    column), the csv module would quote nothing: each line is then the cells
    joined by the delimiter, made ten times faster than by the csv writer.
    """
    rows = zip(*(column.cells for column in columns), strict=True)
    if any(char in column.joined for column in columns for char in (delimiter, '"', "\r", "\n")):
        _write(stream, header, rows, delimiter)
        return
    _write(stream, header, (), delimiter)
    join = delimiter.join
    while batch := list(islice(rows, BATCH)):
        stream.write("\r\n".join(map(join, batch)) + "\r\n")


def _write_file(path: Path, write: Callable[[IO[str]], None]) -> None:
    """Write next to the target then rename, so a failed export leaves no half file."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            write(handle)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        from books.errors import InvalidInput
        from books.i18n import os_reason, t

        raise InvalidInput(t("export.unwritable", file=str(path), reason=os_reason(exc))) from None
