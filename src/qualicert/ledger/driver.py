"""Driver-level statements for the hot loops of the event path (many rows, few statements).

Writing thousands of rows through SQLAlchemy Core costs more in Python than in the database:
one dictionary per row and one type conversion per value, on every ``executemany``. Here
the values go column by column: each column's SQLAlchemy bind processor (dates, JSON, UTC
timestamps) runs once per distinct value (a column that holds one value for the whole batch,
such as the event time or the actor, is converted once), and the rows reach the driver as
plain tuples:

- SQLite: ``INSERT ... VALUES (...), (...), ...`` with up to :data:`SQLITE_VARIABLES`
  parameters per statement;
- PostgreSQL: ``COPY ... FROM STDIN`` for :data:`COPY_MIN` rows or more, else the same
  ``executemany``.

Everything runs on the session's own connection, so it is part of the session's transaction,
and a driver error becomes the matching :mod:`sqlalchemy.exc` error (a unique violation is an
:class:`~sqlalchemy.exc.IntegrityError`), as through SQLAlchemy. While the session has an open
:mod:`~qualicert.ledger.pipeline`, writes go to its writer thread (their values prepared
here, in the caller's thread) and a read first waits for the queued writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import JSON, Column, Date, DateTime, LargeBinary, Table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from qualicert.db import dialect_name
from qualicert.ledger import pipeline

COPY_MIN = 64
"""From this many rows on, PostgreSQL gets ``COPY`` (its per-statement cost is higher)."""
SQLITE_VARIABLES = 999
"""Parameters per SQLite statement: the smallest limit any SQLite build has."""


@dataclass(frozen=True)
class Same:
    """One value for every row of a column (converted once, not once per row)."""

    value: Any


Values = Sequence[Any] | Same


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (all with the keys of the first) into ``table``.

    Columns the rows leave out get their Python-side default (``default=`` in the model), as
    an ORM or Core insert would give them (a callable default is called once per row); a
    key that names no column is refused.
    """
    if rows:
        insert_columns(session, table, len(rows), columns_of(rows))


def columns_of(rows: Sequence[Mapping[str, Any]]) -> dict[str, Values]:
    """The rows' values column by column, under the keys of the first row."""
    columns: dict[str, Values] = {}
    for name in rows[0]:
        try:
            columns[name] = [row[name] for row in rows]
        except KeyError as exc:
            raise ValueError(
                f"every row must have the keys of the first; {exc} is missing"
            ) from exc
    return columns


def _with_defaults(table: Table, columns: dict[str, Values], n: int) -> dict[str, Values]:
    unknown = set(columns) - set(table.c.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    for column in table.c:
        default = column.default
        if column.key in columns or default is None or not hasattr(default, "arg"):
            continue
        if default.is_scalar:
            columns[column.key] = Same(default.arg)
        elif default.is_callable:
            make = default.arg
            columns[column.key] = [make(None) for _ in range(n)]
    return columns


def insert_columns(session: Session, table: Table, n: int, columns: Mapping[str, Values]) -> None:
    """Insert ``n`` rows given column by column (a sequence of ``n`` values, or :class:`Same`).

    Columns left out get their Python-side default, as in :func:`insert_rows`.
    """
    if n == 0:
        return
    connection = session.connection()
    columns = _with_defaults(table, dict(columns), n)
    names = list(columns)
    prepared = [_processed(connection, table.c[name], columns[name], n) for name in names]
    target = f"INSERT INTO {_table_name(connection, table)} ({_names(connection, names)}) VALUES "
    if connection.dialect.name == "sqlite":
        _sqlite_values(session, target, prepared, n)
        return
    rows = list(zip(*prepared, strict=True))
    if n >= COPY_MIN:
        into = f"{_table_name(connection, table)} ({_names(connection, names)})"
        writer = pipeline.active(session)
        if writer is None:
            _on_connection(session, f"COPY {into} FROM STDIN", rows, _copy_rows)
        else:
            data = writer.copy_data(rows)
            _on_connection(session, f"COPY {into} FROM STDIN", data, _copy_bytes)
        return
    sql = target + "(" + ", ".join(["%s"] * len(names)) + ")"
    _on_connection(session, sql, rows, _execute_many)


def update_columns(
    session: Session, table: Table, ids: Sequence[int], columns: Mapping[str, Values]
) -> None:
    """``UPDATE table SET ... WHERE id = ...`` for each of ``ids``, given column by column.

    Each column's bind processor runs as in :func:`insert_columns`; one ``executemany``.
    """
    n = len(ids)
    if n == 0:
        return
    connection = session.connection()
    names = list(columns)
    prepared = [_processed(connection, table.c[name], columns[name], n) for name in names]
    mark = placeholder(session)
    quote = connection.dialect.identifier_preparer.quote
    sets = ", ".join(f"{quote(name)} = {mark}" for name in names)
    sql = f"UPDATE {_table_name(connection, table)} SET {sets} WHERE id = {mark}"
    execute_many(session, sql, list(zip(*prepared, ids, strict=True)))


def _sqlite_values(session: Session, target: str, columns: list[list[Any]], n: int) -> None:
    """SQLite: multi-row ``VALUES`` lists of up to :data:`SQLITE_VARIABLES` parameters each.

    One statement step per row costs SQLite and the driver more than one value list more
    in a statement (about 40 % less per row than ``executemany`` for narrow rows). The
    parameters are interleaved from the columns in C (``zip`` and ``chain``).
    """
    width = len(columns)
    per = max(1, SQLITE_VARIABLES // width)
    one = "(" + ", ".join(["?"] * width) + ")"
    full = target + ", ".join([one] * per)
    for start in range(0, n, per):
        end = min(n, start + per)
        sql = full if end - start == per else target + ", ".join([one] * (end - start))
        values = chain.from_iterable(zip(*(c[start:end] for c in columns), strict=True))
        execute(session, sql, list(values))


def _processed(connection: Connection, column: Column[Any], values: Values, n: int) -> list[Any]:
    """The column's values as the driver takes them (its bind processor, once per value)."""
    process = None
    if isinstance(column.type, JSON) and connection.dialect.name == "postgresql":
        process = _json_text(column.type.none_as_null)
    elif not isinstance(column.type, LargeBinary):  # bytes go to both drivers as they are
        process = column.type._cached_bind_processor(connection.dialect)
    if isinstance(values, Same):
        value = values.value if process is None else process(values.value)
        return [value] * n
    if len(values) != n:
        raise ValueError(f"column {column.key} has {len(values)} values for {n} rows")
    if process is None:
        return list(values)
    if isinstance(column.type, Date | DateTime):
        return _by_value(process, values)
    out: list[Any] = []
    append = out.append
    last: Any = _MISSING
    done: Any = None
    for value in values:
        if value is not last:
            last, done = value, process(value)
        append(done)
    return out


def _json_text(none_as_null: bool) -> Callable[[Any], Any]:
    """PostgreSQL JSON values as compact JSON text, which the server parses into ``jsonb``.

    SQLAlchemy's own processor wraps each value for psycopg to serialise when it sends the
    row; as text, a value shared by consecutive rows is serialised once. ``None`` is JSON
    ``null`` unless the type stores it as SQL ``NULL``, as SQLAlchemy does.
    """

    def process(value: Any) -> str | None:
        if value is None and none_as_null:
            return None
        return _JSON.encode(value)

    return process


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _by_value(process: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """Dates and times converted once per distinct value (equal ones store the same text)."""
    memo: dict[Any, Any] = {}
    out: list[Any] = []
    append = out.append
    for value in values:
        try:
            append(memo[value])
        except KeyError:
            append(memo.setdefault(value, process(value)))
    return out


_MISSING = object()


def _table_name(connection: Connection, table: Table) -> str:
    return connection.dialect.identifier_preparer.format_table(table)


def _names(connection: Connection, names: Iterable[str]) -> str:
    quote = connection.dialect.identifier_preparer.quote
    return ", ".join(quote(name) for name in names)


Write = Callable[[Any, str, Any], None]
"""A write on a raw psycopg connection: ``write(connection, statement, parameters)``."""


def _copy_rows(raw: Any, statement: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """``COPY ... FROM STDIN`` of ``rows`` on a raw psycopg connection."""
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        write = copy.write_row
        for row in rows:
            write(row)


def _copy_bytes(raw: Any, statement: str, data: bytes) -> None:
    """``COPY ... FROM STDIN`` of data already in ``COPY`` text format."""
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        copy.write(data)


def _execute_many(raw: Any, statement: str, rows: Sequence[Sequence[Any]]) -> None:
    with raw.cursor() as cursor:
        cursor.executemany(statement, rows)


def _execute_one(raw: Any, statement: str, params: Sequence[Any]) -> None:
    with raw.cursor() as cursor:
        cursor.execute(statement, params)


def _on_connection(session: Session, statement: str, params: Any, write: Write) -> None:
    """Run a PostgreSQL write now, or queue it on the session's open pipeline."""
    connection = session.connection()
    error = connection.dialect.loaded_dbapi.Error
    raw: Any = connection.connection.driver_connection

    def run(target: Any) -> None:
        try:
            write(target, statement, params)
        except error as exc:
            raise DBAPIError.instance(statement, None, exc, error) from exc

    writer = pipeline.active(session)
    if writer is None:
        run(raw)
    else:
        writer.submit(run)


def query(session: Session, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of one read on the session's connection, through a bare driver cursor.

    For the few hot reads (proofs, the log's size) whose SQLAlchemy statement handling costs
    more than the query. ``sql`` uses the driver's own placeholders (``?`` on SQLite, ``%s`` on
    PostgreSQL; see :func:`placeholder`).
    """
    return _run(session, sql, params, fetch=True)


def execute(session: Session, sql: str, params: Sequence[Any] = ()) -> None:
    """Run one statement that returns no rows, like :func:`query` (queued on an open pipeline)."""
    if pipeline.active(session) is not None:
        _on_connection(session, sql, params, _execute_one)
        return
    _run(session, sql, params, fetch=False)


def execute_many(session: Session, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """Run one statement once per parameter row (queued on an open pipeline)."""
    if pipeline.active(session) is not None:
        _on_connection(session, sql, rows, _execute_many)
        return
    _run(session, sql, rows, fetch=False, many=True)


def _run(
    session: Session, sql: str, params: Sequence[Any], *, fetch: bool, many: bool = False
) -> list[Any]:
    writer = pipeline.active(session)
    if writer is not None:
        writer.drain()  # a read sees every write queued before it
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        if many:
            cursor.executemany(sql, params)
            return []
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if fetch else []
    except connection.dialect.loaded_dbapi.Error as exc:
        shown = None if many else params
        raise DBAPIError.instance(sql, shown, exc, connection.dialect.loaded_dbapi.Error) from exc
    finally:
        cursor.close()


def placeholder(session: Session) -> str:
    """The driver's positional placeholder: ``?`` (sqlite3) or ``%s`` (psycopg)."""
    return "?" if dialect_name(session) == "sqlite" else "%s"
