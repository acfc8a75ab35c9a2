"""A document's stored search key: what the inbox lists' text and flag filters match.

The key holds, folded (accents stripped, case folded): a token per flag
(``|f:totals|``), one for a rule's reminder note, the number, the amounts as
stored (``1250.00``, so "1 250" finds it) and, while no party is linked, the
name read on the document. The linked party's name is not in it: the list
reads it from the party (its ``sort_key``, folded alike) in the same
statement, so renaming a party changes no document.

Every write here that can change one of :data:`KEY_COLUMNS` keeps the key
right: inserts compute it from the row, updates call :func:`rekey`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, literal, select, update
from sqlalchemy.orm import Session

from store.models import Document

KEY_COLUMNS = frozenset({"party_id", "party_name_detected", "number", "net", "tax", "gross",
                         "flags", "fields"})
"""The columns a document's search key is made of."""
KEY_LENGTH = 500
"""Longest key kept (as the party's; the flags come first, the name read last)."""
CHUNK = 500
"""Documents read again at once by :func:`rekey`."""
CHUNK_IDS = 5000
"""Ids in one ``IN (…)`` of a set-based statement."""
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
"""Combining marks (accents): dropped after NFKD."""
_CENTS = Decimal("0.01")
_TABLE = Document.__table__
"""Core statements: executemany, and nothing to synchronise in the session."""
NOTE = "|f:reminder_note| "
"""The token of a rule's reminder note: always first, so that writing fields alone
(a rule applied to 50,000 documents) sets or drops it in SQL without reading them."""


def fold_text(text: str) -> str:
    """Accents stripped and case folded, a whole chunk of keys at once (one pass in C)."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def has_note(fields: Any) -> bool:
    """Whether a rule left a reminder note on the document (the supplier's note)."""
    note = (fields or {}).get("note") if isinstance(fields, dict) else None
    return bool(note.get("value")) if isinstance(note, dict) else False


def _amount(value: Any) -> str:
    """An amount as both databases store it (two decimals)."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return str(amount.quantize(_CENTS))


def _loaded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def search_key(values: Mapping[str, Any]) -> str:
    """The key of a document with these column values (missing ones taken as empty)."""
    parts = [f"|f:{flag}|" for flag in _loaded(values.get("flags")) or []]
    parts.append(values.get("number") or "")
    parts.extend(_amount(values.get(name)) for name in ("net", "tax", "gross"))
    if values.get("party_id") is None:
        parts.append(values.get("party_name_detected") or "")
    rest = fold_text(" ".join(p for p in parts if p).replace("\n", " "))[:KEY_LENGTH - len(NOTE)]
    return NOTE + rest if has_note(_loaded(values.get("fields"))) else rest


def with_key(row: Mapping[str, Any]) -> dict[str, Any]:
    """An inserted row with its search key."""
    return {**row, "search_key": search_key(row)}


def touches_key(columns: Iterable[str]) -> bool:
    """Whether writing these columns may change the search key."""
    return not KEY_COLUMNS.isdisjoint(columns)


def note_keys(*, session: Session, texts: Sequence[tuple[int, str]],
              only_in_review: bool) -> None:
    """After documents' ``fields`` were written (as JSON text): their keys get or lose the
    note token (two set-based statements a chunk; no document read)."""
    noted = {doc_id for doc_id, text in texts if '"note"' in text and has_note(json.loads(text))}
    plain = [doc_id for doc_id, _text in texts if doc_id not in noted]
    d = _TABLE.c
    head = func.substr(d.search_key, 1, len(NOTE))
    if not noted and session.execute(select(d.id).where(head == NOTE).limit(1)).first() is None:
        return  # no key holds the token: nothing to drop (notes are rare; a 50,000-document
        # rule then costs one scan of the keys, not 50,000 lookups)
    where = [d.status == "review"] if only_in_review else []
    for ids, change, condition in (
            (sorted(noted), literal(NOTE) + d.search_key, head != NOTE),
            (plain, func.substr(d.search_key, len(NOTE) + 1), head == NOTE)):
        for start in range(0, len(ids), CHUNK_IDS):
            session.execute(update(_TABLE)
                            .where(d.id.in_(ids[start:start + CHUNK_IDS]), condition, *where)
                            .values(search_key=change))


_READ = (Document.id, Document.search_key, Document.party_id, Document.party_name_detected,
         Document.number, Document.net, Document.tax, Document.gross, Document.flags,
         Document.fields)


def rekey(*, session: Session, document_ids: Sequence[int]) -> int:
    """Compute these documents' keys again from their columns and write those that
    changed; how many changed."""
    statement = (update(_TABLE).where(_TABLE.c.id == bindparam("_id"))
                 .values(search_key=bindparam("_key")))
    changed = 0
    ids = sorted(set(document_ids))
    for start in range(0, len(ids), CHUNK):
        found = session.execute(select(*_READ).where(Document.id.in_(ids[start:start + CHUNK])))
        rows = []
        for row in found:
            values = row._asdict()
            key = search_key(values)
            if key != values["search_key"]:
                rows.append({"_id": values["id"], "_key": key})
        if rows:
            session.execute(statement, rows)
            changed += len(rows)
    return changed
