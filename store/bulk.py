"""Bulk writes without SQLAlchemy's per-row parameter work.

SQLAlchemy's Core ``executemany`` builds, for every row, a dict of compiled
parameters and runs each column's bind processor on it: about 50 µs a row for
the party table, ten times the cost of SQLite's own insert. Here the statement
is compiled once by SQLAlchemy (same SQL, same casts) and its bind processors
(the very functions SQLAlchemy would call: datetimes, dates, JSON, Money) are
applied column by column, then the rows go to the DB-API cursor's
``executemany`` on the session's own connection, in its transaction. Columns
NULL in every row are left out of an INSERT (the ``sqlite3`` module pays about
a microsecond for each None it binds).

What is stored is what SQLAlchemy would store; reads through the ORM give the
same values (``tests/store/test_bulk.py`` checks every column type).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain, repeat
from typing import Any

from sqlalchemy import Select, Table, exc, insert
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

SQLITE_VALUES_PER_STATEMENT = 4000
"""On SQLite, an INSERT takes about this many values at once (``VALUES (…), (…), …``
over ~170 party rows): 40% less time than one statement run per row."""


class Same:
    """A column value shared by every row (its conversion is done once)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


Column = Sequence[Any] | Same
"""A column's values, one per row, or :class:`Same` for a constant."""


def insert_columns(session: Session, table: Table, columns: Mapping[str, Column]) -> int:
    """Insert rows given column-wise (``{column name: values}``) into ``table``.

    Returns:
        The number of rows inserted.
    """
    columns = {**columns, **_python_defaults(table, columns)}
    dialect = session.get_bind().dialect
    columns = {name: values for name, values in columns.items()
               if not _null_everywhere(table.c[name], values, dialect)}
    return execute_columns(session, insert(table), columns, column_keys=list(columns),
                           values_per_statement=SQLITE_VALUES_PER_STATEMENT)


def _null_everywhere(column: Any, values: Column, dialect: Any) -> bool:
    """Whether a column is NULL in every row and may be left out of the INSERT.

    Left out, it is NULL all the same (it has no default of either side); and
    binding None costs the ``sqlite3`` module about a microsecond a value.
    """
    if column.default is not None or column.server_default is not None or column.primary_key:
        return False
    if isinstance(values, Same):
        if values.value is not None:
            return False
    elif values.count(None) != len(values):  # type: ignore[union-attr]
        return False
    processor = column.type._cached_bind_processor(dialect)
    return processor is None or processor(None) is None


def _python_defaults(table: Table, columns: Mapping[str, Column]) -> dict[str, Column]:
    """Values of the columns not given that have a Python-side default, as SQLAlchemy computes them."""
    count = _row_count(columns)
    out: dict[str, Column] = {}
    for column in table.columns:
        default = column.default
        if column.key in columns or default is None:
            continue
        if default.is_scalar:
            out[column.key] = Same(default.arg)  # type: ignore[attr-defined]
        elif default.is_callable:
            out[column.key] = [default.arg(None) for _ in range(count)]  # type: ignore[attr-defined]
        else:
            raise TypeError(f"bulk insert: the default of {column.key} is computed in SQL; use an ORM insert")
    return out


def execute_columns(session: Session, statement: ClauseElement, columns: Mapping[str, Column],
                    *, column_keys: Sequence[str] | None = None,
                    values_per_statement: int = 0) -> int:
    """Run ``statement`` once per row, its bound parameters given column-wise.

    ``columns`` maps each bind parameter's name (a column's name for an insert)
    to its values. Returns the rows affected (summed over the rows given).
    ``values_per_statement``, for a plain INSERT on SQLite: rows go several to a
    statement (``VALUES (…), (…)``), about that many values each (rows are
    inserted in the same order, with the same ids).
    """
    count = _row_count(columns)
    if count == 0:
        return 0
    connection = session.connection()
    dialect = connection.dialect
    keys = list(column_keys) if column_keys is not None else None
    compiled = statement.compile(dialect=dialect, column_keys=keys)
    processors = compiled._bind_processors
    names = list(compiled.positiontup or ()) if compiled.positional else list(compiled.bind_names.values())
    given = dict(columns)
    for name in names:
        if name not in given:
            bind = compiled.binds.get(name)
            if bind is None or bind.required:
                raise ValueError(f"no values for {name}")
            given[name] = Same(bind.effective_value)  # a literal of the statement
    converted = [_convert(processors.get(name), given[name], count) for name in names]
    params: Iterable[Any]
    if compiled.positional:
        params = zip(*converted, strict=False)  # constants are endless repeats
    else:
        escaped = compiled.escaped_bind_names
        keys = [escaped.get(name, name) for name in names]
        params = (dict(zip(keys, row, strict=True)) for row in zip(*converted, strict=False))
    sql = compiled.string
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if dialect.name != "sqlite":
            cursor.executemany(sql, list(params))
        elif values_per_statement and compiled.positional and _plain_values(sql):
            _insert_several(cursor, sql, list(params), max(1, values_per_statement // len(names)))
            return count
        else:
            cursor.executemany(sql, params)
        return cursor.rowcount if cursor.rowcount is not None and cursor.rowcount >= 0 else count
    except dialect.loaded_dbapi.Error as error:
        raise exc.DBAPIError.instance(sql, None, error, dialect.loaded_dbapi.Error,
                                      dialect=dialect) from error
    finally:
        cursor.close()


def _plain_values(sql: str) -> bool:
    """Whether ``sql`` is ``INSERT … VALUES (?, …)`` and nothing after."""
    head, _sep, values = sql.rpartition(" VALUES ")
    return head.startswith("INSERT INTO ") and values.startswith("(") and values.endswith(")") \
        and ")" not in values[:-1]


def _insert_several(cursor: Any, sql: str, rows: list[tuple[Any, ...]], per: int) -> None:
    """``rows`` inserted in order, ``per`` to a statement (the last one takes the rest)."""
    head, _sep, one = sql.rpartition(" VALUES ")
    full = len(rows) - len(rows) % per
    if full:
        several = f"{head} VALUES {', '.join([one] * per)}"
        cursor.executemany(several, [tuple(chain.from_iterable(rows[start:start + per]))
                                     for start in range(0, full, per)])
    if full < len(rows):
        rest = rows[full:]
        cursor.execute(f"{head} VALUES {', '.join([one] * len(rest))}",
                       tuple(chain.from_iterable(rest)))


def raw_rows(session: Session, statement: Any) -> tuple[list[tuple[Any, ...]], Any]:
    """Run a statement on the session's connection through the driver's own cursor:
    its rows as the driver gives them (no per-row processing), and their description.

    For statements returning many rows (a select, an UPDATE … RETURNING):
    fetching 100,000 rows one by one through SQLAlchemy costs several times this.
    """
    connection = session.connection()
    dialect = connection.dialect
    sql, params = _driver_statement(statement, dialect)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        return cursor.fetchall(), cursor.description
    except dialect.loaded_dbapi.Error as error:
        raise exc.DBAPIError.instance(sql, params, error, dialect.loaded_dbapi.Error,
                                      dialect=dialect) from error
    finally:
        cursor.close()


MAPPED_BYTES = 1 << 30
"""How much of an SQLite database file :func:`file_mapped` maps (the file's size at most)."""


@contextmanager
def file_mapped(session: Session) -> Iterator[None]:
    """On SQLite, the session's reads in the block go through a memory map of the file.

    A list read whole in its display order visits the table's pages out of
    order: through SQLite's 2 MB page cache, nearly every row is a 16 KB read of
    the file (100,000 rows: 1.6 GB copied, 0.35 s of system time). Mapped, the
    pages are read where the system already holds them. Other databases, and
    the connection after the block, are left as they were.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    dbapi = connection.connection.dbapi_connection
    assert dbapi is not None
    before = dbapi.execute("PRAGMA mmap_size").fetchone()[0]
    dbapi.execute(f"PRAGMA mmap_size = {MAPPED_BYTES}")
    try:
        yield
    finally:
        dbapi.execute(f"PRAGMA mmap_size = {before}")


def raw_batches(session: Session, statement: Any, size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of a statement as the driver gives them, ``size`` at a time (see
    :func:`raw_rows`): reading a whole 1,000,000-row list never holds more than
    one batch of row tuples."""
    connection = session.connection()
    dialect = connection.dialect
    sql, params = _driver_statement(statement, dialect)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        try:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(size):
                yield rows
        except dialect.loaded_dbapi.Error as error:
            raise exc.DBAPIError.instance(sql, params, error, dialect.loaded_dbapi.Error,
                                          dialect=dialect) from error
    finally:
        cursor.close()


def _driver_statement(statement: Any, dialect: Any) -> tuple[str, Any]:
    """A statement's SQL and its parameters as the driver takes them."""
    compiled = statement.compile(dialect=dialect)
    if compiled.literal_execute_params or compiled.post_compile_params:
        raise ValueError("expanding parameters are not supported here")
    processors = compiled._bind_processors
    values = compiled.construct_params()
    bound = {name: processors[name](value) if name in processors else value
             for name, value in values.items()}
    params: Any
    if compiled.positional:
        params = tuple(bound[name] for name in compiled.positiontup or ())
    else:
        escaped = compiled.escaped_bind_names
        params = {escaped.get(name, name): value for name, value in bound.items()}
    return compiled.string, params


def select_columns(session: Session, statement: Select[Any]) -> list[list[Any]]:
    """The rows of a plain select, column by column, as SQLAlchemy would type them.

    Each column goes through its type's result processor (JSON, dates, Money)
    once for the whole column; equal raw texts are converted once, so their
    values (a JSON ``{}``) are the same object: treat them as read-only. NULL
    stays None without a call (no type here makes anything else of it).
    """
    dialect = session.connection().dialect
    rows, description = raw_rows(session, statement)
    selected = list(statement.selected_columns)
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in selected]
    for index, column in enumerate(selected):
        processor = column.type._cached_result_processor(dialect, description[index][1])
        if processor is not None:
            columns[index] = _convert_results(processor, columns[index])
    return columns


def _convert_results(processor: Any, values: list[Any]) -> list[Any]:
    done: dict[Any, Any] = {}
    out = []
    append = out.append
    for value in values:
        if value.__class__ is str or value.__class__ is bytes:
            if value in done:
                append(done[value])
            else:
                append(done.setdefault(value, processor(value)))
        elif value is None:  # NULL stays None through every result processor
            append(None)
        else:
            append(processor(value))
    return out


def _row_count(columns: Mapping[str, Column]) -> int:
    counts = {len(values) for values in columns.values() if not isinstance(values, Same)}
    if len(counts) > 1:
        raise ValueError("columns of different lengths")
    if not counts:
        raise ValueError("at least one column must give a value per row")
    return counts.pop()


def _convert(processor: Any, values: Column, count: int) -> Iterable[Any]:
    """A column as the DB-API receives it: each value through the type's bind processor.

    A value object seen twice (the same ``now``, the same dict) is converted once;
    empty dicts (JSON columns of rows without custom fields) too.
    """
    if isinstance(values, Same):
        value = processor(values.value) if processor is not None else values.value
        return repeat(value, count)
    if processor is None:
        return values
    done: dict[int, Any] = {}
    empty: list[Any] = []
    out = []
    append = out.append
    for value in values:
        if value.__class__ is dict and not value:
            if not empty:
                empty.append(processor(value))
            append(empty[0])
            continue
        key = id(value)
        if key in done:
            append(done[key])
        else:
            append(done.setdefault(key, processor(value)))
    return out


def rows_to_columns(rows: Sequence[Mapping[str, Any]], defaults: Mapping[str, Any]) -> dict[str, Column]:
    """Rows (dicts) as columns; a key no row has takes its value from ``defaults``.

    Every row may carry any subset of the keys; a missing key takes its default
    (None when it has none).
    """
    keys = set().union(*rows) if rows else set()
    columns: dict[str, Column] = {}
    for name in dict.fromkeys([*defaults, *sorted(keys - defaults.keys())]):
        if name not in keys:
            columns[name] = Same(defaults[name])
        elif all(name in row for row in rows):
            columns[name] = [row[name] for row in rows]
        else:
            default = defaults.get(name)
            columns[name] = [row.get(name, default) for row in rows]
    return columns

