"""Undo: a person takes back their own action; someone else's only when named, by a role that may."""

from __future__ import annotations

import pytest

from books.access import permissions
from books.access.audit import list_events
from books.context import Workspace
from books.errors import InvalidInput, PermissionDenied
from books.parties import undo
from books.parties.changes import delete_parties, set_archived
from books.parties.listing import Selection, list_query, page
from books.parties.undo import next_undo, undo_last
from tests.books.test_parties import SLUG, dossier, ids, pick  # noqa: F401 (fixture)


def archived(ws: Workspace) -> set[str]:
    """Codes of the live archived customers."""
    from books.dossiers.service import get_dossier

    query = list_query(get_dossier(ws, SLUG).id, "customer", archived=True)
    return {row.code for row in page(ws, query, 0, 100) if row.archived}


def test_u_takes_back_my_own_last_action_not_the_newer_one_of_someone_else(
        team: dict[str, Workspace], dossier: int) -> None:  # noqa: F811
    alice, bob = team["alice"], team["bob"]
    set_archived(alice, SLUG, pick(alice, "C001"), True)
    set_archived(bob, SLUG, pick(alice, "C002"), True)
    mine = next_undo(alice, SLUG)
    assert mine is not None and mine.mine and mine.actor == "alice"
    assert undo_last(alice, SLUG).actor == "alice"
    assert archived(alice) == {"C002"}  # Bob's archive is untouched
    assert next_undo(alice, SLUG) is None
    with pytest.raises(InvalidInput, match="vous n'avez rien à annuler"):
        undo_last(alice, SLUG)
    assert archived(alice) == {"C002"}


def test_someone_elses_action_needs_its_entry_named_and_says_who_and_when(
        team: dict[str, Workspace], dossier: int) -> None:  # noqa: F811
    alice, bob = team["alice"], team["bob"]
    set_archived(alice, SLUG, Selection(query=list_query(dossier, "customer")), True)
    with pytest.raises(InvalidInput, match="rien à annuler"):
        undo_last(bob, SLUG)  # Bob's u does not silently take back Alice's 4 archivings
    assert len(archived(alice)) == 4
    theirs = next_undo(bob, SLUG, anyone=True)
    assert theirs is not None and not theirs.mine and theirs.actor == "alice"
    assert theirs.describe().startswith("archivage de 4 tiers, par alice, le ")
    done = undo_last(bob, SLUG, theirs.entry_id)
    assert (done.action, done.actor) == ("archive", "alice")
    assert archived(alice) == set()
    event = next(e for e in list_events(alice, SLUG) if e.action == "undo")
    assert (event.actor, event.after["done_by"]) == ("bob", "alice")
    with pytest.raises(InvalidInput, match="déjà été annulée"):
        undo_last(alice, SLUG, theirs.entry_id)


def test_undoing_someone_elses_action_is_checked_against_the_role(
        team: dict[str, Workspace], dossier: int, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    alice, bob, carol = team["alice"], team["bob"], team["carol"]
    set_archived(alice, SLUG, pick(alice, "C001"), True)
    entry = next_undo(alice, SLUG)
    assert entry is not None
    with pytest.raises(PermissionDenied):
        undo_last(carol, SLUG, entry.entry_id)  # a collaborator: never
    monkeypatch.setitem(permissions.ALLOWED, "party.undo_others", frozenset({"admin"}))
    with pytest.raises(PermissionDenied, match="annuler l'action d'une autre personne"):
        undo_last(bob, SLUG, entry.entry_id)  # the service checks this permission itself
    assert archived(alice) == {"C001"}
    set_archived(bob, SLUG, pick(alice, "C002"), True)
    undo_last(bob, SLUG)  # his own: allowed
    assert archived(alice) == {"C001"}


def test_an_action_is_not_taken_back_under_a_newer_one_on_the_same_parties(
        team: dict[str, Workspace], dossier: int) -> None:  # noqa: F811
    alice, bob = team["alice"], team["bob"]
    set_archived(alice, SLUG, pick(alice, "C001", "C002"), True)
    delete_parties(bob, SLUG, pick(alice, "C002"))
    with pytest.raises(InvalidInput, match=r"depuis, .*bob.* a fait « suppression de 1 tiers »"):
        undo_last(alice, SLUG)
    assert archived(alice) == {"C001"}  # nothing half-done
    theirs = next_undo(alice, SLUG, anyone=True)
    assert theirs is not None and theirs.actor == "bob"
    assert "suppression de 1 tiers, par Bob Lenoir (bob), le " in theirs.describe()
    undo_last(alice, SLUG, theirs.entry_id)
    undo_last(alice, SLUG)
    assert archived(alice) == set()


def test_undo_reports_progress_step_by_step(
        team: dict[str, Workspace], dossier: int, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    alice = team["alice"]
    monkeypatch.setattr(undo, "STEP", 3)
    set_archived(alice, SLUG, Selection(query=list_query(dossier, "customer")), True)
    seen: list[tuple[int, int]] = []
    undo_last(alice, SLUG, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 4), (3, 4), (4, 4)]
    assert ids(alice, dossier) == ["C002", "C003", "C004", "C001"]


def test_an_entry_of_another_dossier_is_refused(team: dict[str, Workspace], dossier: int) -> None:  # noqa: F811
    from books.dossiers.service import DossierDraft, create_dossier

    alice = team["alice"]
    create_dossier(alice, DossierDraft(name="Autre Dossier"))
    set_archived(alice, SLUG, pick(alice, "C001"), True)
    entry = next_undo(alice, SLUG)
    assert entry is not None
    with pytest.raises(InvalidInput, match="déjà été annulée"):
        undo_last(alice, "autre-dossier", entry.entry_id)
    assert archived(alice) == {"C001"}


def test_independent_changes_of_the_same_parties_do_not_block_an_undo(
        team: dict[str, Workspace], dossier: int) -> None:  # noqa: F811
    from books.parties.changes import change_group, party_groups
    from books.parties.listing import page as rows

    alice, bob = team["alice"], team["bob"]
    change_group(alice, SLUG, pick(alice, "C001", "C002"), "Export", add=True)
    set_archived(bob, SLUG, pick(alice, "C001"), True)  # the archived flag is another matter
    assert undo_last(alice, SLUG).action == "group_add"
    assert archived(alice) == {"C001"}
    listed = {r.code: r.groups for r in rows(alice, list_query(dossier, "customer", archived=True), 0, 10)}
    assert listed["C001"] == () and listed["C002"] == ()
    change_group(alice, SLUG, pick(alice, "C002"), "Export", add=True)
    change_group(bob, SLUG, pick(alice, "C002"), "Export", add=False)  # the same group: they tangle
    with pytest.raises(InvalidInput, match="annulez d'abord cette action-là"):
        undo_last(alice, SLUG)
    assert party_groups(alice, [r.id for r in rows(alice, list_query(dossier, "customer"), 0, 10)
                                if r.code == "C002"][0]) == []
