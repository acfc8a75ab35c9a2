"""Every document's search key worked out again.

Until commit 29d93b4 some writes (a file read alone by the folder watcher, among
others) left a document's stored search key (migration 0011) as it was before
the write, so an inbox list's filter could miss or wrongly find it until the
document changed again. The keys are worked out here once more, by migration
0011's rule (the one ``store.document_keys.search_key`` still follows), and
written where they differ, empty ones included.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 20:30:00
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

BATCH = 5000
"""Documents read at once (by id ranges: a large table is never held in memory)."""


def _rule() -> ModuleType:
    """Migration 0011, whose ``_key`` is the key's rule as of that revision."""
    path = Path(__file__).with_name("0011_document_search_key.py")
    spec = importlib.util.spec_from_file_location("saisie_migration_0011", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    key_of = _rule()._key
    conn = op.get_bind()
    document = sa.table("document", sa.column("id"), sa.column("party_id"),
                        sa.column("party_name_detected"), sa.column("number"), sa.column("net"),
                        sa.column("tax"), sa.column("gross"), sa.column("flags"),
                        sa.column("fields"), sa.column("search_key"))
    d = document.c
    statement = document.update().where(d.id == sa.bindparam("did")).values(
        search_key=sa.bindparam("key"))
    last = 0
    while True:
        rows = conn.execute(
            sa.select(d.id, d.party_id, d.party_name_detected, d.number, sa.cast(d.net, sa.String),
                      sa.cast(d.tax, sa.String), sa.cast(d.gross, sa.String),
                      sa.cast(d.flags, sa.String), sa.cast(d.fields, sa.String), d.search_key)
            .where(d.id > last).order_by(d.id).limit(BATCH)).all()
        if not rows:
            return
        stale = [{"did": row[0], "key": key} for row in rows
                 if (key := key_of(row[:9])) != (row[9] or "")]
        if stale:
            conn.execute(statement, stale)
        last = rows[-1][0]


def downgrade() -> None:
    """Nothing to undo: the keys are what the code keeps them to anyway."""
