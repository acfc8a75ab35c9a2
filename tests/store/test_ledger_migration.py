"""Migration 0007 (the ledger): existing dossiers keep their rows and get the defaults;
it goes down and up again."""

from __future__ import annotations

from sqlalchemy import text

from store.engine import make_engine
from store.schema import HEAD, current_revision, upgrade


def _seed(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute(text("INSERT INTO firm (name, base_currency, default_due_days, created_at) "
                      "VALUES ('F', 'EUR', 30, CURRENT_TIMESTAMP)"))
    conn.execute(text(
        "INSERT INTO dossier (firm_id, name, slug, base_currency, default_due_days, "
        "invitation_state, inbox_path, archived, last_activity_at, created_at, version) "
        "VALUES (1, 'D', 'd', 'EUR', 30, 'none', '/tmp/d', false, CURRENT_TIMESTAMP, "
        "CURRENT_TIMESTAMP, 1)"))
    conn.execute(text(
        "INSERT INTO party (dossier_id, kind, code, name, sort_key, search_key, custom_fields, "
        "source, archived, version, created_at, updated_at) VALUES (1, 'supplier', 'F1', 'X', "
        "'x', 'x', '{}', 'csv', false, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))


def test_upgrade_from_0006_keeps_dossiers_and_parties(database: str) -> None:
    engine = make_engine(database)
    upgrade(engine, "0006")
    with engine.begin() as conn:
        _seed(conn)
    upgrade(engine)
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        row = conn.execute(text("SELECT supplier_aux_prefix, customer_aux_prefix, rounding_account, "
                                "closing_date FROM dossier")).one()
        parties = conn.execute(text("SELECT count(*) FROM party")).scalar_one()
    assert (row[0], row[1], bool(row[2]), row[3]) == ("", "", False, None)
    assert parties == 1
    engine.dispose()


def test_downgrade_to_0006_and_up_again(database: str) -> None:
    from alembic import command

    from store.schema import alembic_config

    engine = make_engine(database)
    upgrade(engine)
    with engine.begin() as conn:
        _seed(conn)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0006")  # type: ignore[arg-type]
    assert current_revision(engine) == "0006"
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM party")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM entry")).scalar_one() == 0
    engine.dispose()
