"""Refused saves carry the row as it is now, and merging keeps what does not collide."""

from __future__ import annotations

import pytest

from books.conflicts import edited, explain, merge_edits
from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, edit_dossier, get_dossier
from books.errors import Conflict
from books.parties.changes import add_party, get_party, update_party
from books.parties.contacts import add_contact, edit_contact
from store.models import Dossier, Party

SLUG = "boulangerie-dupre"


def test_merge_keeps_my_edits_takes_theirs_and_names_collisions() -> None:
    base = {"name": "Martin", "phone": "", "city": "Lyon", "email": "a@b.fr"}
    mine = {"name": "Martin SA", "phone": "", "city": "Paris", "email": "a@b.fr"}
    theirs = {"name": "Martin", "phone": "+33 1 02 03 04 05", "city": "Nantes", "email": "a@b.fr"}
    merge = merge_edits(base, mine, theirs)
    assert merge.values == {"name": "Martin SA", "phone": "+33 1 02 03 04 05", "city": "Nantes",
                            "email": "a@b.fr"}
    assert merge.changed == ("phone", "city")
    assert merge.kept == ("name",)
    assert merge.collided == {"city": "Paris"}
    # the next save starts from theirs: it sends my kept edit only, never their fields back
    assert edited(theirs, merge.values) == {"name": "Martin SA"}
    text = explain(merge, {"name": "Raison sociale", "phone": "Téléphone", "city": "Ville"}.get, theirs)
    assert "Téléphone « +33 1 02 03 04 05 », Ville « Nantes »" in text and "Raison sociale" in text
    assert "« Paris »" in text and "« Nantes »" in text


def test_same_edit_on_both_sides_is_no_collision() -> None:
    merge = merge_edits({"name": "A"}, {"name": "B"}, {"name": "B"})
    assert merge.values == {"name": "B"} and merge.collided == {} and merge.kept == ()


@pytest.fixture
def shop(team: dict[str, Workspace]) -> dict[str, Workspace]:
    create_dossier(team["alice"], DossierDraft(name="Boulangerie Dupré", access=["bob"]))
    add_party(team["alice"], SLUG, "customer", {"code": "C001", "name": "Épicerie Martin"})
    return team


def test_a_refused_party_save_carries_the_fresh_party(shop: dict[str, Workspace]) -> None:
    alice, bob = shop["alice"], shop["bob"]
    party = get_party(alice, SLUG, "customer", "C001")
    update_party(alice, party.id, {"phone": "01 02 03 04 05"}, party.version)  # type: ignore[arg-type]
    with pytest.raises(Conflict) as refused:
        update_party(bob, party.id, {"name": "Épicerie Martin SA"}, party.version)  # type: ignore[arg-type]
    fresh = refused.value.current
    assert isinstance(fresh, Party)
    assert (fresh.phone, fresh.name, fresh.version) == ("+33 1 02 03 04 05", "Épicerie Martin", 2)
    # saving only the field changed, from the fresh version, keeps the other person's phone
    update_party(bob, party.id, {"name": "Épicerie Martin SA"}, fresh.version)  # type: ignore[arg-type]
    after = get_party(alice, SLUG, "customer", "C001")
    assert (after.name, after.phone) == ("Épicerie Martin SA", "+33 1 02 03 04 05")


def test_a_refused_dossier_save_carries_the_fresh_dossier(shop: dict[str, Workspace]) -> None:
    alice = shop["alice"]
    version = get_dossier(alice, SLUG).version
    edit_dossier(alice, SLUG, {"contact_name": "Jeanne Roux"}, expected_version=version)
    with pytest.raises(Conflict) as refused:
        edit_dossier(alice, SLUG, {"sector": "commerce"}, expected_version=version)
    assert isinstance(refused.value.current, Dossier)
    assert refused.value.current.contact_name == "Jeanne Roux"


def test_a_contact_field_changed_meanwhile_is_not_written_over(shop: dict[str, Workspace]) -> None:
    alice, bob = shop["alice"], shop["bob"]
    party = get_party(alice, SLUG, "customer", "C001").id
    assert party is not None
    contact = add_contact(alice, party, {"name": "Jeanne Roux", "role": "Compta"})
    seen = {"name": "Jeanne Roux", "role": "Compta", "phone": None}
    edit_contact(alice, party, contact, {"phone": "01 02 03 04 05"}, expected={"phone": None})
    # bob changes the name only: accepted, alice's phone stays
    edit_contact(bob, party, contact, {"name": "Jeanne Roux-Martin"}, expected={"name": seen["name"]})
    # bob changes the phone he saw empty: refused, with the contact as it is now
    with pytest.raises(Conflict) as refused:
        edit_contact(bob, party, contact, {"phone": "06 00 00 00 00"}, expected={"phone": None})
    fresh = refused.value.current
    assert (fresh.name, fresh.phone, fresh.role) == ("Jeanne Roux-Martin", "+33 1 02 03 04 05", "Compta")
    assert "Téléphone" in refused.value.message
