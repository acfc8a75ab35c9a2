"""Party search key, soft delete, code ordering index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 06:55:00
"""

from __future__ import annotations

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
        batch_op.create_index(
            "ix_party_code_order", ["dossier_id", "kind", "archived", "code", "id"], unique=False
        )
    op.create_index(
        "uq_party_code", "party", ["dossier_id", "kind", "code"], unique=True,
        sqlite_where=LIVE, postgresql_where=LIVE,
    )


def downgrade() -> None:
    op.drop_index("uq_party_code", table_name="party")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index("ix_party_code_order")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("search_key")
        batch_op.create_unique_constraint("uq_party_code", ["dossier_id", "kind", "code"])
