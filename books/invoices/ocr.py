"""Optical character recognition through the ``tesseract`` binary, when installed.

Tesseract (Debian: ``tesseract-ocr`` and ``tesseract-ocr-fra``) is called as
a subprocess with a timeout, the image given on its standard input, so a
slow or stuck recognition can never hang the reader.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

from books.invoices.errors import ReadError

OCR_TIMEOUT_SECONDS = 90.0
"""Longest time one image may take."""

PREFERRED_LANGUAGES = ("fra", "eng", "deu")
"""Tesseract languages used when installed, French first."""


def tesseract_binary() -> str | None:
    """The path of the ``tesseract`` executable, or ``None`` when not installed."""
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=4)
def _languages(binary: str) -> str:
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=10, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        listed = []
    chosen = [lang for lang in PREFERRED_LANGUAGES if lang in listed]
    return "+".join(chosen) or "eng"


def ocr_image(data: bytes, *, dpi: int | None = None) -> str:
    """Recognise the text of one image (PNG, JPEG, TIFF, PNM bytes).

    Args:
        data: the encoded image.
        dpi: the resolution, when known (rendered PDF pages).

    Page segmentation mode 11 (sparse text) recognises each group of words on its
    own and leaves the layout to :mod:`books.invoices.layout`: mode 3 took the two
    columns of a slightly turned page for one line and garbled both. Tesseract
    runs on one thread: its OpenMP threads cost more CPU than they save
    on a busy machine (and the inbox may read several files at once).

    Returns:
        The recognised words in Tesseract's TSV form (one word a row, with its box
        and confidence; see :func:`books.invoices.layout.tsv_lines`).

    Raises:
        ReadError: tesseract is missing, timed out or failed.
    """
    binary = tesseract_binary()
    if binary is None:
        raise ReadError("extract.error.ocr_missing")
    command = [binary, "stdin", "stdout", "-l", _languages(binary), "--psm", "11"]
    if dpi:
        command += ["--dpi", str(dpi)]
    command.append("tsv")
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=OCR_TIMEOUT_SECONDS, check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError("extract.error.ocr_timeout", seconds=int(OCR_TIMEOUT_SECONDS)) from exc
    except OSError as exc:
        raise ReadError("extract.error.ocr_failed", reason=str(exc)) from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError("extract.error.ocr_failed", reason=reason[-1] if reason else done.returncode)
    return done.stdout.decode("utf-8", "replace")
