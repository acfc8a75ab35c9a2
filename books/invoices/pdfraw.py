"""Last resort for damaged PDFs: find embedded file streams by scanning the bytes.

When pdfium cannot rebuild a PDF's structure it sees no attachments, yet the
embedded ``/EmbeddedFile`` streams are often intact. This scan finds them
without any object parsing; output is bounded by the XML size limit, so a
decompression bomb cannot exhaust memory.
"""

from __future__ import annotations

import re
import zlib

from books.invoices.xmltools import MAX_XML_BYTES

_EMBEDDED = re.compile(rb"/Type\s*/EmbeddedFile\b")
_STREAM = re.compile(rb"stream\r?\n")
MAX_DICT_BYTES = 4096
MAX_STREAMS = 16


def embedded_streams(data: bytes) -> list[bytes]:
    """The decoded contents of the ``/EmbeddedFile`` streams found in ``data``."""
    found = []
    for match in _EMBEDDED.finditer(data):
        start = _STREAM.search(data, match.end(), match.end() + MAX_DICT_BYTES)
        if start is None:
            continue
        end = data.find(b"endstream", start.end())
        if end < 0:
            continue
        dictionary = data[match.start() : start.start()]
        content = _decode(data[start.end() : end].rstrip(b"\r\n"), dictionary)
        if content:
            found.append(content)
        if len(found) >= MAX_STREAMS:
            break
    return found


def _decode(raw: bytes, dictionary: bytes) -> bytes | None:
    if b"/Filter" not in dictionary:
        return raw[:MAX_XML_BYTES + 1]
    if b"/FlateDecode" not in dictionary:
        return None
    try:
        return zlib.decompressobj().decompress(raw, MAX_XML_BYTES + 1)
    except zlib.error:
        return None
