"""Alembic environment: runs on the connection handed in by store.schema."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import store.models  # registers the tables on the metadata

connection = context.config.attributes["connection"]
store.models.with_partial_indexes(connection.dialect.name)
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
