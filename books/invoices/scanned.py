"""PDF and image files: embedded XML first, then page text, then OCR.

A Factur-X/ZUGFeRD PDF is read from its XML (exact values). A PDF without
XML is read from its text layer with the heuristics; a PDF without text (a
scan) and an image are recognised by Tesseract when it is installed.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from books.i18n import t
from books.invoices.errors import ReadError
from books.invoices.images import MAX_OCR_PIXELS, image_size
from books.invoices.layout import TextLine, pdf_lines, plain_text, tsv_lines
from books.invoices.model import Extraction
from books.invoices.ocr import ocr_image, tesseract_binary
from books.invoices.pdf import (
    MAX_TEXT_PAGES,
    is_order_attachment,
    open_pdf,
    page_images,
    xml_attachments,
)
from books.invoices.pdfraw import embedded_streams, has_oversized_embedded
from books.invoices.structured import read_structured
from books.invoices.text_heuristics import read_lines
from books.invoices.xmltools import MAX_XML_BYTES

OCR_CONFIDENCE = 0.8
"""Factor applied to the heuristics' confidence for recognised (OCR) text."""

MIN_TEXT_CHARS = 20
"""A text layer shorter than this (letters and digits) counts as no text: a scan."""


def read_pdf(data: bytes, result: Extraction) -> None:
    """Fill ``result`` from PDF ``data`` (embedded XML, else text, else OCR).

    Raises:
        ReadError: the PDF is refused, or holds an Order-X order.
    """
    if has_oversized_embedded(data):
        raise ReadError("extract.error.attachment_too_large", limit=MAX_XML_BYTES // (1024 * 1024))
    with open_pdf(data) as document:
        if _read_embedded(document, result) or _read_raw_embedded(data, result):
            return
        result.format = "pdf"
        lines = pdf_lines(document, MAX_TEXT_PAGES)
        if _has_text(plain_text(lines)):
            result.warnings.append(t("extract.warning.text_only"))
            read_lines(lines, result)
            return
        if tesseract_binary() is None:
            result.warnings.append(t("extract.warning.no_text_no_ocr"))
            return
        _read_ocr(document, result)


def _read_embedded(document: pdfium.PdfDocument, result: Extraction) -> bool:
    """Read the first embedded invoice XML; ``False`` when there is none."""
    orders, problems = [], []
    attachments = xml_attachments(document)
    for name, xml in attachments:
        if is_order_attachment(name):
            orders.append(name)
            continue
        try:
            read_structured(xml, result)
        except ReadError as exc:
            problems.append(t("extract.warning.attachment_unreadable", name=name, reason=t(exc.key, file=name, **exc.values)))
            continue
        result.format = "facturx"
        result.warnings.extend(problems)
        others = [other for other, _ in attachments if other != name and not is_order_attachment(other)]
        if others:
            result.warnings.append(t("extract.warning.several_xml", name=name, others=", ".join(others)))
        return True
    if orders:
        raise ReadError("extract.error.order_x_pdf", name=orders[0])
    result.warnings.extend(problems)
    return False


def _read_raw_embedded(data: bytes, result: Extraction) -> bool:
    """Recover the invoice XML of a PDF too damaged for pdfium to list its attachments."""
    if b"/EmbeddedFile" not in data:
        return False
    streams = embedded_streams(data)
    streams.sort(key=lambda xml: b"CrossIndustryInvoice" not in xml)
    for xml in streams:
        try:
            read_structured(xml, result)
        except ReadError:
            continue
        result.format = "facturx"
        result.warnings.append(t("extract.warning.pdf_damaged"))
        return True
    return False


_ENOUGH_TEXT = re.compile(r"(?:[^\W_][\W_]*){" + str(MIN_TEXT_CHARS) + "}")


def _has_text(text: str) -> bool:
    return _ENOUGH_TEXT.search(text) is not None


def _read_ocr(document: pdfium.PdfDocument, result: Extraction) -> None:
    lines = []
    offset = 0.0
    for number, (image, dpi, wanted) in enumerate(page_images(document), start=1):
        if dpi < wanted:
            result.warnings.append(t("extract.warning.page_scaled", page=number, dpi=dpi,
                                     wanted=wanted, limit=MAX_OCR_PIXELS // 1_000_000))
        page = tsv_lines(ocr_image(image, dpi=dpi), offset=offset)
        lines += page
        offset = (page[-1].bottom if page else offset) + dpi
    _read_recognised(lines, result)


def read_image(data: bytes, result: Extraction) -> None:
    """Fill ``result`` from an image (JPEG, PNG, TIFF) by OCR.

    Without Tesseract the result says that no text was found.
    """
    size = image_size(data)
    if size is not None and size[0] * size[1] > MAX_OCR_PIXELS:
        raise ReadError("extract.error.image_too_large", width=size[0], height=size[1],
                        limit=MAX_OCR_PIXELS // 1_000_000)
    if tesseract_binary() is None:
        result.warnings.append(t("extract.warning.no_text_no_ocr"))
        return
    _read_recognised(tsv_lines(ocr_image(data)), result)


def _read_recognised(lines: list[TextLine], result: Extraction) -> None:
    if not _has_text(plain_text(lines)):
        result.warnings.append(t("extract.warning.no_text_ocr"))
        return
    result.warnings.append(t("extract.warning.ocr_used"))
    read_lines(lines, result, scale=OCR_CONFIDENCE)
