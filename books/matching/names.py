"""Company names as French invoices print them, reduced to what identifies the company.

``Sté DUPONT & Fils S.A.R.L. – 69003 Lyon`` and ``dupont et fils sarl`` are the
same name: case, accents, punctuation and spacing, the legal form (kept apart
as evidence, never thrown away: "Renard SNC" is not "Benard SARL"), common
abbreviations, ``&``/``et``, a trailing postcode, city, ``CEDEX`` or
``France``, and characters OCR confuses (0/O, 1/l/I, rn/m, 5/S) all reduce to
one :class:`Name`: its ``core`` tokens and its ``legal`` form.
"""

from __future__ import annotations

import functools
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
    "&": "et", "and": "et", "und": "et", "frs": "freres", "intl": "international",
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

CITY_PHRASES = frozenset({
    "saint etienne", "clermont ferrand", "aix en provence", "le mans", "la rochelle",
    "boulogne billancourt", "saint denis", "saint nazaire", "saint quentin", "saint malo",
    "la defense", "le havre", "saint maur des fosses", "issy les moulineaux", "neuilly sur seine",
    "levallois perret", "rueil malmaison", "aix les bains", "villeneuve d ascq",
})
"""Cities of several words, as :func:`tokens` splits them."""

_OCR = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l"), ("5", "s"),
        ("8", "b"), ("$", "s"))
_WORDS = re.compile(r"\w+|&")


@dataclass(frozen=True, slots=True)
class Name:
    """A company name reduced for matching."""

    core: tuple[str, ...]
    """The identifying tokens, in printed order (OCR-folded)."""
    legal: str | None
    """The legal form's code, when one is printed."""
    dropped: tuple[str, ...] = ()
    """Trailing tokens taken for a place (postcode, city, country)."""
    key: str = ""
    """The core tokens sorted: equal for the same words in any order (made by
    :func:`reduce_name`)."""

    @property
    def text(self) -> str:
        """The core tokens in printed order."""
        return " ".join(self.core)


def _accent_table() -> dict[int, str]:
    """Latin letters with accents (and ligatures) → their base letters, lower case."""
    table = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base != char and base.isascii():
            table[code] = base.casefold()
    table.update({ord("œ"): "oe", ord("Œ"): "oe", ord("æ"): "ae", ord("Æ"): "ae", ord("ß"): "ss"})
    return table


_ACCENTS = _accent_table()


def fold(text: str) -> str:
    """Accents stripped, case folded, ``œ``/``æ`` spelled out."""
    if not text.isascii():
        text = text.translate(_ACCENTS)
        if not text.isascii():
            decomposed = unicodedata.normalize("NFKD", text)
            text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text.casefold()


@functools.lru_cache(maxsize=65_536)
def ocr_folded(token: str) -> str:
    """``token`` with the characters OCR confuses made the same (numbers of two digits or
    more are kept: a postcode, a street number)."""
    if token.isdigit() and len(token) > 1:
        return token
    for seen, meant in _OCR:
        token = token.replace(seen, meant)
    return token


def tokens(text: str) -> list[str]:
    """Folded words; ``&`` becomes ``et``; spaced or dotted initials (``S.A.R.L``) joined."""
    words = _WORDS.findall(fold(text))
    if 1 in map(len, words):
        words = _joined_initials(words)
    if not _PHRASE_STARTS.isdisjoint(words):
        spaced = " ".join(words)
        for phrase, code in _LEGAL_PHRASES:
            spaced = spaced.replace(phrase, code)
        words = spaced.split(" ")
    return words


def _joined_initials(words: list[str]) -> list[str]:
    """Runs of two or more single letters become one word: ``s a r l`` → ``sarl``."""
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) > 1:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if word:
            joined.append(word)
    return joined


@functools.lru_cache(maxsize=4096)
def _places(city: str) -> frozenset[str]:
    return _F_CITIES | city_words(city)


@functools.lru_cache(maxsize=4096)
def city_words(city: str | None) -> frozenset[str]:
    """The words of a city, folded as names are."""
    return frozenset(map(ocr_folded, tokens(city))) if city else frozenset()


def reduce_name(text: str, city: str | None = None) -> Name:
    """The :class:`Name` of ``text``; ``city`` (the party's own) also counts as a place.

    Every word is OCR-folded first, and so are the words it is compared with
    (legal forms, abbreviations, places, noise): ``5ARL`` is ``SARL``.
    """
    words = list(map(_COMPARED.__getitem__, tokens(text)))
    legal = None
    kept = words
    forms = _F_LEGAL.keys() & words
    if len(forms) == 1:  # the usual case: one legal form, printed once (or more)
        form = forms.pop()
        legal = _F_LEGAL[form]
        while form in kept:
            kept.remove(form)
    elif forms:  # the first form printed counts; another form is a word of the name
        kept = []
        for word in words:
            code = _F_LEGAL.get(word)
            if code is not None and (legal is None or legal == code):
                legal = code
                continue
            kept.append(word)
    places = _places(city) if city else _F_CITIES
    dropped: list[str] = []
    while len(kept) > 1:
        last = kept[-1]
        if last in places or last in _F_NOISE or (len(last) == 5 and last.isdecimal()):  # postcode
            dropped.insert(0, kept.pop())
            continue
        if last not in _F_PHRASE_ENDS:
            break
        phrase = next((n for n in (4, 3, 2) if len(kept) > n
                       and " ".join(kept[-n:]) in _F_CITY_PHRASES), 0)
        if not phrase:
            break
        dropped[:0] = kept[-phrase:]
        del kept[-phrase:]
    if 5 in map(len, kept):
        kept = [word for word in kept if len(word) != 5 or not word.isdecimal()] or kept
    if _F_SKIPPED.isdisjoint(kept):
        core = tuple(kept)
    else:
        core = tuple(word for word in kept if word not in _F_SKIPPED) or tuple(kept)
    return Name(core=core, legal=legal, dropped=tuple(dropped), key=" ".join(sorted(core)))


class _Compared(dict[str, str]):
    """A folded token → the word compared (OCR-folded, abbreviation spelled out).

    Remembered: a list's names share few words (1,544 in 100,000 generated
    names), and one dictionary lookup a word is most of what :func:`reduce_name`
    then costs. At most :data:`_COMPARED_MAX` tokens are kept (queries bring any text).
    """

    def __missing__(self, token: str) -> str:
        word = ocr_folded(token)
        word = _F_ABBREVIATIONS.get(word, word)
        if len(self) < _COMPARED_MAX:
            self[token] = word
        return word


_COMPARED_MAX = 200_000
_COMPARED = _Compared()
_PHRASE_STARTS = frozenset({"societe", "entreprise", "auto", "micro"})
"""Words that begin a legal form written out (:data:`_LEGAL_PHRASES`)."""


def _folded_words(words: frozenset[str]) -> frozenset[str]:
    return frozenset(ocr_folded(word) for word in words)


_F_LEGAL = {ocr_folded(form): code for form, code in LEGAL_FORMS.items()}
_F_ABBREVIATIONS = {ocr_folded(short): ocr_folded(long) for short, long in ABBREVIATIONS.items()}
_F_NOISE = _folded_words(NOISE)
_F_GENERIC = _folded_words(GENERIC)
_F_CITIES = _folded_words(CITIES)
_F_CITY_PHRASES = frozenset(" ".join(map(ocr_folded, phrase.split())) for phrase in CITY_PHRASES)
_F_PHRASE_ENDS = frozenset(phrase.rpartition(" ")[2] for phrase in _F_CITY_PHRASES)
_F_SKIPPED = _F_NOISE | _F_GENERIC
