"""The inbox lists' index: a dossier's purchases or sales in date order, with their state.

The inbox list opens sorted by date (undated documents as the earliest) and
pages by keyset on ``(date, id)``: with this index the first page of 50,000
documents is read from the index in its order (no sort of the whole list),
and counting the documents of a state is an index-only scan.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DATE_KEY = "coalesce(issue_date, '1900-01-01')"
"""The list's date sort key (``store.documents_list``): the very same expression."""


def upgrade() -> None:
    op.create_index("ix_document_list_date", "document",
                    ["dossier_id", "direction", sa.text(DATE_KEY), "id", "status"])


def downgrade() -> None:
    op.drop_index("ix_document_list_date", table_name="document")
