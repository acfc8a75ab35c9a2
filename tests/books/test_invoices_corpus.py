"""The reader against the shared e-invoice corpus: truth, negatives, plain PDFs.

The corpus lives beside the repository (``<repo>/../shared/corpus``) or at
``$SAISIE_CORPUS``; without it these tests fail with a clear message.
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


def corpus_dir() -> Path:
    """The shared corpus; fails the test run clearly when it is missing."""
    configured = os.environ.get("SAISIE_CORPUS")
    path = Path(configured) if configured else REPO.parent / "shared" / "corpus"
    if not (path / "truth.jsonl").is_file():
        pytest.fail(
            f"invoice corpus not found at {path}: put shared/corpus beside the repository "
            "or set SAISIE_CORPUS",
            pytrace=False,
        )
    return path


def _jsonl(name: str) -> list[dict[str, Any]]:
    configured = os.environ.get("SAISIE_CORPUS")
    path = (Path(configured) if configured else REPO.parent / "shared" / "corpus") / name
    if not path.is_file():
        return [{"file": f"<{name} missing>", "status": "ok", "fields": {}}]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _negatives() -> list[tuple[str, str]]:
    configured = os.environ.get("SAISIE_CORPUS")
    path = (Path(configured) if configured else REPO.parent / "shared" / "corpus") / "negatives.tsv"
    if not path.is_file():
        return [("<negatives.tsv missing>", "")]
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, category, _ = line.split("\t", 2)
            rows.append((name, category))
    return rows


TRUTH = [row for row in _jsonl("truth.jsonl") if row["status"] == "ok"]
NOT_INVOICES = [row for row in _jsonl("truth.jsonl") if row["status"] == "error"]


@pytest.mark.parametrize("row", TRUTH, ids=[row["file"] for row in TRUTH])
def test_truth_fields_match(row: dict[str, Any]) -> None:
    corpus = corpus_dir()
    result = read_invoice(corpus / "files" / row["file"])
    if row["file"] in EXPECTED_TRUTH_FAILURES:
        pytest.xfail(EXPECTED_TRUTH_FAILURES[row["file"]])
    assert result.error is None
    assert mismatches(row["fields"], result) == {}


@pytest.mark.parametrize("row", NOT_INVOICES, ids=[row["file"] for row in NOT_INVOICES])
def test_non_invoices_are_refused_with_a_reason(row: dict[str, Any]) -> None:
    corpus = corpus_dir()
    path = corpus / "files" / row["file"]
    result = read_invoice(path)
    assert result.error is not None
    assert str(path) in result.error


@pytest.mark.parametrize(("name", "category"), _negatives(), ids=[n for n, _ in _negatives()])
def test_negatives_end_in_error_or_warning(name: str, category: str) -> None:
    corpus = corpus_dir()
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


def test_expected_clean_negatives_are_still_listed_in_the_corpus() -> None:
    listed = {name for name, _ in _negatives()}
    assert set(EXPECTED_CLEAN_NEGATIVES) <= listed


PLAIN = _jsonl("plain_pdfs.jsonl")


@pytest.mark.parametrize("row", PLAIN, ids=[row["file"] for row in PLAIN])
def test_plain_pdfs_number_dates_and_payable(row: dict[str, Any]) -> None:
    corpus = corpus_dir()
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
