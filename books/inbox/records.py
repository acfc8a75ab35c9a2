"""What the pipeline's steps hand each other and write: prepared files, conclusions,
the document columns read from a file, state changes and their audit events."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from books.errors import InvalidInput
from books.inbox.analysis import DossierIdentity
from books.inbox.archive import Stored

if TYPE_CHECKING:
    from store.inbox import DocumentRow, NumberedRow

CRASH_AFTER = "SAISIE_INBOX_CRASH_AFTER"
"""Tests only: the step after which the process dies (``claimed``, ``stored``, ``read``,
``analysed``, ``moved``), to prove that a crash between any two steps loses nothing."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file's work of step 2 done on disk, for the database to record."""

    dossier: DossierIdentity | None
    members: list[tuple[Stored, str]]
    source: str | None = None
    sender: str | None = None
    subject: str | None = None
    failure: str | None = None


@dataclass(frozen=True, slots=True)
class Settled:
    """What steps 4–7 concluded for a document."""

    dossier: DossierIdentity | None
    status: str
    flags: list[str]
    direction: str | None = None
    party_id: int | None = None
    detected: str | None = None
    fields: dict[str, Any] | None = None


class Vanished(InvalidInput):
    """The file was removed from its folder before it was stored."""


@dataclass
class Summary:
    """What a run did (``saisie inbox run --once --json``)."""

    processed: int = 0
    review: int = 0
    published: int = 0
    duplicates: int = 0
    failed: int = 0
    unassigned: int = 0
    ignored: int = 0
    """Attachments of mails and archives that are not invoices."""
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The summary's JSON form."""
        return {"processed": self.processed, "review": self.review, "published": self.published,
                "duplicates": self.duplicates, "failed": self.failed,
                "unassigned": self.unassigned}


Event = Callable[[str, dict[str, Any]], None]


def audit_in(session: Any, actor: str, dossier_id: int | None,
              documents: list[tuple[str, str, list[str]]]) -> None:
    """One audit event for the documents a pass took into a dossier (names, states, flags)."""
    from store import audit

    name = documents[0][0][:60] if len(documents) == 1 else f"{len(documents)}"
    audit.add_event(session=session, actor=actor, dossier_id=dossier_id, entity="document",
                    entity_id=name, action="inbox_in",
                    after={"documents": [{"file": f, "status": s, "flags": fl}
                                         for f, s, fl in documents]})


def advance(session: Any, document_id: int, expected: str, values: dict[str, Any]) -> bool:
    """Move a document on from ``expected`` (False: another worker already did)."""
    from sqlalchemy import update

    from store.document_keys import rekey, touches_key
    from store.models import Document

    table = Document.__table__  # Core: the ORM's update would evaluate the session's rows
    result = session.execute(update(table).where(table.c.id == document_id,
                                                 table.c.status == expected).values(**values))
    if result.rowcount != 1:
        return False
    if touches_key(values):  # the list's filter finds it by its flags, party name, amounts
        rekey(session=session, document_ids=[document_id])
    return True


class Twins:
    """The same-invoice check (:func:`store.inbox.same_invoice`) for a batch: the
    dossiers' documents carrying the batch's numbers, read once, and kept as the batch
    settles them, so each document sees those settled before it as the query would."""

    def __init__(self, rows: list[NumberedRow]) -> None:
        self.rows = {row.id: row for row in rows}
        self.numbered: dict[tuple[int | None, str | None], set[int]] = {}
        for row in rows:
            self.numbered.setdefault((row.dossier_id, row.number), set()).add(row.id)

    def find(self, document: DocumentRow, dossier_id: int, party_id: int | None,
             detected: str | None) -> int | None:
        """Another document of the dossier with the same party, number, date and total."""
        for other_id in sorted(self.numbered.get((dossier_id, document.number), ())):
            other = self.rows[other_id]
            if (other.id == document.id or other.status in ("duplicate", "failed")
                    or (document.issue_date is not None
                        and other.issue_date != document.issue_date)
                    or (party_id is not None and other.party_id != party_id)
                    or (party_id is None and detected and other.party_name_detected != detected)):
                continue
            if document.gross is None or other.gross is None or other.gross == document.gross:
                return other.id
        return None

    def settle(self, document: DocumentRow, values: dict[str, Any]) -> None:
        """The document as the batch leaves it (its dossier, party, name read and state)."""
        from store.inbox import NumberedRow

        old = self.rows.get(document.id)
        if old is not None:
            self.numbered[(old.dossier_id, old.number)].discard(document.id)
        row = self.rows[document.id] = NumberedRow(
            document.id, values.get("dossier_id", document.dossier_id), document.number,
            document.issue_date, document.gross, values["party_id"],
            values["party_name_detected"], values["status"])
        self.numbered.setdefault((row.dossier_id, row.number), set()).add(row.id)


def document_values(data: dict[str, Any]) -> dict[str, Any]:
    """The document's columns from what was read."""
    from books.inbox.analysis import _amount, _date

    totals = data.get("totals") or {}
    return {
        "doc_type": "credit_note" if data.get("document_type") == "credit_note" else "invoice",
        "number": (data.get("number") or "")[:60] or None,
        "issue_date": _date(data.get("issue_date")), "due_date": _date(data.get("due_date")),
        "currency": (data.get("currency") or "EUR")[:3],
        "net": _amount(totals.get("net")), "tax": _amount(totals.get("tax")),
        "gross": _amount(totals.get("gross")), "payable": _amount(totals.get("payable")),
        "format": (data.get("format") or "pdf")[:10],
    }


def identity(dossier: Any) -> DossierIdentity:
    return DossierIdentity(id=dossier.id, slug=dossier.slug, name=dossier.name,
                           siren=dossier.siren, vat_id=dossier.vat_id,
                           base_currency=dossier.base_currency,
                           default_due_days=dossier.default_due_days,
                           default_payment_method=dossier.default_payment_method)


def crash_point(step: str) -> None:
    if os.environ.get(CRASH_AFTER) == step:
        os._exit(99)


def now() -> datetime:
    from store.models import utcnow

    return utcnow()
