"""Checking a FEC: the structural rules of the DGFiP's Test Compta Demat, and what
it leaves to the auditor.

Structure: the file name, the separator, the header's names, the number of
fields of each line, mandatory fields, a 3-digit account prefix, amounts with
a decimal comma, calendar-valid dates AAAAMMJJ, exactly one of Debit and
Credit non-zero, CompAuxNum/CompAuxLib and Montantdevise/Idevise filled
together. Auditor: every (JournalCode, EcritureNum) balances and so does the
file; numbers run increasing and gapless per journal; ValidDate is not before
EcritureDate.

Files from other software are read as they come: TAB or ``|``, UTF-8 with or
without BOM or ISO-8859-15, CRLF or LF, fields padded with spaces, 18 to 22
columns. Each finding names the line (the header is line 1) and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from books.i18n import t
from books.ledger.fec import HEADER

MANDATORY = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
             "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "ValidDate")
"""Fields every line must fill."""
NAME = re.compile(r"(\d{9})FEC(\d{8})\.(txt|csv)", re.IGNORECASE)
CURRENCY = re.compile(r"[A-Z]{3}")
KEPT = 1000
"""Findings kept in the report (all are counted)."""
(JOURNAL, _JLIB, NUMBER, ENTRY_DATE, ACCOUNT, _ALIB, AUX, AUX_LABEL, _PIECE, PIECE_DATE, _LABEL,
 DEBIT, CREDIT, _LET, DATE_LET, VALID_DATE, CUR_AMOUNT, CUR_CODE) = range(18)
MANDATORY_AT = tuple(HEADER.index(name) for name in MANDATORY)


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule a line (or the file, line 0) breaks."""

    severity: str
    """``error`` or ``alert``."""
    line: int
    field: str | None
    code: str
    message: str

    def to_json(self) -> dict[str, object]:
        """The finding as ``fec check --json`` prints it."""
        return {"severity": self.severity, "line": self.line, "field": self.field,
                "code": self.code, "message": self.message}


@dataclass
class CheckReport:
    """What checking a file found."""

    file: str
    encoding: str = ""
    separator: str = ""
    lines: int = 0
    """Entry lines read (the header not counted)."""
    entries: int = 0
    errors: int = 0
    alerts: int = 0
    findings: list[Finding] = field(default_factory=list)

    def add(self, severity: str, line: int, column: str | None, code: str,
            **values: object) -> None:
        """Count a finding (and keep it, up to :data:`KEPT`)."""
        if severity == "error":
            self.errors += 1
        else:
            self.alerts += 1
        if len(self.findings) < KEPT:
            self.findings.append(Finding(severity, line, column, code,
                                         t(f"fec.check.{code}", field=column or "", **values)))

    def to_json(self) -> dict[str, object]:
        """The report as ``fec check --json`` prints it."""
        return {"file": self.file, "encoding": self.encoding, "separator": self.separator,
                "lines": self.lines, "entries": self.entries, "errors": self.errors,
                "alerts": self.alerts, "findings": [f.to_json() for f in self.findings]}


def check_fec(path: Path) -> CheckReport:
    """Check the FEC file at ``path`` (read whole: a FEC of 350,000 lines is ~50 MB).

    Raises:
        InvalidInput: not a regular file (a named pipe would block the read for ever).
        OSError: missing or unreadable.
    """
    from books.exchange.reading import open_regular

    with open_regular(path) as source:
        return check_bytes(path.name, source.read())


def check_bytes(name: str, data: bytes) -> CheckReport:
    """Check a FEC's bytes; ``name`` is its file name."""
    report = CheckReport(name)
    match = NAME.fullmatch(name)
    if match is None or _date(match.group(2)) is None:
        report.add("error", 0, None, "name", name=name)
    text, report.encoding = _decode(data)
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        report.add("error", 0, None, "empty")
        return report
    header = lines[0]
    sep = "\t" if "\t" in header else "|" if "|" in header else None
    if sep is None:
        report.add("error", 1, None, "separator")
        return report
    report.separator = "tab" if sep == "\t" else "pipe"
    names = [n.strip() for n in header.split(sep)]
    if not _header_ok(report, names):
        return report
    _check_lines(report, lines, sep, len(names))
    return report


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-bom"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("iso-8859-15"), "iso-8859-15"


def _header_ok(report: CheckReport, names: list[str]) -> bool:
    if not 18 <= len(names) <= 22:
        report.add("error", 1, None, "columns", count=len(names))
        return False
    ok = True
    for position, (found, expected) in enumerate(zip(names, HEADER, strict=False), 1):
        if found == expected:
            continue
        if found.lower() == expected.lower():
            report.add("alert", 1, expected, "header_case", found=found)
        else:
            report.add("error", 1, expected, "header", position=position, found=found)
            ok = False
    return ok


class _Entries:
    """Balances per entry and per journal numbering, gathered while reading."""

    def __init__(self) -> None:
        self.balance: dict[tuple[str, str], int] = {}
        self.first_line: dict[tuple[str, str], int] = {}
        self.numbers: dict[str, list[int]] = {}
        self.last: dict[str, int] = {}
        self.textual: set[str] = set()
        self.total = 0


def _check_lines(report: CheckReport, lines: list[str], sep: str, count: int) -> None:
    """Every line: a quick path for a line that is plainly right (cached dates and
    amounts), the full rules otherwise (which name what is wrong)."""
    entries = _Entries()
    dates: dict[str, bool] = {}
    amounts: dict[str, int] = {}
    mandatory = itemgetter(*MANDATORY_AT)
    padded = (f" {sep}", f"{sep} ")
    for number, raw in enumerate(lines[1:], 2):
        parts = raw.split(sep)
        if len(parts) != count:
            if raw.strip():
                report.add("error", number, None, "field_count", found=len(parts), expected=count)
            continue
        report.lines += 1
        if padded[0] in raw or padded[1] in raw or raw[:1] == " " or raw[-1:] == " ":
            parts = [p.strip() for p in parts]
        amount = _quick(parts, mandatory, dates, amounts)
        if amount is None:
            amount = _check_line(report, number, parts, dates, amounts)
        _gather(report, number, parts, entries, amount)
    _check_entries(report, entries)


def _quick(parts: list[str], mandatory: itemgetter[Any], dates: dict[str, bool],
           amounts: dict[str, int]) -> int | None:
    """Debit − credit of a line that breaks no rule, seen with what earlier lines proved;
    None when the full rules must look at it."""
    written, valid = parts[ENTRY_DATE], parts[VALID_DATE]
    if not (all(mandatory(parts)) and parts[ACCOUNT][:3].isdigit() and dates.get(written)
            and dates.get(parts[PIECE_DATE]) and dates.get(valid) and valid >= written
            and not parts[DATE_LET] and not parts[CUR_AMOUNT] and not parts[CUR_CODE]
            and bool(parts[AUX]) == bool(parts[AUX_LABEL])):
        return None
    debit, credit = _plain_cents(parts[DEBIT], amounts), _plain_cents(parts[CREDIT], amounts)
    if debit is None or credit is None or (debit == 0) == (credit == 0):
        return None
    return debit - credit


def _plain_cents(text: str, amounts: dict[str, int]) -> int | None:
    """Cents of an amount written plainly (digits, a comma, two digits), else None."""
    known = amounts.get(text)
    if known is not None:
        return known
    whole, comma, cents = text.partition(",")
    if comma and len(cents) == 2 and whole.isdigit() and cents.isdigit():
        return int(whole + cents)
    return None


def _check_line(report: CheckReport, number: int, parts: list[str], dates: dict[str, bool],
                amounts: dict[str, int]) -> int:
    """Every rule on one line; its debit − credit (what could be read of them)."""
    for at in MANDATORY_AT:
        if not parts[at]:
            report.add("error", number, HEADER[at], "mandatory")
    account = parts[ACCOUNT]
    if account and not account[:3].isdigit():
        report.add("error", number, "CompteNum", "account", value=account[:20])
    for at in (ENTRY_DATE, PIECE_DATE, VALID_DATE, DATE_LET):
        value = parts[at]
        if not value:
            continue
        ok = dates.get(value)
        if ok is None:
            ok = dates[value] = _date(value) is not None
        if not ok:
            report.add("error", number, HEADER[at], "date", value=value[:20])
    debit = _amount(report, number, "Debit", parts[DEBIT], amounts)
    credit = _amount(report, number, "Credit", parts[CREDIT], amounts)
    if debit is not None and credit is not None and (debit == 0) == (credit == 0):
        report.add("error", number, "Debit", "debit_credit")
    if bool(parts[AUX]) != bool(parts[AUX_LABEL]):
        report.add("error", number, "CompAuxNum" if not parts[AUX] else "CompAuxLib", "aux_pair")
    if bool(parts[CUR_AMOUNT]) != bool(parts[CUR_CODE]):
        report.add("error", number, "Montantdevise" if not parts[CUR_AMOUNT] else "Idevise",
                   "currency_pair")
    if parts[CUR_CODE] and not CURRENCY.fullmatch(parts[CUR_CODE]):
        report.add("error", number, "Idevise", "currency_code", value=parts[CUR_CODE][:10])
    if parts[CUR_AMOUNT]:
        _amount(report, number, "Montantdevise", parts[CUR_AMOUNT], amounts)
    valid, written = parts[VALID_DATE], parts[ENTRY_DATE]
    if dates.get(valid) and dates.get(written) and valid < written:
        report.add("error", number, "ValidDate", "valid_before", valid=valid, entry=written)
    return (debit or 0) - (credit or 0)


def _gather(report: CheckReport, number: int, parts: list[str], entries: _Entries,
            amount: int) -> None:
    journal, num = parts[JOURNAL], parts[NUMBER]
    key = (journal, num)
    if key not in entries.balance:
        entries.balance[key] = 0
        entries.first_line[key] = number
        if num.isdigit():
            value = int(num)
            last = entries.last.get(journal)
            if last is not None and value < last:
                report.add("error", number, "EcritureNum", "numbering_order", journal=journal,
                           value=num, previous=last)
            entries.last[journal] = value
            entries.numbers.setdefault(journal, []).append(value)
        elif num and journal not in entries.textual:
            entries.textual.add(journal)
            report.add("alert", number, "EcritureNum", "numbering_text", journal=journal,
                       value=num[:20])
    entries.balance[key] += amount
    entries.total += amount


def _check_entries(report: CheckReport, entries: _Entries) -> None:
    report.entries = len(entries.balance)
    for key, balance in entries.balance.items():
        if balance:
            report.add("error", entries.first_line[key], "EcritureNum", "entry_balance",
                       journal=key[0], value=key[1], difference=_cents(balance))
    for journal, numbers in sorted(entries.numbers.items()):
        ordered = sorted(set(numbers))
        missing = [n for a, b in zip(ordered, ordered[1:], strict=False) for n in range(a + 1, b)]
        if missing:
            report.add("error", 0, "EcritureNum", "numbering_gap", journal=journal,
                       missing=", ".join(str(n) for n in missing[:10])
                       + (" …" if len(missing) > 10 else ""))
    if entries.total:
        report.add("error", 0, "Debit", "file_balance", difference=_cents(entries.total))


def _amount(report: CheckReport, number: int, name: str, text: str,
            amounts: dict[str, int]) -> int | None:
    """The amount in cents; a finding when it is not written with a decimal comma.
    Unsigned amounts read right are remembered in ``amounts`` for the quick path."""
    if not text:
        return None
    body = text[1:] if text[:1] in "-+" else text
    whole, comma, cents = body.partition(",")
    if whole.isdigit() and (not comma or (cents.isdigit() and len(cents) <= 2)):
        value = int(whole) * 100 + (int(cents.ljust(2, "0")) if cents else 0)
        if body is not text:
            report.add("alert", number, name, "sign", value=text[:20])
            return -value if text[:1] == "-" else value
        amounts[text] = value
        return value
    if "." in text and "," not in text:
        report.add("error", number, name, "decimal_point", value=text[:20])
    else:
        report.add("error", number, name, "amount", value=text[:20])
    return None


def _date(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _cents(value: int) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 100},{value % 100:02d}"
