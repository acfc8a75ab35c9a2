"""Matching a name (and identifiers) read on a document to a party, and learning from people."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from books.access.users import add_user
from books.context import Workspace
from books.errors import InvalidInput, PermissionDenied
from books.matching.duplicates import duplicates_in
from books.matching.index import MatchIndex, PartyKeys, city_words
from books.matching.matcher import Query, match
from books.matching.names import reduce_name
from books.matching.service import (
    confirm_name,
    forget_indexes,
    match_names,
    party_aliases,
    remove_alias,
)

LIST = [
    # id, code, name, city, siren, vat, iban
    (1, "F001", "Dupont Plomberie SARL", "Lyon", "443061841", None, None),
    (2, "F002", "Dupond Plomberie SARL", "Paris", None, None, None),
    (3, "F003", "Benard SARL", "Nantes", None, None, None),
    (4, "F004", "Boulangerie Lefèvre EURL", "Lille", None, None, "FR7630006000011234567890189"),
    (5, "F005", "Établissements Martin & Fils SAS", "Rennes", None, "FR40303265045", None),
    (6, "F006", "Garage Moreau SA", "Tours", None, None, None),
    (7, "F007", "Garage Moreau SNC", "Blois", None, None, None),
    (8, "F008", "Imprimerie Rousseau", "Caen", "552100554", None, None),
]


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex.build(
        PartyKeys(i, code, name, reduce_name(name, city), city_words(city), siren=siren, vat=vat,
                  iban=iban)
        for i, code, name, city, siren, vat, iban in LIST)


def decide(index: MatchIndex, name: str = "", **ids: str) -> tuple[str, str | None]:
    result = match(index, Query(name=name, **ids))
    return result.decision, result.party.code if result.party else None


@pytest.mark.parametrize("printed", [
    "DUPONT PLOMBERIE SARL", "dupont plomberie", "Plomberie Dupont", "Sté Dupont Plomberie S.A.R.L.",
    "Dupont Plomberie SARL – 69003 Lyon", "Dupont Plomberie SARL France", "SARL Dupont Plomberie",
    "Dupont  Plomberie,  S.A.R.L", "Dupont Plomberie Lyon",
])
def test_names_written_differently_match_automatically(index: MatchIndex, printed: str) -> None:
    assert decide(index, printed) == ("auto", "F001")


@pytest.mark.parametrize("printed, code", [
    ("BOULANGERIE LEFEVRE", "F004"), ("Boulangerie Lefèvre E.U.R.L.", "F004"),
    ("Ets Martin et Fils", "F005"), ("Martin & Fils SAS", "F005"),
    ("IMPRIMERIE R0USSEAU", "F008"),  # OCR read O as 0
    ("Imprimerle Rousseau", "F008"),  # OCR read i as l
])
def test_abbreviations_accents_and_ocr(index: MatchIndex, printed: str, code: str) -> None:
    assert decide(index, printed) == ("auto", code)


def test_a_legal_form_is_evidence(index: MatchIndex) -> None:
    assert decide(index, "Garage Moreau SNC") == ("auto", "F007")
    assert decide(index, "Garage Moreau SA") == ("auto", "F006")
    assert decide(index, "Garage Moreau")[0] == "suggest"  # two parties read the same
    decision, _code = decide(index, "Renard SNC")  # one letter and a legal form from Benard SARL
    assert decision != "auto"
    assert decide(index, "Dupont Plomberie SAS")[0] == "suggest"


def test_one_letter_away_is_never_automatic(index: MatchIndex) -> None:
    result = match(index, Query(name="Dupons Plomberie SARL"))
    assert result.decision == "suggest" and result.party is not None
    assert "nom proche" in result.reason and "écart" in result.reason
    assert [c.code for c in result.candidates][:1] in (["F001"], ["F002"])


def test_unknown_names(index: MatchIndex) -> None:
    for printed in ("Transports Giraud", "Cabinet Mercier Avocats", "xyz", ""):
        assert decide(index, printed)[0] == "none", printed


def test_identifiers_decide(index: MatchIndex) -> None:
    assert decide(index, "whatever", siren="443 061 841") == ("auto", "F001")
    assert decide(index, "", siret="44306184100015") == ("auto", "F001")
    assert decide(index, "", vat="FR 40 303 265 045") == ("auto", "F005")
    assert decide(index, "", vat="FR83443061841") == ("auto", "F001")  # its SIREN
    assert decide(index, "", iban="FR76 3000 6000 0112 3456 7890 189") == ("auto", "F004")
    result = match(index, Query(name="x", siren="443061841"))
    assert result.reason == "SIREN 443 061 841"


def test_an_identifier_contradicted_by_the_name_is_suggested(index: MatchIndex) -> None:
    result = match(index, Query(name="Imprimerie Rousseau", siren="443061841"))
    assert result.decision == "suggest" and result.party is not None and result.party.code == "F001"
    assert "Imprimerie Rousseau" in result.reason


def test_hostile_queries_end_in_none(index: MatchIndex) -> None:
    for printed in ("x" * 10_000, "\x00\x1b]0;PWNED\x07", "🙂" * 50, "   ", "&&&", "S.A.R.L."):
        assert match(index, Query(name=printed)).decision in ("none", "suggest")


def test_duplicates_in_a_list(index: MatchIndex) -> None:
    pairs = {(p.first.code, p.second.code): p for p in duplicates_in(index)}
    assert ("F001", "F002") in pairs and pairs[("F001", "F002")].kind == "close"
    assert ("F006", "F007") not in pairs  # SA and SNC: two companies
    extra = MatchIndex.build([*index.parties.values(),
                              PartyKeys(9, "F009", "Plomberie DUPONT", reduce_name("Plomberie DUPONT"),
                                        frozenset(), siren="443061841")])
    pairs = {(p.first.code, p.second.code): p for p in duplicates_in(extra)}
    assert pairs[("F001", "F009")].kind == "siren"


# Through the service, on a database -------------------------------------------------------


@pytest.fixture
def suppliers(admin: Workspace) -> Workspace:
    from books.dossiers.service import DossierDraft, create_dossier
    from books.parties.changes import add_party

    add_user(admin, "marie", "collaborator", "Marie Curie")
    create_dossier(admin, DossierDraft(name="Garage Central", access=["marie"]))
    for _i, code, name, city, siren, _vat, _iban in LIST:
        add_party(admin, "garage-central", "supplier",
                  {"code": code, "name": name, "city": city, "siren": siren})
    forget_indexes()
    return admin


def test_learning_a_name(suppliers: Workspace, workspaces: Callable[[str], Workspace],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    from books.matching import service

    monkeypatch.setattr(service, "POLL_S", 0.0)  # marie sees alice's changes at once
    marie = workspaces("marie")
    printed = "SOCOGEP - Dupont et Associés"
    first = match_names(marie, "garage-central", "supplier", [Query(name=printed)])[0]
    assert first.decision != "auto"
    alias = confirm_name(marie, "garage-central", "supplier", "F001", printed)
    assert alias is not None and alias.created_by == "marie"
    assert confirm_name(marie, "garage-central", "supplier", "F001", printed.upper()) is None
    again = match_names(marie, "garage-central", "supplier", [Query(name="socogep dupont et associes")])[0]
    assert again.decision == "auto" and again.party is not None and again.party.code == "F001"
    assert "nom déjà confirmé le" in again.reason and "par marie" in again.reason
    # Only team leads and admins forget a confirmed name.
    with pytest.raises(PermissionDenied):
        remove_alias(marie, "garage-central", "supplier", "F001", alias.id)
    remove_alias(suppliers, "garage-central", "supplier", "F001", alias.id)
    assert party_aliases(suppliers, "garage-central", "supplier", "F001") == []
    after = match_names(marie, "garage-central", "supplier", [Query(name=printed)])[0]
    assert after.decision != "auto"
    with pytest.raises(InvalidInput):
        confirm_name(marie, "garage-central", "supplier", "F001", " - ")


def test_the_index_follows_changes(suppliers: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite tells at once that someone committed; PostgreSQL's fingerprint is read at most
    once a POLL_S (made 0 here)."""
    from books.matching import service

    monkeypatch.setattr(service, "POLL_S", 0.0)
    from books.parties.changes import add_party, get_party, set_archived
    from books.parties.listing import Selection

    def best(name: str) -> tuple[str, str | None]:
        result = match_names(suppliers, "garage-central", "supplier", [Query(name=name)])[0]
        return result.decision, result.party.code if result.party else None

    assert best("Transports Giraud")[0] == "none"
    add_party(suppliers, "garage-central", "supplier", {"code": "F010", "name": "Transports Giraud SAS"})
    assert best("Transports Giraud") == ("auto", "F010")
    gone = get_party(suppliers, "garage-central", "supplier", "F010").id
    set_archived(suppliers, "garage-central", Selection(ids=frozenset({gone})), True)
    assert best("Transports Giraud")[0] == "none"


def test_merge_keeps_aliases_and_undo_gives_them_back(suppliers: Workspace) -> None:
    from books.parties.changes import get_party, merge_parties
    from books.parties.listing import Selection
    from books.parties.undo import undo_last

    confirm_name(suppliers, "garage-central", "supplier", "F002", "DPD Plomberie")
    keep = get_party(suppliers, "garage-central", "supplier", "F001")
    other = get_party(suppliers, "garage-central", "supplier", "F002")
    merge_parties(suppliers, "garage-central", keep.id, Selection(ids=frozenset({keep.id, other.id})))
    names = {a.name for a in party_aliases(suppliers, "garage-central", "supplier", "F001")}
    assert {"DPD Plomberie", "Dupond Plomberie SARL"} <= names
    assert match_names(suppliers, "garage-central", "supplier",
                       [Query(name="DPD Plomberie")])[0].party.code == "F001"
    undo_last(suppliers, "garage-central")
    assert [a.name for a in party_aliases(suppliers, "garage-central", "supplier", "F002")] == [
        "DPD Plomberie"]
    assert party_aliases(suppliers, "garage-central", "supplier", "F001") == []
