"""The matching index's build: names reduced as before the speed-ups, and the garbage
collector held off during a build and given back afterwards."""

from __future__ import annotations

import gc
import threading

import pytest

from books.matching import names
from books.matching.index import MatchIndex, PartyKeys, city_words, collector_paused
from books.matching.names import Name, reduce_name


@pytest.mark.parametrize(("text", "city", "expected"), [
    ("Dupont ٦٩٠٠٣", None, Name(("dupont",), None, ("٦٩٠٠٣",), "dupont")),  # any script's digits
    ("Sté DUPONT & Fils S.A.R.L. – 69003 Lyon", None,
     Name(("dupont", "flls"), "sarl", ("69003", "lyon"), "dupont flls")),
    ("69003 Lyon", None, Name(("69003",), None, ("lyon",), "69003")),
    ("Garage 12345 Martin SAS Saint Etienne", None,
     Name(("garage", "martln"), "sas", ("salnt", "etlenne"), "garage martln")),
    ("Boulangerie Paul Aix en Provence France", None,
     Name(("boulangerle", "paul"), None, ("alx", "en", "provence", "france"), "boulangerle paul")),
    ("Les Rosiers SARL Villefranche", "Villefranche-sur-Saône",
     Name(("roslers",), "sarl", ("vlllefranche",), "roslers")),
    ("Dupont SARL SAS", None, Name(("dupont", "sas"), "sarl", (), "dupont sas")),
    ("Ets et Cie", None,
     Name(("etabllssements", "et", "compagnle"), None, (), "compagnle et etabllssements")),
    ("5ARL Renard 1NFO", None, Name(("renard", "lnfo"), "sarl", (), "lnfo renard")),
])
def test_reduced_names(text: str, city: str | None, expected: Name) -> None:
    assert reduce_name(text, city) == expected
    assert reduce_name(text, city) == expected  # the words remembered give the same


def test_words_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    memo = names._Compared()
    monkeypatch.setattr(names, "_COMPARED", memo)
    monkeypatch.setattr(names, "_COMPARED_MAX", 3)
    reduced = reduce_name("Alpha Bravo Charlie Delta Echo Ets")
    assert reduced.core == ("alpha", "bravo", "charlle", "delta", "echo")
    assert len(memo) == 3


def _keys(n: int) -> PartyKeys:
    return PartyKeys(n, f"F{n}", f"Plomberie {n} SARL", reduce_name(f"Plomberie {n} SARL"),
                     city_words(None))


def test_build_pauses_the_collector_and_gives_it_back() -> None:
    seen = []

    def rows():
        for n in range(3):
            seen.append(gc.isenabled())
            yield _keys(n)

    frozen = gc.get_freeze_count()
    index = MatchIndex.build(rows())
    assert seen == [False, False, False]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen  # what the build made is out of the generations
    assert set(index.words["plomberle"]) == {0, 1, 2}


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    try:
        MatchIndex.build([_keys(1)])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_builds_enable_the_collector_once_both_end() -> None:
    inside, release = threading.Event(), threading.Event()

    def slow() -> None:
        with collector_paused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=slow)
    thread.start()
    inside.wait(10)
    MatchIndex.build([_keys(1)])
    assert not gc.isenabled()  # the other build still runs
    release.set()
    thread.join(10)
    assert gc.isenabled()
