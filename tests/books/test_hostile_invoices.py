"""Hostile invoices get the right message, and valid ones are not refused
(issue 14 item 7; controls in read text, item 10)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from books.invoices import read_invoice

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


@pytest.mark.parametrize(("name", "value"), [
    ("amount_overflow_cii.xml", "1E+999999999"),
    ("amount_30_digits_cii.xml", "123456789012345678901234567890.5"),
])
def test_a_number_out_of_range_is_named(name: str, value: str) -> None:
    result = read_invoice(HOSTILE / name)
    assert result.error is not None
    assert "hors limites" in result.error and value in result.error and "GrandTotalAmount" in result.error
    assert "inattendue" not in result.error


@pytest.mark.parametrize("name", [
    "doctype_in_comment_cii.xml", "doctype_in_cdata_cii.xml",
    "utf16_cii.xml", "utf32_cii.xml", "utf16le_no_bom_cii.xml",
])
def test_valid_invoices_are_read(name: str) -> None:
    result = read_invoice(HOSTILE / name)
    assert result.error is None, result.error
    assert str(result.totals.payable) == "120.00" and result.number == "FA-2024-0042"
    assert not any("schéma" in warning for warning in result.warnings), result.warnings


def test_utf16_without_declaration_is_read() -> None:
    result = read_invoice(HOSTILE / "utf16be_no_declaration_ubl.xml")
    assert result.error is None, result.error
    assert str(result.totals.gross) == "60.00"


@pytest.mark.parametrize("name", ["utf16_dtd_cii.xml", "utf32_dtd_cii.xml"])
def test_a_dtd_in_utf16_or_utf32_is_refused(name: str) -> None:
    result = read_invoice(HOSTILE / name)
    assert result.error is not None and "DTD" in result.error


def test_a_real_doctype_stays_refused_after_a_comment(tmp_path: Path) -> None:
    data = (HOSTILE / "doctype_in_comment_cii.xml").read_bytes()
    declaration_end = data.index(b"?>") + 2
    path = tmp_path / "dtd.xml"
    path.write_bytes(data[:declaration_end] + b'\n<!DOCTYPE r [<!ENTITY e "x">]>' + data[declaration_end:])
    assert "DTD" in (read_invoice(path).error or "")


def test_controls_in_read_text_are_removed() -> None:
    result = read_invoice(HOSTILE / "c1_bidi_in_seller_ubl.xml")
    assert result.error is None, result.error
    assert result.seller.name == "Durand2J Conseil LRAS"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "facture.xml"
    os.mkfifo(fifo)
    result = read_invoice(fifo)
    assert result.error is not None and "facture.xml" in result.error
