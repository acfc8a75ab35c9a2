"""Reading documents: the lists (per dossier, "à classer") and one document with the
provenance of every field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from books.dossiers.documents import get_document
from books.i18n import t

__all__ = ["get_document", "list_documents", "document_json", "document_details",
           "find_documents", "DocumentHit"]

if TYPE_CHECKING:
    from books.context import Workspace
    from store.inbox import DocumentRow


def list_documents(ws: Workspace, slug: str | None, states: tuple[str, ...] = (),
                   unassigned: bool = False) -> list[DocumentRow]:
    """A dossier's documents, or (``unassigned``) the firm folder's that match no dossier."""
    from books.dossiers.service import get_dossier
    from store.inbox import list_documents as rows

    dossier_id = None
    if not unassigned:
        if slug is None:
            from books.errors import InvalidInput

            raise InvalidInput(t("document.need_dossier"))
        dossier_id = get_dossier(ws, slug).id
    with ws.read() as session:
        return rows(session=session, dossier_id=dossier_id, states=states)


@dataclass(frozen=True, slots=True)
class DocumentHit:
    """A document found by number or file name, with its dossier's name."""

    id: int
    label: str
    """Its number, else its file name."""
    party: str | None
    issue_date: date | None
    gross: Decimal | None
    currency: str
    status: str
    dossier: str | None
    """The dossier's name; None for a document not yet filed in one."""


def find_documents(ws: Workspace, text: str, limit: int = 20) -> list[DocumentHit]:
    """Documents of the dossiers the user may open (and the ones to file) whose number or
    file name holds ``text``: the command palette's documents."""
    from books.dossiers.service import list_dossiers
    from store.inbox import find_documents as find

    text = " ".join(text.split())
    if len(text) < 2:
        return []
    names = {e.row.id: e.row.name for e in list_dossiers(ws)}
    with ws.read() as session:
        rows = find(session=session, dossier_ids=list(names), text=text[:100], limit=limit)
    return [DocumentHit(r.id, r.number or r.original_name, r.party, r.issue_date, r.gross,
                        r.currency, r.status, names.get(r.dossier_id) if r.dossier_id else None)
            for r in rows]


def document_json(row: DocumentRow) -> dict[str, Any]:
    """One line of ``saisie documents list --json`` (stable keys)."""
    return {
        "id": row.id, "dossier": row.dossier_slug, "state": row.status,
        "original_name": row.original_name, "sha256": row.file_hash, "direction": row.direction,
        "type": row.doc_type, "party_code": row.party_code,
        "detected_name": row.party_name_detected, "number": row.number,
        "issue_date": row.issue_date.isoformat() if row.issue_date else None,
        "due_date": row.due_date.isoformat() if row.due_date else None,
        "net": _text(row.net), "tax": _text(row.tax), "gross": _text(row.gross),
        "payable": _text(row.payable), "currency": row.currency, "flags": list(row.flags),
        "duplicate_of": row.duplicate_of, "error": row.failure, "source": row.source,
        "sender": row.sender, "subject": row.subject, "format": row.format,
        "stored_path": row.stored_path,
    }


READ_FIELDS = ("number", "issue_date", "due_date", "currency", "net", "tax", "gross", "payable",
               "direction", "doc_type")


def document_details(row: DocumentRow) -> dict[str, Any]:
    """``saisie documents show --json``: every field with its provenance
    ``{"value", "source", "rule", "by", "at"}``."""
    stamp = row.imported_at.isoformat()
    fields: dict[str, dict[str, Any]] = {}
    for name in READ_FIELDS:
        value = getattr(row, name)
        if value is not None:
            fields[name] = {"value": _plain(value), "source": "document", "rule": None, "by": None,
                            "at": stamp}
    for name, field in (row.fields or {}).items():
        fields[name] = {key: field.get(key) for key in ("value", "source", "rule", "by", "at")} | {
            k: v for k, v in field.items() if k not in ("value", "source", "rule", "by", "at")}
    from books.rules.explain import explain
    from books.rules.service import reminder_note

    for name, field in fields.items():  # why this value (issue 18)
        field["why"] = explain(name, field)
    return {**document_json(row), "fields": fields, "note": reminder_note(row.fields),
            "extracted": row.extracted}


def _plain(value: Any) -> Any:
    from datetime import date
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
