"""Streaming readers for CSV, XLSX and JSON Lines: one row at a time, never the whole file.

Each reader yields ``(row_number, values)`` where ``values`` maps row-schema fields to the
non-empty cells of that row (headers already matched, see
:mod:`qualicert.certification.bulk.headers`), or is a :class:`BadRow` when the row cannot
even be read (a broken JSON line, more cells than headers). Row numbers are those a person
sees: the spreadsheet row (the header is row 1) or the line of a JSON Lines file.

CSV text is UTF-8 (with or without a byte-order mark) or GB18030, told apart from the first
64 KiB; the delimiter (comma, tab or semicolon) is read from the header line. XLSX is read
with openpyxl in read-only mode (first sheet). A file that cannot be read at all raises
:class:`~qualicert.errors.InvalidInput`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, Any

import openpyxl

from qualicert.certification.bulk.headers import DuplicateColumn, HeaderMap, field_of, map_headers
from qualicert.errors import InvalidInput

SNIFF_BYTES = 64 * 1024
MAX_IGNORED = 50


class Format(StrEnum):
    """File formats bulk intake reads."""

    CSV = "csv"
    XLSX = "xlsx"
    JSONL = "jsonl"


@dataclass(frozen=True)
class BadRow:
    """A row that could not be read into fields at all."""

    rule: str
    message: str
    message_zh: str


Values = dict[str, Any]
RowItem = tuple[int, Values | BadRow]


@dataclass
class RowStream:
    """The rows of one file, and the columns that matched no field (filled while reading)."""

    rows: Iterator[RowItem]
    ignored: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[RowItem]:
        return self.rows


def _refuse(rule: str, message: str, message_zh: str, fld: str | None = None) -> InvalidInput:
    return InvalidInput(message, message_zh, rule=rule, field=fld)


def sniff_format(stream: IO[bytes]) -> Format:
    """The format of a file from its first bytes: a zip is XLSX, ``{`` starts JSON Lines."""
    head = stream.read(512)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return Format.XLSX
    return Format.JSONL if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else Format.CSV


def parse_format(value: str) -> Format:
    """A format name (``csv``, ``xlsx``, ``jsonl``; ``ndjson`` is JSON Lines too)."""
    text = value.strip().lower().lstrip(".")
    text = "jsonl" if text in {"ndjson", "json"} else text
    try:
        return Format(text)
    except ValueError:
        raise _refuse(
            "format",
            f"format {value!r} is not one of csv, xlsx, jsonl",
            f"文件格式 {value!r} 无效，可选：csv、xlsx、jsonl",
            "format",
        ) from None


def open_rows(stream: IO[bytes], fmt: Format) -> RowStream:
    """The rows of ``stream`` (a seekable binary file, read from its start)."""
    stream.seek(0)
    if fmt is Format.XLSX:
        return _xlsx(stream)
    if fmt is Format.JSONL:
        ignored: list[str] = []
        return RowStream(_jsonl(stream, ignored), ignored)
    return _csv(stream)


def _header(cells: Sequence[object]) -> HeaderMap:
    try:
        header = map_headers(cells)
    except DuplicateColumn as exc:
        raise _refuse(
            "duplicate_column",
            f"row 1: {exc}",
            f"第1行：列 {exc.headers[0]!r} 与 {exc.headers[1]!r} 表示同一字段 {exc.field}",
            exc.field,
        ) from None
    missing = header.missing()
    if missing:
        names = ", ".join(missing)
        raise _refuse(
            "missing_column",
            f"row 1: the header has no column for {names} (see docs/bulk-intake.md)",
            f"第1行：表头缺少必需的列：{names}",
            missing[0],
        )
    return header


def _values(header: HeaderMap, cells: Sequence[str]) -> Values | BadRow:
    """Map one CSV row's cells to fields, leaving out empty cells."""
    if any(c.strip() for c in cells[header.width :]):
        return BadRow(
            "extra_cells",
            "the row has more cells than the header has columns",
            "该行单元格数多于表头列数",
        )
    size = len(cells)
    return {name: cells[pos] for pos, name in header.fields if pos < size and cells[pos].strip()}


def _cell_values(header: HeaderMap, cells: Sequence[object]) -> Values | BadRow:
    """Map one worksheet row's cells to fields; whole floats become ints (17.0 is 17)."""
    if any(_filled(c) for c in cells[header.width :]):
        return BadRow(
            "extra_cells",
            "the row has more cells than the header has columns",
            "该行单元格数多于表头列数",
        )
    values: Values = {}
    for position, name in header.fields:
        cell = cells[position] if position < len(cells) else None
        if isinstance(cell, float) and cell.is_integer():
            values[name] = int(cell)
        elif _filled(cell):
            values[name] = cell
    return values


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def sniff_encoding(stream: IO[bytes]) -> str:
    """``utf-8-sig``, ``utf-8`` or ``gb18030``, from the first 64 KiB."""
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _refuse(
        "encoding",
        "the file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8",
        "文件既不是 UTF-8 也不是 GB18030 编码，请另存为 CSV UTF-8",
    )


def _csv(stream: IO[bytes]) -> RowStream:
    """Read the header now (so a bad header is refused at once), the rows when iterated."""
    encoding = sniff_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        first = text.readline()
        text.seek(0)
        delimiter = max(",\t;", key=first.count)
        header = _header(_first(csv.reader(text, delimiter=delimiter)))
    finally:
        text.detach()  # the caller owns the binary stream: never close it with a wrapper
    stream.seek(0)
    rows = _csv_rows(stream, header, encoding, delimiter)
    return RowStream(rows, list(header.ignored))


def _csv_rows(
    stream: IO[bytes], header: HeaderMap, encoding: str, delimiter: str
) -> Iterator[RowItem]:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    number = 1
    try:
        reader = csv.reader(text, delimiter=delimiter)
        next(reader, None)
        for number, cells in enumerate(reader, start=2):
            if "".join(cells).strip():  # a row with any non-blank cell
                yield number, _values(header, cells)
    except UnicodeDecodeError:
        raise _refuse(
            "encoding",
            f"row {number + 1}: the text is not valid {encoding}; save the file as CSV UTF-8",
            f"第{number + 1}行：文本不是有效的 {encoding} 编码，请另存为 CSV UTF-8",
        ) from None
    except csv.Error as exc:
        raise _refuse(
            "csv", f"row {number + 1}: {exc}", f"第{number + 1}行：CSV 格式错误"
        ) from None
    finally:
        text.detach()


def _first(rows: Iterator[Sequence[object]]) -> Sequence[object]:
    """The header row; an empty file is refused."""
    for cells in rows:
        return cells
    raise _refuse("empty", "the file is empty: no header row", "文件为空：没有表头行")


def _xlsx(stream: IO[bytes]) -> RowStream:
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _refuse(
            "xlsx",
            f"the file is not a readable XLSX workbook ({exc})",
            "文件不是有效的 XLSX 工作簿",
        ) from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    try:
        header = _header(_first(rows))
    except BaseException:
        book.close()
        raise
    return RowStream(_xlsx_rows(book, rows, header), list(header.ignored))


def _xlsx_rows(book: Any, rows: Iterator[tuple[Any, ...]], header: HeaderMap) -> Iterator[RowItem]:
    try:
        for number, cells in enumerate(rows, start=2):
            if any(_filled(c) for c in cells):
                yield number, _cell_values(header, cells)
    finally:
        book.close()


def _jsonl(stream: IO[bytes], ignored: list[str]) -> Iterator[RowItem]:
    for number, line in enumerate(stream, start=1):
        try:
            text = line.decode("utf-8").lstrip("\ufeff").strip()
        except UnicodeDecodeError:
            yield number, BadRow("encoding", "the line is not UTF-8 text", "该行不是 UTF-8 文本")
            continue
        if text:
            yield number, _json_values(text, ignored)


def _json_values(text: str, ignored: list[str]) -> Values | BadRow:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return BadRow(
            "json_invalid", f"the line is not valid JSON ({exc.msg})", "该行不是有效的 JSON"
        )
    if not isinstance(data, dict):
        return BadRow("json_object", "each line must be one JSON object", "每行应为一个 JSON 对象")
    values: Values = {}
    for key, value in data.items():
        name = field_of(str(key))
        if name is None:
            if len(ignored) < MAX_IGNORED and key not in ignored:
                ignored.append(str(key))
        elif name in values:
            return BadRow("duplicate_column", f"two keys give {name}", f"两个键表示同一字段 {name}")
        elif _filled(value):
            values[name] = value
    return values
