"""Migration 0011 (documents' search key): existing documents get the key the store
writes, on both databases; it goes down and up again."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import bindparam, text

from store.document_keys import search_key
from store.engine import make_engine
from store.schema import HEAD, current_revision, upgrade
from store.types import Money
from tests.store.test_ledger_migration import _seed

DOCUMENTS = [  # party, name read, number, net, flags, fields
    (None, "Boulangerie DUPRÉ", "FA-1", "1250.00", '["party_unknown"]', '{}'),
    (1, "Ignoré", "FA-2", None, "[]", '{"note": {"value": "Relancer", "source": "rule"}}'),
]


def _documents(conn) -> None:  # type: ignore[no-untyped-def]
    json = "CAST(:{} AS JSON)" if conn.dialect.name == "postgresql" else ":{}"
    statement = text(
        "INSERT INTO document (dossier_id, direction, doc_type, status, flags, party_id, "
        "party_name_detected, number, currency, net, file_hash, stored_path, original_name, "
        f"format, extracted, fields, imported_at) VALUES (1, 'purchase', 'invoice', 'review', "
        f"{json.format('flags')}, :party, :name, :number, 'EUR', :net, :hash, 'a.pdf', "
        f"'a.pdf', 'pdf', {json.format('extracted')}, {json.format('fields')}, CURRENT_TIMESTAMP)"
    ).bindparams(bindparam("net", type_=Money()))
    for n, (party, name, number, net, flags, fields) in enumerate(DOCUMENTS, 1):
        conn.execute(statement, {
            "flags": flags, "party": party, "name": name, "number": number,
            "net": Decimal(net) if net else None, "hash": f"{n:064}", "extracted": "{}",
            "fields": fields})


def test_upgrade_from_0010_keys_existing_documents(database: str) -> None:
    import json

    engine = make_engine(database)
    upgrade(engine, "0010")
    with engine.begin() as conn:
        _seed(conn)
        _documents(conn)
    upgrade(engine)
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        keys = conn.execute(text("SELECT search_key FROM document ORDER BY id")).scalars().all()
    expected = [search_key({"party_id": party, "party_name_detected": name, "number": number,
                            "net": net, "flags": json.loads(flags), "fields": json.loads(fields)})
                for party, name, number, net, flags, fields in DOCUMENTS]
    assert keys == expected
    assert keys == ["|f:party_unknown| fa-1 1250.00 boulangerie dupre",
                    "|f:reminder_note| fa-2"]
    engine.dispose()


def test_downgrade_to_0010_and_up_again(database: str) -> None:
    from alembic import command

    from store.schema import alembic_config

    engine = make_engine(database)
    upgrade(engine)
    with engine.begin() as conn:
        _seed(conn)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0010")  # type: ignore[arg-type]
    assert current_revision(engine) == "0010"
    with engine.begin() as conn:
        _documents(conn)
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM document WHERE search_key != ''")
                            ).scalar_one() == 2
    engine.dispose()
