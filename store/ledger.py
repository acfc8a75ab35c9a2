"""The ledger's rows: a dossier's chart, auxiliary accounts, journals and entries.

Entry numbers come from the journal's counter, incremented by one
``UPDATE … RETURNING`` in the entry's own transaction: on PostgreSQL the row
stays locked until that transaction ends (a second publisher waits, then gets
the next number), on SQLite the write lock serialises writers; a rolled-back
publish gives its number back, so numbers have no gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, bindparam, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.models import AuxiliaryAccount, Dossier, Entry, EntryLine, Journal, LedgerAccount, Party


@dataclass(frozen=True, slots=True)
class AccountRow:
    """An account of a dossier's chart."""

    number: str
    label: str
    origin: str


@dataclass(frozen=True, slots=True)
class JournalRow:
    """A dossier's journal."""

    id: int
    kind: str
    code: str
    label: str
    last_number: int


@dataclass(frozen=True, slots=True)
class LineRow:
    """One line of a written entry."""

    account: str
    account_label: str
    aux_number: str | None
    aux_label: str | None
    label: str
    debit: Decimal
    credit: Decimal
    currency_amount: Decimal | None
    currency: str | None


@dataclass(frozen=True, slots=True)
class EntryRow:
    """A written entry and its lines."""

    id: int
    journal_code: str
    number: int
    entry_date: date
    valid_date: date
    piece_ref: str
    label: str
    reverses_id: int | None
    lines: tuple[LineRow, ...]


@dataclass(frozen=True, slots=True)
class LedgerSettings:
    """What publishing needs to know of a dossier."""

    id: int
    slug: str
    name: str
    siren: str | None
    base_currency: str
    supplier_aux_prefix: str
    customer_aux_prefix: str
    rounding_account: bool
    closing_date: date | None


@dataclass(frozen=True, slots=True)
class PartyFacts:
    """What an entry needs to know of a party."""

    id: int
    kind: str
    code: str
    name: str
    account: str | None


def ledger_settings(*, session: Session, dossier_id: int) -> LedgerSettings:
    """The dossier's ledger settings."""
    d = session.get(Dossier, dossier_id)
    assert d is not None and d.id is not None
    return LedgerSettings(d.id, d.slug, d.name, d.siren, d.base_currency, d.supplier_aux_prefix,
                          d.customer_aux_prefix, d.rounding_account, d.closing_date)


def set_ledger_settings(*, session: Session, dossier_id: int, **values: Any) -> None:
    """Change the dossier's ledger settings (prefixes, rounding, closing date)."""
    session.execute(update(Dossier).where(Dossier.id == dossier_id).values(**values))


def party_facts(*, session: Session, party_id: int) -> PartyFacts | None:
    """The party's code, name and account."""
    p = session.get(Party, party_id)
    if p is None or p.id is None:
        return None
    return PartyFacts(p.id, p.kind, p.code, p.name, p.account)


# ------------------------------------------------------------------ accounts


def list_accounts(*, session: Session, dossier_id: int, prefix: str = "") -> list[AccountRow]:
    """The dossier's accounts by number (those starting with ``prefix``)."""
    query = select(LedgerAccount.number, LedgerAccount.label, LedgerAccount.origin).where(
        LedgerAccount.dossier_id == dossier_id)
    if prefix:
        query = query.where(LedgerAccount.number.startswith(prefix, autoescape=True))
    rows = session.execute(query.order_by(LedgerAccount.number)).all()
    return [AccountRow(*row) for row in rows]


def account_count(*, session: Session, dossier_id: int) -> int:
    """How many accounts the dossier's chart holds."""
    return session.execute(select(func.count()).select_from(LedgerAccount).where(
        LedgerAccount.dossier_id == dossier_id)).scalar_one()


def get_account(*, session: Session, dossier_id: int, number: str) -> AccountRow | None:
    """One account of the chart, or None."""
    row = session.execute(select(LedgerAccount.number, LedgerAccount.label, LedgerAccount.origin)
                          .where(LedgerAccount.dossier_id == dossier_id,
                                 LedgerAccount.number == number)).first()
    return AccountRow(*row) if row else None


def add_accounts(*, session: Session, dossier_id: int, accounts: list[tuple[str, str]],
                 origin: str) -> int:
    """Add the accounts the chart lacks (one insert for all); how many were added.
    Another writer adding the same account at once is not an error."""
    wanted = dict(accounts)
    if not wanted:
        return 0
    have = set(session.execute(select(LedgerAccount.number).where(
        LedgerAccount.dossier_id == dossier_id,
        LedgerAccount.number.in_(list(wanted)))).scalars())
    rows = [{"dossier_id": dossier_id, "number": n, "label": label, "origin": origin}
            for n, label in wanted.items() if n not in have]
    if not rows:
        return 0
    try:
        with session.begin_nested():
            session.execute(insert(LedgerAccount), rows)
    except IntegrityError:  # someone added some of them meanwhile: one by one
        added = 0
        for row in rows:
            try:
                with session.begin_nested():
                    session.execute(insert(LedgerAccount), [row])
                added += 1
            except IntegrityError:
                continue
        return added
    return len(rows)


def rename_account(*, session: Session, dossier_id: int, number: str, label: str) -> bool:
    """Give an account a new label; False when the chart has no such account."""
    done = session.execute(update(LedgerAccount).where(
        LedgerAccount.dossier_id == dossier_id, LedgerAccount.number == number).values(label=label))
    return bool(done.rowcount)  # type: ignore[attr-defined]


def account_labels(*, session: Session, dossier_id: int, numbers: list[str]) -> dict[str, str]:
    """The labels of ``numbers`` in the dossier's chart."""
    rows = session.execute(select(LedgerAccount.number, LedgerAccount.label).where(
        LedgerAccount.dossier_id == dossier_id, LedgerAccount.number.in_(numbers))).all()
    return {number: label for number, label in rows}


# ------------------------------------------------------------ auxiliary accounts


def auxiliary_number(*, session: Session, dossier_id: int, party_id: int, wanted: str) -> str:
    """The party's auxiliary account: the one it has, else ``wanted`` (or ``wanted-2``,
    ``-3``… when another party holds it). Never shared by two parties."""
    for attempt in range(1, 1000):
        have = session.execute(select(AuxiliaryAccount.number).where(
            AuxiliaryAccount.party_id == party_id)).scalar_one_or_none()
        if have is not None:
            return have
        number = wanted if attempt == 1 else f"{wanted[:36]}-{attempt}"
        try:
            with session.begin_nested():
                session.execute(insert(AuxiliaryAccount), [
                    {"dossier_id": dossier_id, "party_id": party_id, "number": number}])
            return number
        except IntegrityError:
            continue
    raise RuntimeError(f"no free auxiliary number for {wanted}")


def auxiliary_of(*, session: Session, party_id: int) -> str | None:
    """The party's auxiliary account, if it was given one."""
    return session.execute(select(AuxiliaryAccount.number).where(
        AuxiliaryAccount.party_id == party_id)).scalar_one_or_none()


# ------------------------------------------------------------------ journals


def _journal(row: Journal) -> JournalRow:
    assert row.id is not None
    return JournalRow(row.id, row.kind, row.code, row.label, row.last_number)


def list_journals(*, session: Session, dossier_id: int) -> list[JournalRow]:
    """The dossier's journals by code."""
    rows = session.execute(select(Journal).where(Journal.dossier_id == dossier_id)
                           .order_by(Journal.code)).scalars()
    return [_journal(row) for row in rows]


def ensure_journals(*, session: Session, dossier_id: int,
                    defaults: list[tuple[str, str, str]]) -> None:
    """Create the journals (kind, code, label) the dossier lacks."""
    have = set(session.execute(select(Journal.kind).where(Journal.dossier_id == dossier_id))
               .scalars())
    for kind, code, label in defaults:
        if kind in have:
            continue
        try:
            with session.begin_nested():
                session.execute(insert(Journal), [{"dossier_id": dossier_id, "kind": kind,
                                                   "code": code, "label": label,
                                                   "last_number": 0}])
        except IntegrityError:  # created by someone else meanwhile
            continue


def journal_of_kind(*, session: Session, dossier_id: int, kind: str) -> JournalRow | None:
    """The dossier's journal of ``kind`` (``purchase`` or ``sale``)."""
    row = session.execute(select(Journal).where(Journal.dossier_id == dossier_id,
                                                Journal.kind == kind)).scalar_one_or_none()
    return _journal(row) if row else None


def rename_journal(*, session: Session, dossier_id: int, kind: str, code: str,
                   label: str) -> None:
    """Give the journal of ``kind`` a new code and label.

    Raises:
        IntegrityError: another journal of the dossier has that code.
    """
    session.execute(update(Journal).where(Journal.dossier_id == dossier_id, Journal.kind == kind)
                    .values(code=code, label=label))
    session.flush()


def next_entry_number(*, session: Session, journal_id: int, fiscal_year: int) -> int:
    """The journal's next entry number in a fiscal year, taken in the caller's
    transaction: the journal's row is written first (``last_number`` counts all its
    entries), which keeps it locked until the transaction ends, so two publishers
    never read the same last number; a rollback gives the number back."""
    session.execute(update(Journal).where(Journal.id == journal_id)
                    .values(last_number=Journal.last_number + 1))
    last = session.execute(select(func.max(Entry.number)).where(
        Entry.journal_id == journal_id, Entry.fiscal_year == fiscal_year)).scalar_one()
    return (last or 0) + 1


# ------------------------------------------------------------------ entries


def insert_entry(*, session: Session, values: dict[str, Any],
                 lines: list[dict[str, Any]]) -> int:
    """Write an entry and its lines; its id."""
    entry_id = session.execute(insert(Entry).values(**values).returning(Entry.id)).scalar_one()
    session.execute(insert(EntryLine), [{**line, "entry_id": entry_id, "position": i}
                                        for i, line in enumerate(lines, 1)])
    return entry_id


def entries_of_document(*, session: Session, document_id: int) -> list[EntryRow]:
    """The entries written for a document (the first, reversals, corrections), in order."""
    entries = session.execute(
        select(Entry, Journal.code).join(Journal, Journal.id == Entry.journal_id)
        .where(Entry.document_id == document_id).order_by(Entry.id)).all()
    found = []
    for entry, code in entries:
        lines = session.execute(select(EntryLine).where(EntryLine.entry_id == entry.id)
                                .order_by(EntryLine.position)).scalars()
        found.append(EntryRow(
            entry.id, code, entry.number, entry.entry_date, entry.valid_date, entry.piece_ref,
            entry.label, entry.reverses_id,
            tuple(LineRow(line.account, line.account_label, line.aux_number, line.aux_label,
                          line.label, line.debit, line.credit, line.currency_amount,
                          line.currency) for line in lines)))
    return found


def reversed_ids(*, session: Session, entry_ids: list[int]) -> set[int]:
    """Which of ``entry_ids`` a reversing entry already cancels."""
    return set(session.execute(select(Entry.reverses_id).where(Entry.reverses_id.in_(entry_ids)))
               .scalars())


EXPORT_SQL = text(
    "SELECT j.code, j.label, e.number, e.entry_date, l.account, l.account_label, l.aux_number, "
    "l.aux_label, e.piece_ref, e.piece_date, l.label, l.debit, l.credit, e.valid_date, "
    "l.currency_amount, l.currency "
    "FROM entry e JOIN journal j ON j.id = e.journal_id JOIN entry_line l ON l.entry_id = e.id "
    "WHERE e.dossier_id = :dossier AND e.entry_date >= :start AND e.entry_date <= :end "
    "ORDER BY e.valid_date, e.number, e.journal_id, l.id"
).bindparams(bindparam("start", type_=Date), bindparam("end", type_=Date))
"""The FEC's rows; plain driver values (dates and amounts as the backend gives them)."""


def export_rows(*, session: Session, dossier_id: int, start: date, end: date,
                batch: int = 20_000) -> Iterator[tuple[Any, ...]]:
    """The rows of the FEC export, in file order, fetched ``batch`` at a time."""
    result = session.connection().execution_options(stream_results=True).execute(
        EXPORT_SQL, {"dossier": dossier_id, "start": start, "end": end})
    while chunk := result.fetchmany(batch):
        yield from (tuple(row) for row in chunk)


_LINE = (
    "j.code || :sep || j.label || :sep || CAST(e.number AS TEXT) || :sep || "
    "replace(CAST(e.entry_date AS TEXT), '-', '') || :sep || l.account || :sep || "
    "l.account_label || :sep || coalesce(l.aux_number, '') || :sep || "
    "coalesce(l.aux_label, '') || :sep || e.piece_ref || :sep || "
    "replace(CAST(e.piece_date AS TEXT), '-', '') || :sep || l.label || :sep || "
    "replace(CAST(l.debit AS TEXT), '.', ',') || :sep || "
    "replace(CAST(l.credit AS TEXT), '.', ',') || :sep || :sep || :sep || "
    "replace(CAST(e.valid_date AS TEXT), '-', '') || :sep || "
    "coalesce(replace(CAST(l.currency_amount AS TEXT), '.', ','), '') || :sep || "
    "coalesce(l.currency, '')")
EXPORT_LINES_SQL = text(
    f"SELECT {_LINE} "
    "FROM entry e JOIN journal j ON j.id = e.journal_id JOIN entry_line l ON l.entry_id = e.id "
    "WHERE e.dossier_id = :dossier AND e.entry_date >= :start AND e.entry_date <= :end "
    "ORDER BY e.valid_date, e.number, e.journal_id, l.id"
).bindparams(bindparam("start", type_=Date), bindparam("end", type_=Date))
"""The FEC's lines made by the database itself (dates AAAAMMJJ, decimal comma): the
same order and fields as :data:`EXPORT_SQL`, ten times fewer Python objects. Amounts
are kept with two decimals by :class:`store.types.Money` on both backends."""


def export_lines(*, session: Session, dossier_id: int, start: date, end: date, sep: str,
                 batch: int = 20_000) -> Iterator[list[str]]:
    """The FEC's lines (without line ends) in file order, ``batch`` at a time.

    Read through the driver's own cursor (a server-side one on PostgreSQL): one string
    a row needs none of SQLAlchemy's row machinery, which cost a third of the export.
    """
    connection = session.connection()
    driver = connection.connection.driver_connection
    assert driver is not None
    sql = str(EXPORT_LINES_SQL)
    params: dict[str, Any] = {"dossier": dossier_id, "sep": sep}
    if connection.dialect.name == "postgresql":
        cursor = driver.cursor(name="fec_export")
        sql = re.sub(r":(\w+)", r"%(\1)s", sql)
        params.update(start=start, end=end)
    else:  # SQLite keeps dates as ISO text
        cursor = driver.cursor()
        params.update(start=start.isoformat(), end=end.isoformat())
    try:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(batch):
            yield [row[0] for row in chunk]
    finally:
        cursor.close()


def export_count(*, session: Session, dossier_id: int, start: date, end: date) -> int:
    """How many lines the FEC export of the period holds."""
    return session.execute(text(
        "SELECT count(*) FROM entry e JOIN entry_line l ON l.entry_id = e.id "
        "WHERE e.dossier_id = :dossier AND e.entry_date >= :start AND e.entry_date <= :end"
    ).bindparams(bindparam("start", type_=Date), bindparam("end", type_=Date)),
        {"dossier": dossier_id, "start": start, "end": end}).scalar_one()


def mark_published(*, session: Session, document_id: int, at: Any) -> bool:
    """Publish a document still in review or reviewed (False when someone else published
    it first)."""
    from store.models import Document

    done = session.execute(update(Document).where(Document.id == document_id,
                                                  Document.status.in_(("review", "reviewed")))
                           .values(status="published", published_at=at))
    return bool(done.rowcount)  # type: ignore[attr-defined]
