"""Why a field holds its value, in a sentence a person reads (the document view,
``saisie documents show --json``'s ``why``).

"Compte 6064 — règle fournisseur Adobe, créée par marie le 03/11/2026".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from books.i18n import known, t


def explain(name: str, provenance: Mapping[str, Any]) -> str:
    """One sentence: the field, its value, and where the value comes from."""
    label = t(f"rules.field.{name}") if known(f"rules.field.{name}") else name
    head = t("rules.why.head", field=label, value=show_value(name, provenance.get("value")))
    return t("rules.why.joined", head=head, why=source_text(provenance))


def show_value(name: str, value: Any) -> str:
    """A field's value as a person reads it (dates in the language's order, yes/no)."""
    from books.formats import format_date

    if value is None or value == "":
        return t("rules.value.blank")
    if isinstance(value, bool):
        return t("rules.value.yes") if value else t("rules.value.no")
    if name in ("due_date", "issue_date"):
        try:
            return format_date(date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if name == "vat_rate":  # 8,5 % in French
        from books.i18n import get_language

        return f"{str(value).replace('.', ',') if get_language() == 'fr' else value} %"
    return str(value)


def source_text(provenance: Mapping[str, Any]) -> str:
    """Where a value comes from: the layer, the rule, who and when."""
    source = provenance.get("source") or ""
    who, when = provenance.get("by"), _day(provenance.get("created") or provenance.get("at"))
    if source == "manual":
        return t("rules.why.manual", who=who or "?", when=_day(provenance.get("at")))
    if source == "rule" or (source == "default" and isinstance(provenance.get("rule"), int)):
        kind = provenance.get("kind") or ""
        what = _rule_name(kind, provenance)
        if provenance.get("by"):
            verb = "rules.why.updated" if _edited(provenance) else "rules.why.created"
            return t(verb, rule=what, who=who, when=_day(provenance.get("at")) if
                     _edited(provenance) else when)
        return what
    if source == "default":
        return t("rules.why.default")
    if source == "document":
        return t("rules.why.document")
    if source == "match":
        return t("rules.why.match")
    return t("rules.why.other", source=source or "?")


def _rule_name(kind: str, provenance: Mapping[str, Any]) -> str:
    condition = provenance.get("condition") or {}
    if kind in ("supplier", "customer"):
        return t(f"rules.why.rule.{kind}", name=provenance.get("party") or "?")
    if kind == "payment_method":
        return t("rules.why.rule.payment_method", name=condition.get("payment_method", "?"))
    if kind == "user":
        return t("rules.why.rule.user", name=condition.get("user", "?"))
    if kind == "exception":
        return t("rules.why.rule.exception", name=describe_condition(condition))
    return t("rules.why.rule.defaults")


def describe_condition(condition: Mapping[str, Any]) -> str:
    """An exception's conditions in words (``montant > 1000 et TVA absente``)."""
    parts = []
    if condition.get("amount_above") not in (None, ""):
        parts.append(t("rules.cond.amount_above", amount=condition["amount_above"]))
    if condition.get("vat_missing"):
        parts.append(t("rules.cond.vat_missing"))
    if condition.get("flags"):
        parts.append(t("rules.cond.flags", flags=", ".join(condition["flags"])))
    if condition.get("party_new_this_month"):
        parts.append(t("rules.cond.party_new"))
    if condition.get("payment_method"):
        parts.append(t("rules.cond.payment_method", name=condition["payment_method"]))
    if condition.get("user"):
        parts.append(t("rules.cond.user", name=condition["user"]))
    return t("rules.cond.and").join(parts) if parts else t("rules.cond.none")


def _edited(provenance: Mapping[str, Any]) -> bool:
    created, at = provenance.get("created"), provenance.get("at")
    return bool(created and at and created != at)


def _day(text: Any) -> str:
    from books.formats import format_date

    if not text:
        return "?"
    try:
        return format_date(datetime.fromisoformat(str(text)).date())
    except ValueError:
        return str(text)
