"""A labelled set for the matcher: a French firm's suppliers, and names as documents print them.

The list: trade + surname(s) + qualifier + legal form, with a city beside it,
many near-identical (the same trade and surname with another qualifier, legal
form or second surname). The queries: variants of listed names (case and
accents, legal form missing, moved or spelt out, abbreviations, OCR
confusions, a place added, words reordered, a typo) and names of parties that
are not listed, among them names one letter or one legal form away from a
listed one. Deterministic for a seed.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from books.demo.data import CITIES, FIRST_NAMES, SURNAMES, TRADES
from books.matching.names import reduce_name

QUALIFIERS = (
    "", "", "", "", "& Fils", "Frères", "et Associés", "Services", "Pro", "Express", "du Centre",
    "de l'Ouest", "Rive Gauche", "Nord", "Sud", "Atlantique", "Méditerranée", "Alpes", "Conseil",
    "Distribution", "Industrie", "Innovation", "Solutions", "Partenaires", "Bâtiment", "Réseau",
)
LEGAL = ("SARL", "SAS", "EURL", "SA", "SASU", "SNC", "SCI", "SELARL", "", "", "")
SPELT = {"SARL": "Société à responsabilité limitée", "SAS": "Société par actions simplifiée",
         "SA": "Société anonyme", "SNC": "Société en nom collectif", "SCI": "Société civile immobilière"}
DOTTED = {"SARL": "S.A.R.L.", "SAS": "S.A.S.", "EURL": "E.U.R.L.", "SA": "S.A.", "SASU": "S.A.S.U.",
          "SNC": "S.N.C.", "SCI": "S.C.I.", "SELARL": "S.E.L.A.R.L."}
OCR = (("o", "0"), ("O", "0"), ("l", "1"), ("I", "1"), ("i", "l"), ("m", "rn"), ("S", "5"),
       ("s", "5"), ("B", "8"))
ABBREVIATE = (("Société", "Sté"), ("Etablissements", "Ets"), ("Établissements", "Ets"),
              ("Compagnie", "Cie"), (" et ", " & "), (" & ", " et "), ("Saint", "St"))
_STARTS = ("Ker", "Mor", "Ros", "Bel", "Val", "Fon", "Char", "Dau", "Gui", "Lam", "Mar", "Per",
           "Ber", "Cas", "Del", "Gar", "Hu", "Jac", "Lab", "Mon", "Pon", "Rou", "Sal", "Tes",
           "Vau", "Bou", "Cou", "Dur", "Fau", "Gil", "Lor", "Mal", "Pel", "Riv", "Sau", "Tho")
_ENDS = ("vran", "lec", "bihan", "tanguy", "lou", "court", "mont", "ville", "ard", "aud", "ier",
         "iet", "on", "el", "and", "ert", "ot", "ac", "in", "eau", "aux", "ès", "ay", "enne",
         "ignac", "oux", "ard", "et", "ot", "ault", "elin", "ichon", "uzet", "aret", "oche",
         "illard", "onnet", "ereau", "ançon", "ieux")
EXTRA_SURNAMES = tuple(sorted({f"{a}{b}" for a in _STARTS for b in _ENDS}))
"""About 1,400 surnames made of French-sounding parts: a real list has many thousands."""


@dataclass(frozen=True, slots=True)
class Listed:
    """A party of the generated list."""

    code: str
    name: str
    city: str


@dataclass(frozen=True, slots=True)
class Printed:
    """A name as a document prints it, with the party it belongs to (None: not listed)."""

    text: str
    code: str | None
    how: str


def generate(size: int = 100_000, known: int = 5_000, unknown: int = 1_200,
             seed: int = 7) -> tuple[list[Listed], list[Printed]]:
    """``size`` parties and ``known`` + ``unknown`` printed names."""
    rng = random.Random(seed)
    surnames = list(SURNAMES) + list(EXTRA_SURNAMES)
    surnames += [f"{a}-{b}" for a in SURNAMES[:60] for b in SURNAMES[60:] if rng.random() < 0.5]
    listed: list[Listed] = []
    seen: set[tuple[str, str]] = set()
    cores: set[str] = set()
    while len(listed) < size:
        name = _company(rng, surnames)
        reduced = reduce_name(name)
        key = (reduced.key, reduced.legal or "")
        if reduced.key in cores:
            continue  # one party per set of words: near-identical names, not identical ones
        cores.add(reduced.key)
        seen.add(key)
        listed.append(Listed(f"F{len(listed) + 1:06d}", name, rng.choice(CITIES)[1]))
    queries = [_variant(rng, rng.choice(listed)) for _ in range(known)]
    queries += _unknowns(rng, listed, seen, surnames, unknown)
    rng.shuffle(queries)
    return listed, queries


def _company(rng: random.Random, surnames: list[str]) -> str:
    trade, surname = rng.choice(TRADES), rng.choice(surnames)
    if rng.random() < 0.15:
        surname = f"{rng.choice(FIRST_NAMES)} {surname}"
    qualifier, legal = rng.choice(QUALIFIERS), rng.choice(LEGAL)
    words = [trade, surname, qualifier] if rng.random() < 0.7 else [surname, trade, qualifier]
    return " ".join(w for w in (*words, legal) if w)


def _variant(rng: random.Random, party: Listed) -> Printed:
    text, hows = party.name, []
    for _ in range(1 if rng.random() < 0.6 else 2):
        how = rng.choices(
            ("case", "accents", "legal_missing", "legal_moved", "legal_spelt", "abbreviation",
             "ocr", "place", "reorder", "typo"),
            weights=(14, 10, 14, 8, 8, 8, 12, 12, 8, 6))[0]
        text = _apply(rng, how, text, party)
        hows.append(how)
    return Printed(text, party.code, "+".join(hows))


def _apply(rng: random.Random, how: str, text: str, party: Listed) -> str:
    legal = next((form for form in LEGAL if form and text.endswith(f" {form}")), None)
    if how == "case":
        return rng.choice((text.upper(), text.lower(), text.title()))
    if how == "accents":
        return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if how == "legal_missing" and legal:
        return text[: -len(legal) - 1]
    if how == "legal_moved" and legal:
        return f"{legal} {text[: -len(legal) - 1]}"
    if how == "legal_spelt" and legal:
        written = SPELT.get(legal) if rng.random() < 0.4 else DOTTED.get(legal)
        return f"{text[: -len(legal) - 1]} {written or legal}"
    if how == "abbreviation":
        for long, short in ABBREVIATE:
            if long in text:
                return text.replace(long, short, 1)
        return f"Sté {text}" if rng.random() < 0.5 else f"Ets {text}"
    if how == "ocr":
        for _ in range(rng.choice((1, 2))):
            seen, read = rng.choice(OCR)
            spots = [i for i in range(len(text)) if text.startswith(seen, i)]
            if spots:
                at = rng.choice(spots)
                text = text[:at] + read + text[at + len(seen):]
        return text
    if how == "place":
        return rng.choice((f"{text} {party.city}", f"{text} France", f"{text} - {rng.randint(10, 95)}000 {party.city}",
                           f"{text} {party.city.upper()} CEDEX"))
    if how == "reorder":
        words = text.split(" ")
        if len(words) > 2:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        return " ".join(words)
    if how == "typo":
        return _typo(rng, text)
    return text


def _typo(rng: random.Random, text: str) -> str:
    """One letter changed, left out or doubled inside a word of five letters or more."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    word, at = words[i], rng.randrange(1, len(words[i]) - 1)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        word = word[:at] + rng.choice("aeioutrnsl") + word[at + 1:]
    elif kind == "drop":
        word = word[:at] + word[at + 1:]
    else:
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def _unknowns(rng: random.Random, listed: list[Listed], seen: set[tuple[str, str]],
              surnames: list[str], count: int) -> list[Printed]:
    cores: dict[str, set[str]] = {}
    for key, legal in seen:
        cores.setdefault(key, set()).add(legal)
    found: list[Printed] = []
    while len(found) < count:
        roll = rng.random()
        if roll < 0.4:
            text, how = _company(rng, surnames), "fresh"
        elif roll < 0.7:
            text, how = _typo(rng, rng.choice(listed).name), "one_letter"
        else:
            base = rng.choice(listed).name
            legal = next((f for f in LEGAL if f and base.endswith(f" {f}")), None)
            other = rng.choice([f for f in LEGAL if f and f != legal])
            text = f"{base[: -len(legal) - 1]} {other}" if legal else f"{base} {other}"
            how = "one_legal_form"
        reduced = reduce_name(text)
        if reduced.key in cores:  # the same words as a listed party: not an unknown
            legals = cores[reduced.key]
            if reduced.legal is None or reduced.legal in legals or "" in legals:
                continue
        found.append(Printed(text, None, how))
    return found
