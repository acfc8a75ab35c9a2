"""Read any invoice file: sniff what it really is, dispatch, never raise.

The file's content decides, not its name: a ``.pdf`` that holds text is
refused as such. Every failure ends in ``Extraction.error`` naming the file
and the reason, so a batch (the inbox) can go on with the next file.
"""

from __future__ import annotations

import os
from pathlib import Path

from books.i18n import os_reason, t
from books.invoices.checks import check
from books.invoices.errors import ReadError
from books.invoices.model import Extraction
from books.invoices.pdf import MAX_PDF_BYTES
from books.invoices.plaintext import strip_result
from books.invoices.scanned import read_image, read_pdf
from books.invoices.structured import read_structured

MAX_FILE_BYTES = MAX_PDF_BYTES
"""Larger files are refused before being read."""

_IMAGE_MAGIC = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


def sniff(data: bytes) -> str | None:
    """What ``data`` is: ``pdf``, ``xml``, ``image`` or ``None`` when none of them."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if any(data.startswith(magic) for magic, _ in _IMAGE_MAGIC):
        return "image"
    head = data[:64]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    head = head.replace(b"\x00", b"").lstrip()
    return "xml" if head.startswith(b"<") else None


def read_invoice(path: str | os.PathLike[str], *, reraise_memory: bool = False) -> Extraction:
    """Read the invoice in ``path`` (Factur-X/ZUGFeRD PDF, CII, UBL, PDF, image).

    Never raises for a bad file: the reason is in the result's ``error``.

    Args:
        path: the file; it is reported back as given.
        reraise_memory: let :class:`MemoryError` through (the sandbox reports it and
            replaces its process) instead of reporting it as a reader error.

    Returns:
        The extraction, with per-field confidence and warnings.
    """
    name = os.fspath(path)
    result = Extraction(file=name)
    try:
        _read(Path(name), result)
        check(result)
        strip_result(result)
    except ReadError as exc:
        return _failed(result, t(exc.key, file=name, **exc.values))
    except MemoryError:
        if reraise_memory:
            raise
        return _failed(result, t("extract.error.unexpected", file=name, reason="MemoryError"))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop a batch
        reason = f"{type(exc).__name__}: {exc}"
        return _failed(result, t("extract.error.unexpected", file=name, reason=reason))
    return result


def _failed(result: Extraction, message: str) -> Extraction:
    """A fresh result holding only the error: no half-read values."""
    return Extraction(file=result.file, format=result.format, error=message)


def _read(path: Path, result: Extraction) -> None:
    data = _load(path)
    kind = sniff(data)
    if kind == "pdf":
        read_pdf(data, result)
    elif kind == "image":
        result.format = "image"
        read_image(data, result)
    elif kind == "xml":
        result.format = read_structured(data, result)
    else:
        raise _unknown(path, data)


def _load(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ReadError("extract.error.not_a_file")
        if size > MAX_FILE_BYTES:
            raise ReadError("extract.error.file_too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError("extract.error.not_found") from exc
    except OSError as exc:
        raise ReadError("extract.error.unreadable", reason=os_reason(exc)) from exc
    if not data:
        raise ReadError("extract.error.empty")
    return data


def _unknown(path: Path, data: bytes) -> ReadError:
    """The error for content that is neither PDF, XML nor an image."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return ReadError("extract.error.not_pdf", size=len(data))
    if suffix == ".xml":
        return ReadError("extract.error.not_xml")
    if suffix in (".jpg", ".jpeg", ".png", ".tif", ".tiff"):
        return ReadError("extract.error.not_image")
    return ReadError("extract.error.unknown_format")
