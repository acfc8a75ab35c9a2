"""A change of rules worked out but not written: what it does to the rules and to the
inbox documents of the parties concerned (which documents, which fields, old → new),
shown before the person confirms; :mod:`books.rules.commit` writes it.

Working out 50,000 documents is the bulk rule's cost: each is read as a tuple, resolved
by the engine, and compared field by field with what it holds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from books.access.permissions import require
from books.errors import InvalidInput, NotFound
from books.i18n import t
from books.rules.engine import (
    PARTY_KINDS,
    PartyFacts,
    Rule,
    RuleBook,
    Setting,
    resolve_owned,
)
from books.rules.rows import chart_of, dossier_of, identity_of, stored_sets, to_rule

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from books.dossiers.identity import DossierIdentity
    from store.models import Dossier
    from store.rules import InboxDocument, RuleRow

MAX_PARTIES = 100_000
"""The largest selection a bulk rule accepts."""


class FieldChange(NamedTuple):
    """One field of one document that a change of rules changes (a named tuple: a bulk
    rule lists 150,000 of them)."""

    document_id: int
    document: str
    """The document's number, or its file name when none was read."""
    field: str
    old: Any
    new: Any


@dataclass
class Plan:
    """A change of rules worked out but not written: what it does to the rules and to
    the inbox (``diff``), to show before the person confirms."""

    dossier_id: int
    slug: str
    kind: str
    summary: str
    parties: list[int]
    inserts: dict[int, dict[str, Any]] = field(default_factory=dict)
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    deletes: list[int] = field(default_factory=list)
    before: list[RuleRow] = field(default_factory=list)
    documents: list[tuple[int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    """(document id, fields before, fields after) of the documents that change."""
    diff: list[FieldChange] = field(default_factory=list)
    rules_changed: int = 0
    party_of: dict[int, int | None] = field(default_factory=dict)
    """Document id → its party, for the documents that change."""
    raw_before: dict[int, str] = field(default_factory=dict)
    """Document id → its fields as stored (JSON text), for undo."""
    other: dict[str, Any] | None = None
    """A non-party rule's change: ``op`` (add, change, delete), ``rule_id``, ``version``,
    ``condition``, ``sets``."""

    @property
    def documents_changed(self) -> int:
        """How many inbox documents the change rewrites."""
        return len(self.documents)


def plan_party_rules(ws: Workspace, slug: str, kind: str, party_ids: Sequence[int],
                     values: Mapping[str, Any], only_if_blank: Sequence[str] = (),
                     clear: Sequence[str] = (), apply_to_inbox: bool = True,
                     replace: bool = False, document_ids: Sequence[int] = ()) -> Plan:
    """Give parties (up to 100,000) the same rule fields, and work out the difference.

    Args:
        values: setting → value typed (checked; ``None`` / ``""`` leaves it as it is).
        clear: settings the parties' rules stop setting.
        replace: the given settings become each rule's whole content (the editor).
        document_ids: without ``apply_to_inbox``, these documents still get the rule
            (a rule made from a document applies to that document and future ones).

    Raises:
        PermissionDenied: not an admin.
        InvalidInput: a bad kind, field or value (named), or too many parties.
    """
    from books.rules.validate import clean_settings

    require(ws.user, "rule.edit")
    if kind not in PARTY_KINDS:
        raise InvalidInput(t("rules.bad_party_kind", kind=kind))
    dossier = dossier_of(ws, slug)
    if not party_ids:
        raise InvalidInput(t("party.nothing_selected"))
    if len(party_ids) > MAX_PARTIES:
        raise InvalidInput(t("rules.too_many", count=len(party_ids), limit=MAX_PARTIES))
    settings = stored_sets(clean_settings(kind, values, only_if_blank, chart_of(ws, dossier),
                                          dossier.vat_territory, dossier.accounting_software))
    if not settings and not clear and not replace:
        raise InvalidInput(t("rules.nothing_to_set"))
    return _plan_parties(ws, dossier, kind, dict.fromkeys(party_ids, settings), clear, replace,
                         apply_to_inbox, document_ids)


def plan_each_party(ws: Workspace, slug: str, kind: str,
                    settings: Mapping[int, Mapping[str, Setting]],
                    apply_to_inbox: bool = True) -> Plan:
    """Each party its own rule (checked settings, replacing what it had): an import."""
    require(ws.user, "rule.edit")
    dossier = dossier_of(ws, slug)
    wanted = {pid: stored_sets(s) for pid, s in settings.items()}
    return _plan_parties(ws, dossier, kind, wanted, (), True, apply_to_inbox)


def _plan_parties(ws: Workspace, dossier: Dossier, kind: str,
                  wanted: Mapping[int, dict[str, Any]], clear: Sequence[str], replace: bool,
                  apply_to_inbox: bool, document_ids: Sequence[int] = ()) -> Plan:
    from books.rules.validate import owned_by_software
    from store.rules import party_rules

    assert dossier.id is not None
    plan = Plan(dossier.id, dossier.slug, kind, "", sorted(wanted))
    kept = owned_by_software(kind, dossier.accounting_software)
    with ws.read() as session:
        existing = party_rules(session=session, dossier_id=dossier.id, kind=kind,
                               party_ids=plan.parties)
        for party_id in plan.parties:
            _plan_party(plan, existing.get(party_id), party_id, wanted[party_id], clear,
                        replace, kept)
        plan.before = [r for r in existing.values()
                       if r.id in plan.updates or r.id in plan.deletes]
        plan.rules_changed = len(plan.inserts) + len(plan.updates) + len(plan.deletes)
        if apply_to_inbox or document_ids:
            with gc_paused():
                _work_out_documents(session, plan, dossier, existing,
                                    only=None if apply_to_inbox else set(document_ids))
    plan.summary = t("rules.summary.bulk", count=len(plan.parties), kind=t(f"rules.kind.{kind}"))
    return plan


def _plan_party(plan: Plan, rule: RuleRow | None, party_id: int, settings: dict[str, Any],
                clear: Sequence[str], replace: bool, kept: Sequence[str] = ()) -> None:
    """``kept``: settings the connected software owns, which a rule keeps as they are
    (the editor does not offer them: replacing the rule's content keeps them)."""
    if rule is None:
        if settings:
            plan.inserts[party_id] = settings
        return
    merged = dict(settings) if replace else {**rule.sets, **settings}
    merged.update({name: rule.sets[name] for name in kept if name in rule.sets})
    for name in clear:
        merged.pop(name, None)
    if not merged:
        plan.deletes.append(rule.id)
    elif merged != rule.sets:
        plan.updates[rule.id] = merged


@contextmanager
def gc_paused() -> Iterator[None]:
    """The collector off while tens of thousands of documents' fields are held and
    re-made: no cycles are created, and its passes over them cost ~25 % of the work.

    On the way out what was made meanwhile goes to the collector's oldest generation
    (``freeze`` then ``unfreeze``, two list splices): turned back on, the collector
    would otherwise scan the ~800,000 young objects of a 50,000-document plan at once
    (~0.13 s) and again as they age, to find what the plan keeps until it is confirmed.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _work_out_documents(session: Session, plan: Plan, dossier: Dossier,
                        existing: Mapping[int, RuleRow],
                        party_ids: Sequence[int] | None = None,
                        only: set[int] | None = None, whole_inbox: bool = False) -> None:
    """The inbox documents of the plan's parties (``only`` these when given; every one,
    each with its own party's rule, for a ``whole_inbox`` rule), resolved with the new
    rules."""
    from store.rules import inbox_documents, list_rules, parties_by_id

    assert dossier.id is not None
    others = _other_rules(plan, list_rules(session=session, dossier_id=dossier.id))
    documents = inbox_documents(session=session, dossier_id=dossier.id, party_ids=None
                                if whole_inbox else plan.parties if party_ids is None
                                else party_ids)
    if only is not None:
        documents = [d for d in documents if d.id in only]
    wanted = {d.party_id for d in documents if d.party_id is not None}
    if whole_inbox:
        existing = _stored_party_rules(session, dossier.id, sorted(wanted))
    names = {pid: name for pid, (_k, _c, name) in
             parties_by_id(session=session, party_ids=sorted(wanted)).items()}
    party_rules = _party_book(plan, existing, names, session)
    identity = identity_of(dossier)
    today = date.today()
    book = RuleBook.of([*others, *party_rules.values()])
    parties = {pid: PartyFacts(pid, names.get(pid, "")) for pid in wanted}
    for document in documents:
        _resolve_one(plan, document, identity, parties.get(document.party_id), book, today)


def _stored_party_rules(session: Session, dossier_id: int,
                        party_ids: Sequence[int]) -> dict[int, RuleRow]:
    """The documents' parties' own rules (supplier or customer), as stored."""
    from store.rules import party_rules

    return {**party_rules(session=session, dossier_id=dossier_id, kind="supplier",
                          party_ids=party_ids),
            **party_rules(session=session, dossier_id=dossier_id, kind="customer",
                          party_ids=party_ids)}


def _other_rules(plan: Plan, rows: Sequence[RuleRow]) -> list[Rule]:
    """The dossier's non-party rules as the plan leaves them."""
    from store.models import utcnow

    other = plan.other or {}
    rules = []
    for row in rows:
        if row.party_id is not None or row.kind in PARTY_KINDS:
            continue
        if row.id == other.get("rule_id"):
            if other["op"] == "delete":
                continue
            row_rule = to_rule(row)
            rules.append(Rule(id=row.id, kind=row.kind, condition=other["condition"],
                              sets=_settings(other["sets"]), created_by=row.created_by,
                              created_at=row.created_at, updated_by=row.updated_by,
                              updated_at=row.updated_at, party_name=row_rule.party_name))
            continue
        rules.append(to_rule(row))
    if other.get("op") == "add":
        rules.append(Rule(id=PENDING, kind=plan.kind, condition=other["condition"],
                          sets=_settings(other["sets"]), created_at=utcnow()))
    return rules


def _settings(sets: Mapping[str, Any]) -> dict[str, Setting]:
    return {n: Setting(s["value"], s["mode"]) for n, s in sets.items()}


def _updated(rule: Rule, plan: Plan) -> Rule:
    sets = plan.updates.get(rule.id)
    if sets is None:
        return rule
    return Rule(id=rule.id, kind=rule.kind, party_id=rule.party_id, party_name=rule.party_name,
                condition=rule.condition, created_by=rule.created_by, created_at=rule.created_at,
                updated_by=rule.updated_by, updated_at=rule.updated_at,
                sets={n: Setting(s["value"], s["mode"]) for n, s in sets.items()})


PENDING = 0
"""The id a rule not yet created has in a plan's diff (its real id comes at commit)."""


def _party_book(plan: Plan, existing: Mapping[int, RuleRow], names: Mapping[int, str],
                session: Session) -> dict[int, Rule]:
    """Party id → its rule as the plan leaves it (new rules carry :data:`PENDING`)."""
    from store.models import utcnow

    now = utcnow()
    rules: dict[int, Rule] = {}
    for party_id, row in existing.items():
        if row.id not in plan.deletes:
            rules[party_id] = _updated(to_rule(row), plan)
    for party_id, sets in plan.inserts.items():
        rules[party_id] = Rule(id=PENDING, kind=plan.kind, party_id=party_id,
                               party_name=names.get(party_id), created_by=None, created_at=now,
                               sets={n: Setting(s["value"], s["mode"]) for n, s in sets.items()})
    return rules


def _resolve_one(plan: Plan, document: InboxDocument, identity: DossierIdentity,
                 party: PartyFacts | None, book: RuleBook, today: date) -> None:
    before = document.fields or {}
    after = resolve_owned(document, base_fields(document, identity), party, book, today).fields
    published = after.get("auto_publish")
    if published is not None and "decision" in published:  # only new documents auto-publish
        after["auto_publish"] = _plain(published)
    # a field changes when its provenance does (a stored auto-publish decision is not a
    # value: left out of the comparison); identical provenances are the same objects
    changed = [name for name, old in before.items()
               if (new := after.get(name)) is not old and old != new
               and ("decision" not in old or _plain(old) != new)]
    changed += [name for name in after if name not in before]
    if not changed:
        return
    document_id = document.id
    plan.documents.append((document_id, before, after))
    plan.party_of[document_id] = document.party_id
    plan.raw_before[document_id] = document.raw_fields
    diff = plan.diff
    for name in changed:
        old = before.get(name)
        new = after.get(name)
        old_value = old.get("value") if old else None
        new_value = new.get("value") if new else None
        if old_value != new_value:
            diff.append(FieldChange(document_id, document.label, name, old_value,
                                    new_value))


def _plain(provenance: Mapping[str, Any]) -> Mapping[str, Any]:
    """A stored provenance without the auto-publish decision."""
    return {k: v for k, v in provenance.items() if k != "decision"}


def base_fields(document: InboxDocument, identity: DossierIdentity) -> dict[str, Any]:
    """What rules start from: what was read, the match, manual edits, and the dossier's
    defaults (those a rule had replaced worked out again, as the pipeline does)."""
    from datetime import timedelta

    kept = {k: v for k, v in (document.fields or {}).items()
            if (source := v.get("source")) != "rule"
            and not (source == "default" and isinstance(v.get("rule"), int))}
    if "currency" not in kept:
        kept["currency"] = {"value": identity.base_currency, "source": "default",
                            "rule": "dossier.base_currency", "by": None,
                            "at": document.imported_at.isoformat()}
    if "due_date" not in kept and document.issue_date is not None:
        due = document.issue_date + timedelta(days=identity.default_due_days)
        kept["due_date"] = {"value": due.isoformat(), "source": "default",
                            "rule": "dossier.default_due_days", "by": None,
                            "at": document.imported_at.isoformat()}
    if "payment_method" not in kept and identity.default_payment_method:
        kept["payment_method"] = {"value": identity.default_payment_method, "source": "default",
                                  "rule": "dossier.default_payment_method", "by": None,
                                  "at": document.imported_at.isoformat()}
    return kept


def plan_rule(ws: Workspace, slug: str, kind: str, values: Mapping[str, Any],
              only_if_blank: Sequence[str] = (), condition: Mapping[str, Any] | None = None,
              rule_id: int | None = None, apply_to_inbox: bool = True) -> Plan:
    """A payment-method, user, exception or defaults rule: a new one, or ``rule_id``'s
    new content (the editor); its difference to the whole inbox worked out.

    Raises:
        PermissionDenied: not an admin.
        InvalidInput: a bad kind, condition, field or value (named).
        NotFound: ``rule_id`` is not one of the dossier's rules.
    """
    from books.rules.validate import clean_rule
    from store.rules import get_rule

    require(ws.user, "rule.edit")
    if kind in PARTY_KINDS:
        raise InvalidInput(t("rules.party_needed", kind=t(f"rules.kind.{kind}")))
    dossier = dossier_of(ws, slug)
    checked, clean = clean_rule(kind, values, only_if_blank, condition or {},
                                chart_of(ws, dossier), dossier.vat_territory)
    settings = stored_sets(checked)
    if not settings and kind != "exception":
        raise InvalidInput(t("rules.nothing_to_set"))
    assert dossier.id is not None
    plan = Plan(dossier.id, dossier.slug, kind, "", [])
    with ws.read() as session:
        if rule_id is None:
            plan.other = {"op": "add", "rule_id": None, "version": None, "condition": clean,
                          "sets": settings}
        else:
            row = get_rule(session=session, rule_id=rule_id)
            if row is None or row.dossier_id != dossier.id:
                raise NotFound(t("rules.not_found", id=rule_id))
            plan.before = [row]
            plan.other = {"op": "change", "rule_id": row.id, "version": row.version,
                          "condition": clean, "sets": settings}
        plan.rules_changed = 1
        if apply_to_inbox:
            with gc_paused():
                _work_out_documents(session, plan, dossier, {}, whole_inbox=True)
    plan.summary = t("rules.summary.one", kind=t(f"rules.kind.{kind}"))
    return plan


def plan_delete(ws: Workspace, slug: str, rule_id: int, apply_to_inbox: bool = True) -> Plan:
    """Deleting a rule, and what it changes in the inbox.

    Raises:
        PermissionDenied: not an admin.
        NotFound: not one of the dossier's rules.
    """
    from store.rules import get_rule

    require(ws.user, "rule.edit")
    dossier = dossier_of(ws, slug)
    with ws.read() as session:
        row = get_rule(session=session, rule_id=rule_id)
    if row is None or row.dossier_id != dossier.id:
        raise NotFound(t("rules.not_found", id=rule_id))
    if row.party_id is not None:
        plan = plan_party_rules(ws, slug, row.kind, [row.party_id], {}, replace=True,
                                apply_to_inbox=apply_to_inbox)
        plan.summary = t("rules.summary.delete", kind=t(f"rules.kind.{row.kind}"),
                         name=row.party_name or "")
        return plan
    assert dossier.id is not None
    plan = Plan(dossier.id, dossier.slug, row.kind, "", [], before=[row], rules_changed=1)
    plan.other = {"op": "delete", "rule_id": row.id, "version": row.version,
                  "condition": row.condition, "sets": row.sets}
    if apply_to_inbox:
        with ws.read() as session:
            with gc_paused():
                _work_out_documents(session, plan, dossier, {}, whole_inbox=True)
    plan.summary = t("rules.summary.delete", kind=t(f"rules.kind.{row.kind}"), name="")
    return plan
