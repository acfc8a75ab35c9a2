"""What one file may cost the reader: inflated bytes, pixels, memory and time.

The bombs are built at test time (tests/books/pdf_bombs.py); each ends in a message
naming the limit, and the reader goes on with the next file.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from books.i18n import set_language
from books.invoices import read_invoice
from books.invoices.images import MAX_OCR_PIXELS, image_size
from books.invoices.pdf import OCR_DPI, ocr_dpi
from books.invoices.sandbox import SandboxedReader
from tests.books.pdf_bombs import bomb_pdf, hex_bomb_pdf, indirect_bomb_pdf

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "files"
MiB = 1024 * 1024


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")
    yield
    set_language("fr")


@pytest.fixture
def good_pdf() -> Path:
    return next(CORPUS.rglob("invoice_EN16931.pdf"))


@pytest.mark.parametrize("make", [bomb_pdf, lambda size: bomb_pdf(size, typed=False),
                                  indirect_bomb_pdf], ids=["typed", "untyped", "indirect"])
def test_embedded_bombs_are_refused_before_inflating(tmp_path: Path, make) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(make(64 * MiB))
    assert path.stat().st_size < MiB
    # Within 256 MB of address space: the refusal comes from the byte scan, not from memory.
    with SandboxedReader(memory_bytes=256 * MiB) as reader:
        result = reader.read(path)
    assert result.error is not None
    assert "over 16 MB once inflated" in result.error and str(path) in result.error


def test_a_bomb_out_of_the_scans_sight_hits_the_memory_limit(tmp_path: Path, good_pdf: Path) -> None:
    bomb = tmp_path / "hex.pdf"
    bomb.write_bytes(hex_bomb_pdf(384 * MiB))
    with SandboxedReader(memory_bytes=256 * MiB) as reader:
        result = reader.read(bomb)
        assert result.error is not None and "memory limit (256 MB)" in result.error
        after = reader.read(good_pdf)  # a new process takes the next file
    assert after.error is None and after.number == "F20260023"


def test_a_file_past_its_time_is_stopped_and_the_next_one_read(good_pdf: Path) -> None:
    with SandboxedReader(timeout_s=0.001) as reader:
        # The first file cannot be read in a millisecond: the child has to import the reader.
        stopped = reader.read(good_pdf)
        assert stopped.error is not None and "stopped after 0.001 s" in stopped.error
        reader.timeout_s = 60
        assert reader.read(good_pdf).number == "F20260023"


def test_sandboxed_and_direct_reading_agree(good_pdf: Path) -> None:
    with SandboxedReader() as reader:
        assert reader.read(good_pdf).to_json() == read_invoice(good_pdf).to_json()


def test_the_sandbox_answers_in_the_callers_language(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"hello, not a pdf\n")
    with SandboxedReader() as reader:
        english = reader.read(path).error
        set_language("fr")
        french = reader.read(path).error
    assert english != french and "not a PDF" in english


def _png_header(width: int, height: int) -> bytes:
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def test_images_too_large_for_recognition_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(_png_header(100_000, 100_000) + b"\0" * 64)
    result = read_invoice(path)
    assert result.error is not None
    assert "100000 × 100000 pixels" in result.error and "40-megapixel" in result.error


def test_image_sizes_from_headers() -> None:
    assert image_size(_png_header(2480, 3508)) == (2480, 3508)
    jpeg = (b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0" + b"\0" * 9
            + b"\xff\xc0" + struct.pack(">HBHH", 17, 8, 3508, 2480) + b"\0" * 12)
    assert image_size(jpeg) == (2480, 3508)
    tiff = (b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 2)
            + struct.pack("<HHII", 256, 4, 1, 1700) + struct.pack("<HHIHH", 257, 3, 1, 2200, 0))
    assert image_size(tiff) == (1700, 2200)
    assert image_size(b"\x89PNG\r\n\x1a\n") is None
    assert image_size(b"\xff\xd8\xff") is None


def test_huge_pages_are_rendered_within_the_pixel_limit() -> None:
    assert ocr_dpi(595, 842) == OCR_DPI  # A4 at full resolution
    dpi = ocr_dpi(14_400, 14_400)  # 200 x 200 inches, PDF's largest page
    assert dpi < OCR_DPI and (200 * dpi) ** 2 <= MAX_OCR_PIXELS
    assert ocr_dpi(0, 0) >= 1
