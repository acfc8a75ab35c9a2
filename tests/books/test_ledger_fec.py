"""Issue 19: publishing writes entries; the FEC export of the nine cases equals the
hand-written expected file byte for byte; ``fec check`` accepts it and refuses each
kind of defect with the right message."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from books.context import Workspace
from books.inbox import review
from books.ledger.fec import export_fec
from books.ledger.fec_check import check_bytes, check_fec
from tests.books.ledger_cases import CASES, PUBLISHED_AT, SLUG, insert_case, make_dossier

FIXTURES = Path(__file__).parents[1] / "fixtures" / "fec"


@pytest.fixture
def published(admin: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The nine cases published in order on 2026-03-31."""
    monkeypatch.setattr(review, "_now", lambda: PUBLISHED_AT)
    dossier_id, parties = make_dossier(admin)
    ids = [insert_case(admin, dossier_id, parties, case, n) for n, case in enumerate(CASES)]
    result = review.publish(admin, ids)
    assert result.refused == [] and result.published == ids
    return admin


def test_the_export_of_the_cases_is_the_expected_file(published: Workspace, tmp_path: Path) -> None:
    done = export_fec(published, SLUG, date(2026, 1, 1), date(2026, 12, 31), tmp_path)
    assert done.path.name == "552100554FEC20261231.txt"
    assert done.path.read_bytes() == (FIXTURES / "cases_tab_utf8.txt").read_bytes()
    assert done.sha256 == hashlib.sha256(done.path.read_bytes()).hexdigest()
    assert done.lines == 30
    assert done.notice.read_bytes() == (FIXTURES / "cases_tab_utf8_notice.txt").read_bytes()


def test_pipe_and_latin9_export_is_the_expected_file(published: Workspace, tmp_path: Path) -> None:
    done = export_fec(published, SLUG, date(2026, 1, 1), date(2026, 12, 31), tmp_path,
                      separator="pipe", encoding="iso-8859-15")
    assert done.path.read_bytes() == (FIXTURES / "cases_pipe_latin9.txt").read_bytes()


def test_our_export_passes_the_check(published: Workspace, tmp_path: Path) -> None:
    for separator, encoding in (("tab", "utf-8"), ("pipe", "iso-8859-15")):
        out = tmp_path / separator
        out.mkdir()
        done = export_fec(published, SLUG, date(2026, 1, 1), date(2026, 12, 31), out,
                          separator=separator, encoding=encoding)
        report = check_fec(done.path)
        assert (report.errors, report.alerts, report.lines, report.entries) == (0, 0, 30, 9), \
            report.findings


NAME = "552100554FEC20261231.txt"


def _good() -> list[list[str]]:
    text = (FIXTURES / "cases_tab_utf8.txt").read_bytes().decode("utf-8")
    return [line.split("\t") for line in text.split("\r\n")[:-1]]


def _bytes(rows: list[list[str]], sep: str = "\t", end: str = "\r\n",
           encoding: str = "utf-8") -> bytes:
    return (end.join(sep.join(row) for row in rows) + end).encode(encoding)


def _set(rows: list[list[str]], line: int, field: str, value: str) -> list[list[str]]:
    rows[line - 1][rows[0].index(field)] = value
    return rows


def test_the_expected_file_has_no_finding() -> None:
    report = check_bytes(NAME, (FIXTURES / "cases_tab_utf8.txt").read_bytes())
    assert (report.errors, report.alerts, report.lines, report.entries) == (0, 0, 30, 9)


@pytest.mark.parametrize("variant", ["bom", "lf", "padded", "latin9", "pipe", "22_columns"])
def test_files_from_other_software_are_read(variant: str) -> None:
    rows = _good()
    if variant == "bom":
        data = b"\xef\xbb\xbf" + _bytes(rows)
    elif variant == "lf":
        data = _bytes(rows, end="\n")
    elif variant == "padded":
        data = _bytes([[f" {v}  " if i in (5, 11) else v for i, v in enumerate(r)] for r in rows])
    elif variant == "latin9":
        data = _bytes([[v.replace("—", "-") for v in r] for r in rows], encoding="iso-8859-15")
    elif variant == "pipe":
        data = _bytes(rows, sep="|")
    else:
        extra = [["DateRglt", "ModeRglt", "NatOp", "IdClient"]] + [["", "", "", ""]] * 30
        data = _bytes([r + e for r, e in zip(rows, extra, strict=True)])
    report = check_bytes(NAME, data)
    assert (report.errors, report.alerts, report.lines) == (0, 0, 30), report.findings


DEFECTS = {
    # kind: (how to break the expected file, code, line, field)
    "name": (None, "name", 0, None),
    "separator": (lambda r: [[";".join(x)] for x in r], "separator", 1, None),
    "header": (lambda r: _set(r, 1, "CompteLib", "LibelleCompte"), "header", 1, "CompteLib"),
    "columns": (lambda r: [x[:17] for x in r], "columns", 1, None),
    "field_count": (lambda r: r[:4] + [r[4][:-1]] + r[5:], "field_count", 5, None),
    "mandatory": (lambda r: _set(r, 3, "PieceRef", ""), "mandatory", 3, "PieceRef"),
    "account": (lambda r: _set(r, 2, "CompteNum", "6X4400"), "account", 2, "CompteNum"),
    "decimal_point": (lambda r: _set(r, 2, "Debit", "100.00"), "decimal_point", 2, "Debit"),
    "amount": (lambda r: _set(r, 2, "Debit", "1 000,00"), "amount", 2, "Debit"),
    "date": (lambda r: _set(r, 2, "EcritureDate", "20260231"), "date", 2, "EcritureDate"),
    "both": (lambda r: _set(r, 2, "Credit", "100,00"), "debit_credit", 2, "Debit"),
    "neither": (lambda r: _set(r, 2, "Debit", "0,00"), "debit_credit", 2, "Debit"),
    "aux_pair": (lambda r: _set(r, 4, "CompAuxLib", ""), "aux_pair", 4, "CompAuxLib"),
    "currency_pair": (lambda r: _set(r, 29, "Idevise", ""), "currency_pair", 29, "Idevise"),
    "entry_balance": (lambda r: _set(_set(r, 2, "Debit", "101,00"), 3, "Credit", "121,00"),
                      "entry_balance", 2, "EcritureNum"),
    "file_balance": (lambda r: _set(r, 2, "Debit", "101,00"), "file_balance", 0, "Debit"),
    "numbering_gap": (lambda r: [_set(r, n, "EcritureNum", "7") for n in (29, 30, 31)][0],
                      "numbering_gap", 0, "EcritureNum"),
    "numbering_order": (lambda r: [_set(r, n, "EcritureNum", "9") for n in (2, 3, 4)][0],
                        "numbering_order", 8, "EcritureNum"),
    "valid_before": (lambda r: _set(r, 2, "ValidDate", "20260301"), "valid_before", 2, "ValidDate"),
}


@pytest.mark.parametrize("kind", sorted(DEFECTS))
def test_each_defect_is_refused_with_its_message(kind: str) -> None:
    breaks, code, line, field = DEFECTS[kind]
    data = _bytes(breaks(_good())) if breaks else _bytes(_good())
    report = check_bytes("FEC2026.txt" if kind == "name" else NAME, data)
    assert report.errors >= 1
    found = [f for f in report.findings if f.code == code]
    assert found, report.findings
    assert (found[0].line, found[0].field) == (line, field)
    assert found[0].message and "{" not in found[0].message


def test_a_field_holding_a_separator_is_cleaned_line_by_line(published: Workspace,
                                                             tmp_path: Path) -> None:
    from sqlalchemy import text

    with published.transaction() as session:  # as another tool could have written it
        session.execute(text("UPDATE entry_line SET account_label = 'Fournitures\tadmin|istratives'"
                             " WHERE account = '606400'"))
    done = export_fec(published, SLUG, date(2026, 1, 1), date(2026, 12, 31), tmp_path)
    expected = (FIXTURES / "cases_tab_utf8.txt").read_bytes().replace(
        b"\tFournitures administratives\t", b"\tFournitures admin istratives\t")
    assert done.path.read_bytes() == expected
    assert check_fec(done.path).errors == 0
