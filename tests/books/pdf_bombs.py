"""PDFs built at test time whose embedded ``factur-x.xml`` inflates far beyond its size."""

from __future__ import annotations

import binascii
import zlib


def deflated_zeros(size: int) -> bytes:
    """A zlib stream of an XML start followed by ``size`` zero bytes (fast: level 1)."""
    packer = zlib.compressobj(1)
    chunk = bytes(1 << 20)
    parts = [packer.compress(b"<?xml version='1.0'?><a>")]
    left = size
    while left > 0:
        parts.append(packer.compress(chunk[: min(left, len(chunk))]))
        left -= len(chunk)
    parts.append(packer.flush())
    return b"".join(parts)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _head(filespec: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(factur-x.xml) 4 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        filespec,
    ]


def bomb_pdf(size: int, *, typed: bool = True) -> bytes:
    """An embedded file stream (``/Type /EmbeddedFile`` or not) inflating to ``size``."""
    stream = deflated_zeros(size)
    kind = b"/Type /EmbeddedFile " if typed else b""
    return _pdf(_head(b"<< /Type /Filespec /F (factur-x.xml) /EF << /F 5 0 R >> >>") + [
        b"<< " + kind + b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream
        + b"\nendstream"])


def indirect_bomb_pdf(size: int) -> bytes:
    """The same, its ``/EF`` dictionary an object of its own and the stream untyped."""
    stream = deflated_zeros(size)
    return _pdf(_head(b"<< /Type /Filespec /F (factur-x.xml) /EF 6 0 R >>") + [
        b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /F 5 0 R >>"])


def hex_bomb_pdf(size: int) -> bytes:
    """A bomb behind a filter chain (hex, then deflate) that the byte scan does not undo:
    only the reader's process limits stop it."""
    stream = binascii.hexlify(deflated_zeros(size)) + b">"
    return _pdf(_head(b"<< /Type /Filespec /F (factur-x.xml) /EF << /F 5 0 R >> >>") + [
        b"<< /Type /EmbeddedFile /Filter [/ASCIIHexDecode /FlateDecode] /Length %d >>\nstream\n"
        % len(stream) + stream + b"\nendstream"])


def big_page_pdf(width_pt: int, height_pt: int) -> bytes:
    """One empty page of the given size (no text: a 'scan' for the OCR path)."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] >>" % (width_pt, height_pt),
    ])
