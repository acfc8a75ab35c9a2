"""Parties of one list that are probably the same company.

Three kinds of evidence, each found without comparing every pair of 100,000
names: the same SIREN (or SIRET's SIREN) or VAT number; the same name once
reduced (:mod:`books.matching.names`) with no conflicting legal form; and names
that differ by one word only, those two words close (a typo: ``Dupont`` /
``Dupond``). The last is found through "one word left out" keys, and the
close words through one rapidfuzz pass over the list's vocabulary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from books.i18n import t
from books.matching.index import MatchIndex, PartyKeys

if TYPE_CHECKING:
    from books.context import Workspace

CLOSE_WORDS = 80
"""Two words this close (rapidfuzz ratio) are taken for one misspelt."""
MIN_WORD = 5
"""Shorter words are never taken for a misspelling (``SA``/``SAS``, ``Roy``/``Rey``)."""
MAX_GROUP = 200
"""Parties sharing a key beyond this are too common a name to pair blindly."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Pair:
    """Two parties that look like one company."""

    first: PartyKeys
    second: PartyKeys
    reason: str
    kind: str
    """``siren``, ``vat``, ``name`` or ``close``."""

    def to_json(self) -> dict[str, object]:
        """The JSON line of ``saisie parties duplicates``."""
        return {"codes": [self.first.code, self.second.code],
                "names": [self.first.name, self.second.name],
                "evidence": self.kind, "reason": self.reason}


def find_duplicates(ws: Workspace, slug: str, kind: str,
                    progress: Progress | None = None) -> list[Pair]:
    """The probable duplicates of a dossier's customers or suppliers, first by code."""
    from books.dossiers.service import get_dossier
    from books.matching.service import list_index

    dossier = get_dossier(ws, slug)
    return duplicates_in(list_index(ws, dossier.id, kind), progress)


def duplicates_in(index: MatchIndex, progress: Progress | None = None) -> list[Pair]:
    """The probable duplicates among the index's parties."""
    found: dict[tuple[int, int], Pair] = {}
    parties = sorted(index.parties.values(), key=lambda p: p.code)
    total = len(parties) * 3 or 1  # three passes: parties, words, pairs
    for evidence, table in (("siren", index.by_siren), ("vat", index.by_vat)):
        for value, ids in table.items():
            for a, b in combinations(sorted(ids), 2):
                _add(found, index, a, b, evidence, t(f"match.duplicate.{evidence}", value=value))
    by_name: dict[str, list[PartyKeys]] = defaultdict(list)
    left_out: dict[str, list[tuple[str, PartyKeys]]] = defaultdict(list)
    for done, party in enumerate(parties, start=1):
        words = party.reduced.core
        by_name[party.reduced.key].append(party)
        for position, word in enumerate(words):
            rest = " ".join(sorted(words[:position] + words[position + 1:]))
            left_out[rest].append((word, party))
        if progress is not None and done % 5000 == 0:
            progress(done, total)
    for group in by_name.values():
        if 1 < len(group) <= MAX_GROUP:
            for a, b in combinations(group, 2):
                if _legal_agrees(a, b):
                    _add(found, index, a.id, b.id, "name", t("match.duplicate.name"))
    close = _close_words(index, progress, len(parties), total)
    start = 2 * len(parties)
    groups = max(len(left_out), 1)
    for count, group in enumerate(left_out.values(), start=1):
        done = start + count * len(parties) // groups
        if 1 < len(group) <= MAX_GROUP * 10:
            _close_pairs(found, index, group, close)
        if progress is not None and count % 5000 == 0:
            progress(min(done, total), total)
    if progress is not None:
        progress(total, total)
    return sorted(found.values(), key=lambda p: (p.first.code, p.second.code))


def _close_pairs(found: dict[tuple[int, int], Pair], index: MatchIndex,
                 group: list[tuple[str, PartyKeys]], close: dict[str, set[str]]) -> None:
    by_word: dict[str, list[PartyKeys]] = defaultdict(list)
    for word, party in group:
        by_word[word].append(party)
    for word, parties in by_word.items():
        for other in close.get(word, ()):
            if other <= word or other not in by_word:
                continue
            score = fuzz.ratio(word, other) / 100
            for a in parties:
                for b in by_word[other]:
                    if _legal_agrees(a, b):
                        _add(found, index, a.id, b.id, "close", t(
                            "match.duplicate.close", first=word, second=other, score=_num(score)))


def _close_words(index: MatchIndex, progress: Progress | None = None, done: int = 0,
                 total: int = 1) -> dict[str, set[str]]:
    """Each word of the list's names → the other words close to it (progress: the second
    of three equal spans, from ``done``)."""
    words = [w for w in index.vocabulary() if len(w) >= MIN_WORD and not w.isdigit()]
    close: dict[str, set[str]] = defaultdict(set)
    for count, word in enumerate(words, start=1):
        for other, _score, _i in process.extract(word, words, scorer=fuzz.ratio,
                                                 score_cutoff=CLOSE_WORDS, limit=8):
            if other != word:
                close[word].add(other)
        if progress is not None and count % 500 == 0:
            progress(done + count * done // max(len(words), 1), total)
    return close


def _legal_agrees(a: PartyKeys, b: PartyKeys) -> bool:
    return not (a.reduced.legal and b.reduced.legal and a.reduced.legal != b.reduced.legal)


def _add(found: dict[tuple[int, int], Pair], index: MatchIndex, a: int, b: int, kind: str,
         reason: str) -> None:
    first, second = sorted((index.parties[a], index.parties[b]), key=lambda p: p.code)
    key = (first.id, second.id)
    if key not in found:
        found[key] = Pair(first, second, reason, kind)


def _num(value: float) -> str:
    from books.i18n import get_language

    text = f"{value:.2f}"
    return text.replace(".", ",") if get_language() == "fr" else text
