"""The code-ordered list index without ``archived``.

Archiving rewrites the entries of every index holding ``archived``. The list
sorted by name (the default, and the one the in-memory filter index reads)
keeps it in its covering index; the list sorted by code looks ``archived`` up
in the row instead, for the 64 rows of a page. Archiving 100,000 parties then
maintains one covering index instead of two (about 0.2 s less of ~1.5 s).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_party_code_order", table_name="party")
    op.create_index("ix_party_code_order", "party",
                    ["dossier_id", "kind", "code", "id", "deleted_at", "search_key"])


def downgrade() -> None:
    op.drop_index("ix_party_code_order", table_name="party")
    op.create_index("ix_party_code_order", "party",
                    ["dossier_id", "kind", "code", "id", "archived", "deleted_at", "search_key"])
