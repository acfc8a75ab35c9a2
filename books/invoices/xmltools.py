"""Safe XML parsing and namespace-blind navigation shared by the CII and UBL readers.

The parser never resolves entities, never loads a DTD, never touches the
network and refuses huge trees; documents that declare a DTD at all are
refused, since no e-invoice syntax uses one (that also stops entity bombs).
Navigation goes by local name, so one reader serves every namespace version
of a syntax (CII D16B and ZUGFeRD 1, UBL 2.1 and 2.3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from lxml import etree

from books.invoices.errors import ReadError

MAX_XML_BYTES = 16 * 1024 * 1024
"""Larger XML files are refused: real invoices are far smaller."""

Step = str | tuple[str, ...]
"""A local name, or alternative local names, for one step of a path."""


def parse_xml(data: bytes) -> etree._Element:
    """Parse ``data`` safely and return the root element.

    Raises:
        ReadError: too large, declares a DTD or entities, or is not well-formed.
    """
    if len(data) > MAX_XML_BYTES:
        raise ReadError("extract.error.xml_too_large", limit=MAX_XML_BYTES // (1024 * 1024))
    data = as_utf8(data)
    if declares_dtd(data):
        raise ReadError("extract.error.xml_dtd")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError("extract.error.xml_malformed", reason=_first_line(str(exc))) from exc
    if root is None:
        raise ReadError("extract.error.xml_malformed", reason="empty document")
    if root.getroottree().docinfo.doctype:  # a prolog the scan above did not understand
        raise ReadError("extract.error.xml_dtd")
    return root


_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le"),
)
"""Byte order marks, then the first ``<`` as each encoding writes it (XML 1.0, appendix F;
UTF-32 is tried before UTF-16, whose patterns it begins with)."""

_DECLARED_ENCODING = re.compile(rb"""^(<\?xml[^>]*?encoding\s*=\s*)(["'])[A-Za-z0-9._-]*\2""")


def as_utf8(data: bytes) -> bytes:
    """``data`` in UTF-8 when it is UTF-16 or UTF-32 (its declaration saying so), else as is.

    Every check that follows reads bytes as ASCII would (the DTD scan, the
    schema validation), which UTF-16 and UTF-32 defeat: they are decoded once
    here instead.

    Raises:
        ReadError: the bytes are not in the encoding their first bytes announce.
    """
    encoding = next((name for mark, name in _WIDE_ENCODINGS if data.startswith(mark)), None)
    if encoding is None:
        return data
    try:
        text = data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ReadError("extract.error.xml_encoding", encoding=encoding.upper(),
                        reason=_first_line(str(exc))) from exc
    return _DECLARED_ENCODING.sub(rb"\1\2UTF-8\2", text.encode("utf-8"), count=1)


def declares_dtd(data: bytes) -> bool:
    """Whether the prolog (before the root element) holds ``<!DOCTYPE``.

    A DTD can only stand there, and entities can only be declared inside one; the
    same words inside a comment or a CDATA section of the document are text. The
    prolog's comments and processing instructions are skipped, whatever they say.
    """
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while position < len(data) and data[position] in b" \t\r\n":
            position += 1
        if data.startswith(b"<?", position):
            end = data.find(b"?>", position + 2)
        elif data.startswith(b"<!--", position):
            end = data.find(b"-->", position + 4)
        else:
            return data.startswith(b"<!DOCTYPE", position) or data.startswith(b"<!ENTITY", position)
        if end < 0:
            return False  # unterminated: the parser refuses it as malformed
        position = end + 2


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


def local(element: etree._Element) -> str:
    """The local name of ``element`` (its tag without the namespace)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _matches(element: etree._Element, step: Step) -> bool:
    name = local(element)
    return name == step if isinstance(step, str) else name in step


def kids(element: etree._Element | None, step: Step) -> Iterator[etree._Element]:
    """The children of ``element`` whose local name matches ``step``."""
    if element is None:
        return
    for child in element:
        if _matches(child, step):
            yield child


def find(element: etree._Element | None, *steps: Step) -> etree._Element | None:
    """The first element reached from ``element`` by following ``steps``."""
    current = element
    for step in steps:
        if current is None:
            return None
        current = next(kids(current, step), None)
    return current


def find_all(element: etree._Element | None, *steps: Step) -> list[etree._Element]:
    """Every element reached by following ``steps`` (all branches)."""
    found = [element] if element is not None else []
    for step in steps:
        found = [child for parent in found for child in kids(parent, step)]
    return found


def text(element: etree._Element | None) -> str | None:
    """The stripped text of ``element``, ``None`` if missing or blank."""
    if element is None or element.text is None:
        return None
    value = element.text.strip()
    return value or None


def text_at(element: etree._Element | None, *steps: Step) -> str | None:
    """The stripped text at the end of ``steps``."""
    return text(find(element, *steps))


MAX_WHOLE_DIGITS = 18
"""Digits before the decimal mark of the largest number read (a quintillion and less)."""
MAX_DIGITS = 40
"""Significant digits of the most precise number read."""


def decimal(element: etree._Element | None) -> Decimal | None:
    """The exact decimal value of ``element``'s text, ``None`` if absent or not a number.

    Raises:
        ReadError: a number out of range (``1E+999999999``, 30 digits before the mark,
            ``1E-999999999``): arithmetic on it would overflow or round.
    """
    value = text(element)
    if value is None:
        return None
    try:
        number = Decimal(value.replace(" ", ""))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if number and not (-MAX_DIGITS < number.adjusted() < MAX_WHOLE_DIGITS
                       and len(number.as_tuple().digits) <= MAX_DIGITS):
        raise ReadError("extract.error.amount_range", value=value[:40], element=local(element))
    return number


def decimal_at(element: etree._Element | None, *steps: Step) -> Decimal | None:
    """The decimal value at the end of ``steps``."""
    return decimal(find(element, *steps))


def fold(value: str | None) -> str | None:
    """``value`` with runs of white space (line breaks in names) folded to one space."""
    return " ".join(value.split()) if value else value
