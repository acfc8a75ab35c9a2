"""PDF containers through pypdfium2: embedded invoice XML, page text, page images.

Limits keep a hostile or broken file from exhausting the machine: a byte
size limit before opening, a page limit for text, fewer pages still for OCR.
Encrypted and unreadable PDFs are refused with the reason pdfium gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from books.invoices.errors import ReadError
from books.invoices.images import MAX_OCR_PIXELS

MAX_PDF_BYTES = 64 * 1024 * 1024
"""Larger PDFs are refused."""
MAX_PAGES = 2000
"""PDFs with more pages are refused: no invoice is that long."""
MAX_TEXT_PAGES = 30
"""Only the first pages are read for text."""
MAX_OCR_PAGES = 4
"""Only the first pages of a scan are recognised (OCR takes seconds a page)."""
OCR_DPI = 300
"""Resolution a page is rendered at for OCR, unless it holds a scan of a lower one."""
MIN_OCR_DPI = 150
"""Lowest resolution a page is rendered at for OCR."""
MAX_ATTACHMENTS = 64

INVOICE_ATTACHMENTS = (
    "factur-x.xml",
    "zugferd-invoice.xml",
    "xrechnung.xml",
    "zugferd_invoice.xml",
)
"""Attachment names (lower case) of Factur-X / ZUGFeRD invoices, best first."""
ORDER_ATTACHMENTS = ("order-x.xml",)


@contextmanager
def open_pdf(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """Open PDF ``data`` and close it afterwards.

    Raises:
        ReadError: too large, encrypted, broken, or too many pages.
    """
    if len(data) > MAX_PDF_BYTES:
        raise ReadError("extract.error.pdf_too_large", limit=MAX_PDF_BYTES // (1024 * 1024))
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError("extract.error.pdf_encrypted") from exc
        raise ReadError("extract.error.pdf_broken", reason=_pdfium_reason(exc)) from exc
    try:
        if len(document) > MAX_PAGES:
            raise ReadError("extract.error.pdf_too_many_pages", pages=len(document), limit=MAX_PAGES)
        yield document
    finally:
        document.close()


def xml_attachments(document: pdfium.PdfDocument) -> list[tuple[str, bytes]]:
    """The embedded ``.xml`` files as (name, bytes), known invoice names first."""
    found = []
    for index in range(min(document.count_attachments(), MAX_ATTACHMENTS)):
        attachment = document.get_attachment(index)
        name = attachment.get_name() or ""
        if not name.lower().endswith(".xml"):
            continue
        try:
            found.append((name, bytes(attachment.get_data())))
        except pdfium.PdfiumError:
            continue
    known = {name: rank for rank, name in enumerate(INVOICE_ATTACHMENTS)}
    found.sort(key=lambda item: known.get(item[0].lower(), len(known)))
    return found


def is_order_attachment(name: str) -> bool:
    """Whether an attachment name is that of an Order-X purchase order."""
    return name.lower() in ORDER_ATTACHMENTS


def page_texts(document: pdfium.PdfDocument) -> list[str]:
    """The text of the first :data:`MAX_TEXT_PAGES` pages, one string a page."""
    texts = []
    for index in range(min(len(document), MAX_TEXT_PAGES)):
        page = document[index]
        try:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
        except pdfium.PdfiumError:
            texts.append("")
        finally:
            page.close()
    return texts


def page_images(document: pdfium.PdfDocument) -> Iterator[tuple[bytes, int, int]]:
    """The first :data:`MAX_OCR_PAGES` pages rendered as grey PGM images for OCR, each
    with the resolution it was rendered at and the one wanted: the scan's own
    resolution (within :data:`MIN_OCR_DPI`–:data:`OCR_DPI`; rendering a 150 dpi scan
    at 300 only makes recognition slower), less for a page so large that it would
    exceed :data:`~books.invoices.images.MAX_OCR_PIXELS`."""
    for index in range(min(len(document), MAX_OCR_PAGES)):
        page = document[index]
        try:
            wanted = scan_dpi(page)
            dpi = ocr_dpi(*page.get_size(), wanted=wanted)
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            yield _pgm(bitmap), dpi, wanted
            bitmap.close()
        finally:
            page.close()


def scan_dpi(page: pdfium.PdfPage) -> int:
    """The resolution of the largest image on ``page`` (a scanned page), else :data:`OCR_DPI`."""
    best = 0.0
    try:
        for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            width_px, _ = image.get_px_size()
            left, _, right, _ = image.get_bounds()
            if right - left > 72:
                best = max(best, width_px * 72 / (right - left))
    except pdfium.PdfiumError:
        return OCR_DPI
    return OCR_DPI if not best else max(MIN_OCR_DPI, min(OCR_DPI, round(best)))


def ocr_dpi(width_pt: float, height_pt: float, *, wanted: int = OCR_DPI) -> int:
    """The resolution a page of this size is rendered at for OCR, within the pixel limit."""
    square_inches = max(width_pt, 1.0) * max(height_pt, 1.0) / (72 * 72)
    fitting = int((MAX_OCR_PIXELS / square_inches) ** 0.5)
    return max(1, min(wanted, fitting))


def _pgm(bitmap: pdfium.PdfBitmap) -> bytes:
    """A binary PGM image of an 8-bit grey bitmap (rows unpadded)."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = memoryview(bitmap.buffer)
    if stride == width:
        pixels = bytes(buffer[: width * height])
    else:
        pixels = b"".join(bytes(buffer[row * stride : row * stride + width]) for row in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + pixels


def _pdfium_reason(error: Exception) -> str:
    """PDFium's reason in the interface's language ("Data format error" printed inside a
    French message before)."""
    from books.i18n import reason_in_words

    return reason_in_words(str(error), (("Data format error", "extract.pdfium.format"),
                                        ("File access error", "extract.pdfium.access"),
                                        ("Page not found", "extract.pdfium.page"),
                                        ("Security error", "extract.pdfium.security")),
                           "extract.pdfium.other")
