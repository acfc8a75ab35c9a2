"""Rules as TOML: ``saisie rules export`` writes every rule of a dossier, readable and
reviewable; ``saisie rules import`` reads such a file into a dossier (a firm keeps a
template and copies it between dossiers).

The file::

    [supplier.F001]                     # a party rule, by the party's code
    account = "6064"
    vat_rate = "20"
    note = "Toujours renseigner le numéro de facture"
    only_if_blank = ["vat_rate"]        # these only fill a blank; the others always apply

    [[payment_method]]                  # non-party rules: arrays of tables
    when = "carte"
    paid = true

    [[user]]
    when = "bob"
    description = "Notes de frais"

    [[exception]]
    amount_above = "1000"

    [[defaults]]
    account = "6000"

An import checks every entry first and names each invalid one by its key
(``supplier.F999``, ``exception[2]``); with any invalid entry nothing is
applied. Rules in the file replace the rules they name; other rules stay.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from books.errors import InvalidInput
from books.i18n import t
from books.rules.engine import KINDS, PARTY_KINDS, Setting

if TYPE_CHECKING:
    from books.context import Workspace
    from books.rules.service import Applied, Plan
    from store.rules import RuleRow

CONDITION_KEYS = {"payment_method": ("when",), "user": ("when",),
                  "exception": ("amount_above", "vat_missing", "flags", "party_new_this_month"),
                  "defaults": ()}
OTHER_KINDS = ("payment_method", "user", "exception", "defaults")
ONLY_IF_BLANK = "only_if_blank"
"""An entry's list of the fields that only fill a blank (the others always apply)."""


def export_toml(ws: Workspace, slug: str) -> str:
    """Every rule of the dossier as TOML."""
    import tomli_w

    from books.rules.service import list_rules

    document: dict[str, Any] = {}
    for rule in list_rules(ws, slug):
        if rule.kind in PARTY_KINDS:
            document.setdefault(rule.kind, {})[rule.party_code or str(rule.party_id)] = _sets(rule)
        else:
            document.setdefault(rule.kind, []).append({**_condition(rule), **_sets(rule)})
    header = t("rules.toml.header", slug=slug)
    return f"# {header}\n" + tomli_w.dumps(document)


def _sets(rule: RuleRow) -> dict[str, Any]:
    out: dict[str, Any] = {name: setting["value"] for name, setting in rule.sets.items()}
    blanks = [name for name, s in rule.sets.items() if s.get("mode") == "only_if_blank"]
    if blanks:
        out[ONLY_IF_BLANK] = blanks
    return out


def _condition(rule: RuleRow) -> dict[str, Any]:
    condition = dict(rule.condition)
    if rule.kind in ("payment_method", "user"):
        return {"when": condition.get(rule.kind)}
    return condition


@dataclass
class ImportReport:
    """What an import found, would change, and did."""

    entries: int = 0
    invalid: list[tuple[str, str]] = field(default_factory=list)
    """(entry key, why)."""
    plans: list[Plan] = field(default_factory=list)
    applied: list[Applied] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    """Every entry's key, in the file's order."""

    @property
    def rules_changed(self) -> int:
        """Rules the import creates or changes."""
        return sum(p.rules_changed for p in self.plans)

    @property
    def documents_changed(self) -> int:
        """Inbox documents the import rewrites (one changed by two kinds of rules counts once)."""
        return len({d for plan in self.plans for d, _before, _after in plan.documents})


def import_toml(ws: Workspace, slug: str, text: str, source: str, dry_run: bool = False,
                apply_to_inbox: bool = True) -> ImportReport:
    """Read a rules file into the dossier (nothing when any entry is invalid or ``dry_run``).

    Raises:
        InvalidInput: the file is not TOML (its place named).
        PermissionDenied: not an admin.
    """
    from books.access.permissions import require
    from books.dossiers.service import get_dossier
    from books.rules.service import chart_of, commit

    require(ws.user, "rule.edit")
    dossier = get_dossier(ws, slug)
    checks = Checks(chart_of(ws, dossier), dossier.vat_territory, dossier.accounting_software)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        from books.config import toml_place

        raise InvalidInput(t("rules.toml.bad", file=source, error=toml_place(error))) from None
    report = ImportReport()
    party_entries, other_entries = _entries(document, report)
    wanted = _party_settings(ws, slug, party_entries, report, checks)
    others = _other_settings(ws, slug, other_entries, report, checks)
    if report.invalid:
        order = {key: n for n, key in enumerate(report.keys)}
        report.invalid.sort(key=lambda item: order.get(item[0], -1))
        return report
    if dry_run:
        report.plans = list(_plans(ws, slug, wanted, others, apply_to_inbox))
        return report
    for plan in _plans(ws, slug, wanted, others, apply_to_inbox):  # each on the one before
        report.plans.append(plan)
        if plan.rules_changed:
            report.applied.append(commit(ws, plan))
    _one_undo_step(ws, report, source)
    return report


def _one_undo_step(ws: Workspace, report: ImportReport, source: str) -> None:
    """The import's changes (one a kind of rule) become one undo step (``u``, ``saisie undo``)."""
    from store.rules import join_undo

    if len(report.applied) < 2:
        return
    with ws.transaction() as session:
        join_undo(session=session, entry_ids=[a.undo_id for a in report.applied],
                  summary=t("rules.toml.undo_summary", file=source[-120:],
                            count=report.rules_changed))


def _entries(document: Mapping[str, Any], report: ImportReport
             ) -> tuple[list[tuple[str, str, str, Any]], list[tuple[str, str, Any]]]:
    """(key, kind, code, table) of party rules and (key, kind, table) of the others."""
    parties, others = [], []
    for kind, content in document.items():
        report.keys.append(kind)
        if kind not in KINDS:
            report.invalid.append((kind, t("rules.bad_kind", kind=kind, kinds=", ".join(KINDS))))
            continue
        if kind in PARTY_KINDS:
            if not isinstance(content, dict):
                report.invalid.append((kind, t("rules.toml.need_tables", kind=kind)))
                continue
            for code, table in content.items():
                parties.append((f"{kind}.{code}", kind, code, table))
                report.keys.append(f"{kind}.{code}")
        else:
            tables = content if isinstance(content, list) else [content]
            for index, table in enumerate(tables, start=1):
                others.append((f"{kind}[{index}]", kind, table))
                report.keys.append(f"{kind}[{index}]")
    report.entries = len(parties) + len(others)
    return parties, others


@dataclass(frozen=True, slots=True)
class Checks:
    """What an entry's values are checked against: the dossier's chart and VAT territory."""

    chart: frozenset[str] | None = None
    territory: str = "mainland"
    software: str | None = None
    """The accounting software the dossier is connected to (what it owns is refused)."""


def read_settings(kind: str, table: Any, skip: tuple[str, ...] = (),
                  checks: Checks = Checks()) -> dict[str, Setting]:
    """An entry's settings, checked (``field = value`` or ``field = {value, mode}``)
    against the dossier's chart of accounts and VAT rates."""
    from books.rules.validate import clean_mode, clean_settings

    if not isinstance(table, dict):
        raise InvalidInput(t("rules.toml.need_table"))
    values: dict[str, Any] = {}
    blanks = table.get(ONLY_IF_BLANK, [])
    if not isinstance(blanks, list):
        raise InvalidInput(t("rules.toml.blank_list", key=ONLY_IF_BLANK))
    blanks = [str(b) for b in blanks]
    for name, raw in table.items():
        if name in skip or name == ONLY_IF_BLANK:
            continue
        if isinstance(raw, dict):
            if clean_mode(name, str(raw.get("mode", "always"))) == "only_if_blank":
                blanks.append(name)
            raw = raw.get("value")
        values[name] = raw
    return clean_settings(kind, values, blanks, checks.chart, checks.territory, checks.software)


def _party_settings(ws: Workspace, slug: str, entries: list[tuple[str, str, str, Any]],
                    report: ImportReport, checks: Checks
                    ) -> dict[str, dict[int, dict[str, Setting]]]:
    from books.dossiers.service import get_dossier
    from store.rules import parties_named

    dossier = get_dossier(ws, slug)
    wanted: dict[str, dict[int, dict[str, Setting]]] = {k: {} for k in PARTY_KINDS}
    for kind in PARTY_KINDS:
        mine = [e for e in entries if e[1] == kind]
        with ws.read() as session:
            found = parties_named(session=session, dossier_id=dossier.id, kind=kind,
                                  codes=[code for _k, _kind, code, _t in mine])
        for key, _kind, code, table in mine:
            if code not in found:
                report.invalid.append((key, t("rules.toml.unknown_party", code=code,
                                              kind=t(f"rules.kind.{kind}"))))
                continue
            try:
                wanted[kind][found[code][0]] = read_settings(kind, table, checks=checks)
            except InvalidInput as error:
                report.invalid.append((key, error.message.replace("\n", " ; ")))
    return wanted


def _other_settings(ws: Workspace, slug: str, entries: list[tuple[str, str, Any]],
                    report: ImportReport, checks: Checks
                    ) -> list[tuple[str, dict[str, Any], dict[str, Setting], int | None]]:
    """(kind, condition, settings, existing rule id) of the non-party entries."""
    from books.rules.service import list_rules
    from books.rules.validate import clean_condition

    existing = [r for r in list_rules(ws, slug) if r.kind in OTHER_KINDS]
    out = []
    for key, kind, table in entries:
        try:
            keys = CONDITION_KEYS[kind]
            if not isinstance(table, dict):
                raise InvalidInput(t("rules.toml.need_table"))
            raw = {k: table[k] for k in keys if k in table}
            if "when" in raw:
                raw = {kind: raw.pop("when")}
            condition = clean_condition(kind, raw)
            settings = read_settings(kind, table, keys, checks)
        except InvalidInput as error:
            report.invalid.append((key, error.message.replace("\n", " ; ")))
            continue
        same = next((r.id for r in existing if r.kind == kind and r.condition == condition), None)
        out.append((kind, condition, settings, same))
    return out


def _plans(ws: Workspace, slug: str, wanted: Mapping[str, Mapping[int, dict[str, Setting]]],
           others: list[tuple[str, dict[str, Any], dict[str, Setting], int | None]],
           apply_to_inbox: bool) -> Iterator[Plan]:
    """Each kind's change, worked out when asked for: after the one before it is written,
    an import's plans see the rules and documents the earlier ones left (a document of a
    supplier given a rule, then the defaults changed, keeps its supplier's account)."""
    from books.rules.service import plan_each_party, plan_rule

    for kind, settings in wanted.items():
        if settings:
            yield plan_each_party(ws, slug, kind, settings, apply_to_inbox)
    for kind, condition, settings, rule_id in others:
        values = {name: s.value for name, s in settings.items()}
        blanks = [name for name, s in settings.items() if s.mode == "only_if_blank"]
        condition_in = ({kind: condition[kind]} if kind in ("payment_method", "user")
                        else condition)
        yield plan_rule(ws, slug, kind, values, blanks, condition_in, rule_id, apply_to_inbox)

