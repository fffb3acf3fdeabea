"""What an import did: counts, and each refused row with the field and rule it broke.

The error list is capped (:data:`MAX_ERRORS`) so that a million bad rows cannot fill memory
or a response; the report then says how many more there were.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import ValidationError

MAX_ERRORS = 1_000

ZH_BY_TYPE = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段",
    "string_too_short": "不能为空",
    "string_too_long": "文本太长",
    "string_type": "应为文本",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "too_long": "条目太多",
    "list_type": "应为列表",
    "model_type": "应为对象",
    "dict_type": "应为对象",
    "date_type": "应为日期",
}


@dataclass(frozen=True)
class RowError:
    """One refusal: the row (as the file counts it), the field, the rule and why."""

    row: int
    field: str | None
    rule: str
    message: str
    message_zh: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, used in the report and in problem+json ``errors``."""
        return asdict(self)


def from_validation(row: int, exc: ValidationError) -> list[RowError]:
    """Row errors from a Pydantic error, with our validators' messages in zh where they exist."""
    errors = []
    for error in exc.errors(include_url=False):
        ctx = error.get("ctx") or {}
        rule = str(error.get("type", "invalid"))
        where = ".".join(str(part) for part in error.get("loc", ()))
        message = str(ctx.get("message") or error.get("msg", "invalid value"))
        zh = str(ctx.get("message_zh") or ZH_BY_TYPE.get(rule, "输入无效"))
        errors.append(RowError(row, where or None, rule, f"{where}: {message}", f"{where}：{zh}"))
    return errors


@dataclass
class ErrorLog:
    """Row errors up to a cap, and how many rows were refused in all."""

    limit: int = MAX_ERRORS
    errors: list[RowError] = field(default_factory=list)
    omitted: int = 0
    refused_rows: int = 0

    def refuse(self, errors: Sequence[RowError]) -> None:
        """Record one refused row with everything wrong with it."""
        self.refused_rows += 1
        room = max(0, self.limit - len(self.errors))
        self.errors.extend(errors[:room])
        self.omitted += max(0, len(errors) - room)

    def __bool__(self) -> bool:
        return self.refused_rows > 0


@dataclass(frozen=True)
class ImportReport:
    """The outcome of one bulk import.

    Attributes
    ----------
    rows_read
        Data rows read from the file (blank rows are skipped and not counted).
    created, updated, unchanged
        Certificates written new, changed, or found identical to the file.
    refused
        Rows that failed a rule. Without partial mode any refusal means nothing was applied.
    applied
        Whether the valid rows were written (always, in partial mode).
    organizations_created
        Holders registered from the file because no organisation had their USCC.
    errors
        The first :data:`MAX_ERRORS` problems; ``errors_omitted`` counts the rest.
    ignored_columns
        Headers that match no field (they are not an error).
    """

    format: str
    partial: bool
    rows_read: int
    created: int
    updated: int
    unchanged: int
    refused: int
    applied: bool
    organizations_created: int
    history_entries: int
    errors: tuple[RowError, ...]
    errors_omitted: int
    ignored_columns: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form of the report."""
        data = asdict(self)
        data["errors"] = [e.as_dict() for e in self.errors]
        data["ignored_columns"] = list(self.ignored_columns)
        return data


@dataclass
class Counts:
    """Running counts of the apply pass."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organizations: int = 0
    history: int = 0

    def add(self, other: Counts) -> None:
        """Add the counts of one batch."""
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.organizations += other.organizations
        self.history += other.history


def build_report(
    *,
    fmt: str,
    partial: bool,
    rows_read: int,
    log: ErrorLog,
    counts: Counts | None,
    ignored: Iterable[str],
) -> ImportReport:
    """The report of a finished import (``counts`` is ``None`` when nothing was applied)."""
    done = counts or Counts()
    return ImportReport(
        format=fmt,
        partial=partial,
        rows_read=rows_read,
        created=done.created,
        updated=done.updated,
        unchanged=done.unchanged,
        refused=log.refused_rows,
        applied=counts is not None,
        organizations_created=done.organizations,
        history_entries=done.history,
        errors=tuple(log.errors),
        errors_omitted=log.omitted,
        ignored_columns=tuple(ignored),
    )
