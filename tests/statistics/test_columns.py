"""Data sets, formats and columns: names parsed strictly, every column documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qualicert.errors import NotFound
from qualicert.statistics.columns import COLUMNS, Dataset, Format, parse_name

DOCS = Path(__file__).resolve().parents[2] / "docs" / "opendata.md"


def test_unknown_names_are_refused_naming_them():
    assert parse_name("histories.parquet") == (Dataset.HISTORIES, Format.PARQUET)
    with pytest.raises(NotFound, match="'xml'") as caught:
        parse_name("certificates.xml")
    assert caught.value.rule == "format" and "csv, jsonl, parquet" in caught.value.message
    with pytest.raises(NotFound, match="'people'") as caught:
        parse_name("people.csv")
    assert caught.value.rule == "dataset"


def test_every_column_is_documented():
    text = DOCS.read_text("utf-8")
    for dataset, columns in COLUMNS.items():
        section = text.split(f"## `{dataset.value}`", 1)[1].split("\n## ", 1)[0]
        documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
        assert documented == [c.name for c in columns], dataset
