"""The rules service: read, create, change and delete a dossier's rules, with the
difference they make to the inbox shown before it is applied, and undo.

Only admins create, change or delete rules (``rule.edit``); everyone reads them.
Applying to the inbox changes the documents still in review of the parties
concerned (never published ones); a person's manual edits survive. The whole
change (rules and documents) is one journal entry that ``u`` / ``saisie undo``
takes back.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.errors import Conflict, InvalidInput, NotFound
from books.i18n import t
from books.rules.engine import (
    PARTY_KINDS,
    DocumentFacts,
    PartyFacts,
    Rule,
    RuleBook,
    Setting,
    resolve,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from books.dossiers.identity import DossierIdentity
    from books.parties.listing import Selection
    from store.models import Dossier
    from store.rules import InboxDocument, RuleRow

MAX_PARTIES = 100_000
"""The largest selection a bulk rule accepts."""



def to_rule(row: RuleRow) -> Rule:
    """The engine's view of a stored rule."""
    sets = {name: Setting(s.get("value"), s.get("mode", "always")) for name, s in row.sets.items()}
    return Rule(id=row.id, kind=row.kind, sets=sets, party_id=row.party_id,
                party_name=row.party_name, condition=row.condition, created_by=row.created_by,
                created_at=row.created_at, updated_by=row.updated_by, updated_at=row.updated_at)


def stored_sets(settings: Mapping[str, Setting]) -> dict[str, dict[str, Any]]:
    """Settings as the ``sets`` column keeps them."""
    return {name: {"value": s.value, "mode": s.mode} for name, s in settings.items()}


def _dossier(ws: Workspace, slug: str) -> Dossier:
    from books.dossiers.service import get_dossier

    return get_dossier(ws, slug)


def identity_of(dossier: Dossier) -> DossierIdentity:
    """What the pipeline's defaults need of a dossier."""
    from books.dossiers.identity import DossierIdentity

    assert dossier.id is not None
    return DossierIdentity(id=dossier.id, slug=dossier.slug, name=dossier.name,
                           siren=dossier.siren, vat_id=dossier.vat_id,
                           base_currency=dossier.base_currency,
                           default_due_days=dossier.default_due_days,
                           default_payment_method=dossier.default_payment_method)


def list_rules(ws: Workspace, slug: str, kinds: Sequence[str] = ()) -> list[RuleRow]:
    """A dossier's rules (non-party rules first, then by party code)."""
    from store.rules import list_rules as rows

    dossier = _dossier(ws, slug)
    with ws.read() as session:
        return rows(session=session, dossier_id=dossier.id, kinds=kinds)


# ------------------------------------------------------------------ new documents


def fill_new(ws: Workspace, dossier: DossierIdentity, extracted: dict[str, Any],
             party_id: int | None, direction: str, fields: dict[str, Any], flags: Sequence[str],
             submitted_by: str | None, imported_at: datetime, today: date,
             first: bool = True) -> dict[str, Any]:
    """The pipeline's "rules applied" step: a new document's fields after the dossier's
    rules, with the auto-publish decision kept in ``fields["auto_publish"]["decision"]``
    (only on its ``first`` analysis, right after extraction: a document worked out again
    because a person changed its direction or dossier is never published by itself)."""
    from store.rules import party_facts, rules_for_document

    with ws.read() as session:
        rows = rules_for_document(session=session, dossier_id=dossier.id, party_id=party_id)
        facts = party_facts(session=session, party_id=party_id) if party_id else None
    if not rows:
        return fields
    party = PartyFacts(party_id, facts[0], facts[1]) if party_id and facts else None
    document = DocumentFacts(
        issue_date=_day(extracted.get("issue_date")), gross=_amount(extracted, "gross"),
        tax=_amount(extracted, "tax"), flags=tuple(flags), submitted_by=submitted_by,
        imported_at=imported_at, direction=direction)
    result = resolve(document, fields, party, RuleBook.of([to_rule(r) for r in rows]), today)
    if "auto_publish" in result.fields:
        from books.invoices.trust import amounts_sure  # issue 20: never unsure text amounts

        result.fields["auto_publish"] = {**result.fields["auto_publish"],
                                         "decision": first and result.auto_publish
                                         and amounts_sure(extracted)}
    return result.fields


def record_firing(session: Session, fields: Mapping[str, Any]) -> None:
    """Count, for each rule that gave a document a final value, one more document."""
    from store.models import utcnow
    from store.rules import add_firings

    fired = {v["rule"] for v in fields.values()
             if isinstance(v, dict) and isinstance(v.get("rule"), int)
             and v.get("source") in ("rule", "default")}
    add_firings(session=session, counts=dict.fromkeys(fired, 1), at=utcnow())


def wants_publishing(fields: Mapping[str, Any] | None) -> bool:
    """Whether the rules decided to publish a new document at once."""
    return bool(((fields or {}).get("auto_publish") or {}).get("decision"))


def reminder_note(fields: Mapping[str, Any] | None) -> str | None:
    """The supplier's reminder note for a document ("Toujours renseigner le numéro…")."""
    note = ((fields or {}).get("note") or {})
    return str(note["value"]) if note.get("value") and note.get("kind") == "supplier" else None


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _amount(extracted: dict[str, Any], key: str) -> Any:
    from decimal import Decimal, InvalidOperation

    raw = (extracted.get("totals") or {}).get(key)
    try:
        return Decimal(str(raw)) if raw not in (None, "") else None
    except InvalidOperation:
        return None


# ------------------------------------------------------------------ changes and their diff


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one document that a change of rules changes."""

    document_id: int
    document: str
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


@dataclass(frozen=True, slots=True)
class Applied:
    """What a committed change did."""

    rules: int
    documents: int
    undo_id: int


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
    dossier = _dossier(ws, slug)
    if not party_ids:
        raise InvalidInput(t("party.nothing_selected"))
    if len(party_ids) > MAX_PARTIES:
        raise InvalidInput(t("rules.too_many", count=len(party_ids), limit=MAX_PARTIES))
    settings = stored_sets(clean_settings(kind, values, only_if_blank, chart_of(ws, dossier)))
    if not settings and not clear and not replace:
        raise InvalidInput(t("rules.nothing_to_set"))
    return _plan_parties(ws, dossier, kind, dict.fromkeys(party_ids, settings), clear, replace,
                         apply_to_inbox, document_ids)


def plan_each_party(ws: Workspace, slug: str, kind: str,
                    settings: Mapping[int, Mapping[str, Setting]],
                    apply_to_inbox: bool = True) -> Plan:
    """Each party its own rule (checked settings, replacing what it had): an import."""
    require(ws.user, "rule.edit")
    dossier = _dossier(ws, slug)
    wanted = {pid: stored_sets(s) for pid, s in settings.items()}
    return _plan_parties(ws, dossier, kind, wanted, (), True, apply_to_inbox)


def _plan_parties(ws: Workspace, dossier: Dossier, kind: str,
                  wanted: Mapping[int, dict[str, Any]], clear: Sequence[str], replace: bool,
                  apply_to_inbox: bool, document_ids: Sequence[int] = ()) -> Plan:
    from store.rules import party_rules

    assert dossier.id is not None
    plan = Plan(dossier.id, dossier.slug, kind, "", sorted(wanted))
    with ws.read() as session:
        existing = party_rules(session=session, dossier_id=dossier.id, kind=kind,
                               party_ids=plan.parties)
        for party_id in plan.parties:
            _plan_party(plan, existing.get(party_id), party_id, wanted[party_id], clear,
                        replace)
        plan.before = [r for r in existing.values()
                       if r.id in plan.updates or r.id in plan.deletes]
        plan.rules_changed = len(plan.inserts) + len(plan.updates) + len(plan.deletes)
        if apply_to_inbox or document_ids:
            with _gc_paused():
                _work_out_documents(session, plan, dossier, existing,
                                    only=None if apply_to_inbox else set(document_ids))
    plan.summary = t("rules.summary.bulk", count=len(plan.parties), kind=t(f"rules.kind.{kind}"))
    return plan


def _plan_party(plan: Plan, rule: RuleRow | None, party_id: int, settings: dict[str, Any],
                clear: Sequence[str], replace: bool) -> None:
    if rule is None:
        if settings:
            plan.inserts[party_id] = settings
        return
    merged = dict(settings) if replace else {**rule.sets, **settings}
    for name in clear:
        merged.pop(name, None)
    if not merged:
        plan.deletes.append(rule.id)
    elif merged != rule.sets:
        plan.updates[rule.id] = merged


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The collector off while tens of thousands of documents' fields are held and
    re-made: no cycles are created, and its passes over them cost ~25 % of the work."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _work_out_documents(session: Session, plan: Plan, dossier: Dossier,
                        existing: Mapping[int, RuleRow],
                        party_ids: Sequence[int] | None = None,
                        only: set[int] | None = None) -> None:
    """The inbox documents of the plan's parties (``only`` these when given), resolved
    with the new rules."""
    from store.rules import inbox_documents, list_rules, parties_by_id

    assert dossier.id is not None
    others = _other_rules(plan, list_rules(session=session, dossier_id=dossier.id))
    documents = inbox_documents(session=session, dossier_id=dossier.id,
                                party_ids=plan.parties if party_ids is None else party_ids)
    if only is not None:
        documents = [d for d in documents if d.id in only]
    wanted = {d.party_id for d in documents if d.party_id is not None}
    names = {pid: name for pid, (_k, _c, name) in
             parties_by_id(session=session, party_ids=sorted(wanted)).items()}
    party_rules = _party_book(plan, existing, names, session)
    identity = identity_of(dossier)
    today = date.today()
    book = RuleBook.of([*others, *party_rules.values()])
    for document in documents:
        party = (PartyFacts(document.party_id, names.get(document.party_id, ""))
                 if document.party_id else None)
        _resolve_one(plan, document, identity, party, book, today)


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
    facts = DocumentFacts(issue_date=document.issue_date, gross=document.gross, tax=document.tax,
                          flags=tuple(document.flags), submitted_by=document.submitted_by,
                          imported_at=document.imported_at, direction=document.direction)
    before = document.fields or {}
    after = resolve(facts, base_fields(document, identity), party, book, today).fields
    if "decision" in after.get("auto_publish", {}):  # only new documents auto-publish
        after["auto_publish"] = {k: v for k, v in after["auto_publish"].items()
                                 if k != "decision"}
    changed = [name for name in {**before, **after}
               if _plain(before.get(name)) != after.get(name)]
    if not changed:
        return
    plan.documents.append((document.id, before, after))
    plan.party_of[document.id] = document.party_id
    plan.raw_before[document.id] = document.raw_fields
    for name in changed:
        old = (before.get(name) or {}).get("value")
        new = (after.get(name) or {}).get("value")
        if old != new:
            plan.diff.append(FieldChange(document.id, document.original_name, name, old, new))


def _plain(provenance: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """A stored provenance without the auto-publish decision (not a value)."""
    if provenance is None or "decision" not in provenance:
        return provenance
    return {k: v for k, v in provenance.items() if k != "decision"}


def base_fields(document: InboxDocument, identity: DossierIdentity) -> dict[str, Any]:
    """What rules start from: what was read, the match, manual edits, and the dossier's
    defaults (those a rule had replaced worked out again, as the pipeline does)."""
    from datetime import timedelta

    kept = {k: v for k, v in (document.fields or {}).items()
            if v.get("source") != "rule"
            and not (v.get("source") == "default" and isinstance(v.get("rule"), int))}
    stamp = document.imported_at.isoformat()
    if "currency" not in kept:
        kept["currency"] = {"value": identity.base_currency, "source": "default",
                            "rule": "dossier.base_currency", "by": None, "at": stamp}
    if "due_date" not in kept and document.issue_date is not None:
        due = document.issue_date + timedelta(days=identity.default_due_days)
        kept["due_date"] = {"value": due.isoformat(), "source": "default",
                            "rule": "dossier.default_due_days", "by": None, "at": stamp}
    if "payment_method" not in kept and identity.default_payment_method:
        kept["payment_method"] = {"value": identity.default_payment_method, "source": "default",
                                  "rule": "dossier.default_payment_method", "by": None,
                                  "at": stamp}
    return kept


def commit(ws: Workspace, plan: Plan) -> Applied:
    """Write a plan: its rules, and its documents still in review; one undo entry.

    Raises:
        Conflict: someone changed one of these rules since the plan was made.
    """
    from store.idruns import IdRuns
    from store.parties.merge import add_undo
    from store.rules import party_rules, save_party_rules, set_document_fields

    require(ws.user, "rule.edit")
    with _gc_paused(), ws.transaction() as session:
        if plan.kind in PARTY_KINDS:
            now = party_rules(session=session, dossier_id=plan.dossier_id, kind=plan.kind,
                              party_ids=plan.parties)
            current = {r.id: r.version for r in now.values()}
            if (any(current.get(r.id) != r.version for r in plan.before)
                    or any(party_id in now for party_id in plan.inserts)):
                raise Conflict(t("rules.changed_meanwhile"))
        created = save_party_rules(session=session, dossier_id=plan.dossier_id, kind=plan.kind,
                                   actor=ws.user.login, inserts=plan.inserts,
                                   updates=plan.updates, deletes=plan.deletes)
        new_other = _commit_other(session, ws, plan)
        if new_other is not None:
            created.append(new_other)
        documents = _with_real_ids(session, plan, new_other, ws.user.login)
        written = set_document_fields(session=session,
                                      changes=[(d, after) for d, _b, after in documents])
        _count_firings(session, [after for _d, _b, after in documents])
        payload = {"runs": IdRuns.of(plan.parties).encode(), "created": created,
                   "before": [r.as_values() for r in plan.before],
                   "documents_raw": [[d, plan.raw_before[d]] for d, _b, _a in documents]}
        undo_id = add_undo(session=session, dossier_id=plan.dossier_id, actor=ws.user.login,
                           action="rules", summary=plan.summary, payload=payload)
        _audit(session, ws, plan, written)
    return Applied(plan.rules_changed, written, undo_id)


def _with_real_ids(session: Session, plan: Plan, new_other: int | None, ws_login: str
                   ) -> list[tuple[int, dict[str, Any], dict[str, Any]]]:
    """The plan's documents, their provenance pointing at the rules just created."""
    from store.models import utcnow
    from store.rules import party_rules

    if not plan.inserts and new_other is None:
        return plan.documents
    created_at = utcnow()
    stamp = party_rules(session=session, dossier_id=plan.dossier_id, kind=plan.kind,
                        party_ids=list(plan.inserts)) if plan.inserts else {}
    stamps = {pid: _stamp(row.id, row.created_by, row.created_at) for pid, row in stamp.items()}
    other = _stamp(new_other, ws_login, created_at) if new_other is not None else None
    out = []
    for document_id, before, after in plan.documents:
        fixed = after
        for name, value in after.items():
            if value.get("rule") != PENDING:
                continue
            real = (stamps.get(_party_of(plan, document_id)) if value.get("kind") in PARTY_KINDS
                    else other)
            if real is not None:
                fixed = fixed if fixed is not after else dict(after)
                fixed[name] = {**value, **real}
        out.append((document_id, before, fixed))
    return out


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


def _count_firings(session: Session, documents: Sequence[Mapping[str, Any]]) -> None:
    """Each rule that now gives a document a value filled one more document."""
    from collections import Counter

    from store.models import utcnow
    from store.rules import add_firings

    counts: Counter[int] = Counter()
    for fields in documents:
        counts.update({v["rule"] for v in fields.values()
                       if isinstance(v.get("rule"), int) and v.get("source") in ("rule", "default")
                       and v["rule"] != PENDING})
    add_firings(session=session, counts=dict(counts), at=utcnow())


def _stamp(rule_id: int, by: str | None, at: datetime) -> dict[str, Any]:
    moment = at.isoformat()
    return {"rule": rule_id, "by": by, "at": moment, "created": moment}


def _party_of(plan: Plan, document_id: int) -> int | None:
    return plan.party_of.get(document_id)


def _audit(session: Session, ws: Workspace, plan: Plan, documents: int) -> None:
    from store.audit import add_event

    add_event(session=session, actor=ws.user.login, dossier_id=plan.dossier_id, entity="rule",
              entity_id=None, action="set",
              after={"kind": plan.kind, "parties": len(plan.parties),
                     "created": len(plan.inserts), "changed": len(plan.updates),
                     "deleted": len(plan.deletes), "documents": documents})


def chart_of(ws: Workspace, dossier: Dossier) -> frozenset[str] | None:
    """The dossier's own chart of accounts when it has one (accounts imported into the
    ledger's chart, :mod:`books.ledger.chart`), else None: the PCG numbering applies."""
    from store import ledger

    with ws.read() as session:
        accounts = ledger.list_accounts(session=session, dossier_id=dossier.id, prefix="")
    if not any(a.origin == "import" for a in accounts):
        return None
    return frozenset(a.number for a in accounts)


def get_party_ids(ws: Workspace, slug: str, kind: str, codes: Sequence[str]) -> list[int]:
    """Party ids from codes (every unknown code named)."""
    from store.rules import parties_named

    dossier = _dossier(ws, slug)
    with ws.read() as session:
        found = parties_named(session=session, dossier_id=dossier.id, kind=kind,
                              codes=list(codes))
    missing = [c for c in codes if c not in found]
    if missing:
        raise NotFound(t("rules.unknown_parties", codes=", ".join(missing[:10]),
                         count=len(missing)))
    return [found[c][0] for c in codes]


def selection_ids(ws: Workspace, slug: str, selection: Selection) -> list[int]:
    """The live parties of a list's selection (ids, or all matching its filter)."""
    from store.parties.changes import live_ids

    dossier = _dossier(ws, slug)
    with ws.read() as session:
        ids = selection.resolve(session)
        if selection.query is None and ids:
            ids = live_ids(session=session, dossier_id=dossier.id, party_ids=ids)
    return ids


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
    from books.rules.validate import clean_condition, clean_settings
    from store.rules import get_rule

    require(ws.user, "rule.edit")
    if kind in PARTY_KINDS:
        raise InvalidInput(t("rules.party_needed", kind=t(f"rules.kind.{kind}")))
    dossier = _dossier(ws, slug)
    settings = stored_sets(clean_settings(kind, values, only_if_blank, chart_of(ws, dossier)))
    clean = clean_condition(kind, condition or {})
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
            with _gc_paused():
                _work_out_documents(session, plan, dossier, {}, party_ids=None)
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
    dossier = _dossier(ws, slug)
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
            with _gc_paused():
                _work_out_documents(session, plan, dossier, {}, party_ids=None)
    plan.summary = t("rules.summary.delete", kind=t(f"rules.kind.{row.kind}"), name="")
    return plan


def group_ids(ws: Workspace, slug: str, kind: str, name: str) -> list[int]:
    """The parties of a group (a bulk rule ``--group``).

    Raises:
        NotFound: no such group in the dossier.
    """
    from store.rules import group_party_ids

    dossier = _dossier(ws, slug)
    with ws.read() as session:
        found = group_party_ids(session=session, dossier_id=dossier.id, kind=kind, name=name)
    if found is None:
        raise NotFound(t("rules.cli.unknown_group", name=name))
    return found


def filter_ids(ws: Workspace, slug: str, kind: str, text: str) -> list[int]:
    """The live parties a list filter matches (a bulk rule ``--filter``)."""
    from books.parties.listing import list_query, matching_ids

    return matching_ids(ws, list_query(_dossier(ws, slug).id, kind, text))


def describe_sets(sets: Mapping[str, Any]) -> str:
    """What a rule sets, in a line (``Compte 6064 · Taux de TVA 20 (si vide)``)."""
    from books.rules.explain import show_value
    from books.rules.validate import label

    parts = []
    for name, setting in sets.items():
        text = f"{label(name)} {show_value(name, setting.get('value'))}"
        if setting.get("mode") == "only_if_blank":
            text += f" ({t('rules.mode.only_if_blank')})"
        parts.append(text)
    return " · ".join(parts)


def describe_rule(rule: RuleRow) -> str:
    """Whom or what a rule is for (``F001 Adobe``, ``payé par carte``)."""
    from books.rules.explain import describe_condition

    if rule.party_id is not None:
        return f"{rule.party_code or ''} {rule.party_name or ''}".strip()
    if rule.kind == "defaults":
        return t("rules.kind.defaults")
    return describe_condition(rule.condition)


def party_rule(ws: Workspace, party: Any) -> RuleRow | None:
    """A party's rule (its record's Règles section), or None."""
    from store.rules import party_rules

    with ws.read() as session:
        found = party_rules(session=session, dossier_id=party.dossier_id, kind=party.kind,
                            party_ids=[party.id])
    return found.get(party.id)


PREFILLED = ("account", "vat_rate", "payment_method", "paid", "description", "currency")
"""What a rule made from a document takes from the document's current values."""


def values_from_document(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A new rule's fields prefilled from a document's current values ("Créer ou modifier
    une règle fournisseur" from the document view); a list of VAT rates is left out."""
    out: dict[str, Any] = {}
    for name in PREFILLED:
        value = (fields.get(name) or {}).get("value")
        if value in (None, "") or (name == "vat_rate" and "," in str(value)):
            continue
        out[name] = ("oui" if value else "non") if isinstance(value, bool) else value
    return out
