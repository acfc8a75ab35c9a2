"""The bulk fast path stores exactly what the ORM stores (every column type, both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from store.engine import make_engine, session_factory, transaction
from store.models import Dossier, Firm, Party
from store.parties import changes as parties
from store.parties import imports as party_import
from store.schema import upgrade

STAMP = datetime(2026, 3, 14, 15, 9, 26, 535897, tzinfo=UTC)


def _fields(dossier_id: int, code: str) -> dict[str, Any]:
    """A party filling every column, with values that are easy to store wrongly."""
    return {
        "dossier_id": dossier_id, "kind": "customer", "code": code, "name": "Dupré & Fils « SARL »",
        "sort_key": "dupre & fils « sarl »", "search_key": f"{code.lower()} dupre & fils",
        "siren": "732829320", "siret": "73282932000074", "vat_id": "FR44732829320",
        "address": "12, rue de l'Église\nBât. B", "postcode": "75001", "city": "Paris",
        "country": "FR", "email": "compta@dupre.fr", "phone": "+33 1 23 45 67 89",
        "payment_terms_days": 45, "payment_method": "virement",
        "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP882", "sepa_mandate_ref": "RUM-1",
        "sepa_mandate_date": date(2025, 2, 28), "account": "411DUPRE",
        "credit_limit": Decimal("1234567890123.45"), "insurer_guarantee": Decimal("0.10"),
        "other_guarantees": "caution", "comments": "multi\nligne ' \" ; --",
        "custom_fields": {"Région": "Île-de-France", "n": 3, "l": [1, "é", None], "d": {"x": 1.5}},
        "source": "csv", "archived": True, "version": 7,
        "deleted_at": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
        "created_at": STAMP, "updated_at": STAMP + timedelta(seconds=1),
    }


COMPARED = [c.name for c in Party.__table__.columns if c.name not in ("id", "code", "search_key")]


@pytest.fixture
def factory(database: str):  # type: ignore[no-untyped-def]
    engine = make_engine(database)
    upgrade(engine)
    made = session_factory(engine)
    with transaction(made) as session:
        firm = Firm(name="F")
        session.add(firm)
        session.flush()
        dossier = Dossier(firm_id=firm.id, name="D", slug="d", inbox_path="/tmp/d")
        session.add(dossier)
    yield made
    engine.dispose()


def _dossier_id(factory) -> int:  # type: ignore[no-untyped-def]
    with factory() as session:
        return session.execute(select(Dossier.id)).scalar_one()


def _stored(factory, code: str) -> tuple[Party, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The party read through the ORM, and its columns as the database holds them."""
    with factory() as session:
        party = session.execute(select(Party).where(Party.code == code)).scalar_one()
        session.expunge(party)
        names = ", ".join(COMPARED)
        raw = session.execute(text(f"SELECT {names} FROM party WHERE code = :code"),
                              {"code": code}).one()
    return party, dict(zip(COMPARED, raw, strict=True))


@pytest.mark.parametrize("variant", ["full", "empty"])
def test_fast_insert_reads_back_like_an_orm_insert(factory, variant: str) -> None:  # type: ignore[no-untyped-def]
    dossier_id = _dossier_id(factory)
    fields = _fields(dossier_id, "ORM")
    if variant == "empty":  # only what is required: every other column takes its default
        fields = {k: fields[k] for k in ("dossier_id", "kind", "code", "name", "sort_key")}
        fields.update(created_at=STAMP, updated_at=STAMP, custom_fields={})
    with transaction(factory) as session:
        session.add(Party(**fields))
    with transaction(factory) as session:
        parties.insert_many(session=session, rows=[{**fields, "code": "FAST"}])
    orm, orm_raw = _stored(factory, "ORM")
    fast, fast_raw = _stored(factory, "FAST")
    for name in COMPARED:
        assert getattr(fast, name) == getattr(orm, name), name
        assert type(getattr(fast, name)) is type(getattr(orm, name)), name
    assert fast_raw == orm_raw
    if variant == "full":
        assert fast.credit_limit == Decimal("1234567890123.45")
        assert fast.custom_fields["Région"] == "Île-de-France"


def test_fast_insert_of_many_rows_with_shared_and_distinct_values(factory) -> None:  # type: ignore[no-untyped-def]
    dossier_id = _dossier_id(factory)
    paris = timezone(timedelta(hours=1))
    rows = [{**_fields(dossier_id, f"C{i:05d}"), "custom_fields": {} if i % 2 else {"i": i},
             "credit_limit": Decimal(i) / 100, "sepa_mandate_date": date(2025, 1, 1) + timedelta(i),
             "deleted_at": None if i % 3 else datetime(2026, 1, 1, 12, tzinfo=paris)}
            for i in range(2510)]
    with transaction(factory) as session:
        parties.insert_many(session=session, rows=rows, chunk=1000)
        session.add(Party(**{**rows[3], "code": "ORM3"}))
        session.add(Party(**{**rows[4], "code": "ORM4"}))
    for code, orm_code in (("C00003", "ORM3"), ("C00004", "ORM4")):
        fast, fast_raw = _stored(factory, code)
        orm, orm_raw = _stored(factory, orm_code)
        assert fast_raw == orm_raw
        assert {n: getattr(fast, n) for n in COMPARED} == {n: getattr(orm, n) for n in COMPARED}
    with factory() as session:
        assert session.execute(text("SELECT count(*) FROM party")).scalar_one() == len(rows) + 2


def test_fast_update_reads_back_like_an_orm_update(factory) -> None:  # type: ignore[no-untyped-def]
    dossier_id = _dossier_id(factory)
    with transaction(factory) as session:
        parties.insert_many(session=session, rows=[_fields(dossier_id, "A"), _fields(dossier_id, "B")])
    changes = {"name": "Nouveau nom", "credit_limit": Decimal("10.50"), "archived": False,
               "sepa_mandate_date": date(2024, 12, 31), "custom_fields": {"k": "é"},
               "payment_terms_days": None}
    with factory() as session:
        ids = {code: id_ for code, id_ in session.execute(select(Party.code, Party.id))}
    with transaction(factory) as session:
        rows = [{"id": ids["A"], "version": 7, **changes},
                {"id": ids["B"], "version": 6, **changes}]  # B is stale: left alone
        done = party_import.update_columns(session=session,
                                           columns={key: [row[key] for row in rows] for key in rows[0]})
    assert done == 1
    with transaction(factory) as session:
        party = session.get(Party, ids["B"])
        for key, value in changes.items():
            setattr(party, key, value)
        party.version = 8
    fast, fast_raw = _stored(factory, "A")
    orm, orm_raw = _stored(factory, "B")
    assert fast.version == 8
    assert fast.updated_at > (STAMP if fast.updated_at.tzinfo else STAMP.replace(tzinfo=None))
    skip = {"updated_at"}
    assert {n: v for n, v in fast_raw.items() if n not in skip} == \
        {n: v for n, v in orm_raw.items() if n not in skip}
    assert {n: getattr(fast, n) for n in COMPARED if n not in skip} == \
        {n: getattr(orm, n) for n in COMPARED if n not in skip}


def test_fast_insert_errors_are_sqlalchemy_errors(factory) -> None:  # type: ignore[no-untyped-def]
    dossier_id = _dossier_id(factory)
    with pytest.raises(IntegrityError), transaction(factory) as session:
        row = {**_fields(dossier_id, "X"), "deleted_at": None}
        parties.insert_many(session=session, rows=[row, row])
    with factory() as session:
        assert session.execute(text("SELECT count(*) FROM party")).scalar_one() == 0


def test_bulk_read_gives_what_the_orm_reads(factory) -> None:  # type: ignore[no-untyped-def]
    dossier_id = _dossier_id(factory)
    with transaction(factory) as session:
        session.add(Party(**_fields(dossier_id, "A")))
        session.add(Party(**{**_fields(dossier_id, "B"), "custom_fields": {}, "credit_limit": None,
                             "deleted_at": None, "sepa_mandate_date": None}))
    columns = [c for c in COMPARED if c not in ("custom_fields", "version")] + ["code", "search_key"]
    with factory() as session:
        bulk_rows = party_import.current_parties(session=session, dossier_id=dossier_id,
                                                 kind="customer", columns=columns)
        orm = {p.code: p for p in session.execute(select(Party)).scalars()}
    assert set(bulk_rows) == {"B"}  # deleted parties are not in the list
    for name, value in bulk_rows["B"].items():
        assert value == getattr(orm["B"], name), name
        assert type(value) is type(getattr(orm["B"], name)), name


def test_export_read_through_the_file_map_reads_what_the_orm_reads(factory) -> None:  # type: ignore[no-untyped-def]
    """The export's read (the whole list, SQLite's file mapped) types every value as the
    ORM does, and leaves the connection's mapping as it found it."""
    dossier_id = _dossier_id(factory)
    with transaction(factory) as session:
        session.add(Party(**{**_fields(dossier_id, "A"), "deleted_at": None, "archived": False}))
        session.add(Party(**{**_fields(dossier_id, "B"), "custom_fields": {}, "credit_limit": None,
                             "deleted_at": None, "sepa_mandate_date": None, "archived": False,
                             "sort_key": "a"}))
    names = ["name", "payment_terms_days", "sepa_mandate_date", "credit_limit", "comments"]
    with factory() as session:
        sqlite = session.connection().dialect.name == "sqlite"
        if sqlite:
            mapped = session.connection().connection.dbapi_connection.execute("PRAGMA mmap_size")
            before = mapped.fetchone()[0]
        ids, custom, *values = party_import.export_columns(
            session=session, dossier_id=dossier_id, kind="customer", columns=names)
        if sqlite:
            after = session.connection().connection.dbapi_connection.execute("PRAGMA mmap_size")
            assert after.fetchone()[0] == before
        orm = [session.get(Party, party_id) for party_id in ids]
    assert [p.code for p in orm] == ["B", "A"]  # list order: sort key, then id
    assert custom == [p.custom_fields for p in orm]
    for name, column in zip(names, values, strict=True):
        assert column == [getattr(p, name) for p in orm], name
        assert [type(v) for v in column] == [type(getattr(p, name)) for p in orm], name
