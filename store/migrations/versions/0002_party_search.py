"""Party search key and code ordering index.

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


def upgrade() -> None:
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_key", sa.String(length=500), nullable=False, server_default=""))
        batch_op.create_index(
            "ix_party_code_order", ["dossier_id", "kind", "archived", "code", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index("ix_party_code_order")
        batch_op.drop_column("search_key")
