"""Documents' stored search key, and the inbox lists' date index covering it.

The inbox list's text filter matched keys folded in Python from every
document's party, number, amounts and flags each time its in-memory index was
built (1.5–2 s for 50,000 documents on a loaded machine: the first filter key
waited for it). The key is now a column, kept right by the store's writes
(``store.document_keys``), and the date index carries ``party_id`` and
``search_key`` so the index is read from the index alone, in the list's order.

Existing documents get their key here, by the same rule as
``store.document_keys.search_key`` (copied: a migration must not change when
the code does).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 16:20:00
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

DATE_KEY = "coalesce(issue_date, '1900-01-01')"
"""The list's date sort key (``store.documents_list``): the very same expression."""
NOTE = "|f:reminder_note| "
"""A rule's reminder note: the key's first token when there is one."""
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): recreating the document table on SQLite would
    # cascade-delete the rows that reference it.
    op.add_column("document", sa.Column("search_key", sa.String(length=500), nullable=False,
                                        server_default=""))
    _backfill()
    op.drop_index("ix_document_list_date", table_name="document")
    op.create_index("ix_document_list_date", "document",
                    ["dossier_id", "direction", sa.text(DATE_KEY), "id", "status", "party_id",
                     "search_key"])


def _loaded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _key(row: Any) -> str:
    _id, party_id, detected, number, net, tax, gross, flags, fields = row
    parts = [f"|f:{flag}|" for flag in _loaded(flags) or []]
    parts.append(number or "")
    parts.extend(str(Decimal(str(a)).quantize(Decimal("0.01"))) if a not in (None, "") else ""
                 for a in (net, tax, gross))
    if party_id is None:
        parts.append(detected or "")
    text = " ".join(p for p in parts if p).replace("\n", " ")
    rest = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()[:500 - len(NOTE)]
    note = (_loaded(fields) or {}).get("note")
    return NOTE + rest if isinstance(note, dict) and note.get("value") else rest


def _backfill() -> None:
    conn = op.get_bind()
    document = sa.table("document", sa.column("id"), sa.column("party_id"),
                        sa.column("party_name_detected"), sa.column("number"), sa.column("net"),
                        sa.column("tax"), sa.column("gross"), sa.column("flags"),
                        sa.column("fields"), sa.column("search_key"))
    d = document.c
    statement = document.update().where(d.id == sa.bindparam("did")).values(
        search_key=sa.bindparam("key"))
    last = 0
    while True:  # by id ranges: a large table is never held in memory at once
        rows = conn.execute(
            sa.select(d.id, d.party_id, d.party_name_detected, d.number, sa.cast(d.net, sa.String),
                      sa.cast(d.tax, sa.String), sa.cast(d.gross, sa.String),
                      sa.cast(d.flags, sa.String), sa.cast(d.fields, sa.String))
            .where(d.id > last).order_by(d.id).limit(5000)).all()
        if not rows:
            return
        keyed = [{"did": row[0], "key": key} for row in rows if (key := _key(row))]
        if keyed:
            conn.execute(statement, keyed)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_document_list_date", table_name="document")
    op.create_index("ix_document_list_date", "document",
                    ["dossier_id", "direction", sa.text(DATE_KEY), "id", "status"])
    op.drop_column("document", "search_key")
