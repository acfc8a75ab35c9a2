"""A dossier's chart of accounts, its journals and its ledger settings.

The chart starts as the PCG's (:mod:`books.ledger.pcg`), grows with the
accounts documents and rules use, and can be imported from a CSV (number;
label) or from a FEC (its CompteNum/CompteLib). Reading is open to whoever may
open the dossier; changes are for team leads and admins (``ledger.edit``),
audited.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.errors import InvalidInput
from books.i18n import os_reason, t

if TYPE_CHECKING:
    from books.context import Workspace
    from store.ledger import AccountRow, JournalRow, LedgerSettings

ACCOUNT_NUMBER = re.compile(r"[0-9]{3}[0-9A-Z]{0,17}")
"""An account number: 3 digits (the PCG class and sub-classes), then digits or capitals."""
AUX_PREFIX = re.compile(r"[0-9A-Z]{0,10}")
JOURNAL_CODE = re.compile(r"[0-9A-Z]{1,10}")


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import of accounts did."""

    read: int
    added: int


def _dossier_id(ws: Workspace, slug: str) -> int:
    from books.dossiers.service import get_dossier

    dossier = get_dossier(ws, slug)
    assert dossier.id is not None
    return dossier.id


def _prepared(ws: Workspace, slug: str) -> int:
    from books.ledger.posting import prepare_dossier

    dossier_id = _dossier_id(ws, slug)
    with ws.transaction() as session:
        prepare_dossier(session, dossier_id)
    return dossier_id


def list_accounts(ws: Workspace, slug: str, prefix: str = "") -> list[AccountRow]:
    """The dossier's chart by number (the PCG's accounts given on first look)."""
    from store import ledger

    dossier_id = _prepared(ws, slug)
    with ws.read() as session:
        return ledger.list_accounts(session=session, dossier_id=dossier_id, prefix=prefix.strip())


def clean_number(raw: str) -> str:
    """An account number as the chart keeps it.

    Raises:
        InvalidInput: not 3 digits followed by up to 17 digits or capitals.
    """
    number = raw.strip().upper().replace(" ", "")
    if not ACCOUNT_NUMBER.fullmatch(number):
        raise InvalidInput(t("ledger.bad_number", number=raw.strip()[:30]))
    return number


def _clean_label(raw: str) -> str:
    label = " ".join(raw.replace("\t", " ").replace("|", " ").split())
    if not label:
        raise InvalidInput(t("ledger.empty_label"))
    return label[:200]


def add_account(ws: Workspace, slug: str, number: str, label: str) -> AccountRow:
    """Add an account to the chart.

    Raises:
        PermissionDenied: a collaborator.
        InvalidInput: a bad number or label, or a number the chart already has.
    """
    from store import audit, ledger

    require(ws.user, "ledger.edit")
    number, label = clean_number(number), _clean_label(label)
    dossier_id = _prepared(ws, slug)
    with ws.transaction() as session:
        if not ledger.add_accounts(session=session, dossier_id=dossier_id,
                                   accounts=[(number, label)], origin="manual"):
            raise InvalidInput(t("ledger.account_exists", number=number))
        audit.add_event(session=session, actor=ws.user.login, dossier_id=dossier_id,
                        entity="account", entity_id=number, action="create",
                        after={"label": label})
        found = ledger.get_account(session=session, dossier_id=dossier_id, number=number)
    assert found is not None
    return found


def rename_account(ws: Workspace, slug: str, number: str, label: str) -> AccountRow:
    """Give an account a new label (entries already written keep theirs).

    Raises:
        PermissionDenied: a collaborator.
        InvalidInput: a bad label, or no such account.
    """
    from store import audit, ledger

    require(ws.user, "ledger.edit")
    number, label = clean_number(number), _clean_label(label)
    dossier_id = _prepared(ws, slug)
    with ws.transaction() as session:
        before = ledger.get_account(session=session, dossier_id=dossier_id, number=number)
        if before is None:
            raise InvalidInput(t("ledger.no_account", number=number))
        ledger.rename_account(session=session, dossier_id=dossier_id, number=number, label=label)
        audit.add_event(session=session, actor=ws.user.login, dossier_id=dossier_id,
                        entity="account", entity_id=number, action="rename",
                        before={"label": before.label}, after={"label": label})
        found = ledger.get_account(session=session, dossier_id=dossier_id, number=number)
    assert found is not None
    return found


def import_accounts(ws: Workspace, slug: str, path: Path) -> Imported:
    """Add the accounts of a CSV (number and label, ``;`` or ``,``) or of a FEC
    (CompteNum and CompteLib) that the chart lacks; nothing is added when a line is wrong.

    Raises:
        PermissionDenied: a collaborator.
        InvalidInput: an unreadable file, or a line with a bad number (named).
    """
    from store import audit, ledger

    require(ws.user, "ledger.edit")
    accounts = read_accounts(path)
    dossier_id = _prepared(ws, slug)
    with ws.transaction() as session:
        added = ledger.add_accounts(session=session, dossier_id=dossier_id,
                                    accounts=accounts, origin="import")
        audit.add_event(session=session, actor=ws.user.login, dossier_id=dossier_id,
                        entity="account", entity_id=path.name[:60], action="import",
                        after={"read": len(accounts), "added": added})
    return Imported(len(accounts), added)


def read_accounts(path: Path) -> list[tuple[str, str]]:
    """(number, label) pairs of a chart file: a FEC, or a CSV with or without header.

    Raises:
        InvalidInput: unreadable, or a line whose number is wrong (file and line named).
    """
    from books.exchange.reading import open_regular

    try:  # a named pipe or a device is refused, not read for ever
        with open_regular(path) as source:
            data = source.read()
    except OSError as exc:
        raise InvalidInput(t("ledger.unreadable", path=str(path), reason=os_reason(exc))) from exc
    text = _decode(data)
    first = text.split("\n", 1)[0]
    if "CompteNum" in first and ("\t" in first or "|" in first):
        return _from_fec(path, text, "\t" if "\t" in first else "|")
    dialect = ";" if first.count(";") >= first.count(",") else ","
    found: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=dialect), 1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and not row[0].strip()[:3].isdigit():
            continue  # a header
        if len(row) < 2:
            raise InvalidInput(t("ledger.bad_line", path=path.name, line=number))
        try:
            found.setdefault(clean_number(row[0]), _clean_label(row[1]))
        except InvalidInput as exc:
            raise InvalidInput(t("ledger.at_line", path=path.name, line=number,
                                 reason=str(exc))) from exc
    return list(found.items())


def _from_fec(path: Path, text: str, sep: str) -> list[tuple[str, str]]:
    lines = text.splitlines()
    names = [n.strip() for n in lines[0].split(sep)]
    at_number, at_label = names.index("CompteNum"), names.index("CompteLib")
    found: dict[str, str] = {}
    for number, line in enumerate(lines[1:], 2):
        parts = line.split(sep)
        if len(parts) <= max(at_number, at_label):
            continue
        try:
            found.setdefault(clean_number(parts[at_number]), _clean_label(parts[at_label]))
        except InvalidInput as exc:
            raise InvalidInput(t("ledger.at_line", path=path.name, line=number,
                                 reason=str(exc))) from exc
    return list(found.items())


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("iso-8859-15")


# ------------------------------------------------------------------ journals


def list_journals(ws: Workspace, slug: str) -> list[JournalRow]:
    """The dossier's journals (ACH and VTE until renamed)."""
    from store import ledger

    dossier_id = _prepared(ws, slug)
    with ws.read() as session:
        return ledger.list_journals(session=session, dossier_id=dossier_id)


def rename_journal(ws: Workspace, slug: str, kind: str, code: str, label: str) -> JournalRow:
    """Give the purchase or sale journal a new code and label.

    Raises:
        PermissionDenied: a collaborator.
        InvalidInput: a bad kind or code, or a code another journal has.
    """
    from sqlalchemy.exc import IntegrityError

    from store import audit, ledger

    require(ws.user, "ledger.edit")
    code = code.strip().upper()
    if kind not in ("purchase", "sale") or not JOURNAL_CODE.fullmatch(code):
        raise InvalidInput(t("ledger.bad_journal", code=code[:20]))
    label = _clean_label(label)[:100]
    dossier_id = _prepared(ws, slug)
    try:
        with ws.transaction() as session:
            ledger.rename_journal(session=session, dossier_id=dossier_id, kind=kind, code=code,
                                  label=label)
            audit.add_event(session=session, actor=ws.user.login, dossier_id=dossier_id,
                            entity="journal", entity_id=kind, action="rename",
                            after={"code": code, "label": label})
    except IntegrityError as exc:
        raise InvalidInput(t("ledger.journal_exists", code=code)) from exc
    return next(j for j in list_journals(ws, slug) if j.kind == kind)


# ------------------------------------------------------------------ settings


def ledger_settings(ws: Workspace, slug: str) -> LedgerSettings:
    """The dossier's auxiliary prefixes, rounding choice and closing date."""
    from store import ledger

    dossier_id = _dossier_id(ws, slug)
    with ws.read() as session:
        return ledger.ledger_settings(session=session, dossier_id=dossier_id)


def set_ledger_settings(ws: Workspace, slug: str, *, supplier_prefix: str | None = None,
                        customer_prefix: str | None = None, rounding_account: bool | None = None,
                        closing_date: date | None = None) -> LedgerSettings:
    """Change the dossier's ledger settings (admins: it is the dossier's set-up).

    Raises:
        PermissionDenied: not an admin.
        InvalidInput: a prefix that is not up to 10 digits or capitals.
    """
    from store import audit, ledger

    require(ws.user, "dossier.edit")
    values: dict[str, Any] = {}
    for name, raw in (("supplier_aux_prefix", supplier_prefix),
                      ("customer_aux_prefix", customer_prefix)):
        if raw is not None:
            prefix = raw.strip().upper()
            if not AUX_PREFIX.fullmatch(prefix):
                raise InvalidInput(t("ledger.bad_prefix", prefix=raw[:20]))
            values[name] = prefix
    if rounding_account is not None:
        values["rounding_account"] = rounding_account
    if closing_date is not None:
        values["closing_date"] = closing_date
    dossier_id = _dossier_id(ws, slug)
    if values:
        with ws.transaction() as session:
            ledger.set_ledger_settings(session=session, dossier_id=dossier_id, **values)
            audit.add_event(session=session, actor=ws.user.login, dossier_id=dossier_id,
                            entity="dossier", entity_id=slug, action="ledger",
                            after={k: str(v) for k, v in values.items()})
    return ledger_settings(ws, slug)
