"""Deciding which party a document's seller or buyer is, as a careful bookkeeper would.

Identifiers decide first (SIREN, SIRET, VAT number, IBAN), then names confirmed
before, then names. A name is assigned automatically only when it matches one
party exactly once reduced (case, accents, punctuation, legal form placement,
abbreviations, places, OCR confusions: :mod:`books.matching.names`) with a clear
margin over the next; a name one letter away from a listed one is suggested,
never assigned, because it reads exactly like another company one letter away.
The thresholds come from ``python -m bench.matching`` (figures in the README).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from stdnum import iban as std_iban

from books.i18n import t
from books.matching.index import MatchIndex, PartyKeys
from books.matching.names import Name, reduce_name

Decision = Literal["auto", "suggest", "none"]

AUTO_SCORE = 1.0
"""A name is assigned only at this score (its words equal once reduced)…"""
AUTO_MARGIN = 0.02
"""…and this far ahead of the next party."""
SUGGEST_SCORE = 0.72
"""Below this, nothing is proposed."""
LEGAL_CONFLICT = 0.85
"""Factor on the score of a name printed with another legal form (evidence against)."""
LEGAL_AGREES = 0.01
"""Added, among names that are not exact, when both print the same legal form."""
NEAR_MISS_CAP = 0.98
"""The best a name that is not exact can score: only exact names are assigned."""
CONTRADICTION = 0.6
"""An identifier's party whose name scores below this while another's name matches is
suggested, not assigned."""
SHOWN = 5
"""Candidates listed with a decision."""


@dataclass(frozen=True, slots=True)
class Query:
    """What was read on a document for one side."""

    name: str = ""
    siren: str | None = None
    siret: str | None = None
    vat: str | None = None
    iban: str | None = None
    city: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A party and how well it matches."""

    party_id: int
    code: str
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class Match:
    """The matcher's answer."""

    decision: Decision
    party: Candidate | None
    score: float
    reason: str
    candidates: list[Candidate] = field(default_factory=list)

    def to_json(self, query: str) -> dict[str, object]:
        """The stable JSON line of ``saisie parties match``."""
        best = self.party
        return {
            "query": query, "decision": self.decision,
            "code": best.code if best else None, "name": best.name if best else None,
            "score": round(self.score, 3), "reason": self.reason,
            "candidates": [{"code": c.code, "name": c.name, "score": round(c.score, 3)}
                           for c in self.candidates],
        }


def match(index: MatchIndex, query: Query) -> Match:
    """The decision for ``query`` against one list."""
    name = reduce_name(query.name) if query.name.strip() else None
    ranked = _ranked(index, name, query) if name is not None and name.core else []
    by_id = _by_identifier(index, query)
    if by_id is not None:
        return _identified(by_id, ranked)
    alias = index.alias_for(name) if name is not None else None
    if alias is not None:
        party = index.parties[alias.party_id]
        reason = t("match.reason.alias", day=_day(alias.at), by=alias.by or "?")
        others = [c for c in ranked if c.party_id != party.id]
        return Match("auto", _candidate(party, 1.0), 1.0, reason, others[:SHOWN])
    return _by_name(ranked)


def _ranked(index: MatchIndex, name: Name, query: Query) -> list[Candidate]:
    """Candidates scored with the legal form and the party's city weighed in, best first."""
    scored = []
    for row, words in index.candidates(name):
        scored.append(_candidate(row, _weigh(name, row, words, query)))
    scored.sort(key=lambda c: (-c.score, c.code))
    return scored


def _weigh(name: Name, row: PartyKeys, words: float, query: Query) -> float:
    theirs = row.reduced
    if name.key != theirs.key:
        # A place printed after the name (the party's own city) is not part of it.
        core = [w for w in name.core if w not in row.city] or list(name.core)
        if " ".join(sorted(core)) == theirs.key:
            words = 1.0
        elif sorted((*name.core, *name.dropped)) == sorted((*theirs.core, *theirs.dropped)):
            words = 1.0
    if name.legal and theirs.legal and name.legal != theirs.legal:
        return words * LEGAL_CONFLICT
    if name.legal and name.legal == theirs.legal and words < 1.0:
        return min(words + LEGAL_AGREES, NEAR_MISS_CAP)  # ranks it, never makes it exact
    return words


def _by_name(ranked: list[Candidate]) -> Match:
    if not ranked or ranked[0].score < SUGGEST_SCORE:
        shown = ranked[:SHOWN]
        return Match("none", None, ranked[0].score if ranked else 0.0, t("match.reason.none"), shown)
    best, others = ranked[0], ranked[1:]
    second = others[0].score if others else 0.0
    gap = best.score - second
    reason = t("match.reason.name", name=best.name, score=_num(best.score), gap=_num(gap))
    decision: Decision = "auto" if best.score >= AUTO_SCORE and gap >= AUTO_MARGIN else "suggest"
    return Match(decision, best, best.score, reason, others[:SHOWN])


def _identified(found: tuple[str, str, list[PartyKeys]], ranked: list[Candidate]) -> Match:
    kind, value, parties = found
    scores = {c.party_id: c.score for c in ranked}
    label = t(f"match.identifier.{kind}", value=_spaced(kind, value))
    if len(parties) > 1:  # the list holds duplicates: the name chooses, a person confirms
        chosen = sorted(parties, key=lambda p: (-scores.get(p.id, 0.0), p.code))
        best = _candidate(chosen[0], scores.get(chosen[0].id, 0.0))
        others = [_candidate(p, scores.get(p.id, 0.0)) for p in chosen[1:]]
        return Match("suggest", best, 1.0, t("match.reason.identifier_shared", identifier=label,
                                             count=len(parties)), others[:SHOWN])
    party = parties[0]
    own = scores.get(party.id, 0.0)
    rival = next((c for c in ranked if c.party_id != party.id), None)
    others = [c for c in ranked if c.party_id != party.id][:SHOWN]
    if rival is not None and own < CONTRADICTION and rival.score >= AUTO_SCORE:
        reason = t("match.reason.identifier_contradicted", identifier=label, name=rival.name)
        return Match("suggest", _candidate(party, 1.0), 1.0, reason, others)
    return Match("auto", _candidate(party, 1.0), 1.0, label, others)


def _by_identifier(index: MatchIndex, query: Query) -> tuple[str, str, list[PartyKeys]] | None:
    for kind, value, table in _identifiers(index, query):
        ids = table.get(value)
        if ids:
            return kind, value, [index.parties[i] for i in sorted(ids)]
    return None


def _identifiers(index: MatchIndex, query: Query) -> list[tuple[str, str, dict[str, set[int]]]]:
    found = []
    siret = _digits(query.siret)
    siren = _digits(query.siren) or (siret[:9] if len(siret or "") == 14 else None)
    vat = compact_vat(query.vat)
    if siren and len(siren) == 9:
        found.append(("siren", siren, index.by_siren))
    if vat:
        found.append(("vat", vat, index.by_vat))
        if vat.startswith("FR") and len(vat) == 13 and vat[4:].isdigit():
            found.append(("siren", vat[4:], index.by_siren))
    iban = compact_iban(query.iban)
    if iban:
        found.append(("iban", iban, index.by_iban))
    return found


def compact_vat(value: str | None) -> str | None:
    """A VAT number without spaces or dots, upper case."""
    if not value:
        return None
    compact = "".join(ch for ch in value if ch.isalnum()).upper()
    return compact or None


def compact_iban(value: str | None) -> str | None:
    """An IBAN without spaces, upper case."""
    if not value:
        return None
    return std_iban.compact(value) or None


def _digits(value: str | None) -> str | None:
    if not value:
        return None
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits or None


def _candidate(row: PartyKeys, score: float) -> Candidate:
    return Candidate(row.id, row.code, row.name, score)


def _num(value: float) -> str:
    """A score as the language writes decimals (``0,94`` / ``0.94``)."""
    from books.i18n import get_language

    text = f"{value:.2f}"
    return text.replace(".", ",") if get_language() == "fr" else text


def _spaced(kind: str, value: str) -> str:
    if kind == "siren" and len(value) == 9:
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    if kind == "iban":
        return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def _day(at: datetime | None) -> str:
    """The day a name was confirmed, as the language writes a date."""
    from books.formats import as_local, format_date

    return format_date(as_local(at).date()) if at is not None else "?"
