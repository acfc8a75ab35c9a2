"""``saisie extract`` on a PDF without XML: what the reader is unsure of is named "à vérifier"."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from books.i18n import set_language
from tests.books.test_invoices_text import text_pdf
from tui.cli import main


def test_unsure_values_are_named_to_check(tmp_path: Path) -> None:
    set_language("fr")
    path = tmp_path / "facture.pdf"
    path.write_bytes(text_pdf(["Atelier Lumière SARL", "Facture n° FA-8", "Total HT 100,00 €",
                               "Total TVA 20,00 €", "Total TTC 150,00 €"]))  # 100 + 20 is not 150
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("À vérifier")]
    assert "Total HT" in line and "Total TVA" in line and "Total TTC" in line
    assert "Numéro" not in line  # found next to its label: not doubtful


def test_an_e_invoice_has_nothing_to_check() -> None:
    fixture = Path(__file__).resolve().parents[1] / "books" / "fixtures" / "invoices" / "ubl_creditnote.xml"
    result = CliRunner().invoke(main, ["extract", str(fixture)])
    assert result.exit_code == 0
    assert not [line for line in result.output.splitlines() if line.startswith(("À vérifier", "To check"))]
