"""CII and UBL readers on small hand-written fixtures: every JSON field, exactly."""

from __future__ import annotations

import json
from pathlib import Path

from books.i18n import keys
from books.invoices import read_invoice

FIXTURES = Path(__file__).parent / "fixtures" / "invoices"


def test_cii_fields_and_json_shape() -> None:
    result = read_invoice(FIXTURES / "facturx_minimal_cii.xml")
    data = result.to_json()
    assert data["error"] is None and data["format"] == "cii"
    assert data["document_type"] == "credit_note" and data["type_code"] == "381"
    assert data["number"] == "FA-2024-0042"
    assert (data["issue_date"], data["due_date"], data["currency"]) == ("2024-03-12", "2024-04-11", "EUR")
    assert data["seller"] == {
        "name": "Durand Conseil SARL",
        "vat_id": "FR44732829320",
        "legal_id": "732829320",
        "legal_id_scheme": "0002",
    }
    assert data["buyer"]["name"] == "Client SAS"
    assert data["totals"] == {
        "net": "100.00", "tax": "20.00", "gross": "120.00", "prepaid": "0.00",
        "payable": "120.00", "rounding": None,
    }  # fmt: skip  (the tax total in EUR, not the one in USD)
    assert data["vat"] == [{"category": "S", "rate": "20.00", "base": "100.00", "amount": "20.00"}]
    assert data["iban"] == "FR7630006000011234567890189"
    assert data["lines"] == [
        {"description": "Conseil", "quantity": "2", "unit_price": "50.00", "net": "100.00", "vat_rate": "20.00"}
    ]
    assert data["confidence"]["number"] == 1.0
    assert data["warnings"] == []
    json.dumps(data)  # plain JSON types only


def test_ubl_credit_note() -> None:
    result = read_invoice(FIXTURES / "ubl_creditnote.xml")
    assert result.error is None and result.format == "ubl"
    assert result.document_type == "credit_note"
    assert result.due_date == "2024-06-01"  # from PaymentMeans on a credit note
    assert result.seller.name == "Durand Conseil SARL"  # legal name, not the trade name
    assert (result.seller.legal_id, result.seller.legal_id_scheme) == ("73282932000074", "0009")
    assert str(result.totals.payable) == "60.00"
    assert [str(v.rate) for v in result.vat] == ["20"]


def test_inconsistent_structured_totals_are_flagged(tmp_path: Path) -> None:
    data = (FIXTURES / "ubl_creditnote.xml").read_text().replace(
        '<cbc:TaxInclusiveAmount currencyID="EUR">60.00', '<cbc:TaxInclusiveAmount currencyID="EUR">65.00'
    )
    path = tmp_path / "bad.xml"
    path.write_text(data)
    warnings = read_invoice(path).warnings
    assert any("65.00" in warning for warning in warnings)


def test_every_message_key_used_is_in_the_catalog() -> None:
    import re

    package = Path(__file__).resolve().parents[2] / "books" / "invoices"
    sources = "".join(p.read_text() for p in package.glob("*.py"))
    sources += (package.parents[1] / "tui" / "cli" / "extract.py").read_text()
    used = set(re.findall(r'"(extract\.[a-z_.]+)"', sources))
    assert used and used <= keys()
