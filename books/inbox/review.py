"""What a person does to documents in the inbox: fix fields, assign a party, move to a
dossier (or back to "à classer"), mark reviewed, publish, delete. Each checks the role
and writes the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from books.access.permissions import may_publish, publishing_refusal, require
from books.errors import Conflict, InvalidInput
from books.i18n import t
from books.inbox.documents import get_document

if TYPE_CHECKING:
    from books.context import Workspace
    from store.inbox import DocumentRow

BLOCKING = ("failed", "party_unknown", "direction_unknown", "unassigned", "not_addressed",
            "totals", "possible_duplicate")
"""Flags that stop a document from being published until a person deals with them."""
READY = ("review", "reviewed")
"""States a document is published from (``reviewed``: checked by a person who may not
publish in its dossier, waiting for one who may)."""

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
    changed: tuple[int, ...] = ()
    """Among the refused, those changed since the person read them (``seen``)."""


@dataclass(frozen=True, slots=True)
class Reviewed:
    """What marking reviewed did: the documents marked, and those refused with why."""

    reviewed: list[int]
    refused: list[tuple[int, str]]
    changed: tuple[int, ...] = ()
    """Among the refused, those changed since the person read them (``seen``)."""


@dataclass(frozen=True, slots=True)
class Assigned:
    """A document given its party, and the confirmed name this taught (None when the
    party already had it): an undo forgets that name and no other."""

    document: DocumentRow
    alias_id: int | None


def set_fields(ws: Workspace, document_id: int, changes: dict[str, str]) -> DocumentRow:
    """A person's edits: they win over everything and survive re-applying rules.

    Raises:
        InvalidInput: an unknown field or a bad value (named), or a published document.
    """
    from store.inbox import get_document as current_row
    from store.inbox import update_document

    require(ws.user, "document.review")
    document = _editable(ws, document_id)
    columns: dict[str, Any] = {}
    edited: dict[str, Any] = {}
    stamp = _now().isoformat()
    territory = _territory(ws, document.dossier_id) if "vat_rate" in changes else None
    for name, raw in changes.items():
        value = _clean(name, raw, territory)
        edited[name] = {"value": _plain(value), "source": "manual", "rule": None,
                        "by": ws.user.login, "at": stamp}
        if name in (*DATE_FIELDS, *AMOUNT_FIELDS, "number", "currency", "direction", "doc_type"):
            columns[name] = value
    with ws.transaction() as session:
        # The other fields as they are now (row locked): another person's edit saved
        # since this one's reading stays.
        document = current_row(session=session, document_id=document_id, lock=True) or document
        if document.status == "published":
            raise InvalidInput(t("document.published_kept", ids=_name(document)))
        fields = {**(document.fields or {}), **edited}
        again = "direction" in changes and document.status in READY
        if again:  # purchase or sale decides whose list the party is matched in: work it out again
            columns.update(status="read", party_id=None)
        if document.status == "failed":
            columns.update(typed_in_full(document, columns))
        update_document(session=session, document_id=document_id, fields=fields, **columns)
        _audit(session, ws, document, "edit", {k: str(v) for k, v in changes.items()})
    if again:
        from books.inbox.pipeline import Pipeline

        Pipeline(ws, None).reanalyse(document_id)
    return get_document(ws, document_id)


TYPED_IN_FULL = ("direction", "number", "issue_date", "gross")
"""What a person types in a failed document (nothing could be read) for it to be checked
and published as any other: its direction, number, date and total."""


def typed_in_full(document: DocumentRow, columns: dict[str, Any]) -> dict[str, Any]:
    """A failed document's state and flags once ``columns`` are written: in review, its
    party to choose if it has none, when the person typed all of :data:`TYPED_IN_FULL`;
    nothing changes before (publishing it says "illisible")."""
    after = {name: columns.get(name, getattr(document, name)) for name in TYPED_IN_FULL}
    if after["direction"] not in ("purchase", "sale") or any(after[n] in (None, "") for n in TYPED_IN_FULL[1:]):
        return {}
    flags = [flag for flag in document.flags if flag != "failed"]
    if document.party_id is None and "party_unknown" not in flags:
        flags.append("party_unknown")
    return {"status": "review", "flags": flags}


def assign_party(ws: Workspace, document_id: int, code: str | None = None,
                 new_party: bool = False) -> DocumentRow:
    """Give a document its party (an existing one, or a new one made of the detected
    name and identifiers); the name as printed becomes a confirmed name of that party.

    Raises:
        InvalidInput: as :func:`assign_and_learn`.
    """
    return assign_and_learn(ws, document_id, code, new_party).document


def assign_and_learn(ws: Workspace, document_id: int, code: str | None = None,
                     new_party: bool = False) -> Assigned:
    """:func:`assign_party`, saying which confirmed name it taught (for its undo).

    Raises:
        InvalidInput: neither or both of ``code`` and ``new_party``, a document with no
            dossier or direction yet, or nothing detected to make a party of.
    """
    from books.matching.service import confirm_name
    from books.parties.changes import get_party
    from store.inbox import get_document as current_row
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
    chosen = {"value": party.code, "source": "manual", "rule": None,
              "by": ws.user.login, "at": _now().isoformat()}
    with ws.transaction() as session:
        # Fields and flags as they are now (row locked): an edit saved meanwhile stays.
        current = current_row(session=session, document_id=document_id, lock=True) or document
        if current.status == "published":
            raise InvalidInput(t("document.published_kept", ids=_name(current)))
        fields = {**(current.fields or {}), "party": chosen}
        flags = [f for f in current.flags if f != "party_unknown"]
        update_document(session=session, document_id=document_id, party_id=party.id,
                        fields=fields, flags=flags)
        _audit(session, ws, document, "assign", {"party": party.code})
    alias = None
    if document.party_name_detected:
        alias = confirm_name(ws, document.dossier_slug, kind, party.code,
                             document.party_name_detected)
    return Assigned(get_document(ws, document_id), alias.id if alias is not None else None)


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


def move_to_dossier(ws: Workspace, document_id: int, slug: str | None) -> DocumentRow:
    """Put a document (one "à classer", or one in the wrong dossier) in ``slug``'s inbox:
    its direction, party and checks are worked out again for that dossier. ``slug``
    None puts it back "à classer" (the firm's tray of documents no dossier was found for).

    Raises:
        InvalidInput: a published document, or one already "à classer".
    """
    from books.dossiers.service import get_dossier
    from books.inbox.pipeline import Pipeline
    from store.inbox import update_document

    require(ws.user, "document.review")
    document = _editable(ws, document_id)
    if slug is None:
        return _unfile(ws, document)
    target = get_dossier(ws, slug)
    source = document.dossier_slug or "unfiled"
    with ws.transaction() as session:
        update_document(session=session, document_id=document_id, dossier_id=target.id,
                        status="read", party_id=None, flags=[])
        # The target dossier's audit shows what came in and from where; the dossier it
        # left (if any) shows where it went. "À classer" has no audit of its own.
        _audit(session, ws, document, "move", {"from": source, "dossier": slug}, dossier_id=target.id)
        if document.dossier_id is not None and document.dossier_id != target.id:
            _audit(session, ws, document, "move", {"from": source, "dossier": slug})
    Pipeline(ws, None).reanalyse(document_id)
    return get_document(ws, document_id)


def _unfile(ws: Workspace, document: DocumentRow) -> DocumentRow:
    """Back "à classer": no dossier, no party, nothing worked out for the old dossier;
    a person's own edits (but the party) are kept for the dossier it goes to next."""
    from store.inbox import update_document

    if document.dossier_id is None:
        raise InvalidInput(t("review.already_unfiled", name=document.number or document.original_name))
    kept = {name: value for name, value in (document.fields or {}).items()
            if isinstance(value, dict) and value.get("source") == "manual" and name != "party"}
    direction = kept["direction"]["value"] if "direction" in kept else "unknown"
    with ws.transaction() as session:
        update_document(session=session, document_id=document.id, dossier_id=None,
                        status="review", party_id=None, flags=["unassigned"], fields=kept,
                        direction=direction)
        _audit(session, ws, document, "move", {"from": document.dossier_slug, "dossier": "unfiled"})
    return get_document(ws, document.id)


def not_ready(document: DocumentRow, states: tuple[str, ...] = READY) -> str | None:
    """Why a document cannot be published or marked reviewed (its blocking flags, its
    state, no dossier), or None."""
    blocking = [f for f in document.flags if f in BLOCKING]
    if blocking:
        return ", ".join(t(f"document.flag.{f}") for f in blocking)
    if document.status == "reviewed" and "reviewed" not in states:
        return t("review.already_reviewed")
    if document.status == "published":  # since the screen showed it (another terminal)
        return t("review.already_published")
    if document.status not in states or document.dossier_id is None:
        return t(f"document.state.{document.status}")
    return None


def dossier_publishers(ws: Workspace, document: DocumentRow, seen: dict[str, str] | None = None) -> str:
    """Who publishes the documents of the document's dossier (``all`` "à classer")."""
    from books.dossiers.service import get_dossier

    slug = document.dossier_slug
    if slug is None:
        return "all"
    seen = {} if seen is None else seen
    if slug not in seen:
        seen[slug] = get_dossier(ws, slug).publishers
    return seen[slug]


def may_publish_document(ws: Workspace, document: DocumentRow) -> bool:
    """Whether the acting user may publish this document's dossier's documents."""
    return may_publish(ws.user, dossier_publishers(ws, document))


def mark_reviewed(ws: Workspace, document_ids: list[int],
                  seen: Mapping[int, str] | None = None) -> Reviewed:
    """Mark documents reviewed (« vérifié »): checked, nothing blocking them, waiting for
    a person who may publish them. The others are named with why not.

    Args:
        seen: each document's :func:`fingerprint` as the person checked it: one changed
            since (by anyone, or by rules) is refused, named in ``changed``.
    """
    from store.inbox import mark_reviewed as mark

    require(ws.user, "document.review")
    done, refused, changed = [], [], []
    for document_id in document_ids:
        document = get_document(ws, document_id)
        reason = not_ready(document, ("review",))
        if reason is None:
            with ws.transaction() as session:
                moved = _changed_since(session, ws, document, (seen or {}).get(document_id))
                if moved is not None:
                    reason = moved
                    changed.append(document_id)
                elif mark(session=session, document_id=document_id):
                    _audit(session, ws, document, "review", {"number": document.number})
                else:
                    reason = t("review.already_reviewed")
        if reason is None:
            done.append(document_id)
        else:
            refused.append((document_id, reason))
    return Reviewed(done, refused, tuple(changed))


def validate(ws: Workspace, document_id: int, seen: str | None = None) -> str:
    """The document view's ⏎: publish the document, or mark it reviewed when its
    dossier's documents are published by another role; ``published`` or ``reviewed``.

    Args:
        seen: the document's :func:`fingerprint` as the person saw it: what they
            validate is what they saw, not what someone changed meanwhile.

    Raises:
        Conflict: the document changed since it was seen (who and when said): nothing done.
        InvalidInput: why it is neither (a blocking flag, its state).
    """
    document = get_document(ws, document_id)
    seen_map = {document_id: seen} if seen is not None else None
    if may_publish_document(ws, document):
        published = publish(ws, [document_id], seen=seen_map)
        done: Published | Reviewed = published
        outcome = "published"
    else:
        done = mark_reviewed(ws, [document_id], seen=seen_map)
        outcome = "reviewed"
    if done.refused:
        if done.changed:
            raise Conflict(done.refused[0][1])
        raise InvalidInput(done.refused[0][1])
    return outcome


def fingerprint(document: DocumentRow) -> str:
    """What a person reviewing a document sees of it, as a short digest: its dossier,
    party, type, direction, number, dates, amounts, flags and each accounting field's
    value and origin (not its state, not the time a rule stamped it)."""
    import hashlib
    import json

    fields = {name: [f.get("value"), f.get("source"), f.get("rule")] if isinstance(f, dict)
              else f for name, f in sorted((document.fields or {}).items())}
    seen = [document.dossier_id, document.party_id, document.direction, document.doc_type,
            document.number, document.issue_date, document.due_date, document.currency,
            document.net, document.tax, document.gross, document.payable,
            sorted(document.flags), document.duplicate_of, fields]
    text = json.dumps(seen, default=str, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _changed_since(session: Any, ws: Workspace, document: DocumentRow,
                   seen: str | None) -> str | None:
    """Inside the writing transaction: why the document cannot be taken as read — it
    changed since the person saw it (``seen``) or since ``document`` was read here — or
    None. The row is locked (PostgreSQL; SQLite's transaction holds the write lock)."""
    from store.audit import last_event_about
    from store.inbox import get_document as current_row

    current = current_row(session=session, document_id=document.id, lock=True)
    if current is None:
        return t("review.gone", name=_name(document))
    now_seen = fingerprint(current)
    if now_seen == fingerprint(document) and seen in (None, now_seen):
        return None
    last = last_event_about(session=session, entity="document", entity_prefix=f"{document.id} ")
    if last is not None and last[0] != ws.user.login:
        from books.formats import format_datetime

        return t("review.changed_by", name=_name(document), who=last[0],
                 at=format_datetime(last[1]))
    return t("review.changed", name=_name(document))


def publish(ws: Workspace, document_ids: list[int], by_rule: bool = False,
            seen: Mapping[int, str] | None = None) -> Published:
    """Publish the documents ready for it (in review, or reviewed), each with its journal
    entry (books.ledger); the others are named with why not, among them those of a
    dossier whose documents only team leads and admins publish, for anyone else.

    Args:
        by_rule: an auto-publish rule asks (the pipeline, right after reading): an
            admin's rule decided it, whoever runs the pipeline.
        seen: each document's :func:`fingerprint` as the person checked it: one changed
            since is refused, named in ``changed``. Without it, a document changed
            between this function's reading and its writing is refused the same way:
            an entry is always posted from the values checked.
    """
    from books.ledger.entries import EntryRefused
    from books.ledger.posting import post_document
    from store.ledger import mark_published

    require(ws.user, "document.review")
    done, refused, changed = [], [], []
    publishers: dict[str, str] = {}
    for document_id in document_ids:
        document = get_document(ws, document_id)
        reason = not_ready(document) or (None if by_rule else publishing_refusal(
            ws.user, dossier_publishers(ws, document, publishers)))
        if reason is not None:
            refused.append((document_id, reason))
            continue
        try:  # the entry is written in the same transaction as the status change
            with ws.transaction() as session:
                moved = _changed_since(session, ws, document, (seen or {}).get(document_id))
                if moved is not None:
                    raise _Changed(moved)
                # Unchanged since checked: the values posted are those (the row is locked).
                now = _now()
                if not mark_published(session=session, document_id=document_id, at=now):
                    raise EntryRefused("ledger.refused.already")
                post_document(session, ws, document, now)
                _audit(session, ws, document, "publish",
                       {"number": document.number, **({"rule": True} if by_rule else {})})
        except EntryRefused as exc:
            refused.append((document_id, t(exc.key, **exc.values)))
            continue
        except _Changed as exc:
            refused.append((document_id, exc.reason))
            changed.append(document_id)
            continue
        done.append(document_id)
    return Published(done, refused, tuple(changed))


class _Changed(Exception):
    """A document changed since it was checked (rolls its transaction back)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
        raise InvalidInput(t("document.published_kept", ids=", ".join(_name(d) for d in published)))
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
        raise InvalidInput(t("document.published_kept", ids=_name(document)))
    return document


def _name(document: DocumentRow) -> str:
    """How a message names a document: its number, else its file's name (not its id)."""
    return document.number or document.original_name


def _territory(ws: Workspace, dossier_id: int) -> str:
    from store.dossiers import vat_territory

    with ws.read() as session:
        return vat_territory(session=session, dossier_id=dossier_id)


def _clean(name: str, raw: str, territory: str | None = None) -> Any:
    text = raw.strip()
    if name not in EDITABLE:
        raise InvalidInput(t("document.unknown_field", field=name, fields=", ".join(EDITABLE)))
    if text == "":
        return None
    if name in (*DATE_FIELDS, *AMOUNT_FIELDS, "vat_rate"):  # the message says which part and why
        from books.inbox.typed import typed_amount, typed_date, typed_vat_rate

        if name == "vat_rate":
            return typed_vat_rate(text, territory)
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
           after: dict[str, Any], dossier_id: int | None = None) -> None:
    """One audit event about ``document``, in ``dossier_id``'s log (its own dossier's by default)."""
    from store import audit

    audit.add_event(session=session, actor=ws.user.login,
                    dossier_id=document.dossier_id if dossier_id is None else dossier_id,
                    entity="document", entity_id=f"{document.id} {document.original_name}"[:60],
                    action=action, after=after)


def _now() -> Any:
    from store.models import utcnow

    return utcnow()
