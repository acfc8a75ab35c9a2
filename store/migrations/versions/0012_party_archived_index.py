"""The archived flag out of the name-ordered list index, into a small index of its own.

Archiving a whole list flips ``archived`` on every row, in id order. While the
flag sat in ``ix_party_list`` (ordered by name, ~120 bytes an entry), each flip
rewrote an entry somewhere in a 124 MB index at 1,000,000 parties: the pages
came and went through a write cache that cannot hold them, and archiving then
undoing 1,000,000 parties took 30 and 58 s (18 and 21 s of CPU, most of it in
the kernel) where 100,000 took 1 and 1 s. ``ix_party_archived`` is ordered by
``(dossier, kind, archived, deleted, id)``: an archive moves its entries in id
order, page after page, and the covering list index is not touched at all
(7.7 and 6.5 s, 4.5 and 3.2 s of CPU: linear in the rows).

The lists read the flag from the small index: a list's count of active parties
is a range of it, and a page that hides archived parties leaves out the ids it
lists (``store.parties.listing``), so pages are still read from the covering
index alone.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 16:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_party_list", table_name="party")
    op.create_index("ix_party_list", "party",
                    ["dossier_id", "kind", "sort_key", "id", "deleted_at", "search_key"])
    op.create_index("ix_party_archived", "party",
                    ["dossier_id", "kind", "archived", "deleted_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_party_archived", table_name="party")
    op.drop_index("ix_party_list", table_name="party")
    op.create_index("ix_party_list", "party",
                    ["dossier_id", "kind", "sort_key", "id", "archived", "deleted_at", "search_key"])
