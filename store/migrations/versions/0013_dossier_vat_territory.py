"""A dossier's postal code and VAT territory: mainland, overseas (Guadeloupe, Martinique,
La Réunion: 8.5, 2.1, 1.75, 1.05 and 0 %) or without VAT (Guyane, Mayotte…), which
decides the VAT rates its rules may set. Existing dossiers are mainland ones.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): on SQLite, recreating the dossier table would
    # cascade-delete every row that references it.
    op.add_column("dossier", sa.Column("postcode", sa.String(length=10), nullable=True))
    op.add_column("dossier", sa.Column("vat_territory", sa.String(length=12), nullable=False,
                                       server_default="mainland"))


def downgrade() -> None:
    for column in ("vat_territory", "postcode"):
        op.drop_column("dossier", column)  # SQLite ≥ 3.35 drops a plain column in place
