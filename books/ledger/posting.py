"""Writing entries: at publish (in the publish's own transaction), and the reversing
entry that un-publishing or correcting a published document writes.

A written entry never changes. Un-publishing writes, for each of the document's
entries not yet reversed, an entry with the same lines debit and credit
swapped (``reverses_id`` points to it) and puts the document back in review;
publishing it again writes a new entry. The document thus shows every entry.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from books.i18n import t
from books.ledger import pcg
from books.ledger.entries import EntryDraft, EntryRefused, Piece, VatPart, build_entry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from store.inbox import DocumentRow
    from store.ledger import LedgerSettings, PartyFacts

JOURNALS = (("purchase", "ACH", "Achats"), ("sale", "VTE", "Ventes"))
"""A dossier's journals until it renames them: (kind, code, label)."""
REVERSE_CHARGE_WORDS = ("yes", "oui", "true", "1", "intra_eu", "reverse_charge")


def prepare_dossier(session: Session, dossier_id: int) -> None:
    """Give a dossier its journals and the PCG's chart, once."""
    from store import ledger

    if ledger.journal_of_kind(session=session, dossier_id=dossier_id, kind="purchase") is None:
        ledger.ensure_journals(session=session, dossier_id=dossier_id, defaults=list(JOURNALS))
    if ledger.account_count(session=session, dossier_id=dossier_id) == 0:
        ledger.add_accounts(session=session, dossier_id=dossier_id, accounts=list(pcg.ACCOUNTS),
                            origin="pcg")


def post_document(session: Session, ws: Workspace, document: DocumentRow,
                  at: datetime) -> int:
    """Write the entry of ``document`` published at ``at``, in the caller's transaction.

    Raises:
        EntryRefused: the document cannot make an entry (why is the catalog key).
    """
    from store import ledger

    assert document.dossier_id is not None
    prepare_dossier(session, document.dossier_id)
    settings = ledger.ledger_settings(session=session, dossier_id=document.dossier_id)
    party = (ledger.party_facts(session=session, party_id=document.party_id)
             if document.party_id is not None else None)
    account, origin = charge_account(document, party)
    draft = build_entry(piece_of(document, settings, party, account))
    today = at.date()
    piece_date = document.issue_date or today
    aux = None
    if party is not None:
        prefix = (settings.supplier_aux_prefix if document.direction == "purchase"
                  else settings.customer_aux_prefix)
        aux = ledger.auxiliary_number(session=session, dossier_id=settings.id, party_id=party.id,
                                      wanted=f"{prefix}{party.code}"[:40])
    ledger.add_accounts(session=session, dossier_id=settings.id,
                        accounts=[(account, pcg.label_of(account))], origin=origin)
    ledger.add_accounts(session=session, dossier_id=settings.id,
                        accounts=[(line.account, pcg.label_of(line.account))
                                  for line in draft.lines], origin="pcg")
    return _write(session, ws, settings.id, draft, {
        "entry_date": min(piece_date, today), "valid_date": today,
        "piece_ref": _piece_ref(document), "piece_date": piece_date,
        "document_id": document.id, "currency": document.currency,
    }, aux, party.name if party else None)


def _write(session: Session, ws: Workspace, dossier_id: int, draft: EntryDraft,
           values: dict[str, Any], aux: str | None, aux_label: str | None) -> int:
    from store import ledger

    journal = ledger.journal_of_kind(session=session, dossier_id=dossier_id,
                                     kind=draft.journal_kind)
    assert journal is not None
    labels = ledger.account_labels(session=session, dossier_id=dossier_id,
                                   numbers=sorted({line.account for line in draft.lines}))
    settings = ledger.ledger_settings(session=session, dossier_id=dossier_id)
    year = fiscal_year(values["entry_date"], settings.closing_date)
    number = ledger.next_entry_number(session=session, journal_id=journal.id, fiscal_year=year)
    foreign = values["currency"] != settings.base_currency
    lines = [{
        "account": line.account, "account_label": labels.get(line.account)
        or pcg.label_of(line.account),
        "aux_number": aux if line.party and aux else None,
        "aux_label": _safe(aux_label or aux)[:200] if line.party and aux else None,
        "label": _safe(line.label), "debit": line.debit, "credit": line.credit,
        "currency_amount": line.currency_amount if foreign else None,
        "currency": line.currency if foreign else None,
    } for line in draft.lines]
    values["piece_ref"] = _safe(values["piece_ref"])
    return ledger.insert_entry(session=session, values={
        **values, "dossier_id": dossier_id, "journal_id": journal.id, "number": number,
        "fiscal_year": year,
        "label": _safe(draft.label), "created_by": ws.user.login}, lines=lines)


def fiscal_year(day: date, closing: date | None) -> int:
    """The fiscal year ``day`` belongs to, named by the year it ends in.
    Entry numbers are gapless within a fiscal year, as a FEC (one fiscal year) needs."""
    return fiscal_year_end(day, closing).year


def fiscal_year_end(day: date, closing: date | None) -> date:
    """The last day of the fiscal year holding ``day``: fiscal years end each year on the
    closing date's day and month (31 December when the dossier sets none)."""
    month, last_day = (closing.month, closing.day) if closing else (12, 31)
    end = _day_in(day.year, month, last_day)
    return end if day <= end else _day_in(day.year + 1, month, last_day)


def _day_in(year: int, month: int, day: int) -> date:
    """``day``/``month``/``year``, or the month's last day when it has fewer days (29 February)."""
    import calendar

    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _safe(text: str) -> str:
    """A value as the FEC can hold it: no TAB, ``|``, CR or LF (each becomes a space)."""
    from books.ledger.fec import FORBIDDEN

    return text.translate(FORBIDDEN)


def reverse_document(session: Session, ws: Workspace, document_id: int, at: datetime) -> list[int]:
    """Write a reversing entry for each of the document's entries not reversed yet."""
    from store import ledger

    entries = ledger.entries_of_document(session=session, document_id=document_id)
    done = ledger.reversed_ids(session=session, entry_ids=[e.id for e in entries])
    written = []
    for entry in entries:
        if entry.reverses_id is not None or entry.id in done:
            continue
        written.append(_reverse(session, ws, document_id, entry, at.date()))
    return written


def _reverse(session: Session, ws: Workspace, document_id: int, entry: Any, today: date) -> int:
    from store import ledger
    from store.models import Entry

    original = session.get(Entry, entry.id)
    assert original is not None
    closing = ledger.ledger_settings(session=session, dossier_id=original.dossier_id).closing_date
    year = fiscal_year(today, closing)
    number = ledger.next_entry_number(session=session, journal_id=original.journal_id,
                                      fiscal_year=year)
    lines = [{"account": x.account, "account_label": x.account_label, "aux_number": x.aux_number,
              "aux_label": x.aux_label, "label": t("ledger.reversal_label", label=x.label)[:200],
              "debit": x.credit, "credit": x.debit, "currency_amount": x.currency_amount,
              "currency": x.currency} for x in entry.lines]
    return ledger.insert_entry(session=session, values={
        "dossier_id": original.dossier_id, "journal_id": original.journal_id, "number": number,
        "fiscal_year": year,
        "entry_date": today, "valid_date": today, "piece_ref": original.piece_ref,
        "piece_date": original.piece_date,
        "label": t("ledger.reversal_label", label=original.label)[:200],
        "document_id": document_id, "reverses_id": original.id, "currency": original.currency,
        "created_by": ws.user.login}, lines=lines)


# ------------------------------------------------------------------ the piece


def charge_account(document: DocumentRow, party: PartyFacts | None) -> tuple[str, str]:
    """(account, origin): the document's ``account`` field (a rule's or a person's), else
    the party's own class 2/6/7 account, else the dossier's default (607000/707000)."""
    field = (document.fields or {}).get("account") or {}
    value = str(field.get("value") or "").strip() if isinstance(field, dict) else ""
    if value and value[:1].isdigit():
        return value[:20], "rule" if field.get("source") == "rule" else "document"
    if party is not None and party.account and party.account[:1] in "267":
        return party.account[:20], "document"
    return (pcg.PURCHASE_DEFAULT if document.direction == "purchase" else pcg.SALE_DEFAULT), "pcg"


def piece_of(document: DocumentRow, settings: LedgerSettings, party: PartyFacts | None,
             account: str) -> Piece:
    """What :func:`build_entry` needs, read from the document and its fields."""
    net, tax, gross = _totals(document)
    fields = document.fields or {}
    extracted = document.extracted or {}
    vat = tuple(VatPart(_decimal(v.get("rate")), _decimal(v.get("base")) or Decimal(0),
                        _decimal(v.get("amount")) or Decimal(0), v.get("category"))
                for v in extracted.get("vat") or [] if isinstance(v, dict))
    categories = {p.category for p in vat}
    regime = str(_value(fields, "reverse_charge") or "").lower()
    return Piece(
        direction=document.direction, credit_note=document.doc_type == "credit_note",
        number=_piece_ref(document),
        party_name=(party.name if party else document.party_name_detected) or "?",
        issue_date=document.issue_date or date.today(), account=account,
        net=net, tax=tax, gross=gross, vat=vat, currency=document.currency,
        base_currency=settings.base_currency,
        exchange_rate=_decimal(_value(fields, "exchange_rate")),
        reverse_charge=bool(categories & {"K", "AE"}) or regime in REVERSE_CHARGE_WORDS,
        reverse_rate=_decimal(str(_value(fields, "vat_rate") or "").split(",")[0]),
        rounding_account=settings.rounding_account)


def _totals(document: DocumentRow) -> tuple[Decimal, Decimal, Decimal]:
    net, tax, gross = document.net, document.tax, document.gross
    if gross is None and net is not None:
        gross = net + (tax or Decimal(0))
    if gross is None:
        gross = document.payable
    if gross is None:
        raise EntryRefused("ledger.refused.no_total")
    if tax is None:
        tax = gross - net if net is not None else Decimal(0)
    if net is None:
        net = gross - tax
    return net, tax, gross


def _piece_ref(document: DocumentRow) -> str:
    return (document.number or f"#{document.id}")[:60]


def _value(fields: dict[str, Any], name: str) -> Any:
    field = fields.get(name)
    return field.get("value") if isinstance(field, dict) else field


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        found = Decimal(str(value).strip().replace(",", ".").replace("%", ""))
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def unpublish(ws: Workspace, document_ids: list[int]) -> list[tuple[int, str]]:
    """Put published documents back in review: each entry of theirs gets its reversing
    entry, in the same transaction as the status change. The documents refused, with why.

    Raises:
        PermissionDenied: the acting user may not review documents.
    """
    from books.access.permissions import require
    from books.dossiers.documents import get_document
    from store import audit
    from store.inbox import update_document
    from store.models import utcnow

    require(ws.user, "document.review")
    refused = []
    for document_id in document_ids:
        document = get_document(ws, document_id)
        if document.status != "published":
            refused.append((document_id, t(f"document.state.{document.status}")))
            continue
        now = utcnow()
        with ws.transaction() as session:
            written = reverse_document(session, ws, document_id, now)
            update_document(session=session, document_id=document_id, status="review",
                            published_at=None)
            audit.add_event(session=session, actor=ws.user.login, dossier_id=document.dossier_id,
                            entity="document",
                            entity_id=f"{document.id} {document.original_name}"[:60],
                            action="unpublish", after={"reversals": written})
    return refused


def document_entries(ws: Workspace, document_id: int) -> list[Any]:
    """The entries written for a document the acting user may see (first, reversals,
    corrections), each with its lines."""
    from books.dossiers.documents import get_document
    from store import ledger

    get_document(ws, document_id)
    with ws.read() as session:
        return ledger.entries_of_document(session=session, document_id=document_id)


def entries_json(entries: list[Any]) -> list[dict[str, Any]]:
    """Entries as ``documents show --json`` prints them (amounts as exact strings)."""
    return [{"id": e.id, "journal": e.journal_code, "number": e.number,
             "entry_date": e.entry_date.isoformat(), "valid_date": e.valid_date.isoformat(),
             "piece_ref": e.piece_ref, "label": e.label, "reverses": e.reverses_id,
             "lines": [{"account": x.account, "account_label": x.account_label,
                        "aux_number": x.aux_number, "aux_label": x.aux_label, "label": x.label,
                        "debit": str(x.debit), "credit": str(x.credit),
                        "currency_amount": None if x.currency_amount is None
                        else str(x.currency_amount), "currency": x.currency}
                       for x in e.lines]} for e in entries]


def exchange_rate(text: str) -> Decimal:
    """An exchange rate as a person types it (``0,92`` or ``0.92``): base currency for one
    unit of the document's.

    Raises:
        InvalidInput: not a positive number below a million.
    """
    from books.errors import InvalidInput

    rate = _decimal(text.replace(" ", ""))
    if rate is None or rate <= 0 or rate >= 1_000_000:
        raise InvalidInput(t("ledger.bad_rate", value=text[:40]))
    return rate
