"""Dossiers: creation with inbox and invitation, validation, access, edit, archive."""

from __future__ import annotations

import dataclasses
import smtplib
from pathlib import Path
from typing import Any

import pytest

from books.access.audit import list_events
from books.config import SmtpSettings
from books.context import Workspace
from books.dossiers.service import (
    DossierDraft,
    EmailInUse,
    access_logins,
    create_dossier,
    dossier_details,
    edit_dossier,
    get_dossier,
    invite_client,
    list_dossiers,
    set_access,
    set_archived,
)
from books.errors import Conflict, InvalidInput, NotFound, PermissionDenied

SIREN, VAT = "732829320", "FR44732829320"


def test_create_makes_inbox_access_and_audit(team: dict[str, Workspace]) -> None:
    admin = team["alice"]
    created = create_dossier(admin, DossierDraft(
        name="  Boulangerie   Dupré ", sector="commerce", siren="732 829 320", vat_id=VAT,
        access=["carol"],
    ))
    dossier = created.dossier
    assert dossier.name == "Boulangerie Dupré"
    assert dossier.slug == "boulangerie-dupre"
    assert dossier.siren == SIREN
    assert Path(dossier.inbox_path) == admin.settings.inbox_root.resolve() / "boulangerie-dupre"
    assert Path(dossier.inbox_path).is_dir()
    assert dossier.base_currency == "EUR" and dossier.default_due_days == 30
    assert created.invitation is None
    assert access_logins(admin, dossier.slug) == ["alice", "carol"]
    event = list_events(admin, dossier.slug)[0]
    assert (event.action, event.actor, event.after["name"]) == ("create", "alice", "Boulangerie Dupré")


def test_slugs_are_unique(admin: Workspace) -> None:
    first = create_dossier(admin, DossierDraft(name="Café de la Gare"))
    second = create_dossier(admin, DossierDraft(name="Café-de-la-Gare"))  # another name, the same slug
    assert (first.dossier.slug, second.dossier.slug) == ("cafe-de-la-gare", "cafe-de-la-gare-2")


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (DossierDraft(name="   "), "obligatoire"),
        (DossierDraft(name="x" * 300), "Raison sociale : 120 caractères au plus"),
        (DossierDraft(name="A", siren="123456789"), "SIREN « 123456789 » invalide"),
        (DossierDraft(name="A", vat_id="FR00123"), "numéro de TVA « FR00123 » invalide"),
        (DossierDraft(name="A", siren=SIREN, vat_id="FR40303265045"), "ne correspond pas"),
        (DossierDraft(name="A", sector="casino"), "secteur « casino » inconnu"),
        (DossierDraft(name="A", contact_email="nope"), "adresse « nope » invalide"),
        (DossierDraft(name="A", invite=True), "nom et son email sont obligatoires"),
        (DossierDraft(name="A", access=["ghost"]), "aucun utilisateur « ghost »"),
    ],
)
def test_bad_input_creates_nothing(admin: Workspace, draft: DossierDraft, message: str) -> None:
    with pytest.raises((InvalidInput, NotFound)) as info:
        create_dossier(admin, draft)
    assert message in str(info.value)
    assert list_dossiers(admin) == []
    assert not admin.settings.inbox_root.exists() or not any(admin.settings.inbox_root.iterdir())


def test_collaborator_cannot_create(team: dict[str, Workspace]) -> None:
    with pytest.raises(PermissionDenied) as info:
        create_dossier(team["carol"], DossierDraft(name="Nope"))
    assert "créer un dossier" in str(info.value)
    with pytest.raises(PermissionDenied):
        create_dossier(team["bob"], DossierDraft(name="Nope"))


def test_inbox_root_that_is_a_file_creates_nothing(admin: Workspace, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    ws = dataclasses.replace(admin, settings=dataclasses.replace(admin.settings, inbox_root=blocker))
    with pytest.raises(InvalidInput) as info:
        create_dossier(ws, DossierDraft(name="Blocked"))
    assert str(blocker) in str(info.value)
    assert list_dossiers(admin) == []
    assert [e.action for e in list_events(admin)] == ["bootstrap"]


def test_same_client_email_needs_explicit_choice(admin: Workspace) -> None:
    create_dossier(admin, DossierDraft(name="SCI Les Tilleuls", contact_email="paul@martin.fr"))
    with pytest.raises(EmailInUse) as info:
        create_dossier(admin, DossierDraft(name="Martin Holding", contact_email="PAUL@martin.fr"))
    assert info.value.names == ["SCI Les Tilleuls"]
    assert len(list_dossiers(admin)) == 1
    create_dossier(admin, DossierDraft(
        name="Martin Holding", contact_email="paul@martin.fr", additional_for_same_client=True
    ))
    assert len(list_dossiers(admin)) == 2


def test_invitation_without_smtp_is_shown_and_recorded(admin: Workspace) -> None:
    created = create_dossier(admin, DossierDraft(
        name="Garage Martin", contact_name="Paul Martin", contact_email="paul@garage.fr", invite=True
    ))
    assert created.sent is False and created.invitation is not None
    assert created.dossier.inbox_path in created.invitation.body
    assert "Paul Martin" in created.invitation.body
    details = dossier_details(admin, "garage-martin")
    assert details["invitation"]["to_email"] == "paul@garage.fr"
    assert details["invitation"]["channel"] == "manual"
    assert details["invitation_state"] == "shown"


class FakeSMTP:
    """Stands in for smtplib.SMTP and records what would be sent."""

    sent: list[Any] = []
    fail = False

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host = host

    def __enter__(self) -> FakeSMTP:
        if FakeSMTP.fail:
            raise OSError("connection refused")
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def starttls(self) -> None:
        return None

    def login(self, user: str, password: str) -> None:
        return None

    def send_message(self, message: Any) -> None:
        FakeSMTP.sent.append(message)


def test_invitation_is_emailed_with_smtp(admin: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent, FakeSMTP.fail = [], False
    smtp = SmtpSettings(host="mail.test", username="u", password="p")
    ws = dataclasses.replace(admin, settings=dataclasses.replace(admin.settings, smtp=smtp))
    created = create_dossier(ws, DossierDraft(
        name="Fleurs Robin", contact_name="Léa Robin", contact_email="lea@robin.fr", invite=True
    ))
    assert created.sent is True
    assert FakeSMTP.sent[0]["To"] == "Léa Robin <lea@robin.fr>"
    assert dossier_details(admin, "fleurs-robin")["invitation"]["channel"] == "email"
    FakeSMTP.fail = True
    again = invite_client(ws, "fleurs-robin", "Léa Robin", "lea@robin.fr")
    assert again.sent is False and again.send_error == "connection refused"


def test_collaborators_see_only_their_dossiers(team: dict[str, Workspace]) -> None:
    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Visible", access=["carol"]))
    create_dossier(admin, DossierDraft(name="Hidden"))
    assert [e.row.name for e in list_dossiers(team["carol"])] == ["Visible"]
    assert [e.row.name for e in list_dossiers(admin)] == ["Hidden", "Visible"]
    with pytest.raises(NotFound):
        get_dossier(team["carol"], "hidden")
    set_access(admin, "hidden", ["carol"])
    assert len(list_dossiers(team["carol"])) == 2


def test_edit_checks_values_and_versions(team: dict[str, Workspace]) -> None:
    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Transports Girard"))
    first = get_dossier(admin, "transports-girard")
    edit_dossier(admin, "transports-girard", {"siren": SIREN, "vat_id": VAT, "base_currency": "chf",
                                              "default_due_days": "45"}, expected_version=first.version)
    after = get_dossier(admin, "transports-girard")
    assert (after.siren, after.vat_id, after.base_currency, after.default_due_days) == (SIREN, VAT, "CHF", 45)
    with pytest.raises(Conflict) as info:
        edit_dossier(admin, "transports-girard", {"name": "Stale"}, expected_version=first.version)
    assert "Transports Girard" in str(info.value)
    with pytest.raises(InvalidInput):
        edit_dossier(admin, "transports-girard", {"base_currency": "EURO"})
    with pytest.raises(InvalidInput):
        edit_dossier(admin, "transports-girard", {"default_due_days": "-3"})
    with pytest.raises(InvalidInput):
        edit_dossier(admin, "transports-girard", {"inbox_path": "/etc"})
    with pytest.raises(PermissionDenied):
        edit_dossier(team["bob"], "transports-girard", {"name": "X"})
    event = list_events(admin, "transports-girard")[0]
    assert event.before["siren"] is None and event.after["siren"] == SIREN


def test_an_edit_names_every_wrong_field_at_once_identity_included(
        team: dict[str, Workspace]) -> None:
    """A blank name, a SIREN and a VAT number that are not ones: the settings heard of the
    name, then of the identity at the next save."""
    from books.errors import InvalidFields

    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Transports Girard"))
    with pytest.raises(InvalidFields) as info:
        edit_dossier(admin, "transports-girard", {"name": "", "siren": "123", "vat_id": "FR1"})
    assert [e.field for e in info.value.errors] == ["name", "siren", "vat_id"]
    assert get_dossier(admin, "transports-girard").name == "Transports Girard"


def test_archive_hides_and_restore_brings_back(admin: Workspace) -> None:
    create_dossier(admin, DossierDraft(name="Old Client"))
    set_archived(admin, "old-client", True)
    assert list_dossiers(admin) == []
    assert [e.row.slug for e in list_dossiers(admin, archived=True)] == ["old-client"]
    set_archived(admin, "old-client", False)
    assert [e.row.slug for e in list_dossiers(admin)] == ["old-client"]
    assert [e.action for e in list_events(admin, "old-client")][:2] == ["restore", "archive"]


def test_waiting_counts_files_dropped_in_the_inbox(admin: Workspace) -> None:
    dossier = create_dossier(admin, DossierDraft(name="Inbox Co")).dossier
    inbox = Path(dossier.inbox_path)
    (inbox / "facture-1.pdf").write_bytes(b"%PDF-1.4")
    (inbox / ".partial-upload").write_bytes(b"x")
    assert list_dossiers(admin)[0].waiting == 1
    for sub in ("achats", "ventes"):  # the direction subfolders are the inbox too
        (inbox / sub).mkdir(exist_ok=True)
        (inbox / sub / "facture-2.xml").write_bytes(b"<Invoice/>")
    (inbox / "traités").mkdir(exist_ok=True)
    (inbox / "traités" / "facture-0.pdf").write_bytes(b"%PDF-1.4")  # taken: not waiting
    assert list_dossiers(admin)[0].waiting == 3
    assert dossier_details(admin, dossier.slug)["waiting"] == 3


def test_two_processes_see_each_other(team: dict[str, Workspace], workspaces) -> None:  # type: ignore[no-untyped-def]
    other = workspaces("alice")
    create_dossier(team["alice"], DossierDraft(name="Shared"))
    assert [e.row.slug for e in list_dossiers(other)] == ["shared"]


def test_saving_a_dossier_unchanged_writes_nothing(admin: Workspace) -> None:
    from books.dossiers.service import access_logins, set_access

    dossier = create_dossier(admin, DossierDraft(name="Garage Rien")).dossier
    events = len(list_events(admin, dossier.slug))
    same = edit_dossier(admin, dossier.slug, {"name": "Garage Rien", "base_currency": "EUR"})
    assert same.version == dossier.version
    set_access(admin, dossier.slug, access_logins(admin, dossier.slug))
    assert len(list_events(admin, dossier.slug)) == events
    changed = edit_dossier(admin, dossier.slug, {"name": "Garage Tout", "base_currency": "EUR"})
    assert changed.version == dossier.version + 1
    assert list_events(admin, dossier.slug)[0].after == {"name": "Garage Tout"}
