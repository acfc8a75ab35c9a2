"""Party services: lists, add/edit/rename, archive, delete, groups, merge, undo, search."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from books.access.audit import list_events
from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, edit_dossier, get_dossier
from books.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from books.parties.changes import (
    Deletion,
    add_party,
    change_group,
    delete_parties,
    delete_plan,
    delete_single,
    get_party,
    merge_parties,
    party_groups,
    rename_party,
    set_archived,
    update_party,
)
from books.parties.listing import Selection, count, list_query, page, read_page, stamp
from books.parties.search import search_everywhere
from books.parties.undo import undo_last
from store.models import Contact, Document, Party, PartyAlias

SLUG = "boulangerie-dupre"


@pytest.fixture
def dossier(team: dict[str, Workspace]) -> int:
    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Boulangerie Dupré", access=["carol", "bob"]))
    for code, name, city in (
        ("C001", "Épicerie Fine Martin", "Lyon"),
        ("C002", "Boucherie Lefèvre", "Paris"),
        ("C003", "Café de la Gare", "Lyon"),
        ("C004", "Cave Leroy", "Nantes"),
    ):
        add_party(admin, SLUG, "customer", {"code": code, "name": name, "city": city})
    return get_dossier(admin, SLUG).id


def ids(ws: Workspace, dossier_id: int, **kwargs: object) -> list[str]:
    query = list_query(dossier_id, "customer", **kwargs)  # type: ignore[arg-type]
    return [r.code for r in page(ws, query, 0, 100)]


def pick(ws: Workspace, *codes: str) -> Selection:
    return Selection(ids=frozenset(get_party(ws, SLUG, "customer", c).id for c in codes))


def test_filter_sort_and_pages(team: dict[str, Workspace], dossier: int) -> None:
    admin = team["alice"]
    assert ids(admin, dossier) == ["C002", "C003", "C004", "C001"]  # by folded name: É sorts as E
    assert ids(admin, dossier, filter_text="LYON") == ["C003", "C001"]
    assert ids(admin, dossier, filter_text="epicerie lyon") == ["C001"]
    assert ids(admin, dossier, filter_text="100%_") == []
    assert ids(admin, dossier, sort="code", descending=True) == ["C004", "C003", "C002", "C001"]
    query = list_query(dossier, "customer", sort="city")
    first, after = read_page(admin, query, 0, 2)
    rest = page(admin, query, 0, 10, after)
    assert [r.code for r in first + rest] == [r.code for r in page(admin, query, 0, 10)]
    assert count(admin, list_query(dossier, "customer", "lyon")) == 2
    with pytest.raises(InvalidInput):
        list_query(dossier, "client")


def test_add_validates_and_keeps_codes_unique(team: dict[str, Workspace], dossier: int) -> None:
    admin = team["alice"]
    with pytest.raises(InvalidInput, match="déjà utilisé"):
        add_party(admin, SLUG, "customer", {"code": "C001", "name": "Twice"})
    add_party(admin, SLUG, "supplier", {"code": "C001", "name": "Other list is fine"})
    for values, message in (
        ({"code": "X", "name": ""}, "Raison sociale : obligatoire"),
        ({"code": "", "name": "A"}, "Code : obligatoire"),
        ({"code": "X", "name": "A", "siren": "123"}, "SIREN"),
        ({"code": "X", "name": "A", "vat_id": "FR1"}, "TVA"),
        ({"code": "X", "name": "A", "iban": "FR76 0000"}, "IBAN"),
        ({"code": "X", "name": "A", "bic": "XX"}, "BIC"),
        ({"code": "X", "name": "A", "credit_limit": "douze"}, "montant"),
        ({"code": "X" * 41, "name": "A"}, "40 caractères"),
    ):
        with pytest.raises(InvalidInput, match=message):
            add_party(admin, SLUG, "customer", values)
    party = add_party(admin, SLUG, "customer", {
        "code": "C010", "name": "Fleurs Robin", "siren": "732 829 320", "iban": "FR7630006000011234567890189",
        "bic": "BNPAFRPP", "credit_limit": "12 500,50", "payment_terms_days": "45",
    }, groups=["Grands comptes", "Export"])
    assert (party.siren, party.iban, str(party.credit_limit), party.payment_terms_days) == (
        "732829320", "FR7630006000011234567890189", "12500.50", 45)
    assert party_groups(admin, party.id) == ["Export", "Grands comptes"]


def test_roles(team: dict[str, Workspace], dossier: int) -> None:
    with pytest.raises(PermissionDenied, match="modifier les tiers"):
        add_party(team["carol"], SLUG, "customer", {"code": "Z", "name": "Z"})
    with pytest.raises(PermissionDenied):
        set_archived(team["carol"], SLUG, pick(team["alice"], "C001"), True)
    assert set_archived(team["bob"], SLUG, pick(team["alice"], "C001"), True) == 1


def test_optimistic_locking(team: dict[str, Workspace], dossier: int) -> None:
    admin, bob = team["alice"], team["bob"]
    party = get_party(admin, SLUG, "customer", "C001")
    rename_party(bob, party.id, "Épicerie Martin & Fils", party.version)
    with pytest.raises(Conflict, match="Épicerie Martin & Fils"):
        update_party(admin, party.id, {"city": "Paris"}, party.version)
    fresh = get_party(admin, SLUG, "customer", "C001")
    assert fresh.city == "Lyon" and fresh.version == party.version + 1
    assert "epicerie martin & fils" in fresh.search_key


def test_archive_hides_and_undo_restores(team: dict[str, Workspace], dossier: int) -> None:
    admin = team["alice"]
    query = list_query(dossier, "customer", "lyon")
    before = stamp(admin, dossier, "customer")
    assert set_archived(admin, SLUG, Selection(query=query), True) == 2
    assert stamp(admin, dossier, "customer") != before
    assert ids(admin, dossier) == ["C002", "C004"]
    assert ids(admin, dossier, archived=True) == ["C002", "C003", "C004", "C001"]
    assert undo_last(admin, SLUG).action == "archive"
    assert len(ids(admin, dossier)) == 4
    with pytest.raises(InvalidInput, match="rien à annuler"):
        undo_last(admin, SLUG)


def test_select_all_matching_minus_excluded(team: dict[str, Workspace], dossier: int) -> None:
    admin = team["alice"]
    c003 = get_party(admin, SLUG, "customer", "C003").id
    selection = Selection(query=list_query(dossier, "customer"), excluded=frozenset({c003}))
    assert set_archived(admin, SLUG, selection, True) == 3
    assert ids(admin, dossier) == ["C003"]


def _document(ws: Workspace, dossier_id: int, party_id: int, status: str, n: int) -> int:
    from store.documents import insert_many

    with ws.transaction() as session:
        insert_many(session=session, rows=[{
            "dossier_id": dossier_id, "direction": "sale", "status": status, "party_id": party_id,
            "party_name_detected": "Épicerie Fine Martin", "file_hash": f"h{n}",
            "stored_path": f"/a/{n}", "original_name": f"{n}.xml",
        }])
        return session.execute(select(Document.id).where(Document.file_hash == f"h{n}")).scalar_one()


def _party_of(ws: Workspace, document_id: int) -> int | None:
    with ws.read() as session:
        return session.execute(select(Document.party_id).where(Document.id == document_id)).scalar_one()


def test_delete_keeps_parties_with_documents_and_undo_restores(team: dict[str, Workspace], dossier: int) -> None:
    """One rule for the record's d and the list's delete: a party with documents stays."""
    admin = team["alice"]
    party = get_party(admin, SLUG, "customer", "C001")
    draft = _document(admin, dossier, party.id, "review", 1)
    published = _document(admin, dossier, party.id, "published", 2)
    with pytest.raises(InvalidInput, match=r"2 pièce\(s\) sont liées à ce tiers ; archivez-le plutôt"):
        delete_single(admin, party.id)
    with pytest.raises(InvalidInput, match="archivez-le plutôt"):  # the list, the same party alone
        delete_parties(admin, SLUG, pick(admin, "C001"))
    kept = Deletion(deleted=1, kept=1, kept_names=("Épicerie Fine Martin",), kept_documents=2,
                    deleted_names=("Boucherie Lefèvre",))
    assert delete_plan(admin, SLUG, pick(admin, "C001", "C002")) == kept
    assert delete_parties(admin, SLUG, pick(admin, "C001", "C002")) == kept
    assert (_party_of(admin, draft), _party_of(admin, published)) == (party.id, party.id)
    assert ids(admin, dossier) == ["C003", "C004", "C001"]
    with pytest.raises(NotFound):
        get_party(admin, SLUG, "customer", "C002")
    add_party(admin, SLUG, "customer", {"code": "C002", "name": "Code free again"})
    event = next(e for e in list_events(admin, SLUG) if e.action == "delete")
    assert (event.after["count"], event.after["kept_with_documents"]) == (1, 1)
    with pytest.raises(InvalidInput, match="C002 est de nouveau utilisé"):
        undo_last(admin, SLUG)
    delete_parties(admin, SLUG, pick(admin, "C002"))
    undo_last(admin, SLUG)  # the newer C002 comes back…
    newer = get_party(admin, SLUG, "customer", "C002")
    update_party(admin, newer.id, {"code": "C002-NEW"}, newer.version)
    assert undo_last(admin, SLUG).action == "delete"  # the old C002 comes back
    assert get_party(admin, SLUG, "customer", "C002").name == "Boucherie Lefèvre"


@pytest.mark.parametrize("grouped_from", [5000, 0], ids=["lookups", "grouped"])
def test_bulk_delete_refuses_when_every_party_has_documents(team: dict[str, Workspace], dossier: int,
                                                            grouped_from: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same parties are kept whether their documents are looked up by id or read by dossier."""
    import store.documents

    monkeypatch.setattr(store.documents, "GROUPED_FROM", grouped_from)
    admin = team["alice"]
    for n, code in enumerate(("C001", "C003")):
        _document(admin, dossier, get_party(admin, SLUG, "customer", code).id, "published", n)
    with pytest.raises(InvalidInput, match="les 2 tiers sélectionnés ont tous des pièces"):
        delete_parties(admin, SLUG, pick(admin, "C001", "C003"))
    assert ids(admin, dossier) == ["C002", "C003", "C004", "C001"]
    everything = Selection(query=list_query(dossier, "customer"))
    assert delete_parties(admin, SLUG, everything) == Deletion(
        deleted=2, kept=2, kept_names=("Épicerie Fine Martin", "Café de la Gare"), kept_documents=2,
        deleted_names=("Boucherie Lefèvre", "Cave Leroy"))
    assert ids(admin, dossier) == ["C003", "C001"]


def test_delete_single_without_documents(team: dict[str, Workspace], dossier: int) -> None:
    admin = team["alice"]
    delete_single(admin, get_party(admin, SLUG, "customer", "C004").id)
    assert "C004" not in ids(admin, dossier)


def test_groups_bulk_and_undo(team: dict[str, Workspace], dossier: int) -> None:
    admin = team["alice"]
    assert change_group(admin, SLUG, pick(admin, "C001", "C002"), "Clients fidèles", add=True) == 2
    assert change_group(admin, SLUG, pick(admin, "C001", "C003"), "Clients fidèles", add=True) == 1
    rows = {r.code: r.groups for r in page(admin, list_query(dossier, "customer"), 0, 10)}
    assert rows["C001"] == ("Clients fidèles",) and rows["C004"] == ()
    assert change_group(admin, SLUG, pick(admin, "C001"), "Clients fidèles", add=False) == 1
    undo_last(admin, SLUG)  # the removal
    undo_last(admin, SLUG)  # the second addition
    rows = {r.code: r.groups for r in page(admin, list_query(dossier, "customer"), 0, 10)}
    assert rows["C001"] == ("Clients fidèles",) and rows["C003"] == ()


def test_merge_moves_everything_and_undo_restores(team: dict[str, Workspace], dossier: int) -> None:
    admin = team["alice"]
    keep = get_party(admin, SLUG, "customer", "C001")
    dup = get_party(admin, SLUG, "customer", "C003")
    doc = _document(admin, dossier, dup.id, "published", 3)
    with admin.transaction() as session:
        session.add(Contact(party_id=dup.id, name="Anne Roux"))
    change_group(admin, SLUG, pick(admin, "C003"), "Export", add=True)
    with pytest.raises(InvalidInput):
        merge_parties(admin, SLUG, keep.id, pick(admin, "C003"))
    assert merge_parties(admin, SLUG, keep.id, pick(admin, "C001", "C003")) == 1
    assert _party_of(admin, doc) == keep.id
    assert party_groups(admin, keep.id) == ["Export"]
    with admin.read() as session:
        assert session.execute(select(Contact.party_id)).scalar_one() == keep.id
        assert session.execute(select(PartyAlias.name).where(PartyAlias.party_id == keep.id)).scalars().all() == ["Café de la Gare"]
    assert "C003" not in ids(admin, dossier)
    undo_last(admin, SLUG)
    assert _party_of(admin, doc) == dup.id
    assert party_groups(admin, keep.id) == []
    assert party_groups(admin, dup.id) == ["Export"]
    with admin.read() as session:
        assert session.execute(select(Contact.party_id)).scalar_one() == dup.id
        assert session.execute(select(PartyAlias)).first() is None
        assert session.execute(select(Party.deleted_at).where(Party.id == dup.id)).scalar_one() is None


def test_connected_dossier_refuses_names(team: dict[str, Workspace], dossier: int) -> None:
    admin = team["alice"]
    edit_dossier(admin, SLUG, {"accounting_software": "Sage 100"})
    party = get_party(admin, SLUG, "customer", "C001")
    with pytest.raises(PermissionDenied, match="Sage 100"):
        rename_party(admin, party.id, "New", party.version)
    with pytest.raises(PermissionDenied, match="Sage 100"):
        delete_parties(admin, SLUG, pick(admin, "C001"))
    with pytest.raises(PermissionDenied):
        update_party(admin, party.id, {"siren": "732829320"}, party.version)
    update_party(admin, party.id, {"phone": "01 02 03 04 05"}, party.version)  # not identity: fine


def test_search_everywhere(team: dict[str, Workspace], dossier: int, workspaces: Callable[[str], Workspace]) -> None:
    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Autre Dossier"))
    add_party(admin, "autre-dossier", "supplier", {"code": "F1", "name": "Épicerie du Port",
                                                   "siren": "732829320", "iban": "FR7630006000011234567890189"})
    found = search_everywhere(admin, "epicerie")
    assert {(f.dossier_slug, f.code) for f in found} == {(SLUG, "C001"), ("autre-dossier", "F1")}
    assert [f.code for f in search_everywhere(admin, "732829320")] == ["F1"]
    assert [f.code for f in search_everywhere(admin, "FR76 3000 6000 0112 3456 7890 189")] == ["F1"]
    assert [f.dossier_slug for f in search_everywhere(team["carol"], "epicerie")] == [SLUG]


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "SIREN « 123456789 » invalide (clé de contrôle fausse)"),
    ("en", "invalid SIREN '123456789' (wrong check digits)"),
])
def test_an_invalid_number_says_why_in_the_users_language(language: str, expected: str) -> None:
    from books.i18n import get_language, set_language
    from books.identity import clean_siren

    before = get_language()
    set_language(language)
    try:
        with pytest.raises(InvalidInput) as caught:
            clean_siren("123456789", "SIREN")
        assert expected in caught.value.message
        with pytest.raises(InvalidInput) as short:
            clean_siren("12345", "SIREN")
        assert ("longueur incorrecte" if language == "fr" else "wrong length") in short.value.message
    finally:
        set_language(before)
