"""Reading a .csv or .txt export: encoding, delimiter, quoting, header and rows.

The whole file is read once into memory (it is at most :data:`MAX_BYTES`), so a
file that disappears or changes after that cannot leave an import half done.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat as stat_module
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import BinaryIO

from books.errors import InvalidInput
from books.i18n import os_reason, t

MAX_BYTES = 32 * 1024 * 1024
"""The largest file an import accepts (a customer list is a few MB; bigger is a wrong file)."""

EXTENSIONS = (".csv", ".txt")
DELIMITERS = (";", ",", "\t", "|")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")
"""Encodings a person can pick; detection may also answer another one."""

_SAMPLE_LINES = 50
HEADER_LIMIT = 200
"""The longest column name accepted (a longer one is not a header)."""


def _allow_long_cells() -> None:
    """Let the csv reader take cells as long as a whole file (its default stops at
    131,072 characters with an error): a long cell is then a rejected row naming its
    line and column, by the length limit of the field it fills."""
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)


@dataclass(frozen=True)
class Source:
    """A file's bytes as read, with what is needed to notice it changed since."""

    path: Path
    data: bytes
    size: int
    mtime_ns: int

    @property
    def name(self) -> str:
        """The file name, as messages show it."""
        return self.path.name


@dataclass
class Table:
    """A decoded file: its columns and its rows, each with its line number.

    A file whose every row has the header's width is also kept column by column
    (``columns``, ``lines``), as the import checks it; its ``rows`` are then
    made from those columns the first time they are asked for.
    """

    name: str
    encoding: str
    delimiter: str
    header: list[str]
    _rows: list[tuple[int, list[str]]] | None = field(default=None, repr=False)
    columns: list[list[str]] | None = None
    """The cells column by column (one list per header column), when every row is full width."""
    lines: list[int] = field(default_factory=list)
    """With ``columns``: the line number each row starts on."""
    apostrophes: bool = True
    """Whether the text holds a ``'`` at all (if not, no cell carries the export's
    formula guard, and checking skips looking for it)."""

    @property
    def rows(self) -> list[tuple[int, list[str]]]:
        """``(line number where the row starts, cells)``; the header is line 1."""
        if self._rows is None:
            cells = zip(*self.columns, strict=True) if self.columns else ()
            self._rows = [(line, list(row)) for line, row in zip(self.lines, cells, strict=True)]
        return self._rows

    def cells_at(self, lines: Iterable[int]) -> dict[int, list[str]]:
        """The cells of the rows starting on ``lines`` (without making every row)."""
        if self._rows is not None or self.columns is None:
            wanted = set(lines)
            return {line: cells for line, cells in self.rows if line in wanted}
        position = {line: index for index, line in enumerate(self.lines)}
        return {line: [column[position[line]] for column in self.columns]
                for line in lines if line in position}

    @property
    def row_count(self) -> int:
        """How many rows the file holds (the header excluded)."""
        return len(self.lines) if self._rows is None else len(self._rows)

    def samples(self, column: int, count: int = 3) -> list[str]:
        """The first non-empty values of a column, for the mapping screen."""
        found: list[str] = []
        cells = self.columns[column] if self.columns is not None else (
            row[column] if column < len(row) else "" for _line, row in self.rows)
        for cell in cells:
            value = cell.strip()
            if value:
                found.append(value)
                if len(found) == count:
                    break
        return found


def load_source(path: str | os.PathLike[str]) -> Source:
    """Read a file whole, refusing what cannot be a list export.

    Raises:
        InvalidInput: missing or unreadable file, wrong extension, too big, empty.
    """
    file = Path(path).expanduser()
    if file.suffix.lower() not in EXTENSIONS:
        raise InvalidInput(t("import.bad_extension", file=file.name))
    try:
        with open_regular(file) as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > MAX_BYTES:
                raise InvalidInput(t("import.too_big", file=file.name, size=_mb(stat.st_size),
                                     max=_mb(MAX_BYTES)))
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput(t("import.missing", file=str(file))) from None
    except OSError as exc:
        raise InvalidInput(t("import.unreadable", file=file.name, reason=os_reason(exc))) from None
    if len(data) > MAX_BYTES:
        raise InvalidInput(t("import.too_big", file=file.name, size=_mb(len(data)), max=_mb(MAX_BYTES)))
    return Source(path=file, data=data, size=stat.st_size, mtime_ns=stat.st_mtime_ns)


def open_regular(file: Path) -> BinaryIO:
    """``file`` opened for reading, refused unless it is a regular file.

    A named pipe without a writer would block ``open()`` forever, a device could
    be read without end: the file is opened without blocking and checked on the
    open descriptor (no window between the check and the read).

    Raises:
        InvalidInput: not a regular file (a folder, pipe or device).
        OSError: missing or unreadable.
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no named pipes in the tree
    descriptor = os.open(file, os.O_RDONLY | nonblocking | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_BINARY", 0))
    try:
        if not stat_module.S_ISREG(os.fstat(descriptor).st_mode):
            raise InvalidInput(t("safe.not_regular", file=str(file)))
        if nonblocking:
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def ensure_unchanged(source: Source) -> None:
    """Refuse when the file was removed or changed since it was read (its preview is stale).

    Raises:
        InvalidInput: naming the file.
    """
    try:
        stat = source.path.stat()
    except OSError:
        raise InvalidInput(t("import.vanished", file=source.name)) from None
    if (stat.st_size, stat.st_mtime_ns) != (source.size, source.mtime_ns):
        raise InvalidInput(t("import.changed", file=source.name))


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f}"


def detect_encoding(source: Source) -> str:
    """The encoding of the bytes: a BOM, else strict UTF-8, else Windows-1252, else a guess.

    Raises:
        InvalidInput: for a PDF, a binary file or an empty one.
    """
    return _detect(source)[0]


def _detect(source: Source) -> tuple[str, str | None]:
    """:func:`detect_encoding`, with the text when it was decoded on the way (else None)."""
    data = source.data
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InvalidInput(t("import.empty", file=source.name))
    if data.startswith(b"%PDF"):
        raise InvalidInput(t("import.pdf", file=source.name))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", None
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", None
    if b"\x00" in data[:65536] or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InvalidInput(t("import.binary", file=source.name))
    for encoding in ("utf-8", "cp1252"):
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return _guess_encoding(source), None


def _guess_encoding(source: Source) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(source.data[:262144], cp_isolation=["cp850", "mac_roman", "latin_1"]).best()
    return best.encoding if best is not None else "latin-1"


def decode(source: Source, encoding: str, text: str | None = None) -> str:
    """The file's text in ``encoding`` (``text``: those bytes already decoded so).

    Raises:
        InvalidInput: when the bytes are not in that encoding, or hold control characters.
    """
    if text is None:
        try:
            text = source.data.decode(encoding)
        except UnicodeDecodeError as exc:  # where, in the reader's words (Python's are English)
            line = source.data.count(b"\n", 0, exc.start) + 1
            raise InvalidInput(t("import.bad_encoding", file=source.name, encoding=encoding,
                                 reason=t("import.bad_byte", line=line,
                                          byte=source.data[exc.start:exc.start + 1].hex()))
                               ) from None
        except LookupError:
            raise InvalidInput(t("import.bad_encoding", file=source.name, encoding=encoding,
                                 reason=t("import.unknown_encoding"))) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise InvalidInput(t("import.binary", file=source.name))
    return text


def detect_delimiter(text: str) -> str:
    """The delimiter giving the most rows with the same number (>1) of cells."""
    _allow_long_cells()
    lines = text[:65536].splitlines()  # the first lines, without splitting a whole file
    if len(lines) <= _SAMPLE_LINES:
        lines = text.splitlines()
    sample = "\n".join(lines[:_SAMPLE_LINES])
    best, best_score = ";", (0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(len(cells) for cells in csv.reader(io.StringIO(sample), delimiter=delimiter))
        width, rows = max(counts.items(), key=lambda item: (item[1], item[0]), default=(1, 0))
        score = (rows, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def parse(source: Source, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """Decode and split a file into a header and rows (detecting what is not given).

    Raises:
        InvalidInput: empty file, header without rows, a duplicated column, broken quoting.
    """
    _allow_long_cells()
    decoded = None
    if not encoding:
        encoding, decoded = _detect(source)
    text = decode(source, encoding, decoded)
    if not text.strip():
        raise InvalidInput(t("import.empty", file=source.name))
    delimiter = delimiter or detect_delimiter(text)
    plain = _plain_lines(text, delimiter)
    if plain is None:
        header, rows = _read_csv(source.name, text, delimiter)
        table = Table(source.name, encoding, delimiter, header, rows)
    else:
        header = _header(source.name, plain[0].split(delimiter) if plain[0] else [])
        table = _plain_table(source.name, plain[1:], delimiter, header)
        table.encoding = encoding
    if not table.row_count:
        raise InvalidInput(t("import.no_rows", file=source.name))
    table.apostrophes = "'" in text
    return table


def _plain_table(name: str, lines: list[str], delimiter: str, header: list[str]) -> Table:
    """The rows of a text without quotes (``lines`` from line 2 on), as the csv reader reads them.

    When every line holds the header's number of cells and starts with a filled
    one (a clean export), the cells are split in one go and sliced into columns
    at C speed; otherwise line by line, blank rows left out.
    """
    width = len(header)
    if width and set(map(str.count, lines, repeat(delimiter))) == {width - 1}:
        cells = delimiter.join(lines).split(delimiter)
        firsts = cells[::width]
        if all(firsts) and not any(map(str.isspace, firsts)):
            columns = [firsts, *(cells[index::width] for index in range(1, width))]
            return Table(name, "", delimiter, header, columns=columns,
                         lines=list(range(2, len(lines) + 2)))
    rows = [(number, line.split(delimiter) if line else [])
            for number, line in enumerate(lines, start=2)]
    return Table(name, "", delimiter, header, [row for row in rows if _filled(row[1])])


def _read_csv(name: str, text: str, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows, by the csv reader (quotes, cells over lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = _header(name, next(reader))
        start = reader.line_num + 1
        append = rows.append
        for cells in reader:
            if _filled(cells):
                append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InvalidInput(t("import.bad_quoting", file=name, line=reader.line_num,
                             reason=_csv_reason(exc))) from None
    return header, rows


def _csv_reason(error: csv.Error) -> str:
    """The csv module's reason in the interface's language (it said "unexpected end of
    data" in a French message)."""
    from books.i18n import reason_in_words

    return reason_in_words(str(error), (("unexpected end of data", "import.quote_never_closed"),
                                        ("expected after", "import.quote_then_text"),
                                        ("field larger than field limit", "import.cell_too_long"),
                                        ("new-line character seen", "import.line_break_unquoted")),
                           "import.quote_other")


_LINE_ENDS = re.compile(r"\r\n|\r|\n")


def _plain_lines(text: str, delimiter: str) -> list[str] | None:
    """The lines of a text without quotes: one record each, as the csv reader reads them.

    Lines end at ``\r\n``, ``\r`` or ``\n``; a final line end opens no record; an
    empty line is an empty record. None when the text needs the reader (quotes,
    a line longer than its field limit, a delimiter it would refuse).
    """
    if '"' in text or len(delimiter) != 1 or delimiter in "\r\n":
        return None
    _allow_long_cells()
    returns, feeds = text.count("\r"), text.count("\n")
    if not returns:
        lines = text.split("\n")
    elif returns == feeds == text.count("\r\n"):
        lines = text.split("\r\n")
    else:
        lines = _LINE_ENDS.split(text)
    if lines[-1] == "":
        lines.pop()
    if not lines or max(map(len, lines)) > csv.field_size_limit():
        return None
    return lines


def _filled(cells: list[str]) -> bool:
    """Whether some cell holds more than spaces."""
    return bool(cells) and (bool(cells[0]) and not cells[0].isspace() or bool("".join(cells).strip()))


def _header(file: str, cells: list[str]) -> list[str]:
    """Column names, trimmed; unnamed columns get ``Colonne N``; a name twice is refused.

    Raises:
        InvalidInput: a name twice, a name over :data:`HEADER_LIMIT` characters or
        holding a control character (named by line 1 and column number).
    """
    from books.safetext import codepoint, first_control

    for number, cell in enumerate(cells, start=1):
        if len(cell) > HEADER_LIMIT:
            raise InvalidInput(t("safe.header_too_long", file=file, number=number, max=HEADER_LIMIT))
        char = first_control(cell)
        if char is not None:
            raise InvalidInput(t("safe.header_control", file=file, number=number, char=codepoint(char)))
    header = [" ".join(cell.split()) or t("import.unnamed_column", number=i + 1)
              for i, cell in enumerate(cells)]
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        key = name.casefold()
        if key in seen:
            raise InvalidInput(t("import.duplicate_column", file=file, column=name,
                                 first=seen[key], second=number))
        seen[key] = number
    return header
