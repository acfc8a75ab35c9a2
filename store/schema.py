"""Schema version: read it cheaply, upgrade it with Alembic when behind.

Opening a database compares its revision with :data:`HEAD` without importing
Alembic, so commands stay fast; Alembic is loaded only to upgrade.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from store.errors import DatabaseUnavailable

HEAD = "0014"
"""The newest migration; a test checks it against Alembic's own head."""

MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None for an empty database."""
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(str(getattr(exc, "orig", exc)).splitlines()[0]) from exc


def alembic_config(engine_connection: object | None = None) -> object:
    """An Alembic config pointing at our migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = engine_connection
    return config


def alembic_head() -> str:
    """The head revision according to Alembic's script directory."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()  # type: ignore[arg-type]
    assert head is not None
    return head


def upgrade(engine: Engine, revision: str = "head") -> bool:
    """Bring the schema up to ``revision``; True when anything was done."""
    if revision == "head" and current_revision(engine) == HEAD:
        return False
    from alembic import command

    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)  # type: ignore[arg-type]
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(str(getattr(exc, "orig", exc)).splitlines()[0]) from exc
    return True
