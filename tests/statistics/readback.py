"""Read an open data export back into comparable Python values, whatever its format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pyarrow.parquet as pq

from qualicert.statistics.columns import COLUMNS, Column, Dataset, Format, Kind


def rows(data: bytes, fmt: Format | str, dataset: Dataset | str) -> list[dict[str, Any]]:
    """The rows of an export: dates as dates, times as aware datetimes, lists as lists."""
    columns = COLUMNS[Dataset(dataset)]
    fmt = Format(fmt)
    if fmt is Format.PARQUET:
        found = pq.read_table(io.BytesIO(data)).to_pylist()
    elif fmt is Format.JSONL:
        found = [_typed(json.loads(line), columns, text=False) for line in data.splitlines()]
    else:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
        assert reader.fieldnames == [c.name for c in columns]
        found = [_typed(row, columns, text=True) for row in reader]
    return [_same_sites(row) for row in found]


def _typed(row: dict[str, Any], columns: tuple[Column, ...], *, text: bool) -> dict[str, Any]:
    assert list(row) == [c.name for c in columns]
    return {c.name: _value(row[c.name], c, text) for c in columns}


def _value(value: Any, column: Column, text: bool) -> Any:
    if value is None or (text and value == "" and column.kind is not Kind.TEXT):
        return None
    if column.kind is Kind.DATE:
        return dt.date.fromisoformat(value)
    if column.kind is Kind.TIMESTAMP:
        assert value.endswith("Z"), value
        return dt.datetime.fromisoformat(value)
    if text and column.kind is Kind.INTEGER:
        return int(value)
    if text and column.kind in {Kind.SECTORS, Kind.SITES}:
        return json.loads(value)
    if text and column.nullable and value == "":
        return None
    return value


def _same_sites(row: dict[str, Any]) -> dict[str, Any]:
    """Sites without empty keys (Parquet gives every struct field, JSON only those set)."""
    if "sites" in row:
        row["sites"] = [{k: v for k, v in site.items() if v is not None} for site in row["sites"]]
    return row
