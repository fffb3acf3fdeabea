"""Streaming readers and header matching: CSV (UTF-8, BOM, GB18030), XLSX, JSON Lines."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from qualicert.certification.bulk import headers
from qualicert.certification.bulk.readers import (
    BadRow,
    Format,
    open_rows,
    parse_format,
    sniff_format,
)
from qualicert.errors import InvalidInput
from tests.certification.bulk_samples import EN, ZH, csv_bytes, jsonl_bytes, xlsx_bytes

REQUIRED = {
    "number": "C-1",
    "holder_name": "样例公司",
    "uscc": "91110108MA01ABCD1X",
    "scheme": "QMS",
    "scope": "软件开发",
    "issue_date": "2024-01-15",
    "expiry_date": "2027-01-14",
    "status": "有效",
}


def read(data: bytes, fmt: Format) -> list[tuple[int, object]]:
    return list(open_rows(io.BytesIO(data), fmt))


def test_no_two_fields_share_a_header():
    seen: dict[str, str] = {}
    for field, aliases in headers.FIELD_ALIASES.items():
        for alias in aliases:
            key = headers.normalise(alias)
            assert seen.setdefault(key, field) == field, (alias, seen[key], field)


def test_headers_are_matched_ignoring_case_spaces_and_separators():
    for text in ("CERTIFICATE-NUMBER", " certificate_number ", "Certificate  Number", "证书编号"):
        assert headers.map_headers([text]).fields == ((0, "number"),)
    with pytest.raises(headers.DuplicateColumn):
        headers.map_headers(["Certificate Number", "证书编号"])
    mapped = headers.map_headers(["Certification Scope (English)", "认证范围（英文）x", "备注"])
    assert mapped.fields == ((0, "scope_en"),)
    assert mapped.ignored == ("认证范围（英文）x", "备注")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_gb18030(encoding):
    data = csv_bytes([REQUIRED], ZH, encoding=encoding)
    assert read(data, Format.CSV) == [(2, REQUIRED)]


def test_csv_with_tabs_skips_blank_rows_and_counts_rows_as_a_spreadsheet_does():
    text = "\t".join(EN[f] for f in REQUIRED) + "\n"
    text += "\t".join(REQUIRED.values()) + "\n\t\t\n"
    text += "\t".join(v if k != "number" else "C-2" for k, v in REQUIRED.items()) + "\n"
    rows = read(text.encode(), Format.CSV)
    assert [n for n, _ in rows] == [2, 4]
    assert rows[1][1] == REQUIRED | {"number": "C-2"}


def test_empty_cells_are_left_out_and_extra_cells_make_a_bad_row():
    text = ",".join(EN[f] for f in REQUIRED) + ",Comment\n"
    text += ",".join([*REQUIRED.values(), "note"]) + "\n"
    text += ",".join(["C-9", "", *list(REQUIRED.values())[2:], "", "surplus"]) + "\n"
    (_, first), (_, second) = read(text.encode(), Format.CSV)
    assert first == REQUIRED
    assert isinstance(second, BadRow) and second.rule == "extra_cells"


def test_a_missing_required_column_refuses_the_file_naming_it():
    data = csv_bytes([{k: v for k, v in REQUIRED.items() if k != "uscc"}], EN)
    with pytest.raises(InvalidInput) as caught:
        read(data, Format.CSV)
    assert caught.value.rule == "missing_column"
    assert caught.value.field == "uscc"


def test_a_column_given_twice_and_an_empty_file_are_refused():
    with pytest.raises(InvalidInput) as twice:
        read("证书编号,Certificate Number\nA,B\n".encode(), Format.CSV)
    assert twice.value.rule == "duplicate_column"
    with pytest.raises(InvalidInput) as empty:
        read(b"", Format.CSV)
    assert empty.value.rule == "empty"


def test_text_in_neither_utf8_nor_gb18030_is_refused():
    with pytest.raises(InvalidInput) as caught:
        read(b"\xff\xfe\x00\x81\xff" * 10, Format.CSV)
    assert caught.value.rule == "encoding"


def test_xlsx_reads_dates_and_numbers_of_cells():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([EN[f] for f in REQUIRED] + ["Technical Sectors"])
    cells = [12345.0, "样例公司", "91110108MA01ABCD1X", "QMS", "软件开发"]
    sheet.append([*cells, dt.datetime(2024, 1, 15), dt.date(2027, 1, 14), "Active", 17])
    out = io.BytesIO()
    book.save(out)
    ((number, values),) = read(out.getvalue(), Format.XLSX)
    assert number == 2
    assert values["number"] == 12345  # a whole float is its integer
    assert values["issue_date"] == dt.datetime(2024, 1, 15)
    assert values["sectors"] == 17


def test_xlsx_round_trip_of_the_sample_writer():
    assert read(xlsx_bytes([REQUIRED], ZH), Format.XLSX) == [(2, REQUIRED)]


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(InvalidInput) as caught:
        read(b"PK\x03\x04 not really a zip", Format.XLSX)
    assert caught.value.rule == "xlsx"


def test_jsonl_rows_keep_lists_and_report_bad_lines():
    good = REQUIRED | {"sectors": [17, 19], "comment": "x"}
    data = jsonl_bytes([good]) + b"\n{not json\n[1, 2]\n"
    stream = open_rows(io.BytesIO(data), Format.JSONL)
    (n1, first), (n2, broken), (n3, listed) = list(stream)
    assert (n1, n2, n3) == (1, 3, 4)
    assert first == REQUIRED | {"sectors": [17, 19]}
    assert isinstance(broken, BadRow) and broken.rule == "json_invalid"
    assert isinstance(listed, BadRow) and listed.rule == "json_object"
    assert stream.ignored == ["comment"]


def test_readers_leave_the_callers_stream_open():
    stream = io.BytesIO(csv_bytes([REQUIRED], EN))
    list(open_rows(stream, Format.CSV))
    assert not stream.closed
    stream.seek(0)
    assert list(open_rows(stream, Format.CSV))


def test_format_is_sniffed_from_the_first_bytes_and_parsed_from_names():
    assert sniff_format(io.BytesIO(xlsx_bytes([REQUIRED]))) is Format.XLSX
    assert sniff_format(io.BytesIO(jsonl_bytes([REQUIRED]))) is Format.JSONL
    assert sniff_format(io.BytesIO(csv_bytes([REQUIRED]))) is Format.CSV
    assert parse_format(".NDJSON") is Format.JSONL
    with pytest.raises(InvalidInput) as caught:
        parse_format("xls")
    assert caught.value.field == "format"


def test_every_field_and_header_is_documented():
    text = (Path(__file__).resolve().parents[2] / "docs" / "bulk-intake.md").read_text("utf-8")
    for field, aliases in headers.FIELD_ALIASES.items():
        assert f"`{field}`" in text, field
        for alias in aliases[1:]:
            assert alias in text, (field, alias)
