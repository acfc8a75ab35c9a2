"""Parties and identifiers from invoice text: names, VAT numbers, SIREN/SIRET, IBAN.

Identifiers are kept only when their check digits are right (python-stdnum),
which rejects most false matches; names are weaker guesses (a label such as
"Client :" for the buyer, a company legal form for the seller).
"""

from __future__ import annotations

import re

from stdnum import iban as iban_number
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren, siret

from books.invoices.model import Extraction

IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b")
VAT_LABEL = re.compile(
    r"(?:tva\s+intra(?:communautaire)?|n[°º]?\s*(?:de\s+)?tva|num[ée]ro\s+de\s+tva|vat\s*(?:-?id|reg\w*"
    r"|number|no\.?|n[°º])|ust\.?-?\s?id(?:-?nr\.?)?|ust-?idnr\.?|tax\s+id)\s*[:.]?\s*",
    re.IGNORECASE,
)
VAT_CANDIDATE = re.compile(r"\b([A-Z]{2}[ ]?[0-9A-Z][0-9A-Z ]{7,14}[0-9A-Z])")
SIREN_LABEL = re.compile(r"\b(SIREN|SIRET|RCS(?:\s+[A-Za-zÀ-ÿ\-]+)?)\s*(?:n[°º])?\s*[:.]?\s*([\d ]{9,17})")
BUYER_LABEL = re.compile(
    r"^(?:client|factur[ée]\s+[àa]|adress[ée]\s+[àa]|destinataire|acheteur|bill(?:ed)?\s+to|sold\s+to"
    r"|customer|buyer|kunde|rechnungsempf[äa]nger)\b\s*:?\s*",
    re.IGNORECASE,
)
SELLER_LABEL = re.compile(r"^(?:fournisseur|vendeur|[ée]metteur|seller|supplier|from)\b\s*:?\s*", re.IGNORECASE)
BUYER_WORDS = re.compile(r"\b(?:client|customer|buyer|acheteur|kunde)\b", re.IGNORECASE)
LEGAL_FORM = re.compile(
    r"\b(?:SAS|SASU|SARL|EURL|SA|SNC|SCI|SCOP|SELARL|GmbH|AG|KG|UG|OHG|e\.K\.|Ltd|Limited|LLC|Inc"
    r"|PLC|S\.A\.|S\.A\.S\.|B\.V\.|N\.V\.|S\.?r\.?l\.?|S\.p\.A\.)(?=\W|$)"
)
ADDRESS_SEPARATORS = re.compile(r"\s*(?:●|•|·|\||–| - )\s*")
POSTCODE = re.compile(r"\b\d{4,5}\s+[A-ZÀ-Ýa-zà-ÿ]")


def read_parties(lines: list[str], result: Extraction, found: dict[str, float]) -> None:
    """Fill seller and buyer names, VAT numbers, legal ids and IBANs from ``lines``."""
    _read_ibans(lines, result, found)
    _read_vat_ids(lines, result, found)
    _read_legal_ids(lines, result, found)
    _read_names(lines, result, found)


def _read_ibans(lines: list[str], result: Extraction, found: dict[str, float]) -> None:
    for line in lines:
        for match in IBAN.finditer(line.upper()):
            compact = iban_number.compact(match.group(1))
            if iban_number.is_valid(compact) and compact not in result.ibans:
                result.ibans.append(compact)
    if result.ibans:
        found["ibans"] = 0.95


def _read_vat_ids(lines: list[str], result: Extraction, found: dict[str, float]) -> None:
    for line in lines:
        label = VAT_LABEL.search(line)
        start = label.end() if label else 0
        for match in VAT_CANDIDATE.finditer(line, start):
            number = _valid_vat(match.group(1))
            if number is None:
                continue
            role = "buyer" if BUYER_WORDS.search(line) else "seller"
            party = getattr(result, role)
            if party.vat_id is None:
                party.vat_id = number
                found[f"{role}.vat_id"] = 0.9 if label else 0.75
            elif role == "seller" and result.buyer.vat_id is None and number != party.vat_id:
                result.buyer.vat_id = number
                found["buyer.vat_id"] = 0.5


def _valid_vat(candidate: str) -> str | None:
    """The compact VAT number if ``candidate`` is one with valid check digits."""
    try:
        return eu_vat.validate(candidate)
    except Exception:  # noqa: BLE001 - stdnum raises several kinds for non-numbers
        return None


def _read_legal_ids(lines: list[str], result: Extraction, found: dict[str, float]) -> None:
    for line in lines:
        for match in SIREN_LABEL.finditer(line):
            digits = re.sub(r"\D", "", match.group(2))
            role = "buyer" if BUYER_WORDS.search(line) else "seller"
            party = getattr(result, role)
            if len(digits) == 9 and siren.is_valid(digits):
                scheme = "0002"
            elif len(digits) == 14 and siret.is_valid(digits):
                scheme = "0009"
            else:
                continue
            if party.legal_id is None or (party.legal_id_scheme == "0009" and scheme == "0002"):
                party.legal_id, party.legal_id_scheme = digits, scheme
                found[f"{role}.legal_id"] = 0.9


def _read_names(lines: list[str], result: Extraction, found: dict[str, float]) -> None:
    buyer = _labelled_name(lines, BUYER_LABEL) or _window_name(lines)
    if buyer:
        result.buyer.name, found["buyer.name"] = buyer
    seller = _labelled_name(lines, SELLER_LABEL) or _company_name(lines, exclude=result.buyer.name)
    if seller:
        result.seller.name, found["seller.name"] = seller


def _labelled_name(lines: list[str], label: re.Pattern[str]) -> tuple[str, float] | None:
    """The name after a label on its line, or on the next line."""
    for index, line in enumerate(lines):
        match = label.search(line)
        if not match:
            continue
        rest = line[match.end() :].strip()
        if _looks_like_name(rest):
            return rest, 0.7
        if not rest and index + 1 < len(lines) and _looks_like_name(lines[index + 1]):
            return lines[index + 1], 0.65
    return None


def _looks_like_name(text: str) -> bool:
    letters = sum(char.isalpha() for char in text)
    return letters >= 3 and letters >= len(text) / 2


def _window_name(lines: list[str]) -> tuple[str, float] | None:
    """The recipient under a letter's one-line sender address ("Name ● Street ● 12345 Town")."""
    for index, line in enumerate(lines[:-1]):
        parts = ADDRESS_SEPARATORS.split(line)
        if len(parts) >= 3 and POSTCODE.search(line) and _looks_like_name(lines[index + 1]):
            return lines[index + 1], 0.5
    return None


def _company_name(lines: list[str], exclude: str | None) -> tuple[str, float] | None:
    """The most frequent line naming a company by its legal form (the letterhead)."""
    counts: dict[str, int] = {}
    for line in lines:
        first = ADDRESS_SEPARATORS.split(line)[0].strip()
        if LEGAL_FORM.search(first) and _looks_like_name(first) and len(first) <= 60:
            if first != exclude:
                counts[first] = counts.get(first, 0) + 1
    if not counts:
        return None
    name, count = max(counts.items(), key=lambda item: item[1])
    return name, 0.6 if count > 1 else 0.4
