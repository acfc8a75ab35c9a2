"""The archived flag kept out of the covering list indexes (migration 0012).

Archiving a whole list must not rewrite the name- and code-ordered covering
indexes, and a list hiding archived parties must give the same rows whichever
way it leaves them out (the ids of ``ix_party_archived`` as a set, the smaller
of archived and active, or the column itself).
"""

from __future__ import annotations

import pytest

from books.context import Workspace
from books.parties.changes import add_party, set_archived
from books.parties.listing import ListSource, Selection, list_query
from store.models import Party
from store.parties import listing as store_listing
from tests.books.test_parties import SLUG, dossier, pick  # noqa: F401 (fixture)


def test_no_covering_index_holds_the_archived_flag() -> None:
    indexes = {index.name: [c.name for c in index.columns] for index in Party.__table__.indexes}
    assert "archived" not in indexes["ix_party_list"]
    assert "archived" not in indexes["ix_party_code_order"]
    assert indexes["ix_party_archived"] == ["dossier_id", "kind", "archived", "deleted_at", "id"]


@pytest.fixture
def listed(team: dict[str, Workspace], dossier: int) -> int:  # noqa: F811
    for n in range(5, 41):
        add_party(team["alice"], SLUG, "customer",
                  {"code": f"C{n:03d}", "name": f"Client {n:02d}", "city": "Lyon" if n % 3 else "Nantes"})
    return dossier


def _plain(ws: Workspace, query: store_listing.ListQuery) -> tuple[int, list[int], list[int]]:
    """Count, first rows and every id, with the archived column compared row by row."""
    from sqlalchemy import func, select

    with ws.read() as session:
        condition = store_listing.where(query)
        total = session.execute(select(func.count()).select_from(Party).where(condition)).scalar_one()
        every = sorted(session.execute(select(Party.id).where(condition)).scalars())
        ordered = list(session.execute(select(Party.id).where(condition)
                                       .order_by(Party.sort_key, Party.id).offset(3).limit(7)).scalars())
    return total, ordered, every


def _listed(ws: Workspace, query: store_listing.ListQuery) -> tuple[int, list[int], list[int]]:
    with ws.read() as session:
        total = store_listing.count(session=session, query=query)
        rows, _end = store_listing.page(session=session, query=query, offset=3, limit=7)
        every = sorted(store_listing.ids(session=session, query=query))
    return total, [r.id for r in rows], every


@pytest.mark.parametrize("small_set", [1, 5, 100])
@pytest.mark.parametrize("archive", ["none", "few", "most", "all"])
def test_a_list_hiding_archived_parties_gives_the_same_rows_whichever_set_it_uses(
        team: dict[str, Workspace], listed: int, monkeypatch: pytest.MonkeyPatch,
        small_set: int, archive: str) -> None:
    alice = team["alice"]
    monkeypatch.setattr(store_listing, "SMALL_SET", small_set)
    codes = {"none": [], "few": ["C001", "C007", "C020"],
             "most": [f"C{n:03d}" for n in range(1, 41) if n % 5],
             "all": [f"C{n:03d}" for n in range(1, 41)]}[archive]
    if codes:
        set_archived(alice, SLUG, pick(alice, *codes), True)
    for words in ("", "client", "lyon", "client 1"):
        query = list_query(listed, "customer", words)
        assert _listed(alice, query) == _plain(alice, query), (archive, words)
        shown = list_query(listed, "customer", words, archived=True)
        assert _listed(alice, shown) == _plain(alice, shown), (archive, words)


def test_the_filter_index_reads_the_archived_flags_from_their_own_index(
        team: dict[str, Workspace], listed: int) -> None:
    alice = team["alice"]
    set_archived(alice, SLUG, pick(alice, "C010", "C030"), True)
    archived_ids = set(pick(alice, "C010", "C030").ids)
    with alice.read() as session:
        chunks = list(store_listing.search_keys(session=session, dossier_id=listed, kind="customer",
                                                sort="name", chunk=7))
    flags = {i: f for ids, _keys, marks in chunks for i, f in zip(ids, marks, strict=True)}
    assert len(flags) == 40 and {i for i, f in flags.items() if f} == archived_ids
    source = ListSource(alice)
    query = list_query(listed, "customer", "client")
    for _ in range(200):  # built in the background
        if source.indexes.get(query) is not None:
            break
        import time

        time.sleep(0.02)
    index = source.indexes.get(query)
    assert index is not None
    assert not archived_ids & set(index.page(query, 0, 100))
    everything = list_query(listed, "customer", "client", archived=True)
    assert archived_ids <= set(index.page(everything, 0, 100))
    source.close()


def test_archiving_everything_then_undoing_keeps_counts_and_pages_right(
        team: dict[str, Workspace], listed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from books.parties.undo import undo_last

    alice = team["alice"]
    monkeypatch.setattr(store_listing, "SMALL_SET", 4)
    everyone = list_query(listed, "customer")
    assert set_archived(alice, SLUG, Selection(query=everyone), True) == 40
    assert _listed(alice, everyone) == (0, [], [])
    undo_last(alice, SLUG)
    assert _listed(alice, everyone) == _plain(alice, everyone) and _listed(alice, everyone)[0] == 40
