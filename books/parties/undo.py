"""Taking back a destructive action on a dossier's parties (``u``, ``saisie undo``).

A person takes back their OWN last action by default. Someone else's action
is taken back only when it is named explicitly (its journal id, after a
confirmation saying who did what and when) and by a role that may
(``party.undo_others``: admins and team leads). An action is not taken back
while a newer action still in the journal touched some of the same parties:
that one must be taken back first, or the two would tangle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.errors import InvalidInput
from books.formats import format_datetime
from books.i18n import t

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from store.idruns import IdRuns
    from store.models import Dossier, UndoEntry
    from store.parties.undo_log import UndoRow

Progress = Callable[[int, int], None]
"""Called with (parties restored so far, parties in all) while an undo runs."""

STEP = 5000
"""Parties restored between two progress reports."""


@dataclass(frozen=True)
class Undoable:
    """An action that ``u`` can take back, and whose it is."""

    entry_id: int
    action: str
    summary: str
    actor: str
    actor_name: str
    at: datetime
    mine: bool
    """Done by the acting user (no confirmation needed)."""

    def describe(self) -> str:
        """``archivage de 3 tiers, par Bob Lenoir (bob), le 02/12/2026 09:10``."""
        return t("undo.described", summary=self.summary, who=_who(self.actor_name, self.actor),
                 when=format_datetime(self.at))


@dataclass(frozen=True)
class Undone:
    """What ``undo`` took back."""

    action: str
    summary: str
    actor: str
    """Who had done it."""


def _who(name: str, login: str) -> str:
    return login if not name or name == login else f"{name} ({login})"


def _undoable(row: UndoRow, login: str) -> Undoable:
    return Undoable(row.id, row.action, row.summary, row.actor, row.actor_name, row.at,
                    row.actor == login)


def _dossier(ws: Workspace, slug: str) -> Dossier:
    from books.dossiers.service import get_dossier

    return get_dossier(ws, slug)


def next_undo(ws: Workspace, slug: str, anyone: bool = False) -> Undoable | None:
    """The action ``u`` would take back: the user's own last one, or with
    ``anyone`` the dossier's last one whoever did it; None when there is none."""
    from store.parties.undo_log import pending

    dossier = _dossier(ws, slug)
    with ws.read() as session:
        row = pending(session=session, dossier_id=dossier.id,
                      actor=None if anyone else ws.user.login)
    return None if row is None else _undoable(row, ws.user.login)


def undo_last(ws: Workspace, slug: str, entry_id: int | None = None,
              progress: Progress | None = None) -> Undone:
    """Take back the user's own last action, or the one named by ``entry_id``.

    Args:
        entry_id: the journal entry confirmed by the user (:attr:`Undoable.entry_id`);
            required to take back someone else's action.
        progress: told how many parties are restored so far (from a worker).

    Raises:
        InvalidInput: nothing to take back, already taken back, a newer action
            touched the same parties, or a code is used again.
        PermissionDenied: someone else's action and a role that may not.
    """
    from store.parties.merge import mark_undone
    from store.parties.undo_log import lock, pending

    require(ws.user, "party.edit")
    dossier = _dossier(ws, slug)
    with ws.transaction() as session:
        if entry_id is None:
            row = pending(session=session, dossier_id=dossier.id, actor=ws.user.login)
            if row is None:
                raise InvalidInput(t("undo.nothing_mine"))
            entry_id = row.id
        entry = lock(session=session, entry_id=entry_id)
        if entry is None or entry.dossier_id != dossier.id or entry.undone:
            raise InvalidInput(t("undo.already"))
        if entry.actor != ws.user.login:
            require(ws.user, "party.undo_others")
        _refuse_if_tangled(session, entry)
        _restore(session, entry, progress or (lambda _done, _total: None))
        assert entry.id is not None
        mark_undone(session=session, entry_id=entry.id)
        _audit(session, ws, dossier, entry)
        return Undone(entry.action, entry.summary, entry.actor)


def _audit(session: Session, ws: Workspace, dossier: Dossier, entry: UndoEntry) -> None:
    from store.audit import add_event

    add_event(session=session, actor=ws.user.login, dossier_id=dossier.id, entity="party",
              entity_id=None, action="undo",
              after={"undone": entry.action, "summary": entry.summary, "done_by": entry.actor,
                     "done_at": entry.at.isoformat()})


def touched(entry: UndoEntry) -> IdRuns:
    """The parties an action changed (as runs of ids: an archive of 1,000,000
    parties is compared with another without a million-int set)."""
    from store.idruns import IdRuns, payload_ids

    payload = entry.payload
    if entry.action == "merge":
        return IdRuns.of([*payload["others"], payload["keep"]])
    return payload_ids(payload)


APART = frozenset({"archive", "group_add", "group_remove"})
"""Actions whose undos leave each other alone on the same parties: the archived
flag and group memberships are independent (two changes of one group are not)."""


def tangled(entry: UndoEntry, later: UndoEntry) -> bool:
    """Whether taking back ``entry`` while ``later`` stands would tangle the two
    (a merge or a delete on some of the same parties, or the same group)."""
    if entry.action in APART and later.action in APART:
        group, later_group = entry.payload.get("group_id"), later.payload.get("group_id")
        if group is None or group != later_group:
            return False
    return not touched(entry).isdisjoint(touched(later))


def _refuse_if_tangled(session: Session, entry: UndoEntry) -> None:
    from store.parties.undo_log import pending_after, row_of

    assert entry.id is not None
    for later in pending_after(session=session, dossier_id=entry.dossier_id, after_id=entry.id):
        if tangled(entry, later):
            row = row_of(session=session, entry=later)
            raise InvalidInput(t("undo.tangled", who=_who(row.actor_name, row.actor),
                                 summary=row.summary, when=format_datetime(row.at)))


def _steps(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), STEP):
        yield ids[start:start + STEP]


def _restore(session: Session, entry: UndoEntry, progress: Progress) -> None:
    """Put back exactly what the action changed, reporting progress."""
    from store.idruns import payload_ids
    from store.parties.changes import revive_conflicts, set_archived_runs, undelete
    from store.parties.merge import unmerge

    payload: dict[str, Any] = entry.payload
    if entry.action == "rules":  # a change of rules and of the inbox it made (issue 18)
        from store.rules import undo_rules

        undo_rules(session=session, payload=payload)
        return
    revived = payload["ids"] if entry.action == "delete" else payload.get("others", [])
    taken = revive_conflicts(session=session, party_ids=revived)
    if taken:
        raise InvalidInput(t("undo.code_reused", codes=", ".join(taken[:5])))
    if entry.action == "merge":
        total = len(payload["others"])
        progress(0, total)
        unmerge(session=session, payload=payload)
        progress(total, total)
        return
    if entry.action == "archive":
        set_archived_runs(session=session, runs=payload_ids(payload), archived=False,
                          progress=progress, step=STEP)
        return
    ids: list[int] = payload["ids"]
    step = _STEPS[entry.action]
    done = 0
    progress(0, len(ids))
    for chunk in _steps(ids):
        step(session, chunk, payload)
        done += len(chunk)
        progress(done, len(ids))
    if entry.action == "delete" and payload["links"]:
        undelete(session=session, party_ids=[], links=payload["links"])


def _undelete(session: Session, ids: Sequence[int], _payload: dict[str, Any]) -> None:
    from store.parties.changes import undelete

    undelete(session=session, party_ids=ids, links={})


def _ungroup(session: Session, ids: Sequence[int], payload: dict[str, Any]) -> None:
    from store.parties.changes import remove_members, touch

    remove_members(session=session, group_id=payload["group_id"], party_ids=ids)
    touch(session=session, party_ids=ids)


def _regroup(session: Session, ids: Sequence[int], payload: dict[str, Any]) -> None:
    from store.parties.changes import add_members, touch

    add_members(session=session, pairs=[(payload["group_id"], i) for i in ids])
    touch(session=session, party_ids=ids)


_STEPS: dict[str, Callable[[Session, Sequence[int], dict[str, Any]], None]] = {
    "delete": _undelete, "group_add": _ungroup, "group_remove": _regroup,
}
"""How each bulk action is taken back, one step of parties at a time."""
