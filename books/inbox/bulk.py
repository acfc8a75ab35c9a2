"""Actions on a selection of inbox documents, and the undo of the last one.

Each action goes through the one-document services of :mod:`books.inbox.review`
(which check the role and write the audit log) and keeps going past a
document it cannot act on, naming it with why. Setting a field, assigning a
party, moving and marking reviewed keep what each document was before, so that
the action can be undone (an assign also forgets the confirmed names it taught);
publishing and deleting are asked first and are not undone. A selection's publish
marks reviewed the documents of dossiers where the user may not publish.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.errors import InvalidInput, SaisieError
from books.i18n import t

if TYPE_CHECKING:
    from books.context import Workspace
    from store.inbox import DocumentRow

SET_FIELDS = ("account", "vat_rate", "payment_method", "paid")
"""Fields the list sets on a selection."""
FRENCH_RATES = tuple(Decimal(r) for r in ("0", "0.9", "1.05", "1.75", "2.1", "5.5", "8.5", "10",
                                           "13", "20"))
"""VAT rates in use in France (mainland, Corsica, overseas)."""
RESTORED = ("dossier_id", "direction", "doc_type", "status", "party_id", "flags", "fields", "number",
            "issue_date", "due_date", "currency", "net", "tax", "gross", "payable")
"""What an undo puts back."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Undo:
    """What the documents were before a bulk action."""

    action: str
    before: tuple[dict[str, Any], ...]
    aliases: tuple[int, ...] = ()
    """Confirmed names the action taught (an assign): the undo forgets them."""


@dataclass
class BulkResult:
    """What a bulk action did: the documents done, those refused (label, why), its undo."""

    action: str
    done: list[int] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    undo: Undo | None = None
    reviewed: list[int] = field(default_factory=list)
    """A publish: the documents marked reviewed instead (the user may not publish them)."""


def _label(document: DocumentRow) -> str:
    return document.number or document.original_name


def _audit_id(document: DocumentRow) -> str:
    """How the audit log names a document (as ``books.inbox.review`` logs it)."""
    return f"{document.id} {document.original_name}"[:60]


def _documents(ws: Workspace, document_ids: list[int]) -> list[DocumentRow]:
    from store.inbox import get_documents

    with ws.read() as session:
        return get_documents(session=session, document_ids=document_ids)


def _snapshot(document: DocumentRow) -> dict[str, Any]:
    values = {name: getattr(document, name) for name in RESTORED}
    values["id"] = document.id
    return values


def undo_of(action: str, document: DocumentRow, alias_id: int | None = None) -> Undo:
    """The undo of one document's action (the document view's), from the document as it
    was before and the confirmed name the action taught, if any."""
    return Undo(action, (_snapshot(document),), () if alias_id is None else (alias_id,))


def _each(ws: Workspace, action: str, document_ids: list[int],
          act: Callable[[DocumentRow], Any], progress: Progress | None,
          undoable: bool = True) -> BulkResult:
    """``act`` on each document; an int it returns is a confirmed name it taught."""
    require(ws.user, "document.review")
    result = BulkResult(action)
    before: list[dict[str, Any]] = []
    aliases: list[int] = []
    documents = _documents(ws, document_ids)
    for done, document in enumerate(documents, 1):
        try:
            taught = act(document)
        except SaisieError as exc:
            result.refused.append((_label(document), exc.message))
        else:
            result.done.append(document.id)
            before.append(_snapshot(document))
            if isinstance(taught, int):
                aliases.append(taught)
        if progress is not None:
            progress(done, len(documents))
    if undoable and before:
        result.undo = Undo(action, tuple(before), tuple(aliases))
    return result


def publish_many(ws: Workspace, document_ids: list[int], progress: Progress | None = None) -> BulkResult:
    """Publish those ready for it; the others (blocking flags, state) are named with why.
    Those of a dossier where the user may not publish are marked reviewed instead (that
    part can be undone)."""
    from books.access.permissions import may_publish
    from books.inbox.review import dossier_publishers, mark_reviewed, publish

    require(ws.user, "document.review")
    documents = {d.id: d for d in _documents(ws, document_ids)}
    seen: dict[str, str] = {}
    mine = [i for i in document_ids if i not in documents
            or may_publish(ws.user, dossier_publishers(ws, documents[i], seen))]
    others = [i for i in document_ids if i in documents and i not in set(mine)]
    result = BulkResult("publish")
    for start in range(0, len(document_ids), 100):
        outcome = publish(ws, mine[start:start + 100])
        result.done.extend(outcome.published)
        result.refused.extend((_label(documents[i]), why) for i, why in outcome.refused if i in documents)
        reviewed = mark_reviewed(ws, others[start:start + 100])
        result.reviewed.extend(reviewed.reviewed)
        result.refused.extend((_label(documents[i]), why) for i, why in reviewed.refused)
        if progress is not None:
            progress(min(start + 100, len(document_ids)), len(document_ids))
    if result.reviewed:
        result.undo = Undo("review", tuple(_snapshot(documents[i]) for i in result.reviewed))
    return result


def review_many(ws: Workspace, document_ids: list[int], progress: Progress | None = None) -> BulkResult:
    """Mark the documents reviewed (checked, waiting for a person who may publish them)."""
    from books.inbox.review import mark_reviewed

    def review(document: DocumentRow) -> None:
        refused = mark_reviewed(ws, [document.id]).refused
        if refused:
            raise InvalidInput(refused[0][1])

    return _each(ws, "review", document_ids, review, progress)


def assign_many(ws: Workspace, document_ids: list[int], code: str,
                progress: Progress | None = None) -> BulkResult:
    """Give the documents one party (its code)."""
    from books.inbox.review import assign_and_learn

    return _each(ws, "assign", document_ids,
                 lambda d: assign_and_learn(ws, d.id, code=code).alias_id, progress)


def clean_set_value(name: str, value: str) -> str:
    """A value for one of :data:`SET_FIELDS`, checked.

    Raises:
        InvalidInput: an unknown field, a VAT rate not used in France, a payment
            method not in the list, "paid" other than yes or no.
    """
    from books.payment_methods import PAYMENT_METHODS

    text = value.strip()
    if name not in SET_FIELDS:
        raise InvalidInput(t("inlist.bad_set_field", field=name, fields=", ".join(SET_FIELDS)))
    if name == "vat_rate":
        try:
            rate = Decimal(text.rstrip("% ").replace(",", "."))
        except InvalidOperation:
            rate = Decimal(-1)
        if rate not in FRENCH_RATES:
            raise InvalidInput(t("inlist.bad_rate", value=text[:20],
                                 rates=", ".join(f"{r}".replace(".", ",") for r in FRENCH_RATES)))
        return str(rate.normalize()) if rate != rate.to_integral() else str(int(rate))
    if name == "payment_method" and text and text not in PAYMENT_METHODS:
        raise InvalidInput(t("inlist.bad_method", value=text[:30], methods=", ".join(PAYMENT_METHODS)))
    if name == "paid":
        answer = {"oui": "yes", "non": "no", "yes": "yes", "no": "no"}.get(text.lower())
        if answer is None:
            raise InvalidInput(t("inlist.bad_paid", value=text[:20]))
        return answer
    return text


def set_many(ws: Workspace, document_ids: list[int], name: str, value: str,
             progress: Progress | None = None) -> BulkResult:
    """Set one field on every document (a person's edit: it wins over rules)."""
    from books.inbox.review import set_fields

    require(ws.user, "document.review")
    clean = clean_set_value(name, value)
    return _each(ws, "set", document_ids, lambda d: set_fields(ws, d.id, {name: clean}), progress)


def move_many(ws: Workspace, document_ids: list[int], slug: str | None,
              progress: Progress | None = None) -> BulkResult:
    """Put the documents in another dossier's inbox (worked out again for it), or back
    "à classer" (``slug`` None)."""
    from books.inbox.review import move_to_dossier

    return _each(ws, "move", document_ids, lambda d: move_to_dossier(ws, d.id, slug), progress)


def delete_many(ws: Workspace, document_ids: list[int], progress: Progress | None = None) -> BulkResult:
    """Delete the documents not published (the published ones are named and kept)."""
    from books.inbox.review import delete_documents

    def delete(document: DocumentRow) -> None:
        if document.status == "published":
            raise InvalidInput(t("inlist.published_kept"))
        delete_documents(ws, [document.id])

    return _each(ws, "delete", document_ids, delete, progress, undoable=False)


def undo(ws: Workspace, last: Undo) -> int:
    """Put the documents of the last bulk action back as they were; how many were.

    A document published or deleted since is left as it is, and so is one that someone
    else (another person, a rule they applied) changed after this person's action: the
    undo takes back one's own action, never another's later work. The confirmed names an
    assign taught are forgotten (not those the party had before) unless every one of
    its documents was left as it is (published since: the name stays learnt).
    """
    from books.matching.service import forget_learnt
    from store import audit
    from store.inbox import update_document

    require(ws.user, "document.review")
    current = {d.id: d for d in _documents(ws, [b["id"] for b in last.before])}
    restored = 0
    with ws.transaction() as session:
        last_by = audit.last_actors(session=session, entity="document",
                                    entity_ids=[_audit_id(d) for d in current.values()])
        for before in last.before:
            document = current.get(before["id"])
            if document is None or document.status == "published":
                continue
            if last_by.get(_audit_id(document), ws.user.login) != ws.user.login:
                continue  # changed since by someone else: theirs stays
            values = {k: v for k, v in before.items() if k != "id"}
            update_document(session=session, document_id=document.id, **values)
            # An undone move shows in the log of the dossier it leaves as well.
            for dossier_id in dict.fromkeys((before["dossier_id"], document.dossier_id)):
                if dossier_id is None and before["dossier_id"] != document.dossier_id:
                    continue
                audit.add_event(session=session, actor=ws.user.login, dossier_id=dossier_id,
                                entity="document", entity_id=_audit_id(document),
                                action="undo", after={"action": last.action})
            restored += 1
    if restored:
        for alias_id in last.aliases:
            forget_learnt(ws, alias_id)
    return restored
