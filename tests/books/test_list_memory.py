"""What a list keeps in memory: one compact index, never a stale one beside it, nothing once closed."""

from __future__ import annotations

import gc
import weakref

from books.context import Workspace
from books.parties.changes import rename_party
from books.parties.list_index import ListIndex, Rows
from books.parties.listing import ListSource, list_query, read_page
from store.parties.listing import ListQuery
from tests.books.test_list_index import listed, ready  # noqa: F401 (fixture)


def test_a_stale_index_is_dropped_at_once_and_closing_drops_the_fresh_one(
        admin: Workspace, workspaces, listed: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    source = ListSource(admin)
    query = list_query(listed, "customer", "gare")
    ready(source, query)
    other = workspaces("alice")
    party = read_page(other, query, 0, 1)[0][0]
    rename_party(other, party.id, "Quincaillerie Dubois", party.version)
    assert source.indexes.get(query) is None
    assert source.indexes._index is None  # not held beside the one being built
    ready(source, query)
    source.close()
    assert source.indexes._index is None


def test_rows_read_in_chunks_match_like_strings() -> None:
    keys = ["c001 epicerie martin lyon", "c002 strasse koln", "c003 cafe ÿ straße", "c004 gare"]
    rows = Rows()
    rows.add([1, 2], keys[:2], [0, 0])
    rows.add([3], keys[2:3], [0])
    rows.add([], [], [])
    rows.add([4], keys[3:], [1])
    index = ListIndex((1, "customer", "name"), version=0, rows=rows)
    whole = ListIndex((1, "customer", "name"), [1, 2, 3, 4], keys, [False, False, False, True], version=0)
    for words in (("straße",), ("ÿ",), ("e",), ("c00", "gare"), ("ß", "cafe"), ("koln", "c003")):
        for archived in (False, True):
            query = ListQuery(1, "customer", words, archived)
            expected = [i + 1 for i, key in enumerate(keys)
                        if all(w in key for w in words) and (archived or i != 3)]
            assert index.page(query, 0, 10) == expected, words
            assert whole.page(query, 0, 10) == expected, words
    assert len(rows.text) == sum(len(k.encode()) + 1 for k in keys)


def test_a_dropped_index_is_freed_at_once_even_after_filtering(
        admin: Workspace, workspaces, listed: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The scans an index keeps (one per filter typed) must not make a cycle with it:
    the garbage collector's full passes are rare, and an index left to them stays
    in memory beside the one rebuilt after every commit."""
    source = ListSource(admin)
    query = list_query(listed, "customer", "gare")
    gone = weakref.ref(ready(source, query))
    for words in ("gare", "e", "lyon fine"):
        source.read(list_query(listed, "customer", words), 0, 5)
        source.read(list_query(listed, "customer", words, descending=True), 0, 5)
    other = workspaces("alice")
    party = read_page(other, query, 0, 1)[0][0]
    gc.disable()
    try:
        rename_party(other, party.id, "Quincaillerie Dubois", party.version)
        assert source.indexes.get(query) is None
        assert gone() is None
    finally:
        gc.enable()
        source.close()
