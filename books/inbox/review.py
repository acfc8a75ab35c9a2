"""What a person does to documents in the inbox: fix fields, assign a party, move to a
dossier, publish, delete. Each checks the role and writes the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.errors import InvalidInput
from books.i18n import t
from books.inbox.documents import get_document

if TYPE_CHECKING:
    from books.context import Workspace
    from store.inbox import DocumentRow

BLOCKING = ("failed", "party_unknown", "direction_unknown", "unassigned", "not_addressed",
            "totals", "possible_duplicate")
"""Flags that stop a document from being published until a person deals with them."""

DATE_FIELDS = ("issue_date", "due_date")
AMOUNT_FIELDS = ("net", "tax", "gross", "payable")
TEXT_FIELDS = ("number", "account", "description", "payment_method")
CHOICES = {"direction": ("purchase", "sale"), "doc_type": ("invoice", "credit_note"),
           "paid": ("yes", "no")}
EDITABLE = (*DATE_FIELDS, *AMOUNT_FIELDS, *TEXT_FIELDS, "currency", "vat_rate", "exchange_rate",
            *CHOICES)
"""Fields ``saisie documents set`` accepts."""


@dataclass(frozen=True, slots=True)
class Published:
    """What a publish did: the documents published, and those refused with why."""

    published: list[int]
    refused: list[tuple[int, str]]


def set_fields(ws: Workspace, document_id: int, changes: dict[str, str]) -> DocumentRow:
    """A person's edits: they win over everything and survive re-applying rules.

    Raises:
        InvalidInput: an unknown field or a bad value (named), or a published document.
    """
    from store.inbox import update_document

    require(ws.user, "document.review")
    document = _editable(ws, document_id)
    columns: dict[str, Any] = {}
    fields = dict(document.fields or {})
    stamp = _now().isoformat()
    for name, raw in changes.items():
        value = _clean(name, raw)
        fields[name] = {"value": _plain(value), "source": "manual", "rule": None,
                        "by": ws.user.login, "at": stamp}
        if name in (*DATE_FIELDS, *AMOUNT_FIELDS, "number", "currency", "direction", "doc_type"):
            columns[name] = value
    again = "direction" in changes and document.status == "review"
    with ws.transaction() as session:
        if again:  # purchase or sale decides whose list the party is matched in: work it out again
            columns.update(status="read", party_id=None)
        update_document(session=session, document_id=document_id, fields=fields, **columns)
        _audit(session, ws, document, "edit", {k: str(v) for k, v in changes.items()})
    if again:
        from books.inbox.pipeline import Pipeline

        Pipeline(ws, None).reanalyse(document_id)
    return get_document(ws, document_id)


def assign_party(ws: Workspace, document_id: int, code: str | None = None,
                 new_party: bool = False) -> DocumentRow:
    """Give a document its party (an existing one, or a new one made of the detected
    name and identifiers); the name as printed becomes a confirmed name of that party.

    Raises:
        InvalidInput: neither or both of ``code`` and ``new_party``, a document with no
            dossier or direction yet, or nothing detected to make a party of.
    """
    from books.matching.service import confirm_name
    from books.parties.changes import get_party
    from store.inbox import update_document

    require(ws.user, "document.review")
    document = _editable(ws, document_id)
    if (code is None) == (not new_party):
        raise InvalidInput(t("document.assign_one"))
    if document.dossier_slug is None or document.direction not in ("purchase", "sale"):
        raise InvalidInput(t("document.assign_needs_direction"))
    kind = "supplier" if document.direction == "purchase" else "customer"
    party = _new_party(ws, document, kind) if new_party else get_party(
        ws, document.dossier_slug, kind, code or "")
    fields = dict(document.fields or {})
    fields["party"] = {"value": party.code, "source": "manual", "rule": None,
                       "by": ws.user.login, "at": _now().isoformat()}
    flags = [f for f in document.flags if f != "party_unknown"]
    with ws.transaction() as session:
        update_document(session=session, document_id=document_id, party_id=party.id,
                        fields=fields, flags=flags)
        _audit(session, ws, document, "assign", {"party": party.code})
    if document.party_name_detected:
        confirm_name(ws, document.dossier_slug, kind, party.code, document.party_name_detected)
    return get_document(ws, document_id)


def _new_party(ws: Workspace, document: DocumentRow, kind: str) -> Any:
    from books.parties.changes import add_party
    from store.inbox import next_code

    side = (document.extracted or {}).get("seller" if kind == "supplier" else "buyer") or {}
    name = document.party_name_detected or side.get("name")
    if not name:
        raise InvalidInput(t("document.nothing_detected"))
    legal = "".join(ch for ch in side.get("legal_id") or "" if ch.isdigit())
    values = {"name": name, "vat_id": side.get("vat_id") or None,
              "siren": legal[:9] if len(legal) in (9, 14) else None,
              "siret": legal if len(legal) == 14 else None}
    assert document.dossier_id is not None and document.dossier_slug is not None
    with ws.read() as session:
        values["code"] = next_code(session=session, dossier_id=document.dossier_id, kind=kind,
                                   prefix="F" if kind == "supplier" else "C")
    try:
        return add_party(ws, document.dossier_slug, kind, {k: v for k, v in values.items() if v})
    except InvalidInput:  # an identifier printed wrong: the party is made of its name alone
        return add_party(ws, document.dossier_slug, kind, {"code": values["code"], "name": name})


def move_to_dossier(ws: Workspace, document_id: int, slug: str) -> DocumentRow:
    """Put a document (one "à classer", or one in the wrong dossier) in ``slug``'s inbox:
    its direction, party and checks are worked out again for that dossier."""
    from books.dossiers.service import get_dossier
    from books.inbox.pipeline import Pipeline
    from store.inbox import update_document

    require(ws.user, "document.review")
    document = _editable(ws, document_id)
    target = get_dossier(ws, slug)
    with ws.transaction() as session:
        update_document(session=session, document_id=document_id, dossier_id=target.id,
                        status="read", party_id=None, flags=[])
        _audit(session, ws, document, "move", {"dossier": slug})
    Pipeline(ws, None).reanalyse(document_id)
    return get_document(ws, document_id)


def publish(ws: Workspace, document_ids: list[int]) -> Published:
    """Publish the documents ready for it, each with its journal entry (books.ledger);
    the others are named with why not."""
    from books.ledger.entries import EntryRefused
    from books.ledger.posting import post_document
    from store.ledger import mark_published

    require(ws.user, "document.review")
    done, refused = [], []
    for document_id in document_ids:
        document = get_document(ws, document_id)
        blocking = [f for f in document.flags if f in BLOCKING]
        if document.status != "review" or blocking or document.dossier_id is None:
            reason = (", ".join(t(f"document.flag.{f}") for f in blocking) if blocking
                      else t(f"document.state.{document.status}"))
            refused.append((document_id, reason))
            continue
        try:  # the entry is written in the same transaction as the status change
            with ws.transaction() as session:
                now = _now()
                if not mark_published(session=session, document_id=document_id, at=now):
                    raise EntryRefused("ledger.refused.already")
                post_document(session, ws, document, now)
                _audit(session, ws, document, "publish", {"number": document.number})
        except EntryRefused as exc:
            refused.append((document_id, t(exc.key, **exc.values)))
            continue
        done.append(document_id)
    return Published(done, refused)


def delete_documents(ws: Workspace, document_ids: list[int]) -> int:
    """Delete documents not yet published; a stored file goes once no document points to it.

    Raises:
        InvalidInput: a published document (named): it is corrected, not deleted.
    """
    from store.inbox import delete_document, still_referenced

    require(ws.user, "document.review")
    documents = [get_document(ws, i) for i in document_ids]
    published = [d for d in documents if d.status == "published"]
    if published:
        raise InvalidInput(t("document.published_kept", ids=", ".join(str(d.id) for d in published)))
    for document in documents:
        with ws.transaction() as session:
            delete_document(session=session, document_id=document.id)
            _audit(session, ws, document, "delete", {"file": document.original_name})
            orphan = still_referenced(session=session, stored_path=document.stored_path) == 0
        if orphan:
            (ws.settings.archive_root / document.stored_path).unlink(missing_ok=True)
    return len(documents)


def _editable(ws: Workspace, document_id: int) -> DocumentRow:
    document = get_document(ws, document_id)
    if document.status == "published":
        raise InvalidInput(t("document.published_kept", ids=str(document_id)))
    return document


def _clean(name: str, raw: str) -> Any:
    text = raw.strip()
    if name not in EDITABLE:
        raise InvalidInput(t("document.unknown_field", field=name, fields=", ".join(EDITABLE)))
    if text == "":
        return None
    if name in (*DATE_FIELDS, *AMOUNT_FIELDS, "vat_rate"):  # the message says which part and why
        from books.inbox.typed import typed_amount, typed_date, typed_vat_rate

        if name == "vat_rate":
            return typed_vat_rate(text)
        return typed_date(name, text) if name in DATE_FIELDS else typed_amount(name, text)
    if name == "exchange_rate":  # base currency for one unit of the document's (books.ledger)
        from books.ledger.posting import exchange_rate

        return exchange_rate(text)
    if name == "currency":
        from books.currencies import clean_currency

        return clean_currency(text)
    if name in CHOICES and text not in CHOICES[name]:
        raise InvalidInput(t("document.bad_choice", field=name, value=text[:40],
                             choices=", ".join(CHOICES[name])))
    return text[:200]


def _plain(value: Any) -> Any:
    if isinstance(value, (Decimal, date)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def _audit(session: Any, ws: Workspace, document: DocumentRow, action: str,
           after: dict[str, Any]) -> None:
    from store import audit

    audit.add_event(session=session, actor=ws.user.login, dossier_id=document.dossier_id,
                    entity="document", entity_id=f"{document.id} {document.original_name}"[:60],
                    action=action, after=after)


def _now() -> Any:
    from store.models import utcnow

    return utcnow()
