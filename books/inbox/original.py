"""The original of a document as text: a PDF page laid out as on the page, or an
e-invoice (no PDF) written as a readable invoice from what was read.

A PDF comes from anyone: pdfium reads it in a child process bounded in memory
and in time (:class:`PageReader`), so a hostile file ends as a message and
never takes the app down or holds it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from books.formats import format_amount, format_date
from books.i18n import get_language, set_language, t

TIMEOUT_S = 10.0
"""Longest a page may take to lay out."""
MEMORY_BYTES = 768 * 1024 * 1024
"""Address space the laying-out process may use."""
MAX_LINES = 400
"""Lines kept of one page (a page of tiny print still fits a screen's scroll)."""
PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp")


@dataclass(frozen=True, slots=True)
class OriginalPage:
    """One page of the original, as lines of text."""

    lines: list[str]
    page: int
    """0-based."""
    pages: int
    kind: str
    """``pdf`` (laid out as on the page), ``invoice`` (written from an e-invoice),
    ``image`` (a scan: what was read on it), or ``error``."""
    note: str = ""
    """Why the page is not shown as on the paper, when it is not."""


@dataclass
class _Line:
    bottom: float
    height: float
    chars: list[tuple[float, str]] = field(default_factory=list)


MAX_IMAGE_PX = 1600
"""A page rendered as an image is at most this many pixels wide or high."""


def render_pdf_page(data: bytes, index: int, width_px: int) -> bytes:
    """Page ``index`` rendered as a PNG about ``width_px`` wide (bounded on both sides).

    Runs pdfium in this process: call it through :class:`PageReader`.
    """
    import io

    from books.invoices.pdf import open_pdf

    with open_pdf(data) as document:
        page = document[max(0, min(index, len(document) - 1))]
        try:
            width, height = page.get_size()
            scale = min(width_px, MAX_IMAGE_PX) / max(width, 1.0)
            scale = max(0.05, min(scale, MAX_IMAGE_PX / max(height, 1.0), 4.0))
            bitmap = page.render(scale=scale)
            picture = bitmap.to_pil()
            out = io.BytesIO()
            picture.save(out, format="PNG")
            return out.getvalue()
        finally:
            page.close()


def layout_pdf_page(data: bytes, index: int, columns: int) -> tuple[int, list[str]]:
    """The page count and page ``index``'s text placed on a ``columns``-wide grid.

    Runs pdfium in this process: call it through :class:`PageReader`.
    """
    from books.invoices.pdf import open_pdf

    with open_pdf(data) as document:
        pages = len(document)
        index = max(0, min(index, pages - 1))
        page = document[index]
        try:
            width = page.get_width() or 595.0
            textpage = page.get_textpage()
            try:
                lines = _lines_of(textpage)
            finally:
                textpage.close()
        finally:
            page.close()
    return pages, _grid(lines, width, columns)


def _lines_of(textpage: Any) -> list[_Line]:
    """The page's characters grouped into lines by their baseline, top to bottom."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    count = min(textpage.count_chars(), 20000)
    text = textpage.get_text_range(0, count) if count else ""
    x, y = ctypes.c_double(), ctypes.c_double()
    found = []
    for i in range(min(count, len(text))):
        ch = text[i]
        if ch in "\r\n" or not ch.isprintable():
            continue
        if not pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y)):
            continue
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i) or 10.0
        found.append((y.value, min(max(size, 4.0), 72.0), x.value, ch))
    found.sort(key=lambda b: (-b[0], b[2]))
    lines: list[_Line] = []
    for baseline, size, left, ch in found:
        line = lines[-1] if lines else None
        if line is None or abs(line.bottom - baseline) > min(line.height, size) * 0.4:
            line = _Line(baseline, size)
            lines.append(line)
        line.chars.append((left, ch))
    return lines


def _grid(lines: list[_Line], width: float, columns: int) -> list[str]:
    """Lines as text, each character at the column its position gives; wide gaps between
    lines kept as (at most two) blank lines."""
    if not lines:
        return []
    heights = sorted(line.height for line in lines)
    usual = heights[len(heights) // 2] or 10.0
    out: list[str] = []
    previous: float | None = None
    for line in lines:
        if previous is not None:
            gap = round((previous - line.bottom) / (usual * 1.8)) - 1
            out.extend([""] * max(0, min(gap, 2)))
        previous = line.bottom
        cells: list[str] = []
        cell = width / columns if width > 0 and columns > 0 else 0.0
        before: float | None = None
        for left, ch in sorted(line.chars):
            col = int(left / width * columns) if width > 0 else len(cells)
            if ch == " " and (not cells or cells[-1] == " "):
                continue
            if before is not None and cells and left - before < 2 * cell:
                col = len(cells)  # the next letter (or space) of a text: a wide font made no gap
            before = left
            col = max(col, len(cells))
            cells.extend([" "] * (col - len(cells)))
            cells.append(ch)
        out.append("".join(cells).rstrip())
        if len(out) >= MAX_LINES:
            break
    margin = min((len(line) - len(line.lstrip(" ")) for line in out if line.strip()), default=0)
    return [line[margin:] for line in out]  # the page's white margin is no use on a screen


class PageReader:
    """Lays out PDF pages in a bounded child process (started on first use, kept for
    the next pages). Thread-safe; :meth:`close` stops the child."""

    def __init__(self, *, timeout_s: float = TIMEOUT_S, memory_bytes: int = MEMORY_BYTES) -> None:
        self.timeout_s = timeout_s
        self.memory_bytes = memory_bytes
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def page(self, path: Path, index: int, columns: int) -> OriginalPage:
        """Page ``index`` of the PDF at ``path``; never raises for a bad file."""
        request = json.dumps({"path": str(path), "page": index, "columns": columns,
                              "language": get_language()}) + "\n"
        with self._lock:
            process = self._ensure()
            assert process.stdin is not None and process.stdout is not None
            try:
                process.stdin.write(request.encode())
                process.stdin.flush()
            except OSError:
                self._stop()
                return _error(t("view.original.reader_died"))
            answer = _read_line(process, self.timeout_s)
            if answer is None:
                self._stop()
                return _error(t("view.original.timeout", seconds=int(self.timeout_s)))
        try:
            found = json.loads(answer)
        except ValueError:
            return _error(t("view.original.reader_died"))
        if found.get("error"):
            return _error(t("view.original.unreadable", reason=str(found["error"])[:200]))
        return OriginalPage(list(found["lines"]), int(found["page"]), int(found["pages"]), "pdf")

    def image(self, path: Path, index: int, width_px: int) -> bytes | None:
        """Page ``index`` of the PDF at ``path`` as a PNG; None for a bad file (never raises)."""
        import base64

        answer = self._ask({"path": str(path), "page": index, "image": width_px,
                            "language": get_language()})
        if answer is None or answer.get("error") or not answer.get("png"):
            return None
        try:
            return base64.b64decode(answer["png"])
        except ValueError:
            return None

    def _ask(self, request: dict[str, Any]) -> dict[str, Any] | None:
        with self._lock:
            process = self._ensure()
            assert process.stdin is not None
            try:
                process.stdin.write((json.dumps(request) + "\n").encode())
                process.stdin.flush()
            except OSError:
                self._stop()
                return None
            answer = _read_line(process, self.timeout_s)
            if answer is None:
                self._stop()
                return None
        try:
            found = json.loads(answer)
        except ValueError:
            return None
        return found if isinstance(found, dict) else None

    def close(self) -> None:
        """Stop the child process."""
        with self._lock:
            self._stop()

    def _ensure(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._stop()
        path = os.pathsep.join(entry for entry in sys.path if entry)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "books.inbox.original", str(self.memory_bytes)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": path})
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait(5)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()


def _read_line(process: subprocess.Popen[bytes], timeout_s: float) -> str | None:
    """One line of the child's answer, or None when it does not come in time (or it died)."""
    import selectors

    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout_s):
            return None
    line = process.stdout.readline()
    return line.decode("utf-8", "replace") if line else None


def _error(message: str) -> OriginalPage:
    return OriginalPage([], 0, 1, "error", message)


def _serve(memory_bytes: int) -> None:
    """The child: one JSON request a line in (with the interface language), one JSON
    answer a line out."""
    import resource

    from books.invoices.errors import ReadError

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    for request in sys.stdin:
        try:
            asked = json.loads(request)
            set_language(asked.get("language", "fr"))
            data = Path(asked["path"]).read_bytes()
            if asked.get("image"):
                import base64

                png = render_pdf_page(data, int(asked["page"]), int(asked["image"]))
                sys.stdout.write(json.dumps({"png": base64.b64encode(png).decode()}) + "\n")
                sys.stdout.flush()
                continue
            pages, lines = layout_pdf_page(data, int(asked["page"]), int(asked["columns"]))
            index = max(0, min(int(asked["page"]), pages - 1))
            answer: dict[str, Any] = {"pages": pages, "page": index, "lines": lines}
        except MemoryError:
            answer = {"error": "memory"}
        except ReadError as exc:
            answer = {"error": t(exc.key, **{"file": "", **exc.values}).lstrip(" :")}
        except Exception as exc:  # noqa: BLE001 - any failure of a hostile file is an answer
            answer = {"error": str(exc) or type(exc).__name__}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def is_pdf(stored_path: str) -> bool:
    """Whether a stored original is a PDF (its pages are laid out, in a child process)."""
    return Path(stored_path).suffix.lower() in PDF_SUFFIXES


def page_of(archive_root: Path, row: Any, index: int, columns: int,
            reader: PageReader | None) -> OriginalPage:
    """Page ``index`` of a document's original as text: a stored PDF laid out (in the
    reader's child process), anything else written from what was read on it (at once,
    no file read: ``reader`` may then be None)."""
    path = archive_root / row.stored_path
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        assert reader is not None
        if not path.is_file():
            return _error(t("view.original.missing", path=row.stored_path))
        page = reader.page(path, index, columns)
        if page.kind != "error" or not (row.extracted or {}).get("number"):
            return page
        return OriginalPage(invoice_lines(row.extracted, columns), 0, 1, "invoice", page.note)
    kind = "image" if suffix in IMAGE_SUFFIXES else "invoice"
    return OriginalPage(invoice_lines(row.extracted or {}, columns), 0, 1, kind)


# ---------------------------------------------------------------- e-invoices


def invoice_lines(extracted: dict[str, Any], columns: int = 80) -> list[str]:
    """An e-invoice (or anything read without a page to show) written as a readable invoice:
    parties, dates, lines, VAT breakdown and totals; the lines' table fits ``columns``
    (the description gives way first, the amounts are never cut)."""
    currency = str(extracted.get("currency") or "")
    kind = t("view.invoice.credit_note" if extracted.get("document_type") == "credit_note"
             else "view.invoice.invoice")
    out = [f"{kind} {extracted.get('number') or '—'}    {_day(extracted.get('issue_date'))}", ""]
    for side in ("seller", "buyer"):
        party = extracted.get(side) or {}
        out.append(t(f"view.invoice.{side}", name=party.get("name") or "—"))
        ids = [f"{t('view.id.legal_id')} {party['legal_id']}" if party.get("legal_id") else "",
               f"{t('view.id.vat_id')} {party['vat_id']}" if party.get("vat_id") else ""]
        if any(ids):
            out.append("    " + "   ".join(i for i in ids if i))
        if party.get("address"):
            out.append("    " + str(party["address"]).replace("\n", ", "))
    if extracted.get("due_date"):
        out.append(t("view.invoice.due", day=_day(extracted.get("due_date"))))
    out.append("")
    out.extend(_line_table(extracted.get("lines") or [], currency, columns))
    out.append("")
    for vat in extracted.get("vat") or []:
        out.append(t("view.invoice.vat_line", rate=_rate(vat.get("rate")),
                     base=_money(vat.get("base"), currency), amount=_money(vat.get("amount"), currency)))
    totals = extracted.get("totals") or {}
    for key in ("net", "tax", "gross", "prepaid", "payable"):
        if totals.get(key) not in (None, ""):
            out.append(f"{t(f'view.invoice.total.{key}'):<22}{_money(totals.get(key), currency):>16}")
    ibans = extracted.get("ibans") or ([extracted["iban"]] if extracted.get("iban") else [])
    if ibans:
        out.extend(["", t("tk.label_value", label="IBAN",
                          value=", ".join(str(i) for i in ibans))])
    return out


def _line_table(lines: list[dict[str, Any]], currency: str, columns: int) -> list[str]:
    if not lines:
        return [t("view.invoice.no_lines")]
    cells = [(str(line.get("description") or "—").replace("\n", " "), str(line.get("quantity") or ""),
              _money(line.get("unit_price"), ""), _money(line.get("net"), ""),
              _rate(line.get("vat_rate"))) for line in lines[:200]]
    heads = (t("view.invoice.col.description"), t("view.invoice.col.quantity"),
             t("view.invoice.col.unit_price"), t("view.invoice.col.net"), t("view.invoice.col.vat"))
    widths = [max(len(heads[i]), *(len(row[i]) for row in cells)) for i in range(1, 5)]
    room = columns - sum(widths) - len(widths)
    label = max(8, min(30, room))
    if room < 8:
        widths[0] = 0  # the quantity gives way when even a short label does not fit
        label = max(8, columns - sum(widths[1:]) - 3)

    def row(values: tuple[str, ...]) -> str:
        text = f"{values[0][:label]:<{label}}"
        for value, width in zip(values[1:], widths, strict=True):
            if width:
                text += f" {value[:width]:>{width}}"
        return text

    return [row(heads), *(row(cell) for cell in cells)]


def _money(value: Any, currency: str) -> str:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "" if value in (None, "") else str(value)[:20]
    return format_amount(amount, currency) if amount.is_finite() else ""


def _rate(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        rate = Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return str(value)[:8]
    text = f"{rate:f}"
    return (text.replace(".", ",") if t("view.decimal_comma") == "," else text) + " %"


def _day(value: Any) -> str:
    from datetime import date

    try:
        return format_date(date.fromisoformat(str(value)[:10])) if value else ""
    except ValueError:
        return str(value)[:20]


if __name__ == "__main__":
    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else MEMORY_BYTES)
