"""Archiving a whole list: a range of ids at a time, journaled as runs, undone exactly."""

from __future__ import annotations

import pytest

from books.context import Workspace
from books.parties.changes import add_party, set_archived
from books.parties.listing import Selection, list_query
from books.parties.undo import undo_last
from store.parties import changes as store_changes
from tests.books.test_parties import SLUG, dossier, ids, pick  # noqa: F401 (fixture)


def journal(ws: Workspace) -> dict[str, object]:
    from sqlalchemy import select

    from store.models import UndoEntry

    with ws.read() as session:
        return session.execute(select(UndoEntry.payload).order_by(UndoEntry.id.desc())).scalars().first()


@pytest.fixture
def many(team: dict[str, Workspace], dossier: int) -> int:  # noqa: F811
    for n in range(5, 31):
        add_party(team["alice"], SLUG, "customer", {"code": f"C{n:03d}", "name": f"Client {n:02d}"})
    return dossier


def test_archiving_all_matching_works_range_by_range_and_journals_runs(
        team: dict[str, Workspace], many: int, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = team["alice"]
    monkeypatch.setattr(store_changes, "ARCHIVE_STEP", 4)
    keep = pick(alice, "C001", "C017")
    everyone = list_query(many, "customer")
    seen: list[tuple[int, int]] = []
    selection = Selection(query=everyone, excluded=keep.ids)
    assert set_archived(alice, SLUG, selection, True, progress=lambda *p: seen.append(p)) == 28
    assert sorted(ids(alice, many)) == ["C001", "C017"]
    assert seen[0] == (0, 30) and seen[-1] == (28, 28) and len(seen) > 5
    payload = journal(alice)
    assert "ids" not in payload and payload["count"] == 28
    assert len(str(payload["runs"])) < 20  # three runs, not 28 numbers
    undo_last(alice, SLUG)
    assert len(ids(alice, many)) == 30


def test_a_filtered_archive_leaves_the_other_rows(team: dict[str, Workspace], many: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    alice = team["alice"]
    monkeypatch.setattr(store_changes, "ARCHIVE_STEP", 3)
    matching = ids(alice, many, filter_text="client 2")
    assert 0 < len(matching) < 30
    query = list_query(many, "customer", "client 2")
    assert set_archived(alice, SLUG, Selection(query=query), True) == len(matching)
    assert len(ids(alice, many)) == 30 - len(matching) and not ids(alice, many, filter_text="client 2")
    undo_last(alice, SLUG)
    assert ids(alice, many, filter_text="client 2") == matching


def test_a_range_s_ids_are_read_a_batch_at_a_time_into_runs(
        team: dict[str, Workspace], many: int, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = team["alice"]
    monkeypatch.setattr(store_changes, "ARCHIVE_STEP", 11)
    monkeypatch.setattr(store_changes, "RETURNED_BATCH", 3)
    everyone = list_query(many, "customer")
    assert set_archived(alice, SLUG, Selection(query=everyone), True) == 30
    assert ids(alice, many) == [] and journal(alice)["count"] == 30
    undo_last(alice, SLUG)
    assert len(ids(alice, many)) == 30


def test_ids_returned_out_of_order_are_sorted_before_they_become_runs() -> None:
    from array import array

    assert store_changes._increasing(array("q", [1, 2, 5, 9]))
    assert store_changes._increasing(array("q"))
    assert not store_changes._increasing(array("q", [1, 3, 2]))
    assert not store_changes._increasing(array("q", [4, 4]))
