"""Write rows of a data set, chunk by chunk, as CSV, JSON Lines or Parquet (no database).

Each writer takes chunks of rows (tuples in the column order of :mod:`.columns`) and writes
them to a binary file at once, so memory holds one chunk, never the whole data set:

- CSV: UTF-8 without BOM, a header row of column names, RFC 4180 quoting and CRLF line ends;
  an empty value is an empty cell; lists (``sites``, ``sectors``) are compact JSON text;
- JSON Lines: one UTF-8 JSON object per line, keys as the column names, lists as JSON lists,
  an empty value ``null``;
- Parquet: one row group per chunk, zstd compression, typed columns (``date32``, UTC
  ``timestamp[us]``, ``int64``, ``list<int16>`` sectors, ``list<struct>`` sites).

Dates are ISO 8601 (``2026-04-01``), times ISO 8601 in UTC (``2026-04-01T08:30:00.123456Z``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from qualicert.statistics.columns import Column, Format, Kind

Row = Sequence[Any]
COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
SITE = pa.struct(
    [
        ("name", pa.string()),
        ("address", pa.string()),
        ("region_code", pa.string()),
        ("employees", pa.int64()),
    ]
)
ARROW_TYPES = {
    Kind.TEXT: pa.string(),
    Kind.DATE: pa.date32(),
    Kind.TIMESTAMP: pa.timestamp("us", tz="UTC"),
    Kind.INTEGER: pa.int64(),
    Kind.SECTORS: pa.list_(pa.int16()),
    Kind.SITES: pa.list_(SITE),
}


class Output(Protocol):
    """Where a writer puts bytes: an open binary file, a hashing file, a drain."""

    def write(self, data: bytes, /) -> int | None:
        """Write ``data``."""


class Writer(Protocol):
    """Writes chunks of rows to one file; ``close`` finishes the file (not the stream)."""

    def write(self, rows: Sequence[Row]) -> None:
        """Write one chunk of rows."""

    def close(self) -> None:
        """Finish the file (the Parquet footer); the underlying stream stays open."""


def open_writer(format: Format, columns: Sequence[Column], out: Output) -> Writer:
    """A writer of ``format`` for rows of ``columns`` onto ``out`` (the CSV header is written)."""
    makers: dict[Format, Callable[[Sequence[Column], Output], Writer]] = {
        Format.CSV: CsvWriter,
        Format.JSONL: JsonLinesWriter,
        Format.PARQUET: ParquetWriter,
    }
    return makers[format](columns, out)


def iso_time(value: dt.datetime | None) -> str | None:
    """``2026-04-01T08:30:00.123456Z`` for an aware time (UTC), ``None`` for none."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _json_text(value: Any) -> str | None:
    return None if value is None else COMPACT.encode(value)


def _iso_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _converters(
    columns: Sequence[Column], by_kind: dict[Kind, Callable[[Any], Any]]
) -> list[tuple[int, Callable[[Any], Any]]]:
    """(position, converter) of the columns whose kind needs converting."""
    return [(i, by_kind[c.kind]) for i, c in enumerate(columns) if c.kind in by_kind]


def _convert(rows: Sequence[Row], converters: list[tuple[int, Callable[[Any], Any]]]) -> Any:
    """The rows with the converted columns replaced, one column at a time."""
    if not converters:
        return rows
    table = [list(column) for column in zip(*rows, strict=True)]
    for i, convert in converters:
        table[i] = [convert(v) for v in table[i]]
    return zip(*table, strict=True)


class CsvWriter:
    """UTF-8 CSV with a header row; ``None`` is an empty cell, lists are JSON text."""

    def __init__(self, columns: Sequence[Column], out: Output) -> None:
        self.out = out
        self.converters = _converters(
            columns, {Kind.TIMESTAMP: iso_time, Kind.SECTORS: _json_text, Kind.SITES: _json_text}
        )
        self._emit([[c.name for c in columns]])

    def _emit(self, rows: Any) -> None:
        text = io.StringIO()
        csv.writer(text).writerows(rows)  # dates print as ISO 8601, None as an empty cell
        self.out.write(text.getvalue().encode("utf-8"))

    def write(self, rows: Sequence[Row]) -> None:
        """Write one chunk of rows."""
        if rows:
            self._emit(_convert(rows, self.converters))

    def close(self) -> None:
        """Nothing to finish: a CSV file ends with its last row."""


class JsonLinesWriter:
    """One JSON object per line, keys as the column names."""

    def __init__(self, columns: Sequence[Column], out: Output) -> None:
        self.out = out
        self.names = [c.name for c in columns]
        self.converters = _converters(columns, {Kind.DATE: _iso_date, Kind.TIMESTAMP: iso_time})

    def write(self, rows: Sequence[Row]) -> None:
        """Write one chunk of rows."""
        if not rows:
            return
        names, encode = self.names, COMPACT.encode
        lines = [
            encode(dict(zip(names, row, strict=True))) for row in _convert(rows, self.converters)
        ]
        self.out.write(("\n".join(lines) + "\n").encode("utf-8"))

    def close(self) -> None:
        """Nothing to finish: a JSON Lines file ends with its last line."""


class ParquetWriter:
    """Parquet with one row group per chunk; the footer is written by :meth:`close`."""

    def __init__(self, columns: Sequence[Column], out: Output) -> None:
        self.schema = arrow_schema(columns)
        self.writer = pq.ParquetWriter(out, self.schema, compression="zstd")

    def write(self, rows: Sequence[Row]) -> None:
        """Write one chunk of rows as one row group."""
        if not rows:
            return
        arrays = [
            pa.array(values, type=field.type)
            for values, field in zip(zip(*rows, strict=True), self.schema, strict=True)
        ]
        table = pa.Table.from_arrays(arrays, schema=self.schema)
        self.writer.write_table(table, row_group_size=len(rows))

    def close(self) -> None:
        """Write the Parquet footer."""
        self.writer.close()


def arrow_schema(columns: Sequence[Column]) -> pa.Schema:
    """The Arrow schema of ``columns`` (non-nullable where the column is never empty)."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.kind], nullable=c.nullable) for c in columns])
