"""The in-memory list index gives exactly the rows SQL gives, and is never used stale."""

from __future__ import annotations

import itertools
import time

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.parties.changes import add_party, rename_party, set_archived
from books.parties.list_index import ListIndex
from books.parties.listing import ListSource, Selection, count, list_query, read_page

SLUG = "epicerie-centrale"
NAMES = ("Épicerie Fine Martin", "Boucherie Lefèvre", "Café de la Gare", "Cave Leroy",
         "Boulangerie Martin", "Martine Boulanger", "Garage du Marché", "Œnothèque Fine")
CITIES = ("Lyon", "Paris", "Nantes", "Évry")


@pytest.fixture
def listed(admin: Workspace) -> int:
    """40 customers whose names, cities and codes overlap in many ways; 5 archived."""
    create_dossier(admin, DossierDraft(name="Épicerie Centrale"))
    for n in range(40):
        add_party(admin, SLUG, "customer", {
            "code": f"C{n:03}", "name": f"{NAMES[n % len(NAMES)]} {n // len(NAMES)}",
            "city": CITIES[n % len(CITIES)]})
    dossier_id = get_dossier(admin, SLUG).id
    assert dossier_id is not None
    set_archived(admin, SLUG, Selection(query=list_query(dossier_id, "customer",
                                                                         "martin")), True)
    return dossier_id


def ready(source: ListSource, query: object) -> ListIndex:
    """Wait for the source's index to be built and fresh."""
    deadline = time.monotonic() + 10
    while (index := source.indexes.get(query)) is None:  # type: ignore[arg-type]
        assert time.monotonic() < deadline, "the index was never built"
        time.sleep(0.01)
    return index


FILTERS = ("martin", "MARTIN", "boul", "fine lyon", "lyon fine", "e", "c00", "ce", "oe", "zzz",
           "martin 0", "gare nantes 1", "évry")


def test_index_pages_and_counts_equal_sql(admin: Workspace, listed: int) -> None:
    source = ListSource(admin)
    ready(source, list_query(listed, "customer"))
    for text, archived, descending, sort in itertools.product(
            FILTERS, (False, True), (False, True), ("name", "city")):
        query = list_query(listed, "customer", text, archived, sort, descending)
        ready(source, query)  # one list at a time: a new sort rebuilds it
        for offset, limit in ((0, 64), (0, 3), (3, 5), (7, 64)):
            expected = [r.id for r in read_page(admin, query, offset, limit)[0]]
            now = source.read_now(query, offset, limit)
            assert now is not None
            assert [r.id for r in now] == expected, (text, archived, descending, sort, offset)
            assert [r.id for r in source.read(query, offset, limit)[0]] == expected
        assert source.count(query) == count(admin, query), (text, archived)
    source.close()


def test_index_is_not_used_after_a_commit_and_is_rebuilt(
        admin: Workspace, workspaces, listed: int) -> None:  # type: ignore[no-untyped-def]
    source = ListSource(admin)
    query = list_query(listed, "customer", "gare")
    ready(source, query)
    before = [r.name for r in source.read_now(query, 0, 64) or []]
    other = workspaces("alice")  # another terminal
    party = next(r for r in read_page(other, query, 0, 1)[0])
    rename_party(other, party.id, "Quincaillerie Dubois", party.version)
    assert source.indexes.get(query) is None or not source.read_now(query, 0, 64) == before
    rows, _ = source.read(query, 0, 64)  # SQL while the index is rebuilt: already right
    assert "Quincaillerie Dubois" not in [r.name for r in rows] and len(rows) == len(before) - 1
    ready(source, query)
    assert [r.id for r in source.read_now(query, 0, 64) or []] == [r.id for r in rows]
    add_party(other, SLUG, "customer", {"code": "N001", "name": "Gare de l'Est"})
    ready(source, query)
    assert "Gare de l'Est" in [r.name for r in source.read_now(query, 0, 64) or []]
    source.close()


def test_unfiltered_lists_and_lists_being_built_are_read_from_sql(admin: Workspace, listed: int) -> None:
    source = ListSource(admin)
    assert source.read_now(list_query(listed, "customer", "gare"), 0, 64) is None  # building
    ready(source, list_query(listed, "customer"))
    assert source.read_now(list_query(listed, "customer"), 0, 64) is None  # no filter: SQL
    source.close()


def test_keys_holding_a_line_break_match_like_sql() -> None:
    from store.parties.listing import ListQuery

    index = ListIndex((1, "customer", "name"), [10, 11, 12], ["a\nb", "ab", "xyz"],
                      [False, False, True], version=0)
    query = ListQuery(1, "customer", ("b",))
    assert index.page(query, 0, 10) == [10, 11]
    assert index.page(ListQuery(1, "customer", ("ab",)), 0, 10) == [11]  # not across the break
    assert index.page(ListQuery(1, "customer", ("xyz",)), 0, 10) == []  # archived
    assert index.page(ListQuery(1, "customer", ("xyz",), archived=True), 0, 10) == [12]
    assert index.count(query) == 2
