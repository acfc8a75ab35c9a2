"""The inbox pipeline: a claim per file dropped, documents that record duplicates,
failures and unassigned files, with their flags and where they came from.

- ``intake``: one row per file found in an inbox folder (its path, size and
  modification time), claimed by one worker before any work, with the step
  it reached; a crashed worker's claim is taken over.
- ``document``: ``dossier_id`` may be empty (a file of the firm's shared folder
  that matches no dossier waits "à classer"); ``duplicate_of`` points to the
  document a duplicate repeats (the content uniqueness no longer applies to
  duplicate records); ``flags`` are the failed checks; ``source``, ``sender``
  and ``subject`` say which mail or archive a document came out of.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_constraint("uq_document_content", type_="unique")
        batch_op.alter_column("dossier_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("duplicate_of", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("flags", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("source", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("sender", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("subject", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("intake_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_document_intake_id", ["intake_id"], unique=False)
        batch_op.create_foreign_key("fk_document_duplicate_of", "document", ["duplicate_of"], ["id"],
                                    ondelete="SET NULL")
    op.create_index("uq_document_content", "document", ["dossier_id", "file_hash"], unique=True,
                    sqlite_where=sa.text("status != 'duplicate'"),
                    postgresql_where=sa.text("status != 'duplicate'"))
    op.create_table(
        "intake",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=True),
        sa.Column("step", sa.String(length=12), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("path", "size", "mtime_ns", name="uq_intake_file"),
    )
    op.create_index("ix_intake_step", "intake", ["step"])


def downgrade() -> None:
    op.drop_index("ix_intake_step", table_name="intake")
    op.drop_table("intake")
    op.drop_index("uq_document_content", table_name="document")
    op.execute("DELETE FROM document WHERE status = 'duplicate' OR dossier_id IS NULL")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_constraint("fk_document_duplicate_of", type_="foreignkey")
        batch_op.drop_index("ix_document_intake_id")
        batch_op.drop_column("intake_id")
        batch_op.drop_column("subject")
        batch_op.drop_column("sender")
        batch_op.drop_column("source")
        batch_op.drop_column("flags")
        batch_op.drop_column("duplicate_of")
        batch_op.alter_column("dossier_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint("uq_document_content", ["dossier_id", "file_hash"])
