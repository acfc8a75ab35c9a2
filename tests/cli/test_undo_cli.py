"""``saisie undo``: one's own action by default, someone else's with ``--others`` and a confirmation;
``saisie parties delete`` keeps the parties that have documents."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Run, lines

D = ("--dossier", "cave-leroy", "--kind", "customer")
UNDO = ("undo", "--dossier", "cave-leroy")


@pytest.fixture
def shared(cli: Run) -> Run:
    """Alice (admin) archived C1; Bob is a team lead, Carol a collaborator, both on the dossier."""
    cli("dossier", "create", "Cave Leroy")
    cli("user", "add", "bob", "--role", "team_lead", "--name", "Bob Lenoir")
    cli("user", "add", "carol", "--role", "collaborator")
    cli("dossier", "edit", "cave-leroy", "--access", "bob", "--access", "carol")
    for code in ("C1", "C2"):
        cli("parties", "add", *D, "--code", code, "--name", f"Client {code}")
    assert cli("parties", "archive", "C1", *D).exit_code == 0
    return cli


def archived(cli: Run) -> list[str]:
    return [p["code"] for p in lines(cli("parties", "list", *D, "--archived", "--json")) if p["archived"]]


def test_undo_takes_back_only_my_own_action_by_default(shared: Run) -> None:
    refused = shared(*UNDO, user="bob")
    assert refused.exit_code == 1
    assert "vous n'avez rien à annuler dans ce dossier" in refused.stderr
    assert "archivage de 1 tiers, par alice, le " in refused.stderr and "--others" in refused.stderr
    assert archived(shared) == ["C1"]
    shared("parties", "archive", "C2", *D, user="bob")
    assert lines(shared(*UNDO, "--json", user="alice")) == [
        {"undone": "archive", "summary": "archivage de 1 tiers", "done_by": "alice"}]
    assert archived(shared) == ["C2"]  # Bob's newer archive is still there


def test_undo_others_asks_and_needs_yes_without_a_terminal(shared: Run) -> None:
    asked = shared(*UNDO, "--others", user="bob")
    assert asked.exit_code == 1 and "ajoutez --yes pour confirmer" in asked.stderr
    assert "archivage de 1 tiers, par alice" in asked.stderr
    assert archived(shared) == ["C1"]
    done = shared(*UNDO, "--others", "--yes", "--json", user="bob")
    assert done.exit_code == 0, done.stderr
    assert lines(done)[0]["done_by"] == "alice"
    assert archived(shared) == []
    assert shared(*UNDO, "--others", "--yes", user="bob").stderr.strip() == "saisie: rien à annuler dans ce dossier"


def test_undo_others_on_a_terminal_defaults_to_no(shared: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli import parties_manage

    monkeypatch.setattr(parties_manage, "on_terminal", lambda: True)
    declined = shared(*UNDO, "--others", user="bob", input="\n")
    assert "Annuler l'action de quelqu'un d'autre : archivage de 1 tiers, par alice" in declined.stderr
    assert declined.exit_code == 1 and "rien n'a été annulé" in declined.stderr
    assert archived(shared) == ["C1"]
    assert shared(*UNDO, "--others", user="bob", input="o\n").exit_code == 0
    assert archived(shared) == []


def test_a_collaborator_may_not_undo_someone_elses_action(shared: Run) -> None:
    refused = shared(*UNDO, "--others", "--yes", user="carol")
    assert refused.exit_code == 1 and "refusé" in refused.stderr
    assert archived(shared) == ["C1"]


def test_delete_keeps_and_names_parties_with_documents(shared: Run, database: str) -> None:
    from sqlalchemy import create_engine, select

    from store.documents import insert_many
    from store.models import Party

    engine = create_engine(database if "://" in database else f"sqlite:///{database}")
    with engine.begin() as connection:
        from sqlalchemy.orm import Session

        session = Session(bind=connection)
        c2, dossier = session.execute(select(Party.id, Party.dossier_id).where(Party.code == "C2")).one()
        insert_many(session=session, rows=[{
            "dossier_id": dossier, "direction": "sale", "status": "published", "party_id": c2,
            "file_hash": "h1", "stored_path": "/a/1", "original_name": "1.xml"}])
        session.flush()
    engine.dispose()
    shared("parties", "add", *D, "--code", "C3", "--name", "Client C3")
    result = shared("parties", "delete", "C2", "C3", *D, "--json")
    assert lines(result) == [{"action": "delete", "count": 1, "kept": 1, "kept_names": ["Client C2"]}]
    alone = shared("parties", "delete", "C2", *D)
    assert alone.exit_code == 1 and "archivez-le plutôt" in alone.stderr
