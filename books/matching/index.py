"""The matching index of one list (a dossier's customers or suppliers).

Built once from the list's rows and kept up to date party by party
(:meth:`MatchIndex.put`, :meth:`MatchIndex.remove`), it answers a query
without scanning the list: identifiers and confirmed names by dictionary,
names through an inverted index of their words (a word read with a typo finds
its neighbours in the list's vocabulary), the few candidates then scored with
rapidfuzz.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import fuzz, process

from books.matching.names import Name, city_words, reduce_name

__all__ = ["Alias", "MatchIndex", "PartyKeys", "alias_key", "city_words", "reduced_key"]

MAX_CANDIDATES = 400
"""Names scored per query at most (the rarest words' parties first)."""
NEAR_WORDS = 4
"""Words of the list's vocabulary tried for a word of the query it does not know."""
NEAR_WORD_SCORE = 75
"""How close (rapidfuzz ratio, 0–100) a list word must be to a query word to be tried."""


@dataclass(frozen=True, slots=True)
class PartyKeys:
    """What the index knows of one party."""

    id: int
    code: str
    name: str
    reduced: Name
    city: frozenset[str]
    siren: str | None = None
    vat: str | None = None
    iban: str | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    """A name confirmed as a party's."""

    party_id: int
    name: str
    by: str | None
    at: datetime | None


@dataclass
class MatchIndex:
    """Identifiers, confirmed names and words of one list's parties."""

    parties: dict[int, PartyKeys] = field(default_factory=dict)
    by_siren: dict[str, set[int]] = field(default_factory=dict)
    by_vat: dict[str, set[int]] = field(default_factory=dict)
    by_iban: dict[str, set[int]] = field(default_factory=dict)
    by_alias: dict[str, Alias] = field(default_factory=dict)
    words: dict[str, set[int]] = field(default_factory=dict)
    _vocabulary: list[str] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, rows: Iterable[PartyKeys], aliases: Iterable[Alias] = ()) -> MatchIndex:
        """An index of ``rows`` (active parties) and their confirmed names."""
        index = cls()
        with collector_paused():
            for row in rows:
                index.put(row)
            for alias in aliases:
                index.add_alias(alias)
        return index

    def put(self, row: PartyKeys) -> None:
        """Add a party, or replace what the index knew of it."""
        if row.id in self.parties:
            self.remove(row.id)
        self.parties[row.id] = row
        if row.siren or row.vat or row.iban:
            for table, value in ((self.by_siren, row.siren), (self.by_vat, row.vat),
                                 (self.by_iban, row.iban)):
                if value:
                    table.setdefault(value, set()).add(row.id)
        words = self.words
        for word in {*row.reduced.core, *row.reduced.dropped}:
            ids = words.get(word)
            if ids is None:
                words[word] = {row.id}
                self._vocabulary = None
            else:
                ids.add(row.id)

    def remove(self, party_id: int) -> None:
        """Forget a party (deleted, archived, merged away)."""
        row = self.parties.pop(party_id, None)
        if row is None:
            return
        for table, value in ((self.by_siren, row.siren), (self.by_vat, row.vat),
                             (self.by_iban, row.iban)):
            if value and value in table:
                table[value].discard(party_id)
                if not table[value]:
                    del table[value]
        for word in set(row.reduced.core) | set(row.reduced.dropped):
            ids = self.words.get(word)
            if ids is not None:
                ids.discard(party_id)
                if not ids:
                    del self.words[word]
                    self._vocabulary = None

    def add_alias(self, alias: Alias) -> None:
        """Remember a confirmed name."""
        self.by_alias[alias_key(alias.name)] = alias

    def remove_alias(self, name: str) -> None:
        """Forget a confirmed name."""
        self.by_alias.pop(alias_key(name), None)

    def alias_for(self, name: Name) -> Alias | None:
        """The confirmed name that reads as ``name``, if its party is in the list."""
        alias = self.by_alias.get(reduced_key(name))
        return alias if alias is not None and alias.party_id in self.parties else None

    def candidates(self, name: Name, limit: int = 40) -> list[tuple[PartyKeys, float]]:
        """Parties whose names share words with ``name``, best first, scored 0–1 on
        their words alone (legal form and places are weighed by the matcher)."""
        exact, near = [], []  # per word of the query: the parties having it, or a word near it
        for word in dict.fromkeys(name.core):
            ids = self.words.get(word)
            if ids is not None:
                exact.append(ids)
                continue
            found = process.extract(word, self.vocabulary(), scorer=fuzz.ratio,
                                    score_cutoff=NEAR_WORD_SCORE, limit=NEAR_WORDS)
            if found:
                near.append(set().union(*(self.words[w] for w, _score, _i in found)))
        for word in dict.fromkeys(name.dropped):  # a place is a hint only when listed as is
            ids = self.words.get(word)
            if ids is not None:
                near.append(ids)
        ids = _gather(sorted(exact, key=len) + sorted(near, key=len))
        if not ids:
            return []
        rows = [self.parties[i] for i in ids]
        keys = [row.reduced.key for row in rows]
        query = name.key
        scored = process.extract(query, keys, scorer=fuzz.ratio, limit=limit)
        return [(rows[i], score / 100) for _key, score, i in scored]

    def vocabulary(self) -> list[str]:
        """Every word of the list's names (rebuilt after words appear or vanish)."""
        if self._vocabulary is None:
            self._vocabulary = list(self.words)
        return self._vocabulary


_paused = 0
_paused_lock = threading.Lock()
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while an index is built, and what was
    built moved out of its generations afterwards (``gc.freeze``).

    A build makes a few hundred thousand objects that live as long as the index:
    each allocation run would otherwise start a collection walking those made so
    far, and the first collection after the build would walk them all again (half
    a second for 100,000 parties). Nothing an index holds forms a cycle; its objects
    are still freed when the index is dropped. The collector runs again once the
    last build running ends.
    """
    global _paused, _was_enabled
    with _paused_lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            if _paused == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()


def _gather(groups: list[set[int]]) -> set[int]:
    """At most :data:`MAX_CANDIDATES` parties having as many of the query's words as can
    be: the parties of the first group (the rarest exact word), narrowed by each next
    group that leaves some; then, room permitting, the rest of the rarest group (a
    name missing a word)."""
    if not groups:
        return set()
    narrowed = groups[0]
    for other in groups[1:]:
        both = narrowed & other
        if both:
            narrowed = both
    found = set(sorted(narrowed)[:MAX_CANDIDATES]) if len(narrowed) > MAX_CANDIDATES else set(narrowed)
    for ids in groups:
        if len(found) + len(ids) <= MAX_CANDIDATES:
            found |= ids
    return found


def alias_key(name: str) -> str:
    """A confirmed name as compared: its reduced words, sorted, and its legal form."""
    return reduced_key(reduce_name(name))


def reduced_key(reduced: Name) -> str:
    """:func:`alias_key` of a name already reduced."""
    return f"{' '.join(sorted((*reduced.core, *reduced.dropped)))}|{reduced.legal or ''}"


