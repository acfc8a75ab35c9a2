"""Party search key, soft delete, code ordering index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 06:55:00
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_key", sa.String(length=500), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint("uq_party_code", type_="unique")
        batch_op.drop_index("ix_party_list")
        batch_op.create_index(
            "ix_party_list",
            ["dossier_id", "kind", "sort_key", "id", "archived", "deleted_at", "search_key"],
        )
        batch_op.create_index(
            "ix_party_code_order",
            ["dossier_id", "kind", "code", "id", "archived", "deleted_at", "search_key"],
        )
    op.create_index(
        "uq_party_code", "party", ["dossier_id", "kind", "code"], unique=True,
        sqlite_where=LIVE, postgresql_where=LIVE,
    )
    _backfill_search_keys()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _backfill_search_keys() -> None:
    """Existing parties get the key the filter searches (same rule as books.parties.fields)."""
    conn = op.get_bind()
    party = sa.table("party", sa.column("id"), sa.column("code"), sa.column("name"),
                     sa.column("siren"), sa.column("siret"), sa.column("vat_id"),
                     sa.column("city"), sa.column("search_key"))
    rows = conn.execute(sa.select(party.c.id, party.c.code, party.c.name, party.c.siren,
                                  party.c.siret, party.c.vat_id, party.c.city)).all()
    updates = [
        {"pid": row[0], "key": _fold(" ".join(p for p in row[1:] if p))[:500]} for row in rows
    ]
    statement = party.update().where(party.c.id == sa.bindparam("pid")).values(
        search_key=sa.bindparam("key")
    )
    for start in range(0, len(updates), 5000):
        conn.execute(statement, updates[start:start + 5000])


def downgrade() -> None:
    op.drop_index("uq_party_code", table_name="party")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index("ix_party_code_order")
        batch_op.drop_index("ix_party_list")
        batch_op.create_index("ix_party_list", ["dossier_id", "kind", "archived", "sort_key", "id"])
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("search_key")
        batch_op.create_unique_constraint("uq_party_code", ["dossier_id", "kind", "code"])
