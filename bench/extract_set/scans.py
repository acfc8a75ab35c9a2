"""Scan-like copies of a rendered PDF, for the OCR path; printed pages of Factur-X PDFs.

A scan is each page rasterised at 150–200 dpi with pypdfium2, turned by up to
1.5°, slightly blurred, with grey noise and a few specks (Pillow), saved as
an image-only PDF, or as a JPEG or PNG for a one-page document.
"""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter

SCAN_FORMATS = ("pdf", "jpg", "png")


def _scanned_page(page: pdfium.PdfPage, dpi: int, rng: random.Random) -> Image.Image:
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    image = bitmap.to_pil().convert("L")
    bitmap.close()
    angle = rng.uniform(-1.5, 1.5)
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    noise = Image.effect_noise(image.size, rng.uniform(8, 18))
    image = ImageChops.add(image, noise, scale=1.0, offset=-128)
    draw = ImageDraw.Draw(image)
    width, height = image.size
    for _ in range(width * height // 40000):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.choice((1, 1, 2))
        draw.rectangle((x, y, x + size, y + size), fill=rng.randrange(0, 90))
    return image


def scan_copy(
    pdf: Path, target: Path, rng: random.Random, image_format: str = "pdf"
) -> tuple[Path, int]:
    """Write a scan-like copy of ``pdf``; returns its path and resolution.

    Args:
        pdf: the rendered (text) PDF.
        target: the output path without its suffix.
        rng: the sample's random generator (angle, noise, resolution).
        image_format: ``pdf``, ``jpg`` or ``png``; a document of several pages is
            always a PDF.
    """
    dpi = rng.choice((150, 175, 200))
    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = [_scanned_page(document[index], dpi, rng) for index in range(len(document))]
    finally:
        document.close()
    if len(pages) > 1 or image_format == "pdf":
        path = target.parent / f"{target.name}.pdf"
        pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    elif image_format == "jpg":
        path = target.parent / f"{target.name}.jpg"
        pages[0].save(path, "JPEG", quality=80, dpi=(dpi, dpi))
    else:
        path = target.parent / f"{target.name}.png"
        pages[0].save(path, "PNG", dpi=(dpi, dpi))
    return path, dpi


def printed_pages(pdf: Path, target: Path) -> None:
    """Copy the pages of ``pdf`` into a new PDF at ``target``: no attachment, no XML."""
    source = pdfium.PdfDocument(str(pdf))
    copy = pdfium.PdfDocument.new()
    try:
        copy.import_pages(source)
        copy.save(str(target))
    finally:
        copy.close()
        source.close()
