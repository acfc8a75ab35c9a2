"""Writing a planned change of rules (:mod:`books.rules.plan`): the rules, the inbox
documents still in review, the rules' firing counts, one undo entry and the audit log,
in one transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.errors import Conflict
from books.i18n import t
from books.rules.engine import PARTY_KINDS
from books.rules.plan import PENDING, Plan, gc_paused

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace


@dataclass(frozen=True, slots=True)
class Applied:
    """What a committed change did."""

    rules: int
    documents: int
    undo_id: int


def commit(ws: Workspace, plan: Plan) -> Applied:
    """Write a plan: its rules, and its documents still in review; one undo entry.

    Raises:
        Conflict: someone changed one of these rules since the plan was made.
    """
    from store.idruns import IdRuns
    from store.parties.merge import add_undo
    from store.rules import (
        fields_digest,
        pack_documents,
        save_party_rules,
        write_document_fields,
    )

    require(ws.user, "rule.edit")
    with gc_paused(), ws.transaction() as session:
        _refuse_if_changed(session, plan)
        created = save_party_rules(session=session, dossier_id=plan.dossier_id, kind=plan.kind,
                                   actor=ws.user.login, inserts=plan.inserts,
                                   updates=plan.updates, deletes=plan.deletes)
        new_other = _commit_other(session, ws, plan)
        if new_other is not None:
            created.append(new_other)
        texts, fired = _documents_to_write(session, plan, new_other, ws.user.login)
        written = write_document_fields(session=session, texts=texts,
                                        expected=plan.raw_before)
        if written < len(texts):
            _refuse_if_documents_changed(session, [d for d, _t in texts], written)
        _count_firings(session, fired)
        payload = {"runs": IdRuns.of(plan.parties).encode(),
                   "created_runs": IdRuns.of(created).encode(),
                   "before": [r.as_values() for r in plan.before],
                   "documents_z": pack_documents(
                       [(d, plan.raw_before[d]) for d, _b, _a in plan.documents]),
                   # What was written, as digests: the undo leaves a document edited since.
                   "after_z": pack_documents([(d, fields_digest(text)) for d, text in texts])}
        undo_id = add_undo(session=session, dossier_id=plan.dossier_id, actor=ws.user.login,
                           action="rules", summary=plan.summary, payload=payload)
        _audit(session, ws, plan, written)
    return Applied(plan.rules_changed, written, undo_id)


def _refuse_if_changed(session: Session, plan: Plan) -> None:
    """A party rule of the plan changed, or was created, since the plan was made."""
    from store.rules import rule_versions

    if plan.kind not in PARTY_KINDS:
        return
    current = rule_versions(session=session, dossier_id=plan.dossier_id, kind=plan.kind,
                            party_ids=plan.parties)
    versions = {rule_id: version for rule_id, version in current.values()}
    if (any(versions.get(r.id) != r.version for r in plan.before)
            or any(party_id in current for party_id in plan.inserts)):
        raise Conflict(t("rules.changed_meanwhile"))


def _refuse_if_documents_changed(session: Session, document_ids: list[int], written: int) -> None:
    """Fewer documents written than planned: those published meanwhile are left out on
    purpose; one still in review was changed since the difference was worked out (a
    person's edit, made while it was being confirmed): nothing is written, the change is
    worked out again."""
    from store.rules import count_in_review

    changed = count_in_review(session=session, document_ids=document_ids) - written
    if changed > 0:
        raise Conflict(t("rules.documents_changed_meanwhile", count=changed))


def _documents_to_write(session: Session, plan: Plan, new_other: int | None, login: str
                        ) -> tuple[list[tuple[int, str]], Counter[int]]:
    """The plan's documents as the text their ``fields`` column gets, their provenance
    pointing at the rules just created; and how many documents each rule now fills.

    One pass: a field's provenance is copied only when it names a rule created here
    (:data:`PENDING` in the plan), and each document is encoded once.
    """
    from store.rules import encode_fields

    stamps, other = _real_stamps(session, plan, new_other, login)
    pending = bool(stamps) or other is not None
    party_of = plan.party_of
    texts: list[tuple[int, str]] = []
    fired: Counter[int] = Counter()
    for document_id, _before, after in plan.documents:
        fixed = after
        rules: set[int] = set()
        for name, value in after.items():
            rule = value.get("rule")
            if pending and rule == PENDING and type(rule) is int:
                real = (stamps.get(party_of.get(document_id))
                        if value.get("kind") in PARTY_KINDS else other)
                if real is not None:
                    if fixed is after:
                        fixed = dict(after)
                    value = fixed[name] = {**value, **real}
                    rule = value["rule"]
            if (type(rule) is int and rule != PENDING
                    and value.get("source") in ("rule", "default")):
                rules.add(rule)
        fired.update(rules)
        texts.append((document_id, encode_fields(fixed)))
    return texts, fired


def _real_stamps(session: Session, plan: Plan, new_other: int | None, login: str
                 ) -> tuple[dict[int, dict[str, Any]], dict[str, Any] | None]:
    """What the provenance of the rules created here says of them: party id → stamp of
    its new rule, and the new non-party rule's stamp."""
    from store.models import utcnow
    from store.rules import created_rules

    found = created_rules(session=session, dossier_id=plan.dossier_id, kind=plan.kind,
                          party_ids=list(plan.inserts)) if plan.inserts else {}
    stamps = {pid: _stamp(rule_id, by, at) for pid, (rule_id, by, at) in found.items()}
    other = _stamp(new_other, login, utcnow()) if new_other is not None else None
    return stamps, other


def _commit_other(session: Session, ws: Workspace, plan: Plan) -> int | None:
    """A non-party rule's change; the new rule's id when one is added."""
    from store.rules import add_rule, change_rule, delete_rules

    other = plan.other
    if other is None:
        return None
    if other["op"] == "add":
        return add_rule(session=session, dossier_id=plan.dossier_id, kind=plan.kind,
                        party_id=None, condition=other["condition"], sets=other["sets"],
                        actor=ws.user.login)
    if other["op"] == "delete":
        delete_rules(session=session, rule_ids=[other["rule_id"]])
    elif not change_rule(session=session, rule_id=other["rule_id"], version=other["version"],
                         actor=ws.user.login, condition=other["condition"], sets=other["sets"]):
        raise Conflict(t("rules.changed_meanwhile"))
    return None


def _count_firings(session: Session, counts: Counter[int]) -> None:
    """Each rule that now gives a document a value filled one more document."""
    from store.models import utcnow
    from store.rules import add_firings

    add_firings(session=session, counts=dict(counts), at=utcnow())


def _stamp(rule_id: int, by: str | None, at: datetime) -> dict[str, Any]:
    moment = at.isoformat()
    return {"rule": rule_id, "by": by, "at": moment, "created": moment}


def _audit(session: Session, ws: Workspace, plan: Plan, documents: int) -> None:
    from store.audit import add_event

    add_event(session=session, actor=ws.user.login, dossier_id=plan.dossier_id, entity="rule",
              entity_id=None, action="set",
              after={"kind": plan.kind, "parties": len(plan.parties),
                     "created": len(plan.inserts), "changed": len(plan.updates),
                     "deleted": len(plan.deletes), "documents": documents})
