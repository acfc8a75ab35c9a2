"""What the rules' modules share: a stored rule as the engine reads it, the settings as
the ``sets`` column keeps them, and the dossier with its identity and chart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from books.rules.engine import Rule, Setting

if TYPE_CHECKING:
    from books.context import Workspace
    from books.dossiers.identity import DossierIdentity
    from store.models import Dossier
    from store.rules import RuleRow


def to_rule(row: RuleRow) -> Rule:
    """The engine's view of a stored rule."""
    sets = {name: Setting(s.get("value"), s.get("mode", "always")) for name, s in row.sets.items()}
    return Rule(id=row.id, kind=row.kind, sets=sets, party_id=row.party_id,
                party_name=row.party_name, condition=row.condition, created_by=row.created_by,
                created_at=row.created_at, updated_by=row.updated_by, updated_at=row.updated_at)


def stored_sets(settings: Mapping[str, Setting]) -> dict[str, dict[str, Any]]:
    """Settings as the ``sets`` column keeps them."""
    return {name: {"value": s.value, "mode": s.mode} for name, s in settings.items()}


def dossier_of(ws: Workspace, slug: str) -> Dossier:
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


def chart_of(ws: Workspace, dossier: Dossier) -> frozenset[str] | None:
    """The dossier's own chart of accounts when it has one (accounts imported into the
    ledger's chart, :mod:`books.ledger.chart`), else None: the PCG numbering applies."""
    from store import ledger

    with ws.read() as session:
        accounts = ledger.list_accounts(session=session, dossier_id=dossier.id, prefix="")
    if not any(a.origin == "import" for a in accounts):
        return None
    return frozenset(a.number for a in accounts)
