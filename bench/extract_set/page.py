"""A page to draw text on at exact positions (millimetres), over fpdf2.

The PDF core fonts (Helvetica) in the Windows-1252 encoding: nothing to embed,
the same output on every machine, a few milliseconds a document, and every
character of the corpus's values (Latin-1, plus ``€``); any other character
would print as ``?``.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
LEFT = 15.0
RIGHT = 195.0
ENCODING = "windows-1252"


class Page:
    """An A4 document being drawn, one page after another."""

    def __init__(self) -> None:
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creator("bench.extract_set")
        self.pdf.core_fonts_encoding = ENCODING
        self.family = "helvetica"
        self.pages = 0
        self.new_page()

    def new_page(self) -> None:
        """Start a new page."""
        self.pdf.add_page()
        self.pages += 1

    def _clean(self, text: str) -> str:
        return text.encode(ENCODING, "replace").decode(ENCODING)

    def width(self, text: str, size: float = 9, bold: bool = False) -> float:
        """The printed width of ``text`` in millimetres."""
        self.pdf.set_font(self.family, "B" if bold else "", size)
        return self.pdf.get_string_width(self._clean(text))

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 9,
        bold: bool = False,
        align: str = "L",
        grey: bool = False,
    ) -> None:
        """Write ``text`` with its baseline at ``y``; ``align`` R puts its right end at ``x``."""
        text = self._clean(text)
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_text_color(110 if grey else 0)
        if align == "R":
            x -= self.pdf.get_string_width(text)
        elif align == "C":
            x -= self.pdf.get_string_width(text) / 2
        self.pdf.text(x, y, text)

    def fit(self, text: str, room: float, size: float = 9) -> str:
        """``text`` cut (with an ellipsis) to fit ``room`` millimetres."""
        if self.width(text, size) <= room:
            return text
        while text and self.width(text + "…", size) > room:
            text = text[:-1]
        return text.rstrip() + "…"

    def rule(self, x1: float, y: float, x2: float) -> None:
        """A thin horizontal line."""
        self.pdf.set_line_width(0.2)
        self.pdf.line(x1, y, x2, y)

    def box(self, x: float, y: float, w: float, h: float) -> None:
        """A thin rectangle."""
        self.pdf.set_line_width(0.2)
        self.pdf.rect(x, y, w, h)

    def save(self, path: Path) -> None:
        """Write the PDF to ``path``."""
        self.pdf.output(str(path))
