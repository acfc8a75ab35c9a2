"""Bad input never raises: every broken, hostile or foreign file ends in a clear error."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from books.i18n import set_language
from books.invoices import pdf as pdf_module
from books.invoices import read_invoice

FIXTURES = Path(__file__).parent / "fixtures" / "invoices"


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")
    yield
    set_language("fr")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path) -> str:
    result = read_invoice(path)
    assert result.error is not None, result.to_json()
    assert str(path) in result.error
    assert result.number is None and result.totals.payable is None
    return result.error


def test_fifteen_byte_fake_pdf(tmp_path: Path) -> None:
    assert "PDF" in _error(_write(tmp_path, "tiny.pdf", b"%PDF-1.4\n%%EOF\n"))


def test_text_file_named_pdf(tmp_path: Path) -> None:
    assert "named .pdf but is not a PDF" in _error(_write(tmp_path, "notes.pdf", b"hello, not a pdf\n"))


def test_empty_and_missing_files(tmp_path: Path) -> None:
    assert "empty" in _error(_write(tmp_path, "empty.xml", b""))
    assert "not found" in _error(tmp_path / "missing.pdf")
    assert "not a regular file" in _error(tmp_path)


def test_unknown_binary(tmp_path: Path) -> None:
    assert "unknown format" in _error(_write(tmp_path, "blob.bin", bytes(range(256))))


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b"<Invoice>&lol3;</Invoice>"
    )
    assert "DTD" in _error(_write(tmp_path, "bomb.xml", bomb))


def test_external_entity_is_refused(tmp_path: Path) -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    assert "DTD" in _error(_write(tmp_path, "xxe.xml", xxe))


def test_malformed_xml(tmp_path: Path) -> None:
    assert "malformed XML" in _error(_write(tmp_path, "broken.xml", b"<Invoice><ID>1</Invoice>"))


def test_wrong_root_names_the_element(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, "order.xml", b'<Order xmlns="urn:x"><ID>1</ID></Order>'))
    assert "<Order>" in message


def test_order_x_and_fatturapa(tmp_path: Path) -> None:
    order = b'<rsm:SCRDMCCBDACIOMessageStructure xmlns:rsm="urn:un:unece:uncefact:data:SCRDMCCBDACIOMessageStructure:100"/>'
    assert "Order-X" in _error(_write(tmp_path, "order-x.xml", order))
    fattura = b'<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"/>'
    assert "FatturaPA" in _error(_write(tmp_path, "it.xml", fattura))


def _one_page_pdf() -> bytes:
    from tests.books.test_invoices_text import text_pdf

    return text_pdf(["Facture n° F-1", "Net à payer : 12,00 €"])


def test_truncated_pdf(tmp_path: Path) -> None:
    data = _one_page_pdf()
    path = _write(tmp_path, "cut.pdf", data[: len(data) // 3])
    result = read_invoice(path)
    assert result.error is not None or result.warnings


def test_encrypted_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(_one_page_pdf()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "encrypted" in _error(_write(tmp_path, "locked.pdf", buffer.getvalue()))


def test_huge_pdf_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_PDF_BYTES", 100)
    assert "too large" in _error(_write(tmp_path, "big.pdf", _one_page_pdf()))


def test_huge_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from books.invoices import reader

    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 10)
    assert "too large" in _error(_write(tmp_path, "big.xml", b"<Invoice>" + b" " * 20 + b"</Invoice>"))


def test_a_reader_bug_becomes_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from books.invoices import reader

    def explode(data: bytes, result: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(reader, "read_structured", explode)
    assert "boom" in _error(_write(tmp_path, "a.xml", (FIXTURES / "ubl_creditnote.xml").read_bytes()))
