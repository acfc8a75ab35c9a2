"""Parties and identifiers from invoice text: names, VAT numbers, SIREN/SIRET, IBAN.

The buyer's block is found by its label ("Facturé à", "Bill to", "Kunde"…)
and the page's geometry (the lines under the label, in its column); what is
in it belongs to the buyer, the rest of the page to the seller. The seller's
name is its label's value, else the letterhead: a name printed at the top
and again elsewhere (the footer), better with a legal form. A contact person
is not a company.

Identifiers are checked with python-stdnum: a valid one is trusted; one
that fails only its check digits is kept as printed, with a warning and a
low confidence (real invoices carry test and mistyped numbers, and a person
must see what is printed); IBANs must be valid.
"""

from __future__ import annotations

import re

from stdnum import iban as iban_number
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum
from stdnum.fr import siren, siret

from books.i18n import t
from books.invoices.layout import Segment, TextLine
from books.invoices.model import Extraction
from books.invoices.text_labels import BUYER, BUYER_WORDS, CONTACT, SELLER, TITLE
from books.invoices.text_lookup import lookup

IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b")
VAT_LABEL = re.compile(
    r"(?:tva\s+intra(?:com(?:munautaire)?)?\.?|\buid-?\s?(?:nr|nummer)?\.?|(?:n[°º]?|num[ée]ro|identifiant|id\.?)\s*(?:de\s+)?tva|tva\s*:|vat\s*(?:-?id|reg\w*"
    r"|number|no\.?|n[°º]|:)|ust\.?-?\s?id(?:ent)?(?:-?nr\.?)?|ust-?idnr\.?|tax\s+id|umsatzsteuer-?id\w*)\s*[:.]?\s*",
    re.IGNORECASE,
)
VAT_CANDIDATE = re.compile(r"\b([A-Z]{2}[ ]?[0-9A-Z][0-9A-Z ]{6,16}[0-9A-Z])\b")
PRINTED_VAT = re.compile(r"([A-Z]{2}[ /]?[0-9A-Z][0-9A-Z /.\-]{2,20}[0-9A-Z])\s*$")
"""What a VAT label is followed by, up to the end of its segment."""
SIREN_LABEL = re.compile(r"\b(SIREN|SIRET|RCS(?:\s+[A-Za-zÀ-ÿ\-]+)?)\s*(?:n[°º])?\s*[:.]?\s*(\d[\d ]{7,15}\d)")
LEGAL_FORM = re.compile(
    r"\b(?:SAS|SASU|SARL|EURL|SA|SNC|SCI|SCOP|SELARL|GmbH|AG|KG|UG|OHG|e\.K\.|Ltd|Limited|LLC|Inc"
    r"|PLC|S\.A\.|S\.A\.S\.|B\.V\.|N\.V\.|S\.?r\.?l\.?|S\.p\.A\.|GmbH\s*&\s*Co\.?\s*KG)(?=\W|$)"
)
ADDRESS_SEPARATORS = re.compile(r"\s*(?:●|•|·|\||–| - )\s*")
POSTCODE = re.compile(r"\b\d{4,5}\s+[A-ZÀ-Ýa-zà-ÿ]")
NOT_A_NAME = re.compile(
    r"\d{3,}|@|www\.|https?:|\b(?:t[ée]l|tel|phone|fax|e-?mail|iban|bic|siren|siret|tva|vat|ust|page|seite"
    r"|date|datum|total|montant|summe|betrag|invoice|facture|rechnung|avoir|gutschrift|credit\s+note)\b",
    re.IGNORECASE,
)
NAME_LABEL = re.compile(r"^\s*(?:name|nom|firma|raison\s+sociale|soci[ée]t[ée]|company(?:\s+name)?)\s*:", re.IGNORECASE)
"""The row of a party's block that holds its name."""
BLOCK_LINES = 7
"""Lines under a party's label that may belong to its block."""
LETTERHEAD_LINES = 6
"""Top lines of the first page where the seller's letterhead is looked for."""


def read_parties(lines: list[TextLine], result: Extraction, found: dict[str, float]) -> None:
    """Fill seller and buyer names, VAT numbers, legal ids and IBANs from ``lines``."""
    buyer_block = _block(lines, BUYER)
    seller_block = _block(lines, SELLER)
    _read_ibans(lines, result, found)
    _read_vat_ids(lines, buyer_block, seller_block, result, found)
    _read_legal_ids(lines, buyer_block, result, found)
    _read_names(lines, buyer_block, result, found)


def _block(lines: list[TextLine], label: re.Pattern[str]) -> set[int]:
    """Ids of the segments of the first block opened by ``label``: its own segment,
    and the lines under it in its column while they follow closely."""
    for index, line in enumerate(lines):
        for segment in line.segments:
            if not label.search(segment.text):
                continue
            members = {id(segment)}
            column = segment
            bottom = segment.bottom
            for below in lines[index + 1 : index + 1 + BLOCK_LINES]:
                if below.top - bottom > 1.8 * line.height:
                    break
                cells = [cell for cell in below.segments if abs(cell.x0 - column.x0) < 3 * column.height]
                if not cells:
                    break
                members.update(id(cell) for cell in cells)
                bottom = below.bottom
            return members
    return set()


def _read_ibans(lines: list[TextLine], result: Extraction, found: dict[str, float]) -> None:
    for line in lines:
        for match in IBAN.finditer(line.text.upper()):
            compact = iban_number.compact(match.group(1))
            if iban_number.is_valid(compact) and compact not in result.ibans:
                result.ibans.append(compact)
    if result.ibans:
        found["ibans"] = 0.85  # each one is valid, but another may be printed unreadably


def _vat_number(candidate: str) -> tuple[str, bool] | None:
    """The compact VAT number and whether its check digits are right; ``None`` when
    ``candidate`` is no VAT number at all (wrong country, length or characters)."""
    try:
        return eu_vat.validate(candidate), True
    except InvalidChecksum:
        return _as_printed(candidate), False
    except Exception:  # noqa: BLE001 - stdnum raises several kinds for non-numbers
        return None


def _as_printed(candidate: str) -> str:
    """An identifier as printed, without its spaces."""
    return "".join(candidate.split()).upper()


def _read_vat_ids(
    lines: list[TextLine], buyer_block: set[int], seller_block: set[int], result: Extraction,
    found: dict[str, float],
) -> None:
    seen: list[tuple[str, str, bool, bool]] = []  # number, role, valid, labelled
    for line in lines:
        for segment in line.segments:
            label = VAT_LABEL.search(segment.text)
            start = label.end() if label else 0
            printed = PRINTED_VAT.match(segment.text, start) if label else None
            if printed is not None:
                number = _vat_number(printed.group(1)) or (_as_printed(printed.group(1)), False)
                role = _role(segment, segment.text[:start], buyer_block, seller_block)
                if all(number[0] != other[0] for other in seen):
                    seen.append((number[0], role, number[1], True))
                continue
            for match in VAT_CANDIDATE.finditer(segment.text, start):
                if sum(char.isdigit() for char in match.group(1)) < 6:
                    continue  # words in capitals, not a VAT number
                number = _vat_number(match.group(1))
                if number is None or (not number[1] and label is None):
                    continue
                role = _role(segment, segment.text[: match.start()], buyer_block, seller_block)
                if all(number[0] != other[0] for other in seen):
                    seen.append((number[0], role, number[1], label is not None))
    sellers = [item for item in seen if item[1] == "seller"]
    buyers = [item for item in seen if item[1] == "buyer"]
    if len(sellers) > 1 and not buyers and not buyer_block:
        buyers = sellers[1:2]
    for role, items in (("seller", sellers), ("buyer", buyers)):
        if items:
            number, _, valid, labelled = items[0]
            getattr(result, role).vat_id = number
            sure = valid and labelled and (bool(buyer_block) or len(seen) == 1 or role == "buyer")
            found[f"{role}.vat_id"] = 0.9 if sure else 0.75 if valid else 0.5
            if not valid:
                result.warnings.append(t("text_reader.warning.vat_checksum", number=number,
                                         role=t(f"text_reader.role.{role}")))


def _role(segment: Segment, before: str, buyer_block: set[int], seller_block: set[int]) -> str:
    if id(segment) in seller_block:
        return "seller"
    if id(segment) in buyer_block or BUYER_WORDS.search(before):
        return "buyer"
    return "seller"


def _read_legal_ids(lines: list[TextLine], buyer_block: set[int], result: Extraction, found: dict[str, float]) -> None:
    for line in lines:
        for segment in line.segments:
            for match in SIREN_LABEL.finditer(segment.text):
                digits = re.sub(r"\D", "", match.group(2))
                role = _role(segment, segment.text[: match.start()], buyer_block, set())
                party = getattr(result, role)
                if len(digits) == 9:
                    scheme, valid = "0002", siren.is_valid(digits)
                elif len(digits) == 14:
                    scheme, valid = "0009", siret.is_valid(digits)
                else:
                    continue
                if party.legal_id is None or (party.legal_id_scheme == "0009" and scheme == "0002" and valid):
                    party.legal_id, party.legal_id_scheme = digits, scheme
                    found[f"{role}.legal_id"] = 0.9 if valid else 0.5
                    if not valid:
                        result.warnings.append(t("text_reader.warning.legal_id_checksum", number=digits,
                                                 role=t(f"text_reader.role.{role}")))


def _name_at(text: str) -> tuple[str, int] | None:
    """A company name at the start of ``text``: not a label ("Nummer:"), an address,
    an identifier or a contact person."""
    name = ADDRESS_SEPARATORS.split(text)[0].strip(" ,")
    if name.endswith(":") or not _looks_like_name(name) or CONTACT.search(name) or NOT_A_NAME.search(name):
        return None
    return name, len(text)


def _read_names(lines: list[TextLine], buyer_block: set[int], result: Extraction, found: dict[str, float]) -> None:
    buyer = _labelled_name(lines, BUYER) or _window_name(lines)
    if buyer:
        result.buyer.name, found["buyer.name"] = buyer
    seller = _labelled_name(lines, SELLER, score=0.8) or _letterhead(lines, buyer_block, result.buyer.name)
    if seller:
        result.seller.name, found["seller.name"] = seller


def _labelled_name(lines: list[TextLine], label: re.Pattern[str], score: float = 0.7) -> tuple[str, float] | None:
    """The name after a label, to its right or under it; in a block of labelled rows
    ("Verkäufer" then "Nummer: …", "Name: …"), the row named so."""
    opened = lookup(lines, label, lambda text: ("", 0) if not text.strip() else None, below=False)
    for start in (hit.line for hit in opened):
        rows = lookup(lines[start + 1 : start + 1 + BLOCK_LINES], NAME_LABEL, _name_at, below=False)
        if rows:
            return rows[0].value, score
    hits = lookup(lines, label, _name_at)
    return (hits[0].value, score) if hits else None


def _looks_like_name(text: str) -> bool:
    letters = sum(char.isalpha() for char in text)
    return letters >= 2 and letters >= len(text) / 2 and len(text) <= 80


def _window_name(lines: list[TextLine]) -> tuple[str, float] | None:
    """The recipient under a letter's one-line sender address ("Name ● Street ● 12345 Town")."""
    for index, line in enumerate(lines[:-1]):
        text = line.segments[0].text if line.segments else ""
        parts = ADDRESS_SEPARATORS.split(line.text)
        following = lines[index + 1].segments[0].text if lines[index + 1].segments else ""
        if len(parts) >= 3 and POSTCODE.search(line.text) and _name_at(following) and text:
            return following, 0.5
    return None


def _letterhead(lines: list[TextLine], buyer_block: set[int], buyer: str | None) -> tuple[str, float] | None:
    """The seller's name: a name at the top of the page, surer when printed again
    elsewhere (a footer) or when it carries a legal form."""
    counts: dict[str, int] = {}
    for line in lines:
        for segment in line.segments:
            first = ADDRESS_SEPARATORS.split(segment.text)[0].strip(" :,")
            if first and id(segment) not in buyer_block:
                counts[first] = counts.get(first, 0) + 1
    best: tuple[float, int, str] | None = None
    for rank, line in enumerate(lines[:LETTERHEAD_LINES]):
        for segment in line.segments:
            name = _name_at(segment.text)
            if name is None or id(segment) in buyer_block or TITLE.fullmatch(segment.text):
                continue
            repeated = counts.get(name[0], 0) > 1
            legal = LEGAL_FORM.search(name[0]) is not None
            score = 0.55 + 0.15 * repeated + 0.15 * legal - 0.02 * rank
            if best is None or score > best[0]:
                best = (score, rank, name[0])
    if best is not None:
        return best[2], round(min(best[0], 0.85), 2)
    return _company_name(lines, buyer)


def _company_name(lines: list[TextLine], exclude: str | None) -> tuple[str, float] | None:
    """The most frequent line naming a company by its legal form."""
    counts: dict[str, int] = {}
    for line in lines:
        first = ADDRESS_SEPARATORS.split(line.text)[0].strip()
        if LEGAL_FORM.search(first) and _looks_like_name(first) and len(first) <= 60 and first != exclude:
            counts[first] = counts.get(first, 0) + 1
    if not counts:
        return None
    name, count = max(counts.items(), key=lambda item: item[1])
    return name, 0.6 if count > 1 else 0.4
