"""Structured invoices: tell CII from UBL from what is not an invoice, then read."""

from __future__ import annotations

from lxml import etree

from books.i18n import t
from books.invoices.cii import read_cii
from books.invoices.errors import ReadError
from books.invoices.model import Extraction
from books.invoices.schemas import schema_error
from books.invoices.ubl import read_ubl
from books.invoices.xmltools import find, local, parse_xml, text_at

ZUGFERD1_RC_ROOT = "{urn:un:unece:uncefact:data:standard:CBFBUY:5}Invoice"
"""The ZUGFeRD 1 release candidate (2013): ZUGFeRD 1's elements under an ``Invoice`` root."""
ZUGFERD1_ROOTS = {"{urn:ferd:CrossIndustryDocument:invoice:1p0}CrossIndustryDocument", ZUGFERD1_RC_ROOT}
CII_ROOTS = {
    "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice",
    *ZUGFERD1_ROOTS,
}
ZUGFERD1_PROFILES = ("urn:ferd:CrossIndustryDocument", "urn:ferd:invoice")
"""Guideline ids of ZUGFeRD 1 (``urn:ferd:CrossIndustryDocument:invoice:1p0:…``) and of
its release candidate (``urn:ferd:invoice:rc:…``)."""
UBL_ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote",
}
KNOWN_OTHERS = {
    "SCRDMCCBDACIOMessageStructure": "extract.error.order_x",
    "FatturaElettronica": "extract.error.fatturapa",
}
"""Root local names of documents that are recognisably not invoices we read."""


def syntax_of(root: etree._Element) -> str:
    """``cii`` or ``ubl`` for an invoice root element.

    Raises:
        ReadError: the root is Order-X, FatturaPA or any other element.
    """
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag in CII_ROOTS:
        return "cii"
    if tag in UBL_ROOTS:
        return "ubl"
    key = KNOWN_OTHERS.get(local(root))
    if key:
        raise ReadError(key)
    raise ReadError("extract.error.wrong_root", root=local(root) or "?", namespace=etree.QName(root).namespace or "-")


def read_structured(data: bytes, result: Extraction) -> str:
    """Parse the invoice XML ``data`` into ``result``; returns its syntax (``cii``/``ubl``).

    Raises:
        ReadError: unsafe, malformed, or not a CII/UBL invoice.
    """
    root = parse_xml(data)
    syntax = syntax_of(root)
    if syntax == "cii":
        read_cii(root, result)
    else:
        read_ubl(root, result)
    for field in result.filled_fields():
        result.confidence[field] = 1.0
    _check_schema(root, syntax, result)
    _check_xrechnung(root, syntax, result)
    return syntax


def _check_schema(root: etree._Element, syntax: str, result: Extraction) -> None:
    """Flag a document that breaks its XSD, or whose profile belongs to another syntax."""
    error = schema_error(root, result.profile)
    if error is not None:
        result.warnings.append(t("extract.warning.schema", line=error[0], message=error[1]))
    profile = result.profile or ""
    zugferd1 = profile.startswith(ZUGFERD1_PROFILES)
    if zugferd1 != (root.tag in ZUGFERD1_ROOTS) and syntax == "cii" and profile:
        result.warnings.append(t("extract.warning.profile_mismatch", profile=profile))


SELLER_CONTACT = {
    "cii": (("SupplyChainTradeTransaction", "ApplicableHeaderTradeAgreement", "SellerTradeParty", "DefinedTradeContact"),
            ("TelephoneUniversalCommunication", "CompleteNumber"), ("EmailURIUniversalCommunication", "URIID")),
    "ubl": (("AccountingSupplierParty", "Party", "Contact"), ("Telephone",), ("ElectronicMail",)),
}  # fmt: skip
"""Per syntax: path to the seller contact, then to its telephone and e-mail."""


def _check_xrechnung(root: etree._Element, syntax: str, result: Extraction) -> None:
    """XRechnung requires a seller contact with telephone and e-mail (BR-DE-2, -6, -7)."""
    if "xrechnung" not in (result.profile or "").lower():
        return
    contact_path, phone_path, email_path = SELLER_CONTACT[syntax]
    contact = find(root, *contact_path)
    if text_at(contact, *phone_path) is None or text_at(contact, *email_path) is None:
        result.warnings.append(t("extract.warning.xrechnung_contact"))
