"""The reader against the e-invoice corpus: truth, negatives, plain PDFs.

Two corpora, same layout (``truth.jsonl``, ``plain_pdfs.jsonl``,
``negatives.tsv``, ``files/``):

- ``tests/books/fixtures/corpus``: a small selection copied byte for byte from
  the shared corpus, with the sources' licences (see its README). It is always
  tested, so the suite passes from the repository alone.
- the larger shared corpus, ``$SAISIE_CORPUS`` or ``<repo>/../shared/corpus``:
  tested as well when it is present (its files not already in the fixture),
  and checked to hold the fixture's files and values unchanged.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from books.invoices import read_invoice
from books.invoices.truth import field_matches, mismatches

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "corpus"
"""The corpus subset kept in the repository."""

EXPECTED_TRUTH_FAILURES: dict[str, str] = {}
"""Truth files whose fields are known not to match, with the reason (none today)."""

EXPECTED_CLEAN_NEGATIVES = {
    "mustang/validator/src/test/resources/invalidPDF.pdf": (
        "only the PDF/A container is invalid; its own validator rates the invoice valid overall"
    ),
    "mustang/validator/src/test/resources/invalidXRechnung.pdf": (
        "XRechnung-specific business rule violation: needs the KoSIT Schematron, not shipped"
    ),
    "mustang/validator/src/test/resources/attributeBasedXMP_zugferd_2p0_EN16931_Einfach.pdf": (
        "EN 16931 Schematron violation in schema-valid XML: needs the Schematron, not shipped"
    ),
    "mustang/validator/src/test/resources/validZREtestZugferd.xml": (
        "ZUGFeRD 2.0 EXTENDED guideline refused by Mustang's rules; schema-valid, totals agree"
    ),
    "mustang/validator/src/test/resources/invalidXRV30.xml": (
        "XRechnung 3.0 CIUS rules (BT-23, billing period): needs the KoSIT Schematron"
    ),
    "mustang/validator/src/test/resources/invalidSubInvoiceLineHierarchy.xml": (
        "sub-invoice-line GROUP/DETAIL totals: an EXTENDED hierarchy the reader does not model"
    ),
    "mustang/library/src/test/resources/subinvoicelines/invalidSubInvoiceLineHierarchy.xml": (
        "same file as the validator copy"
    ),
    "mustang/validator/src/test/resources/invalidArithmetics.xml": (
        "line quantity × price check left out: it flagged 18 valid corpus invoices (negative"
        " quantities, price bases, sub-lines); its own validator rates this file valid"
    ),
    "mustang/validator/src/test/resources/valid_with_VAT_O.xml": (
        "VAT category O code-list rule: needs the EN 16931 Schematron"
    ),
    "mustang/validator/src/test/resources/01.01a-INVOICE_uncefact.xml": (
        "invalid only against the XRechnung XSD of another version, not shipped"
    ),
}
"""Negative files that are read without an error or warning, and why that is accepted."""


def _configured_shared() -> Path:
    configured = os.environ.get("SAISIE_CORPUS")
    return Path(configured) if configured else REPO.parent / "shared" / "corpus"


def shared_corpus() -> Path | None:
    """The larger shared corpus when it is present, else None."""
    path = _configured_shared()
    return path if (path / "truth.jsonl").is_file() else None


SHARED = shared_corpus()
CORPORA = [("repo", FIXTURE)] + ([("shared", SHARED)] if SHARED else [])
"""Each corpus present, with the label its test ids start with."""


def _jsonl(corpus: Path, name: str) -> list[dict[str, Any]]:
    path = corpus / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _negatives(corpus: Path) -> list[tuple[str, str]]:
    rows = []
    for line in (corpus / "negatives.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, category, _ = line.split("\t", 2)
            rows.append((name, category))
    return rows


def _cases(rows_of: Any) -> tuple[list[tuple[Path, Any]], list[str]]:
    """(corpus, row) pairs over every corpus present, and their ids.

    A shared-corpus row whose file the fixture also holds is left out: the
    fixture's copy is tested and checked to be the same file.
    """
    cases: list[tuple[Path, Any]] = []
    ids: list[str] = []
    in_fixture = {_key(row) for row in rows_of(FIXTURE)}
    for label, corpus in CORPORA:
        for row in rows_of(corpus):
            if label == "shared" and _key(row) in in_fixture:
                continue
            cases.append((corpus, row))
            ids.append(f"{label}:{_key(row)}")
    return cases, ids


def _key(row: Any) -> str:
    return row["file"] if isinstance(row, dict) else row[0]


TRUTH, TRUTH_IDS = _cases(lambda c: [r for r in _jsonl(c, "truth.jsonl") if r["status"] == "ok"])
NOT_INVOICES, NOT_INVOICE_IDS = _cases(lambda c: [r for r in _jsonl(c, "truth.jsonl") if r["status"] == "error"])
NEGATIVES, NEGATIVE_IDS = _cases(_negatives)
PLAIN, PLAIN_IDS = _cases(lambda c: _jsonl(c, "plain_pdfs.jsonl"))


def test_the_fixture_covers_every_kind_of_case() -> None:
    """The repository's own corpus has invoices, non-invoices, negatives and plain PDFs."""
    fixture = [case for case in TRUTH if case[0] == FIXTURE]
    assert len(fixture) >= 20
    assert any(corpus == FIXTURE for corpus, _ in NOT_INVOICES)
    assert any(corpus == FIXTURE for corpus, _ in NEGATIVES)
    assert any(corpus == FIXTURE for corpus, _ in PLAIN)
    syntaxes = {row["fields"]["syntax"] for _, row in fixture}
    assert {"CII", "CII-ZUGFeRD1", "UBL-Invoice", "UBL-CreditNote"} <= syntaxes
    assert any(row["file"].endswith(".pdf") for _, row in fixture)


def test_every_fixture_file_has_its_licence() -> None:
    sources = {path.relative_to(FIXTURE / "files").parts[0] for path in (FIXTURE / "files").rglob("*") if path.is_file()}
    for source in sources:
        assert list((FIXTURE / "files" / source).glob("LICENSE*")), source
        assert f"files/{source}/" in (FIXTURE / "README.md").read_text(encoding="utf-8"), source


def test_a_configured_shared_corpus_exists() -> None:
    """``$SAISIE_CORPUS`` set to a wrong folder fails instead of testing less."""
    if os.environ.get("SAISIE_CORPUS"):
        assert SHARED is not None, f"SAISIE_CORPUS={_configured_shared()} holds no truth.jsonl"


@pytest.mark.skipif(SHARED is None, reason="the shared corpus is not beside the repository")
def test_the_fixture_is_a_faithful_copy_of_the_shared_corpus() -> None:
    assert SHARED is not None
    for path in (FIXTURE / "files").rglob("*"):
        if path.is_file() and path.name != "NOTICE":  # the shared copy kept no NOTICE
            relative = path.relative_to(FIXTURE / "files")
            assert path.read_bytes() == (SHARED / "files" / relative).read_bytes(), relative
    for name in ("truth.jsonl", "plain_pdfs.jsonl", "negatives.tsv"):
        shared_lines = set((SHARED / name).read_text(encoding="utf-8").splitlines())
        for line in (FIXTURE / name).read_text(encoding="utf-8").splitlines():
            assert line in shared_lines, (name, line[:80])


@pytest.mark.parametrize(("corpus", "row"), TRUTH, ids=TRUTH_IDS)
def test_truth_fields_match(corpus: Path, row: dict[str, Any]) -> None:
    result = read_invoice(corpus / "files" / row["file"])
    if row["file"] in EXPECTED_TRUTH_FAILURES:
        pytest.xfail(EXPECTED_TRUTH_FAILURES[row["file"]])
    assert result.error is None
    assert mismatches(row["fields"], result) == {}


@pytest.mark.parametrize(("corpus", "row"), NOT_INVOICES, ids=NOT_INVOICE_IDS)
def test_non_invoices_are_refused_with_a_reason(corpus: Path, row: dict[str, Any]) -> None:
    path = corpus / "files" / row["file"]
    result = read_invoice(path)
    assert result.error is not None
    assert str(path) in result.error


@pytest.mark.parametrize(("corpus", "negative"), NEGATIVES, ids=NEGATIVE_IDS)
def test_negatives_end_in_error_or_warning(corpus: Path, negative: tuple[str, str]) -> None:
    name, category = negative
    paths = [corpus / "files" / name]
    if name.endswith("/"):
        paths = sorted(p for p in (corpus / "files" / name).iterdir() if p.is_file())
    for path in paths:
        result = read_invoice(path)
        assert result.error is None or str(path) in result.error
        relative = str(path.relative_to(corpus / "files"))
        if relative in EXPECTED_CLEAN_NEGATIVES:
            continue
        assert result.error or result.warnings, f"{relative} ({category}) read without any flag"


@pytest.mark.parametrize(("label", "corpus"), CORPORA, ids=[label for label, _ in CORPORA])
def test_expected_clean_negatives_are_still_listed_in_the_corpus(label: str, corpus: Path) -> None:
    """Every accepted clean negative the corpus holds is still listed as a negative.

    The full corpus holds them all; the repository's selection some of them.
    """
    listed = {name for name, _ in _negatives(corpus)}
    held = {name for name in EXPECTED_CLEAN_NEGATIVES if (corpus / "files" / name).is_file()}
    assert held <= listed
    if label == "shared":
        assert set(EXPECTED_CLEAN_NEGATIVES) <= listed


@pytest.mark.parametrize(("corpus", "row"), PLAIN, ids=PLAIN_IDS)
def test_plain_pdfs_number_dates_and_payable(corpus: Path, row: dict[str, Any]) -> None:
    result = read_invoice(corpus / "files" / row["file"])
    assert result.error is None
    assert result.format == "pdf"
    for name in ("invoice_number", "issue_date", "due_date", "payable_amount"):
        assert field_matches(name, row["fields"][name], result), name
    assert 0 < result.confidence["number"] <= 1
    assert result.warnings  # values from text are always flagged for review


def test_every_truth_field_kind_is_compared() -> None:
    """Guard: the comparison covers every field the issue lists."""
    from books.invoices.truth import COMPARED_FIELDS

    for name in ("invoice_number", "type_code", "seller_legal_id_scheme", "prepaid", "iban"):
        assert name in COMPARED_FIELDS
