"""Migrations: the models and the migrated schema agree; old data is carried over."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import store.models  # noqa: F401
from store.engine import make_engine
from store.schema import HEAD, current_revision, upgrade


def test_migrated_schema_matches_the_models(database: str) -> None:
    engine = make_engine(database)
    upgrade(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    engine.dispose()


def test_upgrade_from_0001_fills_search_keys(database: str) -> None:
    engine = make_engine(database)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO firm (name, base_currency, default_due_days, created_at) "
                          "VALUES ('F', 'EUR', 30, CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO dossier (firm_id, name, slug, base_currency, default_due_days, "
            "invitation_state, inbox_path, archived, last_activity_at, created_at, version) "
            "VALUES (1, 'D', 'd', 'EUR', 30, 'none', '/tmp/d', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
        ))
        conn.execute(text(
            "INSERT INTO party (dossier_id, kind, code, name, sort_key, city, custom_fields, source, "
            "archived, version, created_at, updated_at) VALUES (1, 'customer', 'C1', 'Épicerie Dupré', "
            "'epicerie dupre', 'Saint-Étienne', '{}', 'csv', false, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ))
    upgrade(engine)
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        key = conn.execute(text("SELECT search_key FROM party")).scalar_one()
    assert key == "c1 epicerie dupre saint-etienne"
    engine.dispose()
