"""A labelled set of PDFs without XML (and scans) whose truth is an e-invoice's XML.

``python -m bench.extract_set OUTDIR`` renders the shared corpus's e-invoices
(UBL, CII, the XML inside Factur-X PDFs) as PDFs in six layouts
(:mod:`bench.extract_set.layouts`) and four locales (French, English with
European and US dates, German), keeps the printed pages of the Factur-X PDFs
without their XML, and makes scan-like copies of some samples for the OCR
path, and adds made-up French e-invoices (SIREN, FR VAT numbers, French rates,
deposits; :mod:`bench.extract_set.synthetic`). ``OUTDIR/set.jsonl`` lists every sample with its layout, locale and
truth; the truth is what the structured reader reads from the source XML
(:func:`bench.extract_set.truth.truth_fields`), never typed by hand.

Tests import :func:`generate` to build a small set from the e-invoices kept
under ``tests/books/fixtures/corpus`` into their ``tmp_path``.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from bench.extract_set.blocks import Sheet
from bench.extract_set.layouts import LAYOUTS, NEGATIVE_CREDIT
from bench.extract_set.locales import LOCALES
from bench.extract_set.scans import SCAN_FORMATS, printed_pages, scan_copy
from bench.extract_set.truth import SourceInvoice, read_source, truth_fields

LOCALE_ORDER = ("fr", "en_gb", "de", "en_us")
"""Locales cycle with the source and the layout, so every layout gets each one."""
PRINTED = "facturx_print"
"""The layout name of a Factur-X PDF's own printed pages."""
MANIFEST = "set.jsonl"


@dataclass
class Sample:
    """One generated file and what it should read as."""

    file: str
    """Path relative to the set's folder."""
    kind: str
    """``text`` (a PDF with a text layer) or ``scan`` (an image or image-only PDF)."""
    layout: str
    locale: str
    """``fr``, ``en_gb``, ``en_us``, ``de``, or ``original`` for printed Factur-X pages."""
    language: str
    source: str
    """The e-invoice it was made from."""
    fields: dict[str, Any]
    """The truth, in the format of ``books.invoices.truth``."""
    pages: int = 1
    dpi: int | None = None
    """A scan's resolution."""


def seeded(*parts: str) -> random.Random:
    """A random generator fixed by ``parts`` (the same set on every run)."""
    return random.Random(zlib.crc32("|".join(parts).encode()))


def _key(source: SourceInvoice) -> tuple[Any, ...]:
    reading = source.reading
    return (
        reading.number,
        " ".join((reading.seller.name or "").split()),
        reading.issue_date,
        reading.totals.gross,
    )


def load_sources(root: Path, names: Iterable[str]) -> list[SourceInvoice]:
    """The e-invoices among ``names`` (relative to ``root``) that can be rendered,
    each invoice once (the same invoice in UBL and in CII is kept once)."""
    sources, seen = [], set()
    for name in names:
        source = read_source(root / name, name)
        if source is None or _key(source) in seen:
            continue
        seen.add(_key(source))
        sources.append(source)
    return sources


def truth_rows(folder: Path) -> list[dict[str, Any]]:
    """The ``ok`` rows of a corpus folder's ``truth.jsonl``."""
    lines = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, filter(None, lines)) if row["status"] == "ok"]


def corpus_sources(folder: Path) -> tuple[list[SourceInvoice], list[SourceInvoice]]:
    """A corpus folder's renderable e-invoices, and its Factur-X PDFs."""
    names = sorted({row["file"] for row in truth_rows(folder)})
    files = folder / "files"
    xml = load_sources(files, [name for name in names if not name.lower().endswith(".pdf")])
    pdfs = [source for name in names if name.lower().endswith(".pdf")
            if (source := read_source(files / name, name)) is not None]  # fmt: skip
    return xml, pdfs


def synthetic_sources(folder: Path, count: int) -> list[SourceInvoice]:
    """``count`` made-up French e-invoices written into ``folder`` and read back
    (:mod:`bench.extract_set.synthetic`); their source names are ``synthetic/…``."""
    from bench.extract_set.synthetic import write_synthetic

    names = write_synthetic(folder, count)
    sources = [read_source(folder / name, f"synthetic/{name}") for name in names]
    return [source for source in sources if source is not None]


def render(source: SourceInvoice, layout: str, locale: str, path: Path) -> Sample:
    """Render ``source`` in ``layout`` and ``locale`` into ``path``."""
    rng = seeded(source.source, layout)
    sheet = Sheet(source.reading, LOCALES[locale], rng, negative=layout in NEGATIVE_CREDIT)
    LAYOUTS[layout](sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.page.save(path)
    return Sample(
        file="",
        kind="text",
        layout=layout,
        locale=locale,
        language=LOCALES[locale].language,
        source=source.source,
        fields=truth_fields(source.reading),
        pages=sheet.page.pages,
    )


def prints_its_xml(pdf: Path, source: SourceInvoice) -> bool:
    """Whether the pages of a Factur-X PDF show its XML's number and amount due.

    Some test PDFs print another invoice than the one their XML holds (Mustang's
    ``validXRechnung.pdf`` prints RE-20200620/508 over an XML of RE-20190610/507);
    their pages cannot be scored against that XML, so they are left out.
    """
    reading = source.reading
    text = "".join(page_text(pdf).split())
    digits = re.sub(r"\D", "", text)
    payable = re.sub(r"\D", "", f"{abs(reading.totals.payable or 0):.2f}")
    return "".join((reading.number or "?").split()) in text and payable in digits


def page_text(pdf: Path) -> str:
    """The text layer of every page of ``pdf``."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        document.close()


def generate(
    out: Path,
    sources: Sequence[SourceInvoice],
    *,
    layouts: Sequence[str] = tuple(LAYOUTS),
    printed: Sequence[tuple[Path, SourceInvoice]] = (),
    scans: int = 0,
) -> list[Sample]:
    """Write the set into ``out`` and its manifest ``out/set.jsonl``.

    Args:
        out: the folder (created).
        sources: e-invoices to render, each in every layout of ``layouts``.
        layouts: layout names (see :data:`~bench.extract_set.layouts.LAYOUTS`).
        printed: Factur-X PDFs (path, source) whose pages are kept without their XML
            (those whose pages print another invoice are left out: :func:`prints_its_xml`).
        scans: how many text samples get a scan-like copy, spread evenly over them.

    Returns:
        The samples, as listed in the manifest.
    """
    out.mkdir(parents=True, exist_ok=True)
    samples = []
    for index, source in enumerate(sources):
        stem = Path(source.source).stem[:40]
        for shift, layout in enumerate(layouts):
            locale = LOCALE_ORDER[(index + shift) % len(LOCALE_ORDER)]
            relative = f"{layout}/{index:03d}_{stem}.pdf"
            sample = render(source, layout, locale, out / relative)
            sample.file = relative
            samples.append(sample)
    for index, (pdf, source) in enumerate(printed):
        relative = f"{PRINTED}/{index:03d}_{Path(source.source).stem[:40]}.pdf"
        (out / PRINTED).mkdir(parents=True, exist_ok=True)
        printed_pages(pdf, out / relative)
        if not prints_its_xml(out / relative, source):
            (out / relative).unlink()
            continue
        samples.append(
            Sample(
                file=relative,
                kind="text",
                layout=PRINTED,
                locale="original",
                language="original",
                source=source.source,
                fields=truth_fields(source.reading),
            )
        )
    samples += _scans(out, samples, scans)
    with (out / MANIFEST).open("w", encoding="utf-8") as manifest:
        for sample in samples:
            manifest.write(json.dumps(asdict(sample), ensure_ascii=False) + "\n")
    return samples


def _scans(out: Path, texts: list[Sample], count: int) -> list[Sample]:
    """Scan-like copies of ``count`` text samples, taken in turn from each (layout,
    locale) pair so that every layout and language gets its share."""
    if count <= 0 or not texts:
        return []
    groups: dict[tuple[str, str], list[Sample]] = {}
    for sample in texts:
        groups.setdefault((sample.layout, sample.locale), []).append(sample)
    queues = [seeded(*key).sample(group, len(group)) for key, group in sorted(groups.items())]
    chosen: list[Sample] = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop())
    (out / "scans").mkdir(parents=True, exist_ok=True)
    scans = []
    for index, sample in enumerate(chosen):
        rng = seeded(sample.file, "scan")
        target = out / "scans" / Path(sample.file).stem
        path, dpi = scan_copy(
            out / sample.file,
            target.with_name(f"{target.name}_{sample.layout}"),
            rng,
            SCAN_FORMATS[index % len(SCAN_FORMATS)],
        )
        scans.append(
            Sample(
                file=str(path.relative_to(out)),
                kind="scan",
                layout=sample.layout,
                locale=sample.locale,
                language=sample.language,
                source=sample.source,
                fields=sample.fields,
                pages=sample.pages,
                dpi=dpi,
            )
        )
    return scans


def load_manifest(folder: Path) -> list[Sample]:
    """The samples listed in ``folder/set.jsonl``."""
    lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    return [Sample(**json.loads(line)) for line in lines if line]
