"""The store: engines, schema revisions, exact money, constraints, backup."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from store.engine import (
    backup_sqlite,
    make_engine,
    normalize_url,
    session_factory,
    sqlite_path,
    transaction,
)
from store.errors import DatabaseUnavailable
from store.models import Dossier, Firm, Party
from store.schema import HEAD, alembic_head, current_revision, upgrade


def test_plain_path_means_sqlite(tmp_path: Path) -> None:
    url = normalize_url(str(tmp_path / "x.db"))
    assert url == f"sqlite:///{tmp_path / 'x.db'}"
    assert sqlite_path(url) == tmp_path / "x.db"
    assert normalize_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_head_constant_matches_alembic() -> None:
    assert HEAD == alembic_head()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "p.db"))
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_unopenable_database_names_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable):
        make_engine(str(blocker / "sub" / "db.sqlite"))
    with pytest.raises(DatabaseUnavailable):
        make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable):
        make_engine("nosuchdialect://x")


def test_upgrade_is_idempotent(database: str) -> None:
    engine = make_engine(database)
    assert current_revision(engine) is None
    assert upgrade(engine) is True
    assert current_revision(engine) == HEAD
    assert upgrade(engine) is False
    engine.dispose()


def _dossier(session, firm_id: int, slug: str = "d") -> Dossier:  # type: ignore[no-untyped-def]
    dossier = Dossier(firm_id=firm_id, name="D", slug=slug, inbox_path="/tmp/d")
    session.add(dossier)
    session.flush()
    return dossier


def test_money_is_exact_and_party_code_unique(database: str) -> None:
    engine = make_engine(database)
    upgrade(engine)
    factory = session_factory(engine)
    with transaction(factory) as session:
        firm = Firm(name="F")
        session.add(firm)
        session.flush()
        dossier = _dossier(session, firm.id)
        session.add(Party(dossier_id=dossier.id, kind="customer", code="C1", name="A",
                          credit_limit=Decimal("1234567890123.45")))
    with factory() as session:
        party = session.execute(select(Party)).scalar_one()
        assert party.credit_limit == Decimal("1234567890123.45")
        assert isinstance(party.credit_limit, Decimal)
    with pytest.raises(IntegrityError), transaction(factory) as session:
        session.add(Party(dossier_id=dossier.id, kind="customer", code="C1", name="B"))
    with transaction(factory) as session:  # same code in the other list is fine
        session.add(Party(dossier_id=dossier.id, kind="supplier", code="C1", name="B"))
    engine.dispose()


def test_foreign_keys_are_enforced(database: str) -> None:
    engine = make_engine(database)
    upgrade(engine)
    factory = session_factory(engine)
    with pytest.raises(IntegrityError), transaction(factory) as session:
        session.add(Party(dossier_id=999, kind="customer", code="C1", name="A"))
    engine.dispose()


def test_backup_of_live_database(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "live.db"))
    upgrade(engine)
    with transaction(session_factory(engine)) as session:
        session.add(Firm(name="Cabinet"))
    target = tmp_path / "copies" / "backup.db"
    backup_sqlite(engine, target)
    copy = make_engine(str(target))
    with copy.connect() as conn:
        assert conn.execute(text("SELECT name FROM firm")).scalar() == "Cabinet"
    assert not (target.parent / "backup.db.partial").exists()
    copy.dispose()
    engine.dispose()


def test_commits_are_checkpointed_in_the_background(tmp_path: Path) -> None:
    import sqlite3
    import time

    path = tmp_path / "c.db"
    engine = make_engine(str(path))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
    with transaction(session_factory(engine)) as session:
        session.add(Firm(name="Cabinet Checkpoint"))

    def in_main_file() -> list[str]:
        # immutable=1 reads the database file alone, ignoring the write-ahead log.
        db = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        try:
            return [name for (name,) in db.execute("SELECT name FROM firm")]
        except sqlite3.DatabaseError:
            # Not even the table yet, or (DatabaseError "malformed") the file read
            # while the checkpoint was copying pages into it: immutable=1 takes no
            # lock, so a torn read is possible. Look again.
            return []
        finally:
            db.close()

    deadline = time.monotonic() + 10
    while "Cabinet Checkpoint" not in in_main_file():
        assert time.monotonic() < deadline, "the log was never copied back"
        time.sleep(0.05)
    engine.dispose()
