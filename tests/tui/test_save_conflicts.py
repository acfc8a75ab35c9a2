"""Forms whose save is refused because someone saved first: they reload the other
person's values, mark them, keep the person's own edits, and a second ctrl+s never
writes the stale values back.

The other person works through the books services with their own workspace
(another connection to the same database), as a second terminal would.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input, Static

from books.context import Workspace
from books.parties.changes import get_party_by_id, update_party
from tests.tui.conftest import wait_for
from tests.tui.test_party_record import open_record, parties, text_of  # noqa: F401
from tui.app import SaisieApp
from tui.widgets.form import FormRow


def field(screen: Any, name: str) -> Input:
    return screen.query_one(f"#f-{name}", Input)


def marked(screen: Any) -> set[str]:
    """The fields whose row is marked as changed by someone else."""
    return {row.field.id.removeprefix("f-") for row in screen.query(FormRow)
            if row.has_class("-conflict") and row.field.id}


async def test_identity_form_merges_a_save_that_overtook_it(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
        parties: dict[str, int]) -> None:  # noqa: F811
    from tui.screens.parties.form import PartyFormScreen

    alice, party_id = seeded["alice"], parties["customer"]
    app = app_as("bob")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, party_id)
        await pilot.press("2", "e")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        await wait_for(lambda: field(form, "name").value == "Café des Arts")
        # terminal A saves the phone and the city while B's form is open
        version = get_party_by_id(alice, party_id).version
        update_party(alice, party_id, {"phone": "01 02 03 04 05", "city": "Aix"}, version)
        field(form, "name").value = "Café des Arts SARL"
        field(form, "city").value = "Cassis"
        await pilot.press("ctrl+s")
        await wait_for(lambda: "Non enregistré" in text_of(form.query_one("#form-error", Static)))
        message = text_of(form.query_one("#form-error", Static))
        assert app.screen is form
        assert field(form, "name").value == "Café des Arts SARL"  # B's own edit kept
        assert field(form, "phone").value == "+33 1 02 03 04 05"  # A's values loaded
        assert field(form, "city").value == "Aix"
        assert marked(form) == {"phone", "city"}
        assert "Téléphone « +33 1 02 03 04 05 », Ville « Aix »" in message
        assert "gardées : Raison sociale" in message
        assert "« Cassis »" in message  # B's colliding value is named, not silently dropped
        label = form.query_one("#f-phone", Input).parent.query_one(".form-label", Static)
        assert text_of(label).startswith("● ")
        await pilot.press("ctrl+s")  # saving again sends B's edit only, from A's version
        await wait_for(lambda: app.screen is screen)
    party = get_party_by_id(alice, party_id)
    assert (party.name, party.phone, party.city) == ("Café des Arts SARL", "+33 1 02 03 04 05", "Aix")


async def test_contact_form_keeps_the_other_persons_change(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
        parties: dict[str, int]) -> None:  # noqa: F811
    from books.parties.contacts import edit_contact
    from tui.screens.parties.record_forms import ContactDialog

    alice, party_id = seeded["alice"], parties["customer"]
    app = app_as("bob")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, party_id)
        await pilot.press("4")
        await wait_for(lambda: screen.record is not None and bool(screen.record.contacts))
        contact = screen.record.contacts[0]  # type: ignore[union-attr]
        app.push_screen(ContactDialog(screen.record, contact))  # type: ignore[arg-type]
        await wait_for(lambda: isinstance(app.screen, ContactDialog))
        dialog = app.screen
        await pilot.pause()
        # terminal A gives the contact a phone and another role meanwhile
        edit_contact(alice, party_id, contact.id, {"phone": "04 91 00 00 00", "role": "Gérante"},
                     expected={"phone": None, "role": "Comptabilité"})
        field(dialog, "name").value = "Jeanne Roux-Martin"  # no collision: saved at once
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is screen)
        app.push_screen(ContactDialog(screen.record, contact))  # type: ignore[arg-type]  # the old row
        await wait_for(lambda: isinstance(app.screen, ContactDialog))
        dialog = app.screen
        await pilot.pause()
        field(dialog, "role").value = "Comptable"  # collides with A's role
        await pilot.press("ctrl+s")
        await wait_for(lambda: "Non enregistré" in text_of(dialog.query_one("#form-error", Static)))
        assert field(dialog, "role").value == "Gérante" and field(dialog, "phone").value == "+33 4 91 00 00 00"
        assert {"role", "phone", "name"} <= marked(dialog)
        assert "« Comptable »" in text_of(dialog.query_one("#form-error", Static))
        await pilot.press("ctrl+s")  # nothing of this person's left to write: nothing reverted
        await wait_for(lambda: app.screen is screen)
    from store.parties.record import list_contacts

    with alice.read() as session:
        (row,) = list_contacts(session=session, party_id=party_id)
    assert (row.name, row.role, row.phone) == ("Jeanne Roux-Martin", "Gérante", "+33 4 91 00 00 00")


async def test_settings_merge_fields_and_access(app_as: Callable[[str], SaisieApp],
                                               seeded: dict[str, Workspace]) -> None:
    from textual.widgets import SelectionList

    from books.dossiers.service import access_logins, edit_dossier, get_dossier, set_access
    from tests.tui.test_dossier_screens import open_settings

    alice, slug = seeded["alice"], "boulangerie-dupre"
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        # another admin saves the phone and gives bob access meanwhile
        edit_dossier(alice, slug, {"contact_phone": "01 02 03 04 05"},
                     expected_version=get_dossier(alice, slug).version)
        set_access(alice, slug, ["alice", "bob", "carol"])
        field(screen, "contact_name").value = "Jeanne Dupré"
        field(screen, "contact_phone").value = "06 00 00 00 00"  # collides
        screen.query_one("#f-access", SelectionList).deselect("carol")
        await pilot.press("ctrl+s")
        error = screen.query_one("#settings-error", Static)
        await wait_for(lambda: "Non enregistré" in text_of(error))
        assert field(screen, "contact_phone").value == "+33 1 02 03 04 05"
        assert field(screen, "contact_name").value == "Jeanne Dupré"
        assert sorted(screen.query_one("#f-access", SelectionList).selected) == ["bob"]
        assert "Téléphone du client « +33 1 02 03 04 05 »" in text_of(error)
        assert "Accès « alice, bob, carol »" in text_of(error)
        assert {"contact_phone"} <= marked(screen)
        await pilot.press("ctrl+s")
        await wait_for(lambda: not isinstance(app.screen, type(screen)))
    dossier = get_dossier(alice, slug)
    assert (dossier.contact_name, dossier.contact_phone) == ("Jeanne Dupré", "+33 1 02 03 04 05")
    assert access_logins(alice, slug) == ["alice", "bob"]


async def test_rename_in_place_says_when_someone_saved_first(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    from tests.tui.test_parties_list import SLUG, add_customers, open_list
    from tests.tui.test_party_record import notified

    alice = add_customers(seeded)["alice"]  # the other terminal: alice again, another connection
    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("r")
        editor = screen.query_one("#rename", Input)
        assert editor.value == "Client 01"
        from books.parties.changes import get_party, rename_party

        party = get_party(alice, SLUG, "customer", "C01")
        rename_party(alice, party.id, "Client 01 (Lyon)", party.version)  # type: ignore[arg-type]
        await pilot.press("ctrl+u", *"Alpha", "enter")
        await wait_for(lambda: notified(app, "Non renommé"))
        assert notified(app, "« Client 01 (Lyon) »")
        await wait_for(lambda: screen.table.cache.row(0) is not None
                       and screen.table.cache.row(0).name == "Client 01 (Lyon)")
    assert get_party(alice, SLUG, "customer", "C01").name == "Client 01 (Lyon)"


async def test_a_refusal_is_readable_at_80x24(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
        parties: dict[str, int]) -> None:  # noqa: F811
    from tui.screens.parties.record_forms import PaymentDetailsDialog

    alice, party_id = seeded["alice"], parties["customer"]
    app = app_as("bob")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(app, pilot, party_id)
        await pilot.press("3", "e")
        await wait_for(lambda: isinstance(app.screen, PaymentDetailsDialog))
        dialog = app.screen
        update_party(alice, party_id, {"payment_terms_days": "60", "bic": "AGRIFRPP"},
                     get_party_by_id(alice, party_id).version)
        field(dialog, "payment_terms_days").value = "45"
        field(dialog, "bic").value = "BNPAFRPP"
        await pilot.press("ctrl+s")
        error = dialog.query_one("#form-error", Static)
        await wait_for(lambda: "Non enregistré" in text_of(error))
        await pilot.pause()
        # the whole message shows: the fields give up room for it on a short terminal
        assert error.region.height >= len(text_of(error).strip().splitlines())
        assert marked(dialog) == {"payment_terms_days", "bic"}
