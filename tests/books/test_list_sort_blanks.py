"""Sorting a list on a column that may be empty (SIREN, city): the empty ones last,
in both directions, the same from SQL (keyset pages included) and the in-memory index."""

from __future__ import annotations

import itertools

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.identity import siren_check_digit
from books.parties.changes import add_party, set_archived
from books.parties.listing import ListSource, Selection, list_query, read_page
from tests.books.test_list_index import ready

SLUG = "cave-leroy"


@pytest.fixture
def listed(admin: Workspace) -> int:
    """30 customers: a third without SIREN, a quarter without city, some archived."""
    create_dossier(admin, DossierDraft(name="Cave Leroy"))
    for n in range(30):
        stem = f"{40000000 + (n * 7919) % 1000:08d}"
        add_party(admin, SLUG, "customer", {
            "code": f"C{n:02}", "name": f"Client {'martin' if n % 2 else 'roux'} {n}",
            "siren": None if n % 3 == 0 else stem + siren_check_digit(stem),
            "city": None if n % 4 == 0 else ("Lyon", "Paris", "Évry")[n % 3]})
    dossier_id = get_dossier(admin, SLUG).id
    assert dossier_id is not None
    set_archived(admin, SLUG, Selection(query=list_query(dossier_id, "customer", "roux 1")), True)
    return dossier_id


def _all(admin: Workspace, query: object, limit: int) -> list[object]:
    """Every row, read page by page through the keyset."""
    rows, after = [], None
    while True:
        page, after = read_page(admin, query, 0, limit, after)  # type: ignore[arg-type]
        rows.extend(page)
        if len(page) < limit:
            return rows


@pytest.mark.parametrize("sort", ["siren", "city"])
def test_empty_values_come_last_in_both_directions(admin: Workspace, listed: int, sort: str) -> None:
    for descending in (False, True):
        query = list_query(listed, "customer", "", True, sort, descending)
        values = [getattr(r, sort) or "" for r in _all(admin, query, 4)]
        filled = [v for v in values if v]
        assert len(values) == 30 and values[len(filled):] == [""] * (30 - len(filled))
        assert filled == sorted(filled, reverse=descending)


def test_the_index_gives_the_sql_rows_with_empty_values(admin: Workspace, listed: int) -> None:
    source = ListSource(admin)
    for text, archived, descending, sort in itertools.product(
            ("client", "martin", "roux 1", "2", "zzz"), (False, True), (False, True), ("siren", "city")):
        query = list_query(listed, "customer", text, archived, sort, descending)
        ready(source, query)
        for offset, limit in ((0, 64), (0, 3), (5, 7)):
            expected = [r.id for r in read_page(admin, query, offset, limit)[0]]
            now = source.read_now(query, offset, limit)
            assert now is not None
            assert [r.id for r in now] == expected, (text, archived, descending, sort, offset)
    source.close()


def test_the_dossier_card_does_not_count_deleted_parties(admin: Workspace, listed: int) -> None:
    from books.dossiers.service import dossier_details
    from books.parties.changes import delete_parties, get_party
    from books.parties.listing import count

    live = count(admin, list_query(listed, "customer"))
    assert dossier_details(admin, SLUG)["counts"]["customer"] == live
    gone = get_party(admin, SLUG, "customer", "C05")
    delete_parties(admin, SLUG, Selection(ids=frozenset({gone.id})))
    assert dossier_details(admin, SLUG)["counts"]["customer"] == live - 1
