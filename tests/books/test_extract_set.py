"""The labelled set generator (``bench.extract_set``) and the per-layout accuracy harness.

The set is generated at test time into a temporary folder from the e-invoices
kept under ``tests/books/fixtures/corpus`` (no shared corpus needed) and a
few made up in code: each is rendered in every layout, the Factur-X PDFs' pages are kept without their XML.
The generator is checked first (its truth is the structured reading, its
pages print that truth, its text PDFs hold no XML, its scans no text); then
the reader is measured on it per layout and per field against
:data:`ACCURACY_FLOORS`, the thresholds the text reader must keep.
"""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bench.extract_set import (
    LOCALE_ORDER,
    PRINTED,
    Sample,
    corpus_sources,
    generate,
    load_manifest,
    prints_its_xml,
    seeded,
    synthetic_sources,
)
from bench.extract_set.layouts import LAYOUTS, NEGATIVE_CREDIT
from bench.extract_set.locales import LOCALES
from bench.extract_set.scans import scan_copy
from bench.extract_set.score import HIGH, Report, Tally, read_set, right
from bench.extract_set.truth import SCORED_FIELDS, SHORT_NAMES, truth_fields
from books.invoices import Extraction, read_invoice
from books.invoices.truth import field_matches

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "corpus"
SYNTHETIC = 6
"""Made-up French e-invoices added to the fixture corpus's (multi-rate, deposits)."""

ACCURACY_FLOORS: dict[str, dict[str, float]] = {
    "labels_left": {"number": 0.95, "issue_date": 0.95, "net": 0.95, "vat": 0.95, "gross": 0.95, "payable": 0.95, "seller_name": 0.95, "seller_vat_id": 0.95},
    "labels_above": {"number": 0.95, "issue_date": 0.95, "net": 0.95, "vat": 0.95, "gross": 0.95, "payable": 0.95, "seller_name": 0.95, "seller_vat_id": 0.95},
    "totals_table": {"number": 0.95, "issue_date": 0.95, "net": 0.95, "vat": 0.95, "gross": 0.95, "payable": 0.95, "seller_name": 0.95, "seller_vat_id": 0.95},
    "two_columns": {"number": 0.95, "issue_date": 0.95, "net": 0.95, "vat": 0.90, "gross": 0.95, "payable": 0.95, "seller_name": 0.95, "seller_vat_id": 0.95},
    "vat_table": {"number": 0.95, "issue_date": 0.95, "net": 0.95, "vat": 0.95, "gross": 0.95, "payable": 0.95, "seller_name": 0.95, "seller_vat_id": 0.95},
    "label_column": {"number": 0.95, "issue_date": 0.95, "net": 0.95, "vat": 0.95, "gross": 0.95, "payable": 0.95, "seller_name": 0.95, "seller_vat_id": 0.95},
    "facturx_print": {"number": 0.65, "issue_date": 0.65, "net": 0.65, "vat": 0.65, "gross": 0.65, "payable": 0.65, "seller_name": 0.65, "seller_vat_id": 0.30},
}  # fmt: skip
"""Layout → field → the share of the fixture set's samples the reader must read right.

The issue's target is 95 % for every field on text PDFs (85 % on scans, which
the bench measures: OCR is too slow for the suite). A floor is that target
where the reader reaches it on the fixture set (21 e-invoices a layout), else
what it reaches, rounded down to 5 %; the printed Factur-X pages are 3 here,
so theirs is 2 of 3 at most. Raise a floor when the reader gets there."""
LANGUAGE_FLOORS: dict[str, dict[str, float]] = {
    "fr": {"number": 0.95, "issue_date": 0.95, "net": 0.95, "vat": 0.95, "gross": 0.95, "payable": 0.95, "seller_name": 0.95, "seller_vat_id": 0.95},
    "en": {"number": 0.95, "issue_date": 0.95, "net": 0.95, "vat": 0.95, "gross": 0.95, "payable": 0.95, "seller_name": 0.95, "seller_vat_id": 0.95},
    "de": {"number": 0.95, "issue_date": 0.95, "net": 0.95, "vat": 0.90, "gross": 0.95, "payable": 0.95, "seller_name": 0.95, "seller_vat_id": 0.95},
}  # fmt: skip
"""Language → field → the share the reader must read right (French, English, German
labels; every layout but the printed Factur-X pages), measured like the layouts'."""
HIGH_CONFIDENCE_FLOOR = 0.98
"""Share right of the values read at a confidence of at least 0.9 (issue: 98 %)."""


@pytest.fixture(scope="module")
def fixture_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Sample]]:
    """The set generated from the fixture corpus (every layout, printed Factur-X pages)."""
    folder = tmp_path_factory.mktemp("extract_set")
    xml, pdfs = corpus_sources(FIXTURE)
    xml += synthetic_sources(folder / "sources", SYNTHETIC)
    printed = [(FIXTURE / "files" / source.source, source) for source in pdfs]
    return folder, generate(folder, xml, printed=printed)


def _source_path(folder: Path, sample: Sample) -> Path:
    if sample.source.startswith("synthetic/"):
        return folder / "sources" / sample.source.removeprefix("synthetic/")
    return FIXTURE / "files" / sample.source


def _truth_rows() -> dict[str, dict]:
    lines = (FIXTURE / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["file"]: row for row in map(json.loads, lines) if row["status"] == "ok"}


def _page_text(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        document.close()


def test_every_layout_in_every_locale(fixture_set: tuple[Path, list[Sample]]) -> None:
    folder, samples = fixture_set
    assert len(LAYOUTS) >= 6
    for layout in LAYOUTS:
        locales = {sample.locale for sample in samples if sample.layout == layout}
        assert locales == set(LOCALE_ORDER), layout
    assert any(sample.layout == PRINTED for sample in samples)
    assert load_manifest(folder) == samples


def test_truth_is_what_the_structured_reader_reads(fixture_set: tuple[Path, list[Sample]]) -> None:
    folder, samples = fixture_set
    rows = _truth_rows()
    for sample in samples:
        reading = read_invoice(_source_path(folder, sample))
        assert sample.fields == json.loads(json.dumps(truth_fields(reading))), sample.file
        if sample.source not in rows:
            assert sample.source.startswith("synthetic/")
            assert reading.warnings == [], (sample.source, reading.warnings)  # schema-valid
            continue
        # ... and that reading is the corpus's own truth for the file
        for name in SCORED_FIELDS:
            if name in sample.fields:
                expected = rows[sample.source]["fields"][name]
                assert field_matches(name, expected, reading), (sample.source, name)


def test_text_pdfs_hold_no_xml(fixture_set: tuple[Path, list[Sample]]) -> None:
    folder, samples = fixture_set
    for sample in samples:
        result = read_invoice(folder / sample.file)
        assert result.error is None, result.error
        assert result.format == "pdf", sample.file


def test_pages_print_the_truth(fixture_set: tuple[Path, list[Sample]]) -> None:
    """Every rendered page shows the number, the seller, the dates and amounts as its
    locale writes them: the set can be read right."""
    folder, samples = fixture_set
    for sample in samples:
        if sample.layout == PRINTED:
            continue
        text = " ".join(_page_text(folder / sample.file).split())
        locale, fields = LOCALES[sample.locale], sample.fields
        assert fields["invoice_number"] in text, sample.file
        assert " ".join(fields["seller_name"].split()) in text, sample.file
        dates = (locale.date(fields["issue_date"], 0), locale.date(fields["issue_date"], 1))
        assert any(date in text for date in dates), (sample.file, dates)
        payable = locale.number(Decimal(fields["payable_amount"]))
        assert payable in text, (sample.file, payable)
        if "seller_vat_id" in fields:
            assert fields["seller_vat_id"] in text, sample.file


def test_credit_notes_printed_negative_keep_positive_truth(
    fixture_set: tuple[Path, list[Sample]],
) -> None:
    folder, samples = fixture_set
    credits = [s for s in samples if s.fields.get("document_type") == "credit_note"]
    assert {s.layout for s in credits} >= set(NEGATIVE_CREDIT)
    for sample in credits:
        payable = Decimal(sample.fields["payable_amount"])
        assert payable > 0
        text = _page_text(folder / sample.file)
        printed = LOCALES.get(sample.locale)
        if printed is None:
            continue
        negative = re.search(r"-[^\d\s]?" + re.escape(printed.number(payable)), text)
        assert bool(negative) == (sample.layout in NEGATIVE_CREDIT), sample.file


def test_locales_write_numbers_and_dates_their_way() -> None:
    amount = Decimal("1234.5")
    assert LOCALES["fr"].money(amount, "EUR") == "1 234,50 €"
    assert LOCALES["de"].money(amount, "EUR", 2) == "1.234,50 EUR"
    assert LOCALES["en_gb"].money(amount, "GBP", 1) == "£1,234.50"
    assert LOCALES["en_us"].money(-amount, "USD", 1) == "-$1,234.50"
    assert LOCALES["fr"].date("2026-01-31") == "31/01/2026"
    assert LOCALES["de"].date("2026-01-31") == "31.01.2026"
    assert LOCALES["en_gb"].date("2026-01-31", 1) == "31 Jan 2026"
    assert LOCALES["en_us"].date("2026-01-31") == "01/31/2026"
    assert LOCALES["en_us"].date("2026-01-31", 1) == "January 31, 2026"
    assert LOCALES["fr"].rate(Decimal("5.50")) == "5,5"


def test_scan_copies_are_images_without_text(
    fixture_set: tuple[Path, list[Sample]], tmp_path: Path
) -> None:
    folder, samples = fixture_set
    sample = next(s for s in samples if s.layout == "labels_left")
    for image_format in ("pdf", "png"):
        path, dpi = scan_copy(
            folder / sample.file, tmp_path / f"scan_{image_format}", seeded("t"), image_format
        )
        assert 150 <= dpi <= 200
        if image_format == "pdf":
            assert _page_text(path).strip() == ""
            document = pdfium.PdfDocument(str(path))
            width, height = document[0].get_size()
            document.close()
            assert abs(width - 595) < 3 and abs(height - 842) < 3  # still A4
        else:
            assert path.read_bytes().startswith(b"\x89PNG")


@pytest.fixture(scope="module")
def fixture_report(fixture_set: tuple[Path, list[Sample]]) -> Report:
    """The reader's results on the fixture set, scored (read once for the tests below)."""
    folder, samples = fixture_set
    return read_set(folder, samples, fields=SCORED_FIELDS)


def _below(tally: Tally, floors: dict[str, float]) -> dict[str, str]:
    return {
        SHORT_NAMES[name]: f"{ratio:.2f} < {floors[SHORT_NAMES[name]]:.2f}"
        for name in SCORED_FIELDS
        if (ratio := tally.ratio(name)) is not None and ratio < floors[SHORT_NAMES[name]]
    }


@pytest.mark.parametrize("layout", [*LAYOUTS, PRINTED])
def test_reader_accuracy_per_layout(fixture_report: Report, layout: str) -> None:
    """The text reader keeps at least :data:`ACCURACY_FLOORS` per field on each layout."""
    assert not _below(fixture_report.by_layout[layout], ACCURACY_FLOORS[layout])


@pytest.mark.parametrize("language", ["fr", "en", "de"])
def test_reader_accuracy_per_language(fixture_report: Report, language: str) -> None:
    """The text reader keeps at least :data:`LANGUAGE_FLOORS` per field in each language."""
    assert not _below(fixture_report.by_language[language], LANGUAGE_FLOORS[language])


def test_high_confidence_values_are_right(fixture_report: Report) -> None:
    high = [ok for confidence, ok in fixture_report.confidences if confidence >= HIGH]
    share = sum(high) / len(high) if high else 1.0
    assert share >= HIGH_CONFIDENCE_FLOOR, fixture_report.contradictions


def test_synthetic_invoices_are_consistent_french_e_invoices(tmp_path: Path) -> None:
    from stdnum import iban
    from stdnum.fr import siren, tva

    sources = synthetic_sources(tmp_path, 25)
    assert len(sources) == 25
    assert any(source.credit_note for source in sources)
    assert any(source.reading.totals.prepaid for source in sources)
    assert any(len(source.reading.vat) > 1 for source in sources)
    for source in sources:
        reading = source.reading
        assert reading.warnings == []
        assert tva.is_valid(reading.seller.vat_id) and siren.is_valid(reading.seller.legal_id)
        assert iban.is_valid(reading.ibans[0])
        totals = reading.totals
        assert totals.net + totals.tax == totals.gross
        assert totals.gross - totals.prepaid == totals.payable
        assert sum(v.amount for v in reading.vat) == totals.tax
        assert {v.rate for v in reading.vat} <= {
            Decimal("20"),
            Decimal("10"),
            Decimal("5.5"),
            Decimal("2.1"),
        }


def test_identifiers_compare_on_letters_and_digits() -> None:
    result = Extraction(file="x.pdf")
    result.seller.vat_id = "NL820098395B01"
    assert right("seller_vat_id", "NL8200.98.395.B.01", result)
    result.seller.vat_id = "NL820098395B02"
    assert not right("seller_vat_id", "NL8200.98.395.B.01", result)
    result.seller.vat_id = None
    assert not right("seller_vat_id", "NL8200.98.395.B.01", result)
    result.error = "unreadable"
    assert not right("document_type", "invoice", result)


def test_the_bench_reports_a_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m bench.extract set`` on the fixture corpus: every section is there and
    the set is reused while nothing changed."""
    from bench import extract_report

    monkeypatch.setenv("SAISIE_EXTRACT_SET", str(tmp_path / "set"))
    figures = extract_report.labelled_set(FIXTURE, scans=0, synthetic=1)  # OCR: too slow here
    assert figures["set"] == {
        "folder": str(tmp_path / "set"),
        "text_pdfs": 16 * len(LAYOUTS) + 3,
        "scans": 0,
    }
    text = figures["text"]
    assert text["read_errors"] == 0
    assert set(text["per_field"]) >= {SHORT_NAMES[name] for name in SCORED_FIELDS}
    assert set(text["per_layout"]) == {*LAYOUTS, PRINTED}
    assert set(text["per_language"]) == {"fr", "en", "de", "original"}
    assert "at_or_above_0.9" in text["calibration"] and "below_0.6" in text["calibration"]
    assert figures["scan"]["files"] == 0
    assert figures["speed"]["text_pdf_one_page_median_ms"] > 0
    assert figures["where_time_goes"]["text_pdf"]["share"]
    stamp = (tmp_path / "set" / "stamp").stat().st_mtime_ns
    extract_report.set_folder(FIXTURE, 0, 1)
    assert (tmp_path / "set" / "stamp").stat().st_mtime_ns == stamp


def test_printed_pages_that_show_another_invoice_are_left_out(tmp_path: Path) -> None:
    """A Factur-X PDF whose pages print another invoice than its XML cannot be scored
    against that XML (Mustang's validXRechnung.pdf is one)."""
    _, pdfs = corpus_sources(FIXTURE)
    source = pdfs[0]
    path = FIXTURE / "files" / source.source
    assert prints_its_xml(path, source)
    other = dataclasses.replace(source.reading, number="RE-20200620/508")
    assert not prints_its_xml(path, dataclasses.replace(source, reading=other))
    samples = generate(tmp_path, [], printed=[(path, dataclasses.replace(source, reading=other))])
    assert samples == [] and not list((tmp_path / PRINTED).iterdir())
