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


@pytest.mark.parametrize("sort", ["name", "code", "city"])
def test_a_child_process_reads_the_same_keys_as_the_app_would(
        team: dict[str, Workspace], listed: int, sort: str) -> None:
    from store.parties.key_dump import KeyDump

    alice = team["alice"]
    if alice.engine.dialect.name != "sqlite":
        pytest.skip("the child reads SQLite files")
    add_party(alice, SLUG, "customer", {"code": "C900", "name": "Ligne\nbrisée", "city": "Évry"})
    set_archived(alice, SLUG, pick(alice, "C010", "C030"), True)
    with alice.read() as session:
        chunks = list(store_listing.search_keys(session=session, dossier_id=listed, kind="customer",
                                                sort=sort))
    ids = [i for chunk_ids, _keys, _flags in chunks for i in chunk_ids]
    keys = [k.replace("\n", " ") for _ids, chunk_keys, _flags in chunks for k in chunk_keys]
    flags = bytes(f for _ids, _keys, chunk_flags in chunks for f in chunk_flags)
    got_ids, starts, got_flags, text = KeyDump(alice.engine, listed, "customer", sort).result()
    assert list(got_ids) == ids and bytes(got_flags) == flags and sum(flags) == 2
    assert text.decode().split("\n")[:-1] == keys
    assert [text[starts[n]:starts[n + 1] - 1].decode() for n in range(len(ids))] == keys


def test_the_filter_index_is_read_in_this_process_when_the_child_fails(
        team: dict[str, Workspace], listed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from books.parties import list_index
    from store.parties import key_dump

    def broken(self: key_dump.KeyDump) -> None:
        raise OSError("key dump cut short")

    monkeypatch.setattr(key_dump.KeyDump, "result", broken)
    monkeypatch.setattr(list_index, "CHILD_FROM", 0)  # 40 parties: read by the child
    alice = team["alice"]
    source = ListSource(alice)
    query = list_query(listed, "customer", "client 1")
    for _ in range(200):
        if source.indexes.get(query) is not None:
            break
        time.sleep(0.02)
    index = source.indexes.get(query)
    assert index is not None and len(index) == 40
    from books.parties.listing import page

    assert source.read(query, 0, 20)[0] == page(alice, query, 0, 20)  # the index's page, and SQL's
    source.close()


@pytest.mark.parametrize("child_from", [0, 10_000])
def test_a_large_list_has_its_index_read_by_the_child_a_small_one_here(
        team: dict[str, Workspace], listed: int, monkeypatch: pytest.MonkeyPatch,
        child_from: int) -> None:
    import time

    from books.parties import list_index
    from books.parties.listing import page
    from store.parties import key_dump

    alice = team["alice"]
    started: list[object] = []
    start = key_dump.KeyDump.__init__

    def spy(self: key_dump.KeyDump, *args: object) -> None:
        started.append(args)
        start(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(key_dump.KeyDump, "__init__", spy)
    monkeypatch.setattr(list_index, "CHILD_FROM", child_from)
    set_archived(alice, SLUG, pick(alice, "C012"), True)
    source = ListSource(alice)
    query = list_query(listed, "customer", "client 1")
    for _ in range(300):
        if source.indexes.get(query) is not None:
            break
        time.sleep(0.02)
    assert source.indexes.get(query) is not None
    assert source.read(query, 0, 20)[0] == page(alice, query, 0, 20)
    source.close()
    on_sqlite = alice.engine.dialect.name == "sqlite"
    assert len(started) == (1 if on_sqlite and child_from == 0 else 0)
