"""Safe XML parsing and namespace-blind navigation shared by the CII and UBL readers.

The parser never resolves entities, never loads a DTD, never touches the
network and refuses huge trees; documents that declare a DTD at all are
refused, since no e-invoice syntax uses one (that also stops entity bombs).
Navigation goes by local name, so one reader serves every namespace version
of a syntax (CII D16B and ZUGFeRD 1, UBL 2.1 and 2.3).
"""

from __future__ import annotations

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
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
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
    return root


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


def decimal(element: etree._Element | None) -> Decimal | None:
    """The exact decimal value of ``element``'s text, ``None`` if absent or not a number."""
    value = text(element)
    if value is None:
        return None
    try:
        number = Decimal(value.replace(" ", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def decimal_at(element: etree._Element | None, *steps: Step) -> Decimal | None:
    """The decimal value at the end of ``steps``."""
    return decimal(find(element, *steps))


def fold(value: str | None) -> str | None:
    """``value`` with runs of white space (line breaks in names) folded to one space."""
    return " ".join(value.split()) if value else value
