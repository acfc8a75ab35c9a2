"""Exporting a list, or a selection of it, as a CSV that imports back unchanged.

UTF-8 with BOM and ``;`` by default (what French Excel opens directly); the
headers are the field labels the import recognises; a cell a spreadsheet would
run as a formula is prefixed with ``'`` (the import removes it).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

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
    header, rows = export_table(ws, slug, kind, codes, filter_text, archived)
    if isinstance(path_or_stream, (str, os.PathLike)):
        _write_file(Path(path_or_stream), header, rows, delimiter)
    elif isinstance(path_or_stream, io.TextIOBase):
        _write(path_or_stream, header, rows, delimiter)
    else:
        text = io.TextIOWrapper(path_or_stream, encoding="utf-8-sig", newline="")
        _write(text, header, rows, delimiter)
        text.flush()
        text.detach()
    return len(rows)


def export_table(
    ws: Workspace, slug: str, kind: str, codes: Sequence[str] | None,
    filter_text: str | None = None, archived: bool = False,
) -> tuple[list[str], list[tuple[str, ...]]]:
    """The header and cells an export writes (cells already neutralised).

    Made a column at a time: a column of text is taken as it is and checked
    for formulas in one search, so 100,000 parties cost well under a second
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
    cells = [_cells(column) for column in values]
    cells.append(_cells([", ".join(sorted(groups[i])) if i in groups else "" for i in ids]))
    cells += [_cells([(extra or {}).get(key) for extra in extras]) for key in custom]
    return header, list(zip(*cells, strict=True))


def _cells(values: list[Any]) -> list[str]:
    """One column's values as cells a spreadsheet shows as text."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if kinds <= {str}:
        cells = ["" if value is None else value for value in values]
    else:
        cells = [_cell(value) for value in values]
    joined = "\n" + "\n".join(cells)
    if any("\n" + start in joined for start in FORMULA_STARTS):
        return [neutralise(cell) for cell in cells]
    return cells


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
    _write_file(Path(path).expanduser(), header,
                [[neutralise(cell) for cell in row] for row in rows], ";")
    return len(rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return write_amount(value)
    if isinstance(value, date):
        return write_date(value)
    return str(value)


def _write(stream: IO[str], header: list[str], rows: Sequence[Sequence[str]], delimiter: str) -> None:
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)


def _write_file(path: Path, header: list[str], rows: Sequence[Sequence[str]], delimiter: str) -> None:
    """Write next to the target then rename, so a failed export leaves no half file."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            _write(handle, header, rows, delimiter)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        from books.errors import InvalidInput
        from books.i18n import os_reason, t

        raise InvalidInput(t("export.unwritable", file=str(path), reason=os_reason(exc))) from None
