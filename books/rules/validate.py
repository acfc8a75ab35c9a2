"""Checking what a person asks a rule to set: each message names the field and why.

Accounts follow the dossier's chart of accounts when it has one, else the French
PCG numbering (6… purchases, 7… sales, 2… fixed assets); VAT rates are the
dossier's territory's (20, 10, 5.5, 2.1 and 0 on the mainland; 8.5, 2.1, 1.75, 1.05
and 0 in Guadeloupe, Martinique and La Réunion; 0 where VAT does not apply:
books.dossiers.vat); due days are zero or more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from books.errors import InvalidFields, InvalidInput, all_or_nothing
from books.i18n import t
from books.rules.engine import KINDS, MODES, PARTY_KINDS, SETTINGS, Setting

ACCOUNT_CLASSES = {"supplier": ("6", "2"), "customer": ("7",)}
"""The PCG classes a party rule's account may start with (others: any of 6, 7, 2)."""
YES = frozenset({"yes", "oui", "o", "y", "true", "1", "vrai"})
NO = frozenset({"no", "non", "n", "false", "0", "faux"})
MAX_DUE_DAYS = 366
TEXT_LIMITS = {"description": 200, "note": 300}


def label(name: str) -> str:
    """A setting's label as the forms show it."""
    return t(f"rules.field.{name}")


def owned_by_software(kind: str, software: str | None) -> tuple[str, ...]:
    """The settings a dossier's connected accounting software owns in rules of ``kind``:
    each supplier's and customer's account is kept there (as their names and
    identifiers are), so a party rule neither offers nor takes it."""
    return ("account",) if software and kind in PARTY_KINDS else ()


def clean_settings(kind: str, values: Mapping[str, Any], only_if_blank: Iterable[str] = (),
                   chart: frozenset[str] | None = None,
                   territory: str = "mainland",
                   software: str | None = None) -> dict[str, Setting]:
    """The settings a rule of ``kind`` gets, checked and normalised (every error at once).

    Args:
        values: setting → what was typed (None or "" leaves it out).
        only_if_blank: settings that only fill a blank field (the others always apply).
        chart: the dossier's chart of accounts, when it has one.
        territory: the dossier's VAT territory (its rates).
        software: the accounting software the dossier is connected to, if any (what it
            owns is refused: :func:`owned_by_software`).

    Raises:
        InvalidInput / InvalidFields: naming each field and why.
    """
    if kind not in KINDS:
        raise InvalidInput(t("rules.bad_kind", kind=kind, kinds=", ".join(KINDS)), "kind")
    blanks = set(only_if_blank)
    errors: list[InvalidInput] = []
    for name in sorted(blanks - set(SETTINGS)):
        errors.append(InvalidInput(t("rules.unknown_field", field=name,
                                     fields=", ".join(SETTINGS)), name))
    out: dict[str, Setting] = {}
    for name, raw in values.items():
        if name not in SETTINGS:
            errors.append(InvalidInput(t("rules.unknown_field", field=name,
                                         fields=", ".join(SETTINGS)), name))
            continue
        if raw is None or raw == "":
            continue
        if name in owned_by_software(kind, software):
            errors.append(InvalidInput(t("rules.owned_by_software", field=label(name),
                                         software=software), name))
            continue
        try:
            value = clean_value(kind, name, raw, chart, territory)
        except InvalidInput as error:
            errors.append(error)
            continue
        out[name] = Setting(value, "only_if_blank" if name in blanks else "always")
    if "due_days" in out and "due_end_of_month" in out:
        errors.append(InvalidInput(t("rules.due_both"), "due_days"))
    all_or_nothing(errors)
    return out


def clean_value(kind: str, name: str, raw: Any, chart: frozenset[str] | None = None,
                territory: str = "mainland") -> Any:
    """One setting's value, checked (raises :class:`InvalidInput` naming the field)."""
    text = str(raw).strip()
    if name == "account":
        return clean_account(kind, text, chart)
    if name == "vat_rate":
        return clean_rate(text, territory)
    if name in ("due_days", "due_end_of_month"):
        return clean_days(name, raw)
    if name in ("paid", "auto_publish"):
        return clean_yes_no(name, raw)
    if name == "payment_method":
        from books.payment_methods import clean_payment_method

        return clean_payment_method(text, label(name))
    if name == "currency":
        from books.currencies import clean_currency

        return clean_currency(text, label(name))
    if name == "note" and kind != "supplier":
        raise InvalidInput(t("rules.note_suppliers_only", field=label(name)), name)
    if len(text) > TEXT_LIMITS[name]:
        raise InvalidInput(t("rules.too_long", field=label(name), limit=TEXT_LIMITS[name]), name)
    return text


def clean_account(kind: str, text: str, chart: frozenset[str] | None) -> str:
    """An account of the dossier's chart, else one following the PCG numbering."""
    field = label("account")
    if chart:
        if text not in chart:
            raise InvalidInput(t("rules.account_not_in_chart", field=field, value=text[:20]),
                               "account")
        return text
    classes = ACCOUNT_CLASSES.get(kind, ("6", "7", "2"))
    if not (text.isdigit() and 3 <= len(text) <= 12):
        raise InvalidInput(t("rules.account_digits", field=field, value=text[:20]), "account")
    if text[0] not in classes:
        raise InvalidInput(t(f"rules.account_class.{kind if kind in ACCOUNT_CLASSES else 'other'}",
                             field=field, value=text), "account")
    return text


def clean_rate(text: str, territory: str = "mainland") -> str:
    """A VAT rate of the dossier's territory (``5,5`` and ``5.5 %`` read as ``5.5``)."""
    from books.dossiers.vat import rates_of, rates_text, territory_label

    rate = text.replace("%", "").replace(",", ".").strip()
    if "." in rate:
        rate = rate.rstrip("0").rstrip(".")
    if rate not in rates_of(territory):
        raise InvalidInput(t("rules.bad_rate", field=label("vat_rate"), value=text[:20],
                             territory=territory_label(territory),
                             rates=rates_text(territory)), "vat_rate")
    return rate


def clean_days(name: str, raw: Any) -> int:
    """Days after the invoice date (or after the end of its month): 0 to 366."""
    try:
        days = int(str(raw).strip())
    except ValueError:
        raise InvalidInput(t("rules.bad_days", field=label(name), value=str(raw)[:20]),
                           name) from None
    if days < 0 or days > MAX_DUE_DAYS:
        raise InvalidInput(t("rules.days_range", field=label(name), value=days,
                             limit=MAX_DUE_DAYS), name)
    return days


def clean_yes_no(name: str, raw: Any) -> bool:
    """``yes`` / ``no`` (``oui`` / ``non``, true / false)."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise InvalidInput(t("rules.bad_yes_no", field=label(name), value=str(raw)[:20]), name)


def clean_mode(name: str, mode: str) -> str:
    """``always`` or ``only_if_blank``."""
    if mode not in MODES:
        raise InvalidInput(t("rules.bad_mode", field=label(name), value=mode[:20],
                             modes=", ".join(MODES)), name)
    return mode


def clean_rule(kind: str, values: Mapping[str, Any], only_if_blank: Iterable[str],
               condition: Mapping[str, Any], chart: frozenset[str] | None = None,
               territory: str = "mainland") -> tuple[dict[str, Setting], dict[str, Any]]:
    """A payment-method, user, exception or defaults rule's settings and condition, both
    checked: every wrong field named at once, the condition's first.

    Raises:
        InvalidInput / InvalidFields: naming each field and why.
    """
    errors: list[InvalidInput] = []
    condition_out: dict[str, Any] = {}
    settings: dict[str, Setting] = {}
    try:
        condition_out = clean_condition(kind, condition)
    except InvalidFields as error:
        errors.extend(error.errors)
    except InvalidInput as error:
        errors.append(error)
    try:
        settings = clean_settings(kind, values, only_if_blank, chart, territory)
    except InvalidFields as error:
        errors.extend(error.errors)
    except InvalidInput as error:
        errors.append(error)
    all_or_nothing(errors)
    return settings, condition_out


def clean_condition(kind: str, condition: Mapping[str, Any]) -> dict[str, Any]:
    """What a payment-method, user or exception rule applies to (a wrong payment method
    or user is named ``when``, the editor's field for either)."""
    from books.dossiers.identity import FLAGS

    out: dict[str, Any] = {}
    if kind == "payment_method":  # errors name "when": the editor's, TOML's and CLI's name
        from books.payment_methods import clean_payment_method

        try:
            method = clean_payment_method(str(condition.get("payment_method") or ""),
                                          label("payment_method"))
        except InvalidInput as error:
            raise InvalidInput(error.message, "when") from None
        if not method:
            raise InvalidInput(t("rules.condition_needed", what=label("payment_method")), "when")
        out["payment_method"] = method
    elif kind == "user":
        user = str(condition.get("user") or "").strip()
        if not user:
            raise InvalidInput(t("rules.condition_needed", what=t("rules.cond.user_label")), "when")
        out["user"] = user[:64]
    elif kind == "exception":
        out = _exception(condition, FLAGS)
    return out


def _exception(condition: Mapping[str, Any], flags: tuple[str, ...]) -> dict[str, Any]:
    """An auto-publish exception's conditions, checked (every wrong one named at once)."""
    errors: list[InvalidInput] = []
    out: dict[str, Any] = {}
    amount = condition.get("amount_above")
    if amount not in (None, ""):
        try:
            out["amount_above"] = _amount_above(amount)
        except InvalidInput as error:
            errors.append(error)
    for key in ("vat_missing", "party_new_this_month"):
        if condition.get(key):
            try:
                out[key] = clean_yes_no(key, condition[key]) or None
            except InvalidInput as error:
                errors.append(error)
    wanted = condition.get("flags") or []
    if isinstance(wanted, str):
        wanted = [f.strip() for f in wanted.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in flags]
    if unknown:
        errors.append(InvalidInput(t("rules.bad_flags", value=", ".join(unknown)[:60],
                                     flags=", ".join(flags)), "flags"))
    elif wanted:
        out["flags"] = list(wanted)
    all_or_nothing(errors)
    out = {k: v for k, v in out.items() if v is not None}
    if not out:
        raise InvalidInput(t("rules.exception_needs_condition"), "condition")
    return out


def _amount_above(amount: Any) -> str:
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(str(amount).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise InvalidInput(t("rules.bad_amount", value=str(amount)[:20]), "amount_above")
    return str(value)
