"""Company names as French invoices print them, reduced to what identifies the company.

``Sté DUPONT & Fils S.A.R.L. – 69003 Lyon`` and ``dupont et fils sarl`` are the
same name: case, accents, punctuation and spacing, the legal form (kept apart
as evidence, never thrown away: "Renard SNC" is not "Benard SARL"), common
abbreviations, ``&``/``et``, a trailing postcode, city, ``CEDEX`` or
``France``, and characters OCR confuses (0/O, 1/l/I, rn/m, 5/S) all reduce to
one :class:`Name`: its ``core`` tokens and its ``legal`` form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LEGAL_FORMS = {
    "sarl": "sarl", "sas": "sas", "sasu": "sasu", "sa": "sa", "eurl": "eurl", "snc": "snc",
    "sci": "sci", "selarl": "selarl", "selas": "selas", "selafa": "selafa", "ei": "ei",
    "eirl": "eirl", "scop": "scop", "scp": "scp", "scm": "scm", "gie": "gie", "sca": "sca",
    "scs": "scs", "sem": "sem", "sarlu": "eurl", "micro": "ei", "ltd": "ltd", "gmbh": "gmbh",
    "inc": "inc", "llc": "llc", "bv": "bv", "srl": "srl", "spa": "spa", "ag": "ag",
    "kg": "kg", "bvba": "bvba", "sprl": "sprl", "nv": "nv",
}
"""Legal forms as printed (folded, dots and spaces removed) → one code."""

_LEGAL_PHRASES = (
    ("societe a responsabilite limitee", "sarl"), ("societe par actions simplifiee unipersonnelle", "sasu"),
    ("societe par actions simplifiee", "sas"), ("societe anonyme", "sa"),
    ("societe en nom collectif", "snc"), ("societe civile immobiliere", "sci"),
    ("entreprise individuelle", "ei"), ("auto entrepreneur", "ei"), ("micro entreprise", "ei"),
)

ABBREVIATIONS = {
    "ste": "societe", "soc": "societe", "sté": "societe", "ets": "etablissements",
    "etablissement": "etablissements", "etabl": "etablissements", "ent": "entreprise",
    "entr": "entreprise", "cie": "compagnie", "st": "saint", "gde": "grande",
    "gd": "grand", "bd": "boulevard", "av": "avenue", "dr": "docteur", "me": "maitre",
    "and": "et", "und": "et", "frs": "freres", "intl": "international",
    "internat": "international", "sce": "service", "svc": "service", "assoc": "association",
    "cab": "cabinet", "pharm": "pharmacie", "transp": "transports", "transport": "transports",
}
"""Tokens (folded) written several ways → one spelling."""

NOISE = frozenset({"france", "cedex", "fr", "the", "le", "la", "les", "l", "d", "de", "du", "des",
                   "a", "au", "aux", "en", "sur", "chez", "et"})
"""Tokens that tell nothing of the company (articles, ``et``, the country)."""

GENERIC = frozenset({"societe", "etablissements", "entreprise", "compagnie", "groupe"})
"""Words that say "a company" (``Sté``, ``Ets``): printed or not, the same company."""

CITIES = frozenset("""
paris marseille lyon toulouse nantes montpellier strasbourg bordeaux lille rennes reims
toulon grenoble dijon angers nimes villeurbanne brest amiens limoges annecy perpignan metz
besancon orleans rouen mulhouse caen nancy argenteuil montreuil roubaix tourcoing avignon
nanterre poitiers versailles courbevoie creteil calais cannes antibes colombes dunkerque
colmar ajaccio bastia lorient vannes quimper niort chambery troyes
""".split())
"""Cities often printed after a name (the candidate's own city is also recognised)."""

_OCR = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l"), ("5", "s"),
        ("8", "b"), ("$", "s"))
_POSTCODE = re.compile(r"^\d{5}$")
_SEPARATORS = re.compile(r"[^\w&]+")
_SINGLE_LETTERS = re.compile(r"\b(?:[a-z] ){1,5}[a-z]\b")


@dataclass(frozen=True, slots=True)
class Name:
    """A company name reduced for matching."""

    core: tuple[str, ...]
    """The identifying tokens, in printed order (OCR-folded)."""
    legal: str | None
    """The legal form's code, when one is printed."""
    dropped: tuple[str, ...] = ()
    """Trailing tokens taken for a place (postcode, city, country)."""

    @property
    def key(self) -> str:
        """The core tokens sorted: equal for the same words in any order."""
        return " ".join(sorted(self.core))

    @property
    def text(self) -> str:
        """The core tokens in printed order."""
        return " ".join(self.core)


def fold(text: str) -> str:
    """Accents stripped, case folded, ``œ``/``æ`` spelled out."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def ocr_folded(token: str) -> str:
    """``token`` with the characters OCR confuses made the same (digits in words only)."""
    if token.isdigit():
        return token
    for seen, meant in _OCR:
        token = token.replace(seen, meant)
    return token


def tokens(text: str) -> list[str]:
    """Folded words; ``&`` becomes ``et``; spaced or dotted initials (``S.A.R.L``) joined."""
    folded = fold(text).replace("&", " et ")
    spaced = " ".join(t for t in _SEPARATORS.split(folded) if t)
    spaced = _SINGLE_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), spaced)
    for phrase, code in _LEGAL_PHRASES:
        spaced = spaced.replace(phrase, code)
    return [t for t in spaced.split(" ") if t]


def reduce_name(text: str, city: str | None = None) -> Name:
    """The :class:`Name` of ``text``; ``city`` (the party's own) also counts as a place."""
    words = [ABBREVIATIONS.get(word, word) for word in tokens(text)]
    legal = None
    kept: list[str] = []
    for word in words:
        code = LEGAL_FORMS.get(word)
        if code is not None and (legal is None or legal == code):
            legal = code
            continue
        kept.append(word)
    places = CITIES | set(tokens(city)) if city else CITIES
    dropped: list[str] = []
    while len(kept) > 1 and (kept[-1] in places or kept[-1] in NOISE or _POSTCODE.match(kept[-1])):
        dropped.insert(0, kept.pop())
    core = tuple(ocr_folded(word) for word in kept if word not in NOISE and word not in GENERIC)
    if not core:
        core = tuple(ocr_folded(word) for word in kept)
    return Name(core=core, legal=legal, dropped=tuple(dropped))
