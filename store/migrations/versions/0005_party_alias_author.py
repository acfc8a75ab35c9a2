"""Who confirmed a party's alias (a name seen on documents).

The matcher says "nom déjà confirmé le 03/11 par marie": the alias keeps the
login of the person who confirmed it, and the aliases of a list are read by
dossier and kind through their party.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("party_alias", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("party_alias", schema=None) as batch_op:
        batch_op.drop_column("created_by")
