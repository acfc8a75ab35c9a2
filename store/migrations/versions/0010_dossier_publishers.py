"""Who may publish a dossier's documents: everyone (the default) or team leads and admins.

When only team leads and admins publish, a collaborator's validation marks a
document reviewed (« vérifié »): checked, waiting for a publisher. The state
is a value of ``document.status`` (a plain string column), so only the
dossier gets a column.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): on SQLite, recreating the dossier table would
    # cascade-delete every row that references it.
    op.add_column("dossier", sa.Column("publishers", sa.String(length=12), nullable=False,
                                       server_default="all"))


def downgrade() -> None:
    op.drop_column("dossier", "publishers")  # SQLite >= 3.35 drops a plain column in place
