"""Matching against a dossier's list, and learning from what people confirm.

Each list's :class:`~books.matching.index.MatchIndex` is built once per process
and kept up to date: when anyone commits (SQLite's data version; a fingerprint
of the list on PostgreSQL, looked at most once a second), only the parties
changed since the last look are read again. A few lists are kept; the least
recently used one is dropped.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from books.errors import InvalidInput, NotFound
from books.i18n import t
from books.matching.index import Alias, MatchIndex, PartyKeys, city_words
from books.matching.matcher import Match, Query, compact_iban, compact_vat, match
from books.matching.names import reduce_name

if TYPE_CHECKING:
    from books.context import Workspace
    from store.matching import AliasRow, MatchRow

KEPT_LISTS = 4
"""Indexes kept per process (a 100,000-party list takes ~50 MB)."""
POLL_S = 1.0
"""Where commits cannot be watched cheaply, the list's fingerprint is read at most this often."""
MAX_NAME = 500
"""Longer names are cut: no company name is longer, and scoring cost grows with length."""


@dataclass
class _Cached:
    index: MatchIndex
    stamp: tuple[Any, ...]
    since: datetime | None
    checked: float
    watch: Any = None


_cache: OrderedDict[tuple[int, int, str], _Cached] = OrderedDict()
_lock = threading.RLock()


def match_names(ws: Workspace, slug: str, kind: str, queries: Iterable[Query]) -> list[Match]:
    """The decision for each query against the dossier's customers or suppliers."""
    from books.dossiers.service import get_dossier

    dossier = get_dossier(ws, slug)
    index = list_index(ws, dossier.id, kind)
    return [match(index, _bounded(q)) for q in queries]


def list_index(ws: Workspace, dossier_id: int, kind: str,
               max_age_s: float | None = None) -> MatchIndex:
    """The up-to-date index of one list (built on first use).

    Args:
        max_age_s: changes by others may be this many seconds late (a batch of
            documents would otherwise look for changes after each of its own commits);
            0 looks now. By default SQLite looks at every call (its commit counter
            costs nothing) and PostgreSQL at most every :data:`POLL_S`.
    """
    key = (id(ws.engine), dossier_id, kind)
    with _lock:
        cached = _cache.get(key)
        if cached is None:
            cached = _build(ws, dossier_id, kind)
            _cache[key] = cached
            while len(_cache) > KEPT_LISTS:
                _forget(_cache.popitem(last=False)[1])
        else:
            _cache.move_to_end(key)
            if max_age_s is None:
                max_age_s = 0.0 if cached.watch is not None else POLL_S
            if time.monotonic() - cached.checked >= max_age_s:
                _refresh(ws, dossier_id, kind, cached)
        return cached.index


def _stale(ws: Workspace, dossier_id: int, kind: str) -> None:
    """This process changed the list: look again at the next match, whatever the poll."""
    with _lock:
        cached = _cache.get((id(ws.engine), dossier_id, kind))
        if cached is not None:
            cached.checked = float("-inf")  # SQLite's watch sees the commit by itself


def forget_indexes() -> None:
    """Drop every cached index (tests; a process that stops matching)."""
    with _lock:
        while _cache:
            _forget(_cache.popitem()[1])


def _forget(cached: _Cached) -> None:
    if cached.watch is not None:
        cached.watch.close()


def _build(ws: Workspace, dossier_id: int, kind: str) -> _Cached:
    from store.matching import list_aliases, list_stamp, match_rows
    from store.parties.listing import ChangeWatch

    watch = ChangeWatch(ws.engine) if ws.engine.dialect.name == "sqlite" else None
    if watch is not None:
        watch.changed()
    with ws.read() as session:
        stamp = list_stamp(session=session, dossier_id=dossier_id, kind=kind)
        rows = match_rows(session=session, dossier_id=dossier_id, kind=kind)
        aliases = list_aliases(session=session, dossier_id=dossier_id, kind=kind)
    # The index lives as long as the process matches: the build moves it out of the
    # collector's generations, so 100,000 parties' objects are no longer walked by every
    # full collection (which otherwise adds 5-15 ms pauses to the queries that trigger one).
    index = MatchIndex.build((keys_of(r) for r in rows), (_alias(a) for a in aliases))
    return _Cached(index=index, stamp=stamp, since=stamp[0], checked=time.monotonic(), watch=watch)


def _refresh(ws: Workspace, dossier_id: int, kind: str, cached: _Cached) -> None:
    from store.matching import list_aliases, list_stamp, match_rows

    cached.checked = time.monotonic()
    if cached.watch is not None and not cached.watch.changed():
        return
    with ws.read() as session:
        stamp = list_stamp(session=session, dossier_id=dossier_id, kind=kind)
        if stamp == cached.stamp:
            return
        changed = match_rows(session=session, dossier_id=dossier_id, kind=kind,
                             changed_since=cached.since)
        aliases = (list_aliases(session=session, dossier_id=dossier_id, kind=kind)
                   if stamp[3:] != cached.stamp[3:] else None)
    for row in changed:
        if row.active:
            cached.index.put(keys_of(row))
        else:
            cached.index.remove(row.id)
    if aliases is not None:
        cached.index.by_alias.clear()
        for alias in aliases:
            cached.index.add_alias(_alias(alias))
    cached.stamp, cached.since = stamp, stamp[0] or cached.since


def keys_of(row: MatchRow) -> PartyKeys:
    """What the index keeps of a party row."""
    return PartyKeys(
        id=row.id, code=row.code, name=row.name, reduced=reduce_name(row.name, row.city),
        city=city_words(row.city), siren=row.siren or (row.siret[:9] if row.siret else None),
        vat=compact_vat(row.vat_id), iban=compact_iban(row.iban),
    )


def _alias(row: AliasRow) -> Alias:
    return Alias(party_id=row.party_id, name=row.name, by=row.created_by, at=row.created_at)


def _bounded(query: Query) -> Query:
    """The query with its name cut to :data:`MAX_NAME` and control characters removed."""
    name = "".join(ch if ch.isprintable() else " " for ch in query.name[:MAX_NAME])
    return Query(name=name, siren=query.siren, siret=query.siret, vat=query.vat,
                  iban=query.iban, city=query.city)


# ------------------------------------------------------------------ learning


def confirm_name(ws: Workspace, slug: str, kind: str, code: str, name: str) -> AliasRow | None:
    """Remember ``name`` (as printed on a document) as a name of the party ``code``.

    Called when a person confirms a match, picks another party, or adds the
    detected name as a new party; the next document carrying it matches ``auto``.

    Returns:
        The new confirmed name, or ``None`` when the party's own name or an existing
        confirmed name already reads the same.

    Raises:
        InvalidInput: the name is empty.
        NotFound: no such party.
    """
    from books.access.permissions import require
    from books.matching.index import alias_key
    from books.parties.changes import get_party
    from books.safetext import strip_controls
    from store import audit
    from store.matching import add_alias, aliases_of

    require(ws.user, "document.review")
    printed = " ".join(strip_controls(name).split())[:200]  # no escape sequence kept (issue 14)
    if not reduce_name(printed).core:
        raise InvalidInput(t("match.error.empty"))
    party = get_party(ws, slug, kind, code)
    key = alias_key(printed)
    with ws.transaction() as session:
        known = [alias_key(a.name) for a in aliases_of(session=session, party_id=party.id)]
        if key == alias_key(party.name) or key in known:
            return None
        alias = add_alias(session=session, party_id=party.id, name=printed, created_by=ws.user.login)
        audit.add_event(session=session, actor=ws.user.login, dossier_id=party.dossier_id,
                        entity="party", entity_id=party.code, action="alias_add",
                        after={"name": printed, "party": party.name})
    _stale(ws, party.dossier_id, kind)
    return alias


def forget_learnt(ws: Workspace, alias_id: int) -> bool:
    """Forget a confirmed name an action of the acting user taught (the undo of an
    assign); False when it is gone already.

    A collaborator forgets only a name they taught; team leads and admins any
    (as :func:`remove_alias`).

    Raises:
        PermissionDenied: a name another person taught, for a collaborator.
    """
    from books.access.permissions import require
    from store import audit
    from store.matching import delete_alias, get_alias
    from store.models import Party

    require(ws.user, "document.review")
    with ws.transaction() as session:
        alias = get_alias(session=session, alias_id=alias_id)
        if alias is None:
            return False
        if alias.created_by != ws.user.login:
            require(ws.user, "party.edit")
        party = session.get_one(Party, alias.party_id)
        dossier_id, kind, code, name = party.dossier_id, party.kind, party.code, party.name
        delete_alias(session=session, alias_id=alias_id)
        audit.add_event(session=session, actor=ws.user.login, dossier_id=dossier_id,
                        entity="party", entity_id=code, action="alias_remove",
                        before={"name": alias.name, "by": alias.created_by, "party": name})
    _stale(ws, dossier_id, kind)
    return True


def party_aliases(ws: Workspace, slug: str, kind: str, code: str) -> list[AliasRow]:
    """The names confirmed as the party's, oldest first."""
    from books.parties.changes import get_party
    from store.matching import aliases_of

    party = get_party(ws, slug, kind, code)
    with ws.read() as session:
        return aliases_of(session=session, party_id=party.id)


def remove_alias(ws: Workspace, slug: str, kind: str, code: str, alias_id: int) -> AliasRow:
    """Forget a confirmed name of the party (team leads and admins).

    Raises:
        NotFound: the party has no such confirmed name.
    """
    from books.access.permissions import require
    from books.parties.changes import get_party
    from store import audit
    from store.matching import delete_alias, get_alias

    require(ws.user, "party.edit")
    party = get_party(ws, slug, kind, code)
    with ws.transaction() as session:
        alias = get_alias(session=session, alias_id=alias_id)
        if alias is None or alias.party_id != party.id:
            raise NotFound(t("match.error.no_alias", code=code, alias=alias_id))
        delete_alias(session=session, alias_id=alias_id)
        audit.add_event(session=session, actor=ws.user.login, dossier_id=party.dossier_id,
                        entity="party", entity_id=party.code, action="alias_remove",
                        before={"name": alias.name, "by": alias.created_by})
    _stale(ws, party.dossier_id, kind)
    return alias
