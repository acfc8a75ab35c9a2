"""The ledger: chart of accounts, auxiliary accounts, journals, entries and their lines.

- ``dossier`` gains the auxiliary accounts' prefixes (suppliers, customers), where a
  rounding difference goes (``rounding_account``) and the fiscal year's closing date.
- ``ledger_account``: a dossier's chart (PCG by default, imported, or added by use).
- ``auxiliary_account``: one per party, unique in its dossier (CompAuxNum).
- ``journal``: ACH and VTE by default, with the counter of gapless entry numbers.
- ``entry`` / ``entry_line``: what publishing writes; never updated afterwards.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _money(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, store.types.Money(length=40), nullable=nullable)


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): on SQLite, recreating the dossier table would
    # cascade-delete every row that references it.
    op.add_column("dossier", sa.Column("supplier_aux_prefix", sa.String(length=10),
                                       nullable=False, server_default=""))
    op.add_column("dossier", sa.Column("customer_aux_prefix", sa.String(length=10),
                                       nullable=False, server_default=""))
    op.add_column("dossier", sa.Column("rounding_account", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    op.add_column("dossier", sa.Column("closing_date", sa.Date(), nullable=True))
    op.create_table(
        "ledger_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id", "number", name="uq_ledger_account"),
    )
    op.create_table(
        "auxiliary_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id", "number", name="uq_auxiliary_number"),
        sa.UniqueConstraint("party_id", name="uq_auxiliary_party"),
    )
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id", "kind", name="uq_journal_kind"),
        sa.UniqueConstraint("dossier_id", "code", name="uq_journal_code"),
    )
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("journal_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("valid_date", sa.Date(), nullable=False),
        sa.Column("piece_ref", sa.String(length=60), nullable=False),
        sa.Column("piece_date", sa.Date(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["journal_id"], ["journal.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reverses_id"], ["entry.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("journal_id", "fiscal_year", "number", name="uq_entry_number"),
    )
    op.create_index("ix_entry_export", "entry", ["dossier_id", "valid_date", "number"])
    op.create_index("ix_entry_document_id", "entry", ["document_id"])
    op.create_table(
        "entry_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=20), nullable=False),
        sa.Column("account_label", sa.String(length=200), nullable=False),
        sa.Column("aux_number", sa.String(length=40), nullable=True),
        sa.Column("aux_label", sa.String(length=200), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        _money("debit", False),
        _money("credit", False),
        _money("currency_amount", True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(["entry_id"], ["entry.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_entry_line_entry_id", "entry_line", ["entry_id"])


def downgrade() -> None:
    op.drop_index("ix_entry_line_entry_id", table_name="entry_line")
    op.drop_table("entry_line")
    op.drop_index("ix_entry_document_id", table_name="entry")
    op.drop_index("ix_entry_export", table_name="entry")
    op.drop_table("entry")
    op.drop_table("journal")
    op.drop_table("auxiliary_account")
    op.drop_table("ledger_account")
    for column in ("closing_date", "rounding_account", "customer_aux_prefix",
                   "supplier_aux_prefix"):
        op.drop_column("dossier", column)  # SQLite ≥ 3.35 drops a plain column in place
