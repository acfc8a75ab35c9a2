"""Rule health: how many documents each rule filled and when it last fired; rules that
never fire, rules a higher layer hides entirely, and parties with documents but no
rule — where typing is still done by hand ("où la saisie reste manuelle")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from books.context import Workspace

STATES = ("working", "never", "hidden")
"""``working``: it filled documents; ``never``: no document to fill yet; ``hidden``:
its party has documents, yet every value came from elsewhere (a higher layer, a
person's edit, or what was read)."""


@dataclass(frozen=True, slots=True)
class RuleHealth:
    """One rule's health."""

    rule_id: int
    kind: str
    party_code: str | None
    party_name: str | None
    fired: int
    last_fired_at: datetime | None
    documents: int
    """Documents of the rule's party (party rules; 0 for the others)."""
    state: str
    who: str = ""
    """Whom or what the rule is for, in words."""


@dataclass(frozen=True, slots=True)
class ManualParty:
    """A party with documents and no rule."""

    party_id: int
    kind: str
    code: str
    name: str
    documents: int


@dataclass(frozen=True, slots=True)
class Health:
    """A dossier's rule health."""

    rules: list[RuleHealth]
    manual: list[ManualParty]
    """Most documents first."""


def rule_health(ws: Workspace, slug: str) -> Health:
    """Every rule's health, and the parties left to manual typing."""
    from books.dossiers.service import get_dossier
    from books.rules.service import describe_rule
    from store.rules import documents_per_party, list_rules, parties_by_id

    dossier = get_dossier(ws, slug)
    with ws.read() as session:
        rules = list_rules(session=session, dossier_id=dossier.id)
        per_party = documents_per_party(session=session, dossier_id=dossier.id)
        ruled = {r.party_id for r in rules if r.party_id is not None}
        bare = sorted((p for p in per_party if p not in ruled), key=lambda p: -per_party[p])
        names = parties_by_id(session=session, party_ids=bare)
    health = []
    for rule in rules:
        documents = per_party.get(rule.party_id, 0) if rule.party_id else 0
        state = "working" if rule.fired_count else ("hidden" if documents else "never")
        health.append(RuleHealth(rule.id, rule.kind, rule.party_code, rule.party_name,
                                 rule.fired_count, rule.last_fired_at, documents, state,
                                 describe_rule(rule)))
    manual = [ManualParty(p, *names[p], per_party[p]) for p in bare if p in names]
    return Health(health, manual)


def health_json(health: Health) -> list[dict[str, Any]]:
    """``saisie rules health --json``: one line per rule, then one per manual party."""
    lines: list[dict[str, Any]] = [
        {"type": "rule", "id": r.rule_id, "kind": r.kind, "party_code": r.party_code,
         "party_name": r.party_name, "fired": r.fired,
         "last_fired_at": r.last_fired_at.isoformat() if r.last_fired_at else None,
         "documents": r.documents, "state": r.state} for r in health.rules]
    lines.extend({"type": "manual", "kind": m.kind, "party_code": m.code, "party_name": m.name,
                  "documents": m.documents} for m in health.manual)
    return lines
