"""The FEC export (article A47 A-1 du Livre des procédures fiscales).

The file ``<SIREN>FEC<AAAAMMJJ>.txt`` (closing date) holds the 18 columns of the
article, TAB or ``|`` separated, CRLF ended, UTF-8 or ISO-8859-15; dates
AAAAMMJJ; amounts with a decimal comma, no sign, no thousands separator; a
credit is in the Credit column. Lines come by ValidDate then EcritureNum, so
publishing more documents only appends to the export of a period, and the same
period exported twice gives the same bytes (the SHA-256 is printed). A notice
(charset, separator, meaning of each field, journal codes) goes next to it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from books.errors import InvalidInput
from books.i18n import os_reason, t

if TYPE_CHECKING:
    from books.context import Workspace

HEADER = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
          "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
          "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise")
"""The 18 columns, in the article's order and spelling."""
SEPARATORS = {"tab": "\t", "pipe": "|"}
ENCODINGS = {"utf-8": "utf-8", "iso-8859-15": "iso-8859-15"}
FORBIDDEN = str.maketrans({"\t": " ", "|": " ", "\r": " ", "\n": " "})
"""Characters no field may hold (they would break the columns or the lines)."""
LATIN9 = str.maketrans({"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"',
                        "…": "...", "\u202f": " ", "\u00a0": " "})
"""What ISO-8859-15 cannot hold but has a plain equivalent for."""
BATCH = 20_000

Progress = Callable[[int, int], None]
"""Called with (lines written, lines in all)."""


@dataclass(frozen=True, slots=True)
class FecExport:
    """What an export wrote."""

    path: Path
    notice: Path
    sha256: str
    lines: int
    """Entry lines (the header not counted)."""


def file_name(siren: str, closing: date) -> str:
    """``<SIREN>FEC<AAAAMMJJ>.txt``."""
    return f"{siren}FEC{closing:%Y%m%d}.txt"


def export_fec(ws: Workspace, slug: str, start: date, end: date, output: Path,
               separator: str = "tab", encoding: str = "utf-8",
               progress: Progress | None = None) -> FecExport:
    """Write the dossier's FEC for entries dated ``start``..``end`` into ``output``.

    Raises:
        InvalidInput: no SIREN, a bad period, separator or encoding, or an output
            folder that cannot be written.
    """
    from books.dossiers.service import get_dossier
    from books.ledger.posting import fiscal_year_end
    from store import ledger

    if separator not in SEPARATORS or encoding not in ENCODINGS:
        raise InvalidInput(t("fec.bad_format", separator=separator, encoding=encoding))
    if end < start:
        raise InvalidInput(t("fec.bad_period", start=start.isoformat(), end=end.isoformat()))
    dossier = get_dossier(ws, slug)
    if not dossier.siren or len(dossier.siren) != 9 or not dossier.siren.isdigit():
        raise InvalidInput(t("fec.no_siren", slug=slug))
    if not output.is_dir():
        raise InvalidInput(t("fec.bad_output", path=str(output)))
    assert dossier.id is not None
    closing = fiscal_year_end(end, dossier.closing_date)
    if start <= fiscal_year_end(start, dossier.closing_date) < end:
        raise InvalidInput(t("fec.two_years", start=start.isoformat(), end=end.isoformat(),
                             closing=fiscal_year_end(start, dossier.closing_date).isoformat()))
    target = output / file_name(dossier.siren, closing)
    sep = SEPARATORS[separator]
    with ws.read() as session:
        total = ledger.export_count(session=session, dossier_id=dossier.id, start=start, end=end)
        journals = ledger.list_journals(session=session, dossier_id=dossier.id)

        def made_by_the_database() -> Iterable[list[str]]:
            return ledger.export_lines(session=session, dossier_id=dossier.id, start=start,
                                       end=end, sep=sep)

        def made_here() -> Iterable[list[str]]:
            rows = ledger.export_rows(session=session, dossier_id=dossier.id, start=start,
                                      end=end)
            return _chunks(format_line(row, sep) for row in rows)

        try:
            digest, count = _write_atomically(target, made_by_the_database(), sep,
                                              ENCODINGS[encoding], total, progress)
        except _FieldHoldsSeparator:  # a label with a TAB, | or line end: cleaned line by line
            digest, count = _write_atomically(target, made_here(), sep, ENCODINGS[encoding],
                                              total, progress)
    notice = target.with_name(target.stem + "_notice.txt")
    _write_bytes(notice, notice_text(separator, encoding, [(j.code, j.label) for j in journals],
                                     start, end, count, digest).encode(encoding, "replace"))
    return FecExport(target, notice, digest, count)


class _FieldHoldsSeparator(Exception):
    """A line made by the database has a field holding the separator, CR or LF."""


def _chunks(lines: Iterable[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write_atomically(target: Path, chunks: Iterable[list[str]], sep: str, encoding: str,
                      total: int, progress: Progress | None) -> tuple[str, int]:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:
            digest, count = write_chunks(out, chunks, sep, encoding, total, progress)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InvalidInput(t("fec.cannot_write", path=str(target), reason=os_reason(exc))) from exc
    except _FieldHoldsSeparator:
        temporary.unlink(missing_ok=True)
        raise
    return digest, count


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(t("fec.cannot_write", path=str(path), reason=os_reason(exc))) from exc


def write_chunks(out: IO[bytes], chunks: Iterable[list[str]], sep: str, encoding: str,
                 total: int = 0, progress: Progress | None = None) -> tuple[str, int]:
    """Write the header and the lines (given a batch at a time, without line ends);
    (SHA-256 of the bytes, lines written).

    Raises:
        _FieldHoldsSeparator: a line holds more than 17 separators, or a CR or LF.
    """
    digest = hashlib.sha256()
    latin = encoding != "utf-8"

    def emit(text: str) -> None:
        data = (text.translate(LATIN9) if latin else text).encode(encoding, "replace")
        digest.update(data)
        out.write(data)

    emit(sep.join(HEADER) + "\r\n")
    count = 0
    for chunk in chunks:
        text = "\r\n".join(chunk) + "\r\n"
        if (text.count(sep) != 17 * len(chunk) or text.count("\n") != len(chunk)
                or text.count("\r") != len(chunk)):
            raise _FieldHoldsSeparator
        emit(text)
        count += len(chunk)
        if progress is not None:
            progress(count, total)
    if progress is not None and count == 0:
        progress(0, total)
    return digest.hexdigest(), count


def format_line(row: tuple[Any, ...], sep: str) -> str:
    """One FEC line (without its CRLF)."""
    (code, jlabel, number, entry_date, account, alabel, aux, auxlabel, piece, piece_date,
     label, debit, credit, valid_date, amount, currency) = row
    line = sep.join((
        code, jlabel, str(number), str(entry_date).replace("-", ""), account, alabel,
        aux or "", auxlabel or "", piece, str(piece_date).replace("-", ""), label,
        _amount(debit), _amount(credit), "", "", str(valid_date).replace("-", ""),
        _amount(amount) if amount is not None else "", currency or ""))
    if line.count(sep) != 17 or "\r" in line or "\n" in line:
        return _clean_line(row, sep)
    return line


def _amount(value: Any) -> str:
    text = str(value)
    if "." not in text:
        text += ".00"
    whole, _, cents = text.partition(".")
    return f"{whole},{(cents + '00')[:2]}"


def _clean_line(row: tuple[Any, ...], sep: str) -> str:
    """The slow path: a field held a separator, CR or LF; it becomes a space."""
    cleaned = tuple(v.translate(FORBIDDEN) if isinstance(v, str) and i not in (3, 9, 11, 12, 13, 14)
                    else v for i, v in enumerate(row))
    return format_line(cleaned, sep)


def notice_text(separator: str, encoding: str, journals: list[tuple[str, str]], start: date,
                end: date, lines: int, digest: str) -> str:
    """The companion description the article requires (CRLF ended)."""
    parts = [t("fec.notice.title"), "",
             t("fec.notice.period", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}"),
             t("fec.notice.charset", charset=encoding.upper()),
             t(f"fec.notice.separator.{separator}"),
             t("fec.notice.format"),
             t("fec.notice.lines", lines=lines), t("fec.notice.sha", sha=digest), "",
             t("fec.notice.fields")]
    parts += [f"  {name} : {t(f'fec.field.{name}')}" for name in HEADER]
    parts += ["", t("fec.notice.journals")]
    parts += [f"  {code} : {label}" for code, label in journals]
    return "\r\n".join(parts) + "\r\n"
