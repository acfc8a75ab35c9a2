"""Changing parties: add, edit, rename, archive, delete, groups, merge.

Every change checks the role, writes the audit log, and the destructive ones
journal what it takes to undo them exactly (the journal is in the database,
so it survives closing the app; :mod:`books.parties.undo` takes them back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from books.i18n import t
from books.parties.fields import clean_fields, search_key, sort_key, with_keys
from books.parties.listing import Selection

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from store.models import Dossier, Party

IDENTITY = ("code", "name", "siren", "siret", "vat_id")
"""Fields that belong to the accounting software in a connected dossier."""

AUDIT_IDS = 200
"""At most this many ids are written in an audit event (the count is always there)."""


@dataclass(frozen=True)
class Deletion:
    """What a delete of a selection does: parties tied to documents are kept."""

    deleted: int
    """Parties deleted (or, for a plan, that would be)."""
    kept: int
    """Parties refused because documents are tied to them (archive them instead)."""
    kept_names: tuple[str, ...] = ()
    """The names of the first kept parties, to say which."""
    kept_documents: int = 0
    """Documents tied to the kept parties."""
    deleted_names: tuple[str, ...] = ()
    """The names of the first deleted parties (for the confirmation)."""

    def refusal(self) -> str | None:
        """Why nothing can be deleted (every selected party has documents), if so."""
        if self.deleted:
            return None
        if self.kept == 1:
            return t("party.has_documents", count=self.kept_documents)
        return t("delete.all_have_documents", count=self.kept)


KEPT_NAMED = 5
"""At most this many kept (or deleted) parties are named in a message."""


def _dossier(ws: Workspace, slug: str) -> Dossier:
    from books.dossiers.service import get_dossier

    return get_dossier(ws, slug)


def connected_refusal(dossier: Dossier) -> str | None:
    """Why names and identities cannot be changed here, if the dossier is connected."""
    if dossier.accounting_software:
        return t("party.connected", software=dossier.accounting_software)
    return None


def _refuse_if_connected(dossier: Dossier) -> None:
    message = connected_refusal(dossier)
    if message:
        raise PermissionDenied(message)


def _snapshot(party: Party) -> dict[str, Any]:
    data = party.model_dump(exclude={"sort_key", "search_key", "created_at", "updated_at"})
    return {k: (str(v) if v is not None and not isinstance(v, (str, int, bool, dict, list)) else v)
            for k, v in data.items()}


def _audit(session: Session, ws: Workspace, dossier: Dossier, action: str,
           entity_id: str | None = None, **kwargs: Any) -> None:
    from store.audit import add_event

    if kwargs.get("after"):
        kwargs["after"] = _named(session, kwargs["after"])
    add_event(session=session, actor=ws.user.login, dossier_id=dossier.id, entity="party",
              entity_id=entity_id, action=action, **kwargs)


def _named(session: Session, payload: dict[str, Any]) -> dict[str, Any]:
    """An audit payload with the parties it names by code, never by internal id
    (``ids`` → ``codes``, a merge's ``keep`` and ``merged`` likewise)."""
    from store.parties.changes import codes_of

    named = dict(payload)
    wanted = [*named.get("ids", ()), *named.get("merged", ())]
    if isinstance(named.get("keep"), int):
        wanted.append(named["keep"])
    if not wanted:
        return named
    codes = codes_of(session=session, party_ids=wanted)
    if "ids" in named:
        named["codes"] = [codes.get(i, str(i)) for i in named.pop("ids")]
    if "merged" in named:
        named["merged"] = [codes.get(i, str(i)) for i in named["merged"]]
    if isinstance(named.get("keep"), int):
        named["keep"] = codes.get(named["keep"], str(named["keep"]))
    return named


def _journal(session: Session, ws: Workspace, dossier: Dossier, action: str, summary: str,
             payload: dict[str, Any]) -> None:
    from store.parties.merge import add_undo

    add_undo(session=session, dossier_id=dossier.id, actor=ws.user.login, action=action,
             summary=summary, payload=payload)


# --------------------------------------------------------------------- reads


def get_party(ws: Workspace, slug: str, kind: str, code: str) -> Party:
    """A live party of a dossier's list, by code."""
    from store.parties.changes import get_by_code

    dossier = _dossier(ws, slug)
    with ws.read() as session:
        party = get_by_code(session=session, dossier_id=dossier.id, kind=kind, code=code)
    if party is None:
        raise NotFound(t("party.not_found", code=code))
    return party


def party_ids(ws: Workspace, slug: str, kind: str, codes: Sequence[str]) -> list[int]:
    """The ids of live parties of a dossier's list, by code, read at once (a command
    line naming 20,000 codes made as many reads, 26-67 s, with :func:`get_party`).

    Raises:
        NotFound: naming the first code given that no live party of the list has.
    """
    from store.parties.changes import live_ids_by_code

    dossier = _dossier(ws, slug)
    with ws.read() as session:
        found = live_ids_by_code(session=session, dossier_id=dossier.id, kind=kind,
                                 codes=list(dict.fromkeys(codes)))
    for code in codes:
        if code not in found:
            raise NotFound(t("party.not_found", code=code))
    return [found[code] for code in codes]


def get_party_by_id(ws: Workspace, party_id: int) -> Party:
    """A party by id, if the user may open its dossier."""
    from books.dossiers.service import list_dossiers
    from store.parties.changes import get

    with ws.read() as session:
        party = get(session=session, party_id=party_id)
    allowed = {e.row.id for e in list_dossiers(ws)} | {e.row.id for e in list_dossiers(ws, archived=True)}
    if party is None or party.deleted_at is not None or party.dossier_id not in allowed:
        raise NotFound(t("party.not_found", code=party_id))
    return party


def party_groups(ws: Workspace, party_id: int) -> list[str]:
    """The groups of a party."""
    from store.parties.changes import group_names

    with ws.read() as session:
        return group_names(session=session, party_id=party_id)


def dossier_groups(ws: Workspace, slug: str) -> list[str]:
    """Every group of a dossier."""
    from store.parties.changes import all_groups

    dossier = _dossier(ws, slug)
    with ws.read() as session:
        return all_groups(session=session, dossier_id=dossier.id)


# ------------------------------------------------------------------- single


def add_party(ws: Workspace, slug: str, kind: str, values: dict[str, Any],
              groups: list[str] | None = None) -> Party:
    """Add a party to a list (code unique in the list, name required)."""
    from store.parties.changes import add_members, code_taken, ensure_groups, get, insert_one

    require(ws.user, "party.edit")
    dossier = _dossier(ws, slug)
    fields = clean_fields({**values, "kind": kind})
    if not fields.get("code") or not fields.get("name"):
        from books.parties.fields import field_label

        missing = "code" if not fields.get("code") else "name"
        raise InvalidInput(t("party.required", field=field_label(missing)), missing)
    with ws.transaction() as session:
        if code_taken(session=session, dossier_id=dossier.id, kind=kind, codes=[fields["code"]]):
            raise InvalidInput(t("party.code_taken", code=fields["code"]))
        party_id = insert_one(session=session, fields={**with_keys(fields), "dossier_id": dossier.id})
        if groups:
            ids = ensure_groups(session=session, dossier_id=dossier.id, names=_group_names(groups))
            add_members(session=session, pairs=[(ids[g], party_id) for g in _group_names(groups)])
        party = get(session=session, party_id=party_id)
        assert party is not None
        _audit(session, ws, dossier, "create", party.code, after=_snapshot(party))
    return party


def _group_names(groups: list[str]) -> list[str]:
    from books.safetext import check_text

    names = sorted({" ".join(g.split()) for g in groups if g.strip()})
    for name in names:
        check_text(t("record.field.groups"), name)
        if len(name) > 100:
            raise InvalidInput(t("field.too_long", field=t("record.field.groups"), max=100))
    return names


def update_party(ws: Workspace, party_id: int, changes: dict[str, Any], expected_version: int) -> Party:
    """Edit a party's fields (the record's form); refused on a conflicting save.

    Raises:
        Conflict: someone saved since ``expected_version``; the message shows
            the fresh values.
    """
    from store.errors import StaleVersion
    from store.parties.changes import code_taken, update_versioned

    require(ws.user, "party.edit")
    current = get_party_by_id(ws, party_id)
    dossier = _dossier_by_id(ws, current.dossier_id)
    clean = clean_fields(changes)
    touched = {k for k, v in clean.items() if getattr(current, k) != v}
    if not touched:  # a save without changes writes nothing: no version bump, no event
        return current
    if touched & set(IDENTITY):
        _refuse_if_connected(dossier)
    merged = {f: clean.get(f, getattr(current, f)) for f in ("code", "name", "siren", "siret", "vat_id", "city")}
    clean["sort_key"] = sort_key(merged["name"])
    clean["search_key"] = search_key(**merged)
    try:
        with ws.transaction() as session:
            if "code" in touched and code_taken(session=session, dossier_id=dossier.id,
                                                kind=current.kind, codes=[clean["code"]]):
                raise InvalidInput(t("party.code_taken", code=clean["code"]))
            party = update_versioned(session=session, party_id=party_id,
                                     expected_version=expected_version, changes=clean)
            before = _snapshot(current)
            after = _snapshot(party)
            _audit(session, ws, dossier, "edit", party.code,
                   before={k: before[k] for k in touched}, after={k: after[k] for k in touched})
            session.expunge(party)
    except StaleVersion:
        raise _conflict(ws, party_id) from None
    return party


def _conflict(ws: Workspace, party_id: int) -> Conflict:
    from store.parties.changes import get

    with ws.read() as session:
        fresh = get(session=session, party_id=party_id)
    if fresh is None or fresh.deleted_at is not None:
        return Conflict(t("party.conflict_deleted"))
    return Conflict(t("party.conflict", name=fresh.name, code=fresh.code, city=fresh.city or "—",
                      version=fresh.version), current=fresh)


def rename_party(ws: Workspace, party_id: int, name: str, expected_version: int) -> Party:
    """Rename in place (refused in a connected dossier)."""
    party = get_party_by_id(ws, party_id)
    _refuse_if_connected(_dossier_by_id(ws, party.dossier_id))
    return update_party(ws, party_id, {"name": name}, expected_version)


def _dossier_by_id(ws: Workspace, dossier_id: int) -> Dossier:
    from books.dossiers.service import list_dossiers

    for archived in (False, True):
        for entry in list_dossiers(ws, archived=archived):
            if entry.row.id == dossier_id:
                return _dossier(ws, entry.row.slug)
    raise NotFound(t("dossier.not_found", slug=dossier_id))


# --------------------------------------------------------------------- bulk


def _resolve(session: Session, dossier: Dossier, selection: Selection) -> list[int]:
    from store.parties.changes import live_ids

    ids = selection.resolve(session)
    if selection.query is None and ids:
        ids = live_ids(session=session, dossier_id=dossier.id, party_ids=ids)
    if not ids:
        raise InvalidInput(t("party.nothing_selected"))
    return ids


def set_archived(ws: Workspace, slug: str, selection: Selection, archived: bool,
                 progress: Callable[[int, int], None] | None = None) -> int:
    """Archive (leave the lists and matching, keep history) or restore; returns how many.

    ``progress`` is told (parties changed so far, parties in all) as the work
    goes (from a worker). The undo journal keeps the changed ids as runs of
    consecutive ids (:mod:`store.idruns`): a few bytes for a whole list.
    """
    from store.idruns import RUNS_KEY, IdRuns
    from store.parties.changes import set_archived as store_set_archived
    from store.parties.changes import set_archived_matching

    require(ws.user, "party.edit")
    dossier = _dossier(ws, slug)
    with ws.transaction() as session:
        if selection.query is not None and selection.query.dossier_id == dossier.id:
            changed = set_archived_matching(session=session, query=selection.query,
                                            excluded=sorted(selection.excluded), archived=archived,
                                            progress=progress or (lambda _done, _total: None))
        else:
            ids = _resolve(session, dossier, selection)
            changed = IdRuns.of(store_set_archived(session=session, party_ids=ids, archived=archived))
            if progress is not None:
                progress(len(changed), len(changed))
        action = "archive" if archived else "restore"
        _audit(session, ws, dossier, action,
               after={"count": len(changed), "ids": list(islice(changed, AUDIT_IDS))})
        if archived and changed:
            _journal(session, ws, dossier, "archive", t("undo.archive", count=len(changed)),
                     {RUNS_KEY: changed.encode(), "count": len(changed)})
    return len(changed)


def _split_deletable(session: Session, dossier: Dossier, ids: list[int]) -> tuple[list[int], dict[int, int]]:
    """The ids that may be deleted, and the documents count of those that may not."""
    from store.documents import counts_for_parties

    tied = counts_for_parties(session=session, party_ids=ids, dossier_id=dossier.id)
    return [i for i in ids if i not in tied], tied


def _first_names(session: Session, ids: Iterable[int]) -> tuple[str, ...]:
    from store.parties.listing import names_of

    first = sorted(ids)[:KEPT_NAMED]
    names = names_of(session=session, party_ids=first)
    return tuple(names[i] for i in first if i in names)


def delete_plan(ws: Workspace, slug: str, selection: Selection) -> Deletion:
    """What :func:`delete_parties` would do now (for the confirmation)."""
    dossier = _dossier(ws, slug)
    with ws.read() as session:
        ids = _resolve(session, dossier, selection)
        return _deletion(session, dossier, ids)


def _deletion(session: Session, dossier: Dossier, ids: list[int]) -> Deletion:
    deletable, tied = _split_deletable(session, dossier, ids)
    return Deletion(len(deletable), len(tied), _first_names(session, tied), sum(tied.values()),
                    _first_names(session, deletable))


DELETE_STEP = 5000
"""Parties deleted between two progress reports."""


def delete_parties(ws: Workspace, slug: str, selection: Selection,
                   progress: Callable[[int, int], None] | None = None) -> Deletion:
    """Delete the selected parties that no document is tied to; keep the others.

    One rule for the list and the record: a party with documents (published
    or not) keeps its history and is archived instead. Of a selection, those
    without documents are deleted and the kept ones are counted and named;
    when every selected party has documents, nothing is deleted. Undo restores
    the deleted parties. ``progress`` is told (parties deleted so far, parties
    to delete) after each step of :data:`DELETE_STEP` (from a worker).

    Raises:
        InvalidInput: every selected party has documents.
    """
    from store.parties.changes import soft_delete

    require(ws.user, "party.edit")
    dossier = _dossier(ws, slug)
    _refuse_if_connected(dossier)
    with ws.transaction() as session:
        ids = _resolve(session, dossier, selection)
        deletable, tied = _split_deletable(session, dossier, ids)
        result = Deletion(len(deletable), len(tied), _first_names(session, tied), sum(tied.values()),
                          _first_names(session, deletable))
        refusal = result.refusal()
        if refusal:
            raise InvalidInput(refusal)
        report = progress or (lambda _done, _total: None)
        links: dict[str, int] = {}
        report(0, len(deletable))
        for start in range(0, len(deletable), DELETE_STEP):
            links.update(soft_delete(session=session, party_ids=deletable[start:start + DELETE_STEP]))
            report(min(start + DELETE_STEP, len(deletable)), len(deletable))
        _audit(session, ws, dossier, "delete",
               after={"count": len(deletable), "ids": deletable[:AUDIT_IDS],
                      "kept_with_documents": len(tied), "documents_unlinked": len(links)})
        _journal(session, ws, dossier, "delete", t("undo.delete", count=len(deletable)),
                 {"ids": deletable, "links": links})
        return result


def delete_single(ws: Workspace, party_id: int) -> None:
    """Delete one party from its record: refused when documents are tied to it."""
    party = get_party_by_id(ws, party_id)
    delete_parties(ws, _dossier_by_id(ws, party.dossier_id).slug, Selection(ids=frozenset({party_id})))


def change_group(ws: Workspace, slug: str, selection: Selection, group: str, add: bool) -> int:
    """Add the selection to a group (created on the fly) or remove it; returns how many changed."""
    from store.parties.changes import add_members, ensure_groups, members, remove_members, touch

    require(ws.user, "party.edit")
    dossier = _dossier(ws, slug)
    names = _group_names([group])
    if not names:
        raise InvalidInput(t("party.group_required"))
    with ws.transaction() as session:
        ids = _resolve(session, dossier, selection)
        group_id = ensure_groups(session=session, dossier_id=dossier.id, names=names)[names[0]]
        present = members(session=session, group_id=group_id, party_ids=ids)
        changed = [i for i in ids if i not in present] if add else sorted(present)
        if add:
            add_members(session=session, pairs=[(group_id, i) for i in changed])
        else:
            remove_members(session=session, group_id=group_id, party_ids=changed)
        touch(session=session, party_ids=changed)
        action = "group_add" if add else "group_remove"
        _audit(session, ws, dossier, action, after={"group": names[0], "count": len(changed),
                                                    "ids": changed[:AUDIT_IDS]})
        _journal(session, ws, dossier, action,
                 t("undo.group_add" if add else "undo.group_remove", count=len(changed), group=names[0]),
                 {"group_id": group_id, "ids": changed})
    return len(changed)


def merge_parties(ws: Workspace, slug: str, keep_id: int, selection: Selection) -> int:
    """Merge the selected parties into ``keep_id``: documents, contacts, groups,
    payments and reminders move to it; the other names become its aliases."""
    from store.parties.merge import merge

    require(ws.user, "party.edit")
    dossier = _dossier(ws, slug)
    _refuse_if_connected(dossier)
    with ws.transaction() as session:
        ids = _resolve(session, dossier, selection)
        others = [i for i in ids if i != keep_id]
        if keep_id not in ids or not others:
            raise InvalidInput(t("party.merge_needs_two"))
        payload = merge(session=session, keep_id=keep_id, other_ids=others, actor=ws.user.login)
        _audit(session, ws, dossier, "merge", _code_of(session, keep_id),
               after={"keep": keep_id, "merged": others[:AUDIT_IDS], "count": len(others)})
        _journal(session, ws, dossier, "merge", t("undo.merge", count=len(others)), payload)
    return len(others)


def _code_of(session: Session, party_id: int) -> str:
    from store.parties.changes import codes_of

    return codes_of(session=session, party_ids=[party_id]).get(party_id, str(party_id))
