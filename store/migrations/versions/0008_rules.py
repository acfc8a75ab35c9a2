"""Rules: a dossier's supplier, customer, payment-method, user, exception and defaults rules.

- ``rule``: its kind, the party it belongs to (party rules; at most one per party and
  kind, ``uq_rule_party``), the condition of the other kinds, the fields it sets with
  their mode (``sets``: ``{field: {"value", "mode"}}``), who created and last changed
  it and when, a version for concurrent edits, and its health (how many documents it
  filled, when it last fired).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 12:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("condition", sa.JSON(), nullable=False),
        sa.Column("sets", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fired_count", sa.Integer(), nullable=False),
        sa.Column("last_fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("uq_rule_party", "rule", ["dossier_id", "kind", "party_id"], unique=True)
    op.create_index("ix_rule_party_id", "rule", ["party_id"])


def downgrade() -> None:
    op.drop_index("ix_rule_party_id", table_name="rule")
    op.drop_index("uq_rule_party", table_name="rule")
    op.drop_table("rule")
