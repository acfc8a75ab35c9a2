"""Migrations: the models and the migrated schema agree; old data is carried over."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlmodel import SQLModel

import store.models  # noqa: F401
from store.engine import make_engine
from store.schema import HEAD, current_revision, upgrade


def _firm_and_dossier(conn: Connection) -> None:
    """A firm and its dossier 'd' (id 1), as the early schemas hold them."""
    conn.execute(text("INSERT INTO firm (name, base_currency, default_due_days, created_at) "
                      "VALUES ('F', 'EUR', 30, CURRENT_TIMESTAMP)"))
    conn.execute(text(
        "INSERT INTO dossier (firm_id, name, slug, base_currency, default_due_days, "
        "invitation_state, inbox_path, archived, last_activity_at, created_at, version) "
        "VALUES (1, 'D', 'd', 'EUR', 30, 'none', '/tmp/d', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
    ))


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
        _firm_and_dossier(conn)
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


def test_upgrade_to_0014_puts_stale_document_keys_right(database: str) -> None:
    """Keys left stale by writes before 29d93b4 (a wrong one, an empty one, one that should
    be empty) are worked out again; right ones are not touched."""
    from datetime import date
    from decimal import Decimal

    from sqlalchemy.orm import Session

    from store.document_keys import search_key
    from store.inbox import insert_document

    engine = make_engine(database)
    upgrade(engine, "0013")
    with engine.begin() as conn:
        _firm_and_dossier(conn)
    with Session(engine) as session:
        ids = [insert_document(
            session=session, dossier_id=1, direction="purchase", status="review",
            party_name_detected="Épicerie Dupré" if n else None, number=f"F-{n}" if n else None,
            issue_date=date(2026, 11, 1), net=Decimal("100") if n else None,
            file_hash=f"{n:064}", stored_path=f"a/{n}.pdf", original_name=f"{n}.pdf",
            flags=["totals"] if n == 2 else []) for n in range(4)]
        session.commit()
    with engine.begin() as conn:
        right = {i: conn.execute(text(f"SELECT search_key FROM document WHERE id = {i}")).scalar_one()
                 for i in ids}
        assert right[ids[0]] == "" and right[ids[2]].startswith("|f:totals| f-2 100.00")
        conn.execute(text(f"UPDATE document SET search_key = 'stale' WHERE id IN ({ids[0]}, {ids[1]})"))
        conn.execute(text(f"UPDATE document SET search_key = '' WHERE id = {ids[2]}"))
    upgrade(engine)
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        now = dict(conn.execute(text("SELECT id, search_key FROM document")).all())
    assert now == right
    assert now[ids[1]] == search_key({"number": "F-1", "net": Decimal("100"),
                                      "party_name_detected": "Épicerie Dupré"})
    engine.dispose()
