"""Editing a party after its creation: managed fields, payment methods, phones,
deposits shown in the record, audit wording, saves without changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier
from books.parties.changes import add_party
from books.parties.payments import NewPayment, record_payment
from books.parties.record import load_record
from tests.books.test_party_record import TODAY, add_document


@pytest.fixture
def shop(team: dict[str, Workspace]) -> dict[str, Any]:
    """A dossier open to bob and carol, with one customer."""
    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Boulangerie Dupré", access=["bob", "carol"]))
    customer = add_party(admin, "boulangerie-dupre", "customer", {"code": "C1", "name": "Café des Arts"})
    return {"team": team, "customer": customer.id, "admin": admin}


def test_a_payment_beyond_the_invoices_shows_as_an_unallocated_deposit(shop: dict[str, Any]) -> None:
    admin, party = shop["admin"], shop["customer"]
    invoice = add_document(admin, party, "F1", date(2026, 3, 1), date(2026, 4, 1), "100.00")
    record_payment(admin, party, NewPayment("01/04/2026", "100", "virement", None, invoice))
    assert load_record(admin, party, TODAY).activity.unallocated == 0
    record_payment(admin, party, NewPayment("02/04/2026", "150", "virement"))
    activity = load_record(admin, party, TODAY).activity
    assert activity.outstanding == Decimal("0.00")
    assert activity.unallocated == Decimal("150.00")
    assert activity.balance == Decimal("-150.00")


def test_an_overpaid_invoice_leaves_the_excess_unallocated(shop: dict[str, Any]) -> None:
    admin, party = shop["admin"], shop["customer"]
    invoice = add_document(admin, party, "F1", date(2026, 3, 1), date(2026, 4, 1), "100.00")
    record_payment(admin, party, NewPayment("01/04/2026", "130", "chèque", None, invoice))
    activity = load_record(admin, party, TODAY).activity
    assert (activity.outstanding, activity.unallocated, activity.balance) == (
        Decimal("0.00"), Decimal("30.00"), Decimal("-30.00"))


def test_bulk_events_name_parties_by_code_never_by_id(shop: dict[str, Any]) -> None:
    from books.access.audit import list_events
    from books.parties.changes import merge_parties, set_archived
    from books.parties.listing import Selection

    admin, first = shop["admin"], shop["customer"]
    second = add_party(admin, "boulangerie-dupre", "customer", {"code": "C2", "name": "Bistrot"}).id
    third = add_party(admin, "boulangerie-dupre", "customer", {"code": "C3", "name": "Bistro"}).id
    set_archived(admin, "boulangerie-dupre", Selection(ids=frozenset({first})), True)
    set_archived(admin, "boulangerie-dupre", Selection(ids=frozenset({first})), False)
    merge_parties(admin, "boulangerie-dupre", second, Selection(ids=frozenset({second, third})))
    events = {e.action: e for e in list_events(admin, "boulangerie-dupre", 10)}
    assert events["archive"].after == {"count": 1, "codes": ["C1"]}
    assert events["restore"].after == {"count": 1, "codes": ["C1"]}
    assert events["merge"].entity_id == "C2"
    assert (events["merge"].after["keep"], events["merge"].after["merged"]) == ("C2", ["C3"])


def test_contact_events_say_the_contact_and_its_party(shop: dict[str, Any]) -> None:
    from books.access.audit import describe, list_events
    from books.parties.contacts import add_contact, edit_contact

    admin, party = shop["admin"], shop["customer"]
    contact = add_contact(admin, party, {"name": "Jean Martin", "role": "Comptable"})
    edit_contact(admin, party, contact, {"role": "DAF"})
    edited, created = list_events(admin, "boulangerie-dupre", 2)
    assert (created.entity_id, edited.entity_id) == ("C1", "C1")
    assert describe(created)[0] == "contact Jean Martin (C1)"
    assert describe(edited)[0] == "contact Jean Martin (C1)"
    record_payment(admin, party, NewPayment("01/04/2026", "10"))
    assert list_events(admin, "boulangerie-dupre", 1)[0].entity_id == "C1"


def test_a_save_without_changes_writes_nothing(shop: dict[str, Any]) -> None:
    from books.access.audit import list_events
    from books.parties.changes import get_party_by_id, update_party
    from books.parties.contacts import add_contact, edit_contact

    admin, party = shop["admin"], shop["customer"]
    before = get_party_by_id(admin, party)
    count = len(list_events(admin, "boulangerie-dupre"))
    update_party(admin, party, {"code": "C1", "name": "Café des Arts", "phone": ""}, before.version)
    assert get_party_by_id(admin, party).version == before.version
    contact = add_contact(admin, party, {"name": "Jean Martin"})
    edit_contact(admin, party, contact, {"name": "Jean Martin", "role": ""})
    assert len(list_events(admin, "boulangerie-dupre")) == count + 1  # the contact's creation only


def test_phone_and_payment_method_are_checked_and_normalised(shop: dict[str, Any]) -> None:
    from books.errors import InvalidInput
    from books.parties.changes import get_party_by_id, update_party

    admin, party = shop["admin"], shop["customer"]
    version = get_party_by_id(admin, party).version
    for field, bad, label in (("phone", "abc", "Téléphone"), ("payment_method", "bitcoin", "Mode de règlement"),
                              ("phone", "12", "Téléphone")):
        with pytest.raises(InvalidInput, match=label) as refused:
            update_party(admin, party, {field: bad}, version)
        assert bad in refused.value.message
    # a number of the right length in a range the library does not know is a real number still
    assert update_party(admin, party, {"phone": "06 97 86 78 78"}, version).phone == "+33 6 97 86 78 78"
    version += 1
    saved = update_party(admin, party, {"phone": "06.12.34.56.78", "payment_method": "CB"}, version)
    assert (saved.phone, saved.payment_method) == ("+33 6 12 34 56 78", "carte")
    belgian = add_party(admin, "boulangerie-dupre", "supplier",
                        {"code": "F1", "name": "Brasserie", "country": "BE", "phone": "02 555 12 12",
                         "payment_method": "Prélèvement"})
    assert (belgian.phone, belgian.payment_method) == ("+32 2 555 12 12", "prélèvement")


def test_payments_contacts_and_dossiers_use_the_same_checks(shop: dict[str, Any]) -> None:
    from books.dossiers.service import edit_dossier
    from books.errors import InvalidInput
    from books.parties.contacts import add_contact

    admin, party = shop["admin"], shop["customer"]
    with pytest.raises(InvalidInput, match="Mode de règlement"):
        record_payment(admin, party, NewPayment("01/04/2026", "10", "bitcoin"))
    record_payment(admin, party, NewPayment("01/04/2026", "10", "Virement"))
    assert load_record(admin, party, TODAY).payments[0].method == "virement"
    with pytest.raises(InvalidInput, match="Téléphone"):
        add_contact(admin, party, {"name": "Jean", "phone": "abc"})
    with pytest.raises(InvalidInput, match="Mode de règlement"):
        edit_dossier(admin, "boulangerie-dupre", {"default_payment_method": "abc"})
    with pytest.raises(InvalidInput, match="Téléphone"):
        edit_dossier(admin, "boulangerie-dupre", {"contact_phone": "bitcoin"})
    with pytest.raises(InvalidInput, match="Téléphone"):
        create_dossier(admin, DossierDraft(name="Garage Martin", contact_phone="abc"))


def test_the_import_rejects_bad_phones_and_methods_and_normalises_the_others(
        shop: dict[str, Any], tmp_path: Any) -> None:
    from books.exchange import service

    path = tmp_path / "clients.csv"
    path.write_text("Code;Nom;Téléphone;Mode de règlement\n"
                    "A1;Un;01 23 45 67 89;VIR\n"
                    "A2;Deux;abc;virement\n"
                    "A3;Trois;;bitcoin\n", encoding="utf-8")
    result = service.import_file(shop["admin"], "boulangerie-dupre", "customer", path)
    reasons = {r["line"]: r["reason"] for r in result.rejected}
    assert result.created == 1 and set(reasons) == {3, 4}
    assert "Téléphone" in reasons[3] and "abc" in reasons[3]
    assert "Mode de règlement" in reasons[4] and "bitcoin" in reasons[4]
    from books.parties.changes import get_party

    saved = get_party(shop["admin"], "boulangerie-dupre", "customer", "A1")
    assert (saved.phone, saved.payment_method) == ("+33 1 23 45 67 89", "virement")


def test_french_numbers_read_without_phonenumbers_match_it() -> None:
    import random

    from books.phones import _french, _normalised

    shuffled = random.Random(13)
    for _ in range(20000):
        digits = "0" + shuffled.choice("123456789") + "".join(shuffled.choice("0123456789") for _ in range(8))
        sep = shuffled.choice(["", " ", ".", "-"])
        text = digits[:2] + sep + sep.join(digits[i:i + 2] for i in range(2, 10, 2))
        fast = _french(text)
        if fast is not None:
            assert fast == _normalised(text, "FR"), text


def test_managed_fields_are_edited_in_saisie_and_kept_by_a_reimport(
        shop: dict[str, Any], tmp_path: Any) -> None:
    from books.exchange import service
    from books.parties.changes import get_party
    from books.parties.editing import edit_party
    from books.parties.payments import update_payment_details

    admin, slug = shop["admin"], "boulangerie-dupre"
    path = tmp_path / "clients.csv"
    path.write_text("Code;Nom;Limite de crédit;Garantie assureur;Autres garanties;Commentaires\n"
                    "A1;Un;1000;500;Caution;Bon client\n", encoding="utf-8")
    service.import_file(admin, slug, "customer", path)
    first = get_party(admin, slug, "customer", "A1")
    assert (first.credit_limit, first.insurer_guarantee, first.other_guarantees) == (
        Decimal("1000.00"), Decimal("500.00"), "Caution")
    edit_party(admin, slug, "customer", "A1", {"credit_limit": "2 500,00", "comments": "Relancer en mars"})
    update_payment_details(admin, first.id, {"insurer_guarantee": "750", "other_guarantees": "Hypothèque"},
                           get_party(admin, slug, "customer", "A1").version)
    again = service.import_file(admin, slug, "customer", path)
    kept = get_party(admin, slug, "customer", "A1")
    assert (kept.credit_limit, kept.insurer_guarantee, kept.other_guarantees) == (
        Decimal("2500.00"), Decimal("750.00"), "Hypothèque")
    assert again.updated == 1 and kept.comments == "Bon client"  # comments follow the file, as documented


def test_a_dossier_named_like_another_is_refused_unless_additional(shop: dict[str, Any]) -> None:
    from books.dossiers.service import NameInUse, check_name, list_dossiers

    admin = shop["admin"]
    assert check_name(admin, "boulangerie  dupre") == ["Boulangerie Dupré"]
    assert check_name(admin, "Boulangerie Durand") == []
    with pytest.raises(NameInUse, match="Boulangerie Dupré"):
        create_dossier(admin, DossierDraft(name="BOULANGERIE   DUPRÉ"))
    created = create_dossier(admin, DossierDraft(name="boulangerie  dupré", additional_for_same_client=True))
    assert created.dossier.slug == "boulangerie-dupre-2" and len(list_dossiers(admin)) == 2
