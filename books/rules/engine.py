"""The rules engine: a document's accounting fields, each with its provenance.

A pure function (no database, no clock): what was read on the document and
what the dossier's defaults give (the pipeline's ``resolve_defaults``), the
matched party, the dossier's rules, and a person's manual edits in; every
accounting field out with the layer, the rule and who made it.

The precedence is DESIGN.md's "Rules and their precedence", lowest first:

1. dossier defaults (the dossier's own, and a ``defaults`` rule);
2. automatic assignment: what extraction and learning propose;
3. the supplier / customer rule of the matched party;
4. payment-method rules, user rules and auto-publish exceptions;
5. a person's manual edit — never overwritten.

A rule's field ``always`` replaces a lower layer's value; ``only_if_blank``
fills the field only when no lower layer gave it a value (a dossier default
is a fallback, not a value: both modes replace it). Facts read on the
document (due date, VAT rate, currency) are only filled by rules when the
document lacks them, whatever the mode.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

FIELDS = ("account", "vat_rate", "due_date", "payment_method", "paid", "description",
          "currency", "auto_publish", "note")
"""The accounting fields rules resolve, in the order screens show them."""

SETTINGS = ("account", "vat_rate", "due_days", "due_end_of_month", "payment_method", "paid",
            "description", "currency", "auto_publish", "note")
"""What a rule may set (``due_days`` / ``due_end_of_month`` both give ``due_date``)."""

FIELD_OF = {name: name for name in SETTINGS} | {"due_days": "due_date",
                                                  "due_end_of_month": "due_date"}
"""The document field a rule setting fills."""

DATED = frozenset({"due_days", "due_end_of_month"})
"""Settings whose value is worked out from the document's issue date."""

FACTS = frozenset({"due_date", "vat_rate", "currency"})
"""Fields that are facts when read on the document: rules only fill them when missing."""

MODES = ("always", "only_if_blank")

KINDS = ("supplier", "customer", "payment_method", "user", "exception", "defaults")
"""Rule kinds; the first two are party rules."""

PARTY_KINDS = ("supplier", "customer")

LAYER_OF_SOURCE = {"default": 1, "document": 2, "match": 2, "automatic": 2, "learning": 2,
                   "check": 2, "rule": 3, "manual": 5}
"""The layer of a provenance's ``source`` (rules carry their own ``layer``)."""

LAYER_OF_KIND = {"defaults": 1, "supplier": 3, "customer": 3, "payment_method": 4, "user": 4,
                 "exception": 4}


@dataclass(frozen=True, slots=True)
class Setting:
    """One field a rule sets, and whether it always applies or only fills a blank."""

    value: Any
    mode: str = "always"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as the engine reads it (plain values; see :mod:`store.rules`)."""

    id: int
    kind: str
    sets: Mapping[str, Setting]
    party_id: int | None = None
    party_name: str | None = None
    condition: Mapping[str, Any] = field(default_factory=dict)
    """``payment_method`` (payment-method rules), ``user`` (user rules), and for
    exceptions any of ``amount_above``, ``vat_missing``, ``flags``,
    ``party_new_this_month``."""
    created_by: str | None = None
    created_at: datetime | None = None
    updated_by: str | None = None
    updated_at: datetime | None = None
    provenance: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """What every value this rule gives says of it (worked out once, not per document)."""
    entries: tuple[tuple[str, str | None, Any, str, dict[str, Any]], ...] = field(
        default=(), compare=False, repr=False)
    """(field, the setting when its value depends on the issue date, value, mode, the value
    with its provenance) of each setting that gives a value, in the rule's order (worked
    out once; a document gets a copy of the last)."""

    def __post_init__(self) -> None:
        stamp = self.updated_at or self.created_at
        object.__setattr__(self, "provenance", {
            "source": "default" if self.kind == "defaults" else "rule", "rule": self.id,
            "kind": self.kind, "layer": self.layer, "party": self.party_name,
            "by": self.updated_by or self.created_by,
            "at": stamp.isoformat() if stamp else None,
            "created": self.created_at.isoformat() if self.created_at else None,
            "condition": dict(self.condition) or None})
        object.__setattr__(self, "entries", tuple(
            (FIELD_OF[name], name if name in DATED else None, s.value, s.mode,
             {"value": s.value, **self.provenance})
            for name, s in self.sets.items() if s.value not in (None, "")))

    @property
    def layer(self) -> int:
        """Where the rule stands in the precedence."""
        return LAYER_OF_KIND[self.kind]


@dataclass(frozen=True, slots=True)
class RuleBook:
    """A dossier's rules, indexed the way a document looks them up."""

    by_party: Mapping[int, Rule] = field(default_factory=dict)
    defaults: tuple[Rule, ...] = ()
    payment_methods: tuple[Rule, ...] = ()
    users: tuple[Rule, ...] = ()
    exceptions: tuple[Rule, ...] = ()

    @classmethod
    def of(cls, rules: list[Rule]) -> RuleBook:
        """Index a dossier's rules (oldest first: a newer rule of a layer wins a tie)."""
        ordered = sorted(rules, key=lambda r: r.id)
        return cls(
            by_party={r.party_id: r for r in ordered if r.kind in PARTY_KINDS and r.party_id},
            defaults=tuple(r for r in ordered if r.kind == "defaults"),
            payment_methods=tuple(r for r in ordered if r.kind == "payment_method"),
            users=tuple(r for r in ordered if r.kind == "user"),
            exceptions=tuple(r for r in ordered if r.kind == "exception"))


class DocumentFacts(NamedTuple):
    """What the engine needs of a document besides its fields (a named tuple: made once
    per document of a 50,000-document change, a frozen dataclass cost 2.5 µs each)."""

    issue_date: date | None = None
    gross: Decimal | None = None
    tax: Decimal | None = None
    flags: tuple[str, ...] = ()
    submitted_by: str | None = None
    imported_at: datetime | None = None
    direction: str = "purchase"


class Facts(Protocol):
    """What the engine reads of a document: :class:`DocumentFacts`, or any record with
    the same attributes (a change over the inbox hands its rows over as they are)."""

    @property
    def issue_date(self) -> date | None: ...
    @property
    def gross(self) -> Decimal | None: ...
    @property
    def tax(self) -> Decimal | None: ...
    @property
    def flags(self) -> Sequence[str]: ...
    @property
    def submitted_by(self) -> str | None: ...
    @property
    def imported_at(self) -> datetime | None: ...
    @property
    def direction(self) -> str: ...


class PartyFacts(NamedTuple):
    """The matched party."""

    id: int
    name: str
    created_at: datetime | None = None


@dataclass(slots=True)
class Resolution:
    """Every field with its provenance, the auto-publish decision, the exception that
    stopped it and the supplier's note."""

    fields: dict[str, dict[str, Any]]
    auto_publish: bool
    exception: int | None = None
    """The exception rule that stopped auto-publish, if one did."""
    note: str | None = None
    """The supplier's reminder note shown at the top of the document."""

    @property
    def fired(self) -> list[int]:
        """The rules that gave a field its final value (worked out when asked: a change
        over 50,000 documents never asks)."""
        return sorted({v["rule"] for v in self.fields.values()
                       if v.get("source") == "rule" and isinstance(v.get("rule"), int)})


def resolve(document: Facts, fields: Mapping[str, dict[str, Any]],
            party: PartyFacts | None, book: RuleBook, today: date) -> Resolution:
    """The document's fields after the dossier's rules (pure; see the module's precedence).

    Args:
        fields: the fields so far, each ``{"value", "source", …}``: the document's facts
            (``document``), the dossier's defaults (``default``), the match, and the
            person's edits (``manual``); rule values of a previous pass are recomputed.
        party: the matched party (its rule applies), or None.
        today: for "party created this month" exceptions.
    """
    return resolve_owned(document, {k: v for k, v in fields.items()
                                    if v.get("source") != "rule"}, party, book, today)


def resolve_owned(document: Facts, out: dict[str, dict[str, Any]],
                  party: PartyFacts | None, book: RuleBook, today: date) -> Resolution:
    """:func:`resolve` on fields the caller hands over (changed in place and returned as
    the resolution's fields) that hold no value of a rule: what a change over the inbox
    builds for each document anyway, so not copied a second time."""
    for rule in book.defaults:
        _apply(out, rule, document.issue_date)
    rule = book.by_party.get(party.id) if party is not None else None
    if rule is not None:
        _apply(out, rule, document.issue_date, party.name if party else None)
    if book.payment_methods:
        method = (out.get("payment_method") or {}).get("value")
        for rule in book.payment_methods:
            if method and rule.condition.get("payment_method") == method:
                _apply(out, rule, document.issue_date)
    if book.users and document.submitted_by:
        for rule in book.users:
            if rule.condition.get("user") == document.submitted_by:
                _apply(out, rule, document.issue_date)
    stopped = None
    if book.exceptions:
        stopped = next((r for r in book.exceptions if holds(r, document, out, party, today)),
                       None)
        if stopped is not None:
            _offer(out, "auto_publish", _from_rule(stopped, False), "always")
    return Resolution(out, _auto_publish(out, document, stopped),
                      stopped.id if stopped else None, _note(out, document))


def _apply(out: dict[str, dict[str, Any]], rule: Rule, issued: date | None,
           party_name: str | None = None) -> None:
    """Offer each of the rule's values to its field (:func:`_offer`, inlined: this runs
    for every setting of every document of a change)."""
    layer = rule.provenance["layer"]
    renamed = bool(party_name) and party_name != rule.provenance["party"]
    for name, dated, value, mode, given in rule.entries:
        if dated is not None:
            if issued is None:
                continue
            value = _dated(dated, value, issued)
        current = out.get(name)
        if current is not None and current.get("value") not in (None, ""):
            held = current.get("layer")
            held = int(held) if held else LAYER_OF_SOURCE.get(current.get("source") or "", 2)
            if (held > layer or (name in FACTS and current.get("source") == "document")
                    or (mode == "only_if_blank" and held > 1)):
                continue
        candidate = given.copy()
        if dated is not None:
            candidate["value"] = value
        if renamed:
            candidate["party"] = party_name
        out[name] = candidate


@lru_cache(maxsize=4096)
def _dated(setting: str, value: Any, issued: date) -> str:
    """A due date from a number of days (``due_days``) or end of month plus days
    (remembered: an inbox's documents share a few dozen issue dates, and a change over
    50,000 of them asks this for each)."""
    if setting == "due_days":
        return (issued + timedelta(days=int(value))).isoformat()
    return end_of_month_plus(issued, int(value)).isoformat()


def _from_rule(rule: Rule, value: Any) -> dict[str, Any]:
    return {"value": value, **rule.provenance}


def layer_of(provenance: Mapping[str, Any]) -> int:
    """The precedence layer a field's value comes from."""
    layer = provenance.get("layer")
    return int(layer) if layer else LAYER_OF_SOURCE.get(provenance.get("source") or "", 2)


def _blank(provenance: Mapping[str, Any] | None) -> bool:
    return provenance is None or provenance.get("value") in (None, "")


def _offer(out: dict[str, dict[str, Any]], name: str, candidate: dict[str, Any],
           mode: str) -> None:
    """Give ``name`` the candidate's value unless what it holds outranks it."""
    current = out.get(name)
    if not _blank(current):
        assert current is not None
        held = layer_of(current)
        if held > candidate["layer"]:
            return
        if name in FACTS and current.get("source") == "document":
            return
        if mode == "only_if_blank" and held > 1:
            return
    out[name] = candidate


def end_of_month_plus(day: date, days: int) -> date:
    """The last day of ``day``'s month, plus ``days`` (French "fin de mois + N jours")."""
    last = calendar.monthrange(day.year, day.month)[1]
    return date(day.year, day.month, last) + timedelta(days=days)


def holds(rule: Rule, document: Facts, out: Mapping[str, Mapping[str, Any]],
          party: PartyFacts | None, today: date) -> bool:
    """Whether an exception's conditions all hold for the document (any one given)."""
    condition = rule.condition
    checks = []
    if condition.get("amount_above") not in (None, ""):
        try:
            limit = Decimal(str(condition["amount_above"]))
        except InvalidOperation:
            limit = None
        checks.append(limit is not None and document.gross is not None and
                      abs(document.gross) > limit)
    if condition.get("vat_missing"):
        checks.append(_blank(out.get("vat_rate")) and not document.tax)
    if condition.get("flags"):
        checks.append(bool(set(condition["flags"]) & set(document.flags)))
    if condition.get("party_new_this_month"):
        created = party.created_at if party else None
        checks.append(created is not None and (created.year, created.month) ==
                      (today.year, today.month))
    return bool(checks) and all(checks)


def _auto_publish(out: Mapping[str, Mapping[str, Any]], document: Facts,
                  stopped: Rule | None) -> bool:
    """On when the field says so, no exception holds, and the rule that turned it on
    existed before the document was imported (a person's ``yes`` counts at once)."""
    provenance = out.get("auto_publish")
    if stopped is not None or provenance is None or provenance.get("value") is not True:
        return False
    if provenance.get("source") == "manual":
        return True
    created = provenance.get("created")
    if created is None or document.imported_at is None:
        return False
    return _aware(datetime.fromisoformat(created)) < _aware(document.imported_at)


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _note(out: Mapping[str, Mapping[str, Any]], document: Facts) -> str | None:
    note = (out.get("note") or {}).get("value")
    return str(note) if note and document.direction == "purchase" else None
