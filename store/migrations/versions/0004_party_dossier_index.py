"""The party table without its own ``dossier_id`` index.

Every other index of the table (the unique code, the name-ordered and the
code-ordered list indexes) starts with ``dossier_id``: lookups by dossier,
and the cascade when a dossier is deleted, use them. The single-column index
only cost its upkeep: about 0.1–0.2 s of a 100,000-party import.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_party_dossier_id", table_name="party")


def downgrade() -> None:
    op.create_index("ix_party_dossier_id", "party", ["dossier_id"])
