"""A write transaction on SQLite holds the write lock from its first read, and a
versioned update checks the version in the UPDATE itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from store.engine import make_engine, session_factory, transaction
from store.errors import StaleVersion
from store.models import Dossier, Firm, Party
from store.parties.changes import update_versioned
from store.schema import upgrade


@pytest.fixture
def factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(str(tmp_path / "w.db"))
    upgrade(engine)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        firm = Firm(name="F")
        session.add(firm)
        session.flush()
        dossier = Dossier(firm_id=firm.id, name="D", slug="d", inbox_path="/tmp/d")
        session.add(dossier)
        session.flush()
        session.add(Party(dossier_id=dossier.id, kind="customer", code="C1", name="A"))
    yield sessions
    engine.dispose()


def test_a_write_transaction_locks_before_its_first_read(factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = sqlite3.connect(tmp_path / "w.db", timeout=0.05)
    with transaction(factory) as session:
        session.execute(select(Party.version)).scalar_one()  # only a read so far
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # another process cannot write meanwhile
    other.execute("BEGIN IMMEDIATE")  # free again once committed
    other.rollback()
    other.close()


def test_a_stale_version_changes_nothing(factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as session:
        party_id = session.execute(select(Party.id)).scalar_one()
        party = update_versioned(session=session, party_id=party_id, expected_version=1,
                                 changes={"name": "B"})
        assert party.version == 2
    with pytest.raises(StaleVersion), transaction(factory) as session:
        update_versioned(session=session, party_id=party_id, expected_version=1, changes={"name": "C"})
    with factory() as session:
        assert session.execute(select(Party.name, Party.version)).one() == ("B", 2)
