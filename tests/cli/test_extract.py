"""``saisie extract``: JSON Lines, readable summaries, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tui.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "books" / "fixtures" / "invoices"


def test_json_lines_one_per_file_and_exit_code(tmp_path: Path) -> None:
    bad = tmp_path / "fake.pdf"
    bad.write_text("not a pdf at all")
    good = str(FIXTURES / "facturx_minimal_cii.xml")
    result = CliRunner().invoke(main, ["extract", good, str(bad), "--json"])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["file"] for row in rows] == [good, str(bad)]
    assert rows[0]["error"] is None and rows[0]["totals"]["payable"] == "120.00"
    assert str(bad) in rows[1]["error"]


def test_summary_is_aligned_and_exit_code_zero() -> None:
    result = CliRunner().invoke(main, ["extract", str(FIXTURES / "ubl_creditnote.xml")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("AV-7" in line for line in lines)
    separators = {line.index(" : ") for line in lines if " : " in line}
    assert len(separators) == 1  # labels padded to one column


def test_files_are_required() -> None:
    assert CliRunner().invoke(main, ["extract"]).exit_code == 2


def test_corpus_factur_x_pdf() -> None:
    pdf = FIXTURES.parent / "corpus" / "files" / "akretion-factur-x" / "tests" / "fixtures" / "pdf" / "invoice_EN16931.pdf"
    result = CliRunner().invoke(main, ["extract", "--json", str(pdf)])
    assert result.exit_code == 0
    row = json.loads(result.output)
    assert (row["format"], row["number"], row["totals"]["payable"]) == ("facturx", "F20260023", "104.90")
