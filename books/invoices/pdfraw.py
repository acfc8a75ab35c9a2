"""Embedded files found by scanning a PDF's bytes, inflated within a limit.

pdfium hands an attachment over only fully decoded, so a 1 MB PDF whose
``factur-x.xml`` inflates to 1 GiB would cost gigabytes before anything could
look at its size. The scan here finds the embedded file streams without
parsing objects — by ``/Type /EmbeddedFile`` and by the ``/EF`` references of
file specifications — and inflates each one at most to the XML size limit, so
an oversized attachment is refused before pdfium decodes it. The same scan
recovers the invoice XML of PDFs too damaged for pdfium to list attachments.
Streams inside compressed object streams are invisible to it; the reader's
sandbox (:mod:`books.invoices.sandbox`) bounds those.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from books.invoices.xmltools import MAX_XML_BYTES

_EMBEDDED = re.compile(rb"/Type\s*/EmbeddedFile\b")
_EF_REFERENCE = re.compile(rb"/EF\s*<<[^>]*?/(?:UF|F)\s+(\d+)\s+(\d+)\s+R")
_EF_INDIRECT = re.compile(rb"/EF\s+(\d+)\s+(\d+)\s+R")
_FILE_REFERENCE = re.compile(rb"/(?:UF|F)\s+(\d+)\s+(\d+)\s+R")
_STREAM = re.compile(rb"stream\r?\n")
MAX_DICT_BYTES = 4096
MAX_STREAMS = 16


@dataclass(frozen=True, slots=True)
class EmbeddedStream:
    """One embedded file stream: its decoded start, and whether it is larger than the limit."""

    content: bytes | None
    """The decoded bytes (at most the limit), ``None`` when its filter is not understood."""
    oversized: bool
    """Decoded, it holds more than :data:`~books.invoices.xmltools.MAX_XML_BYTES`."""


def embedded_streams(data: bytes) -> list[bytes]:
    """The decoded contents of the embedded file streams found in ``data`` (within the limit)."""
    return [s.content for s in scan_embedded(data) if s.content and not s.oversized]


def has_oversized_embedded(data: bytes) -> bool:
    """Whether an embedded file of ``data`` inflates beyond the XML size limit."""
    if b"/EmbeddedFile" not in data and b"/EF" not in data:
        return False
    return any(stream.oversized for stream in scan_embedded(data))


def scan_embedded(data: bytes) -> list[EmbeddedStream]:
    """Every embedded file stream found by :data:`_EMBEDDED` or an ``/EF`` reference."""
    starts = {match.start() for match in _EMBEDDED.finditer(data)}
    references = [match.groups() for match in _EF_REFERENCE.finditer(data)]
    for number, generation in [m.groups() for m in _EF_INDIRECT.finditer(data)][:MAX_STREAMS]:
        start = _object_start(data, number, generation)
        if start is not None:  # the /EF dictionary is an object of its own: its /F names the file
            end = data.find(b"endobj", start, start + MAX_DICT_BYTES)
            references += [m.groups() for m in _FILE_REFERENCE.finditer(data, start, end)]
    for number, generation in references[:MAX_STREAMS]:
        start = _object_start(data, number, generation)
        if start is not None:
            starts.add(start)
    found: dict[int, EmbeddedStream] = {}  # by where the stream starts: one stream, once
    for start in sorted(starts):
        begin = _STREAM.search(data, start, start + MAX_DICT_BYTES)
        if begin is not None and begin.end() not in found:
            stream = _stream_at(data, start, begin)
            if stream is not None:
                found[begin.end()] = stream
            if len(found) >= MAX_STREAMS:
                break
    return list(found.values())


def _object_start(data: bytes, number: bytes, generation: bytes) -> int | None:
    """Where the body of object ``number generation obj`` starts, if it is in ``data``."""
    header = re.search(rb"(?<![\d])" + number + rb"\s+" + generation + rb"\s+obj\b", data)
    return None if header is None else header.end()


def _stream_at(data: bytes, start: int, begin: re.Match[bytes]) -> EmbeddedStream | None:
    """The stream whose dictionary holds position ``start`` (its data after ``begin``),
    decoded within the limit."""
    end = data.find(b"endstream", begin.end())
    if end < 0:
        return None
    dictionary = data[max(0, data.rfind(b"obj", 0, start)) : begin.start()]
    return _decode(data[begin.end() : end].rstrip(b"\r\n"), dictionary)


def _decode(raw: bytes, dictionary: bytes) -> EmbeddedStream:
    if b"/Filter" not in dictionary:
        return EmbeddedStream(raw[:MAX_XML_BYTES], len(raw) > MAX_XML_BYTES)
    if b"/FlateDecode" not in dictionary:
        return EmbeddedStream(None, False)
    inflater = zlib.decompressobj()
    try:
        content = inflater.decompress(raw, MAX_XML_BYTES + 1)
    except zlib.error:
        return EmbeddedStream(None, False)
    return EmbeddedStream(content[:MAX_XML_BYTES], len(content) > MAX_XML_BYTES)
