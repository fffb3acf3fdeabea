"""Read the columns of a CSV or XLSX file for the toolbox commands.

A table is the first sheet (or ``--sheet``) of an XLSX workbook, read with openpyxl in
read-only mode, or a CSV file (UTF-8, a byte-order mark allowed; comma, semicolon or tab
found from the header line). Lines before the header that start with ``#`` are comments.
The first other row is the header; rows that are entirely empty are skipped.

A column is named by its header (exact, else ignoring case and surrounding spaces) or by its
position counted from 1 (``--column 2``). Every error names the file, the row as a
spreadsheet shows it (the header is row 1 when there are no comments) and the column.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qualicert.errors import InvalidInput

Cell = str | float | int | bool | None


@dataclass(frozen=True)
class Table:
    """The header and data rows of a file, with the row number of each data row."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_numbers: tuple[int, ...]

    def fail(self, message: str, message_zh: str, *, column: str | None = None) -> InvalidInput:
        """An error naming this file (and the column when given)."""
        where = f"{self.path.name}: " + (f"column {column!r}: " if column else "")
        where_zh = f"{self.path.name}：" + (f"列 {column!r}：" if column else "")
        return InvalidInput(where + message, where_zh + message_zh, rule="file_content")

    def find(self, ref: str) -> int | None:
        """The index of the column named ``ref`` (a header, or a position from 1), if any."""
        if ref in self.header:
            return self.header.index(ref)
        folded = [h.strip().casefold() for h in self.header]
        if ref.strip().casefold() in folded:
            return folded.index(ref.strip().casefold())
        if ref.isdigit() and 1 <= int(ref) <= len(self.header):
            return int(ref) - 1
        return None

    def position(self, ref: str) -> int:
        """The index of the column ``ref``, or an error listing the columns."""
        found = self.find(ref)
        if found is not None:
            return found
        raise self.fail(
            f"no column {ref!r}; the columns are {', '.join(map(repr, self.header))} "
            f"(or give a position from 1 to {len(self.header)})",
            f"没有名为 {ref!r} 的列；现有列：{', '.join(self.header)}",
        )

    def name(self, ref: str) -> str:
        """The header of the column ``ref``."""
        return self.header[self.position(ref)] or ref

    def cells(self, ref: str) -> list[Cell]:
        """The cells of column ``ref``, one per data row (``None`` where a row is short)."""
        i = self.position(ref)
        return [row[i] if i < len(row) else None for row in self.rows]

    def numbers(self, ref: str, *, blank: float | None = None) -> NDArray[np.float64]:
        """Column ``ref`` as finite floats; a blank cell is ``blank`` or an error naming its row."""
        name, cells = self.name(ref), self.cells(ref)
        if blank is None:
            try:
                fast = np.array(cells, dtype=np.float64)
            except (TypeError, ValueError):
                fast = None
            if fast is not None and np.isfinite(fast).all():
                return fast
        out = np.empty(len(cells), dtype=np.float64)
        for k, cell in enumerate(cells):
            out[k] = self._number(cell, k, name, blank)
        return out

    def labels(self, ref: str) -> list[str]:
        """Column ``ref`` as text; a blank cell is an error naming its row."""
        name = self.name(ref)
        out = []
        for k, cell in enumerate(self.cells(ref)):
            text = _text(cell)
            if not text:
                raise self._cell_error(k, name, "is empty", "为空")
            out.append(text)
        return out

    def texts(self, ref: str | None) -> list[str]:
        """Column ``ref`` as text, blanks as ``""``; all blank when ``ref`` is ``None``."""
        if ref is None:
            return [""] * len(self.rows)
        return [_text(cell) for cell in self.cells(ref)]

    def _number(self, cell: Cell, k: int, name: str, blank: float | None) -> float:
        text = _text(cell)
        if not text:
            if blank is not None:
                return blank
            raise self._cell_error(k, name, "is empty", "为空")
        try:
            value = float(cell if isinstance(cell, int | float) else text)
        except ValueError:
            value = math.nan
        if isinstance(cell, bool) or not math.isfinite(value):
            raise self._cell_error(
                k, name, f"{text!r} is not a finite number", f"{text!r} 不是有限数值"
            )
        return value

    def _cell_error(self, k: int, name: str, problem: str, problem_zh: str) -> InvalidInput:
        row = self.row_numbers[k]
        return self.fail(f"row {row}: {problem}", f"第 {row} 行{problem_zh}", column=name)


def _text(cell: Cell | Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _blank(row: tuple[Cell, ...]) -> bool:
    return all(_text(c) == "" for c in row)


def _table(path: Path, numbered: list[tuple[int, tuple[Cell, ...]]]) -> Table:
    data = [(n, row) for n, row in numbered if not _blank(row)]
    if not data:
        raise InvalidInput(
            f"{path.name}: the file has no header row", f"{path.name}：文件没有表头", "file_content"
        )
    (_, head), body = data[0], data[1:]
    return Table(
        path=path,
        header=tuple(_text(c) for c in head),
        rows=tuple(row for _, row in body),
        row_numbers=tuple(n for n, _ in body),
    )


def _csv_rows(path: Path) -> list[tuple[int, tuple[Cell, ...]]]:
    text = path.read_text("utf-8-sig")
    lines = text.splitlines()
    skip = 0
    while skip < len(lines) and lines[skip].lstrip().startswith("#"):
        skip += 1
    head = lines[skip] if skip < len(lines) else ""
    delimiter = max(",;\t", key=head.count) if head else ","
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=delimiter)
    return [(skip + reader.line_num, tuple(row)) for row in reader]


def _xlsx_rows(path: Path, sheet: str | None) -> list[tuple[int, tuple[Cell, ...]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise _unreadable(path, exc) from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InvalidInput(
                f"{path.name}: no sheet {sheet!r}; the sheets are {', '.join(book.sheetnames)}",
                f"{path.name}：没有工作表 {sheet!r}",
                "file_content",
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        return [(n, tuple(_cell(c) for c in row)) for n, row in enumerate(rows, start=1)]
    finally:
        book.close()


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """The table in ``path`` (``.xlsx`` by its suffix, CSV otherwise)."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file", f"{path}：文件不存在", rule="file_missing")
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            return _table(path, _xlsx_rows(path, sheet))
        return _table(path, _csv_rows(path))
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path.name}: not UTF-8 text ({exc.reason}); save the CSV as UTF-8 or use XLSX",
            f"{path.name}：不是 UTF-8 文本，请另存为 UTF-8 编码的 CSV 或 XLSX",
            "file_encoding",
        ) from exc
    except (OSError, csv.Error) as exc:
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: Exception) -> InvalidInput:
    return InvalidInput(
        f"{path.name}: cannot be read as a table: {exc}",
        f"{path.name}：无法读取为表格：{exc}",
        "file_unreadable",
    )
