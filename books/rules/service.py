"""The rules service: read a dossier's rules, fill new documents from them, and find
the parties a change is for. Working a change out and writing it live in
:mod:`books.rules.plan` and :mod:`books.rules.commit` (re-exported here).

Only admins create, change or delete rules (``rule.edit``); everyone reads them.
Applying to the inbox changes the documents still in review of the parties
concerned (never published ones); a person's manual edits survive. The whole
change (rules and documents) is one journal entry that ``u`` / ``saisie undo``
takes back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from books.errors import NotFound
from books.i18n import t
from books.rules.commit import Applied, commit
from books.rules.engine import DocumentFacts, PartyFacts, RuleBook, resolve
from books.rules.plan import (
    MAX_PARTIES,
    PENDING,
    FieldChange,
    Plan,
    base_fields,
    plan_delete,
    plan_each_party,
    plan_party_rules,
    plan_rule,
)
from books.rules.rows import chart_of, identity_of, stored_sets, to_rule
from books.rules.rows import dossier_of as _dossier

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from books.dossiers.identity import DossierIdentity
    from books.parties.listing import Selection
    from store.rules import RuleRow

__all__ = ["MAX_PARTIES", "PENDING", "Applied", "FieldChange", "Plan", "base_fields",
           "chart_of", "commit", "identity_of", "plan_delete", "plan_each_party",
           "plan_party_rules", "plan_rule", "stored_sets", "to_rule"]


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
