"""Helpers every registry service shares: lookups, search, pages, partial updates, statuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from qualicert.accounts.actor import Actor
from qualicert.db import Base
from qualicert.errors import Conflict, Forbidden, InvalidInput, NotFound
from qualicert.ledger.service import record
from qualicert.registry.reference import region_prefix
from qualicert.registry.schemas import StatusChange

RowT = TypeVar("RowT", bound=Base)


def get_or_404(session: Session, model: type[RowT], row_id: int, label: str, label_zh: str) -> RowT:
    """The row with ``row_id`` or a 404 naming what was looked for."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(
            f"no {label} with id {row_id}", f"{label_zh} {row_id} 不存在", rule="exists", field="id"
        )
    return row


def require_exists(session: Session, model: type[Base], row_id: int, field: str) -> None:
    """Refuse a reference to a row that does not exist, naming the field."""
    if session.get(model, row_id) is None:
        raise InvalidInput(
            f"{field} {row_id} does not exist",
            f"{field} {row_id} 不存在",
            rule="exists",
            field=field,
        )


def require_unique(
    session: Session,
    column: InstrumentedAttribute[Any],
    value: Any,
    field: str,
    exclude_id: int | None = None,
) -> None:
    """Refuse a value already taken in a unique column (409, naming the field and value)."""
    if value is None:
        return
    query = select(column.class_).where(column == value)
    existing = session.scalars(query).first()
    if existing is not None and existing.id != exclude_id:
        raise Conflict(
            f"{field} {value!r} is already registered",
            f"{field} {value!r} 已被登记",
            rule="unique",
            field=field,
        )


def like_pattern(q: str) -> str:
    """A LIKE pattern matching ``q`` anywhere, with ``%``, ``_`` and ``\\`` taken literally."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_search(q: str | None, *columns: InstrumentedAttribute[Any]) -> ColumnElement[bool] | None:
    """A filter matching ``q`` as a substring of any column (Chinese or English, any case)."""
    if not q or not q.strip():
        return None
    pattern = like_pattern(q.strip())
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def region_filter(column: InstrumentedAttribute[str], region_code: str) -> ColumnElement[bool]:
    """Rows whose region lies within ``region_code`` (a province covers its prefectures)."""
    return column.startswith(region_prefix(region_code), autoescape=True)


def changes(
    row: Base,
    data: BaseModel,
    allowed: frozenset[str] | None,
    actor: Actor,
    *,
    skip: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Apply the fields set in ``data`` to ``row``; return ``{field: [old, new]}`` of real changes.

    ``allowed`` limits the fields this actor may change (``None``: all); a field outside it
    is refused before anything is applied. Fields in ``skip`` are checked against ``allowed``
    but left for the caller to apply (child rows such as a body's schemes). An explicit
    ``null`` for a column that cannot be empty is refused as invalid input.
    """
    given = data.model_dump(exclude_unset=True)
    if allowed is not None:
        for field in given:
            if field not in allowed:
                raise Forbidden(
                    f"{actor.role.value} {actor.name!r} may not change {field}",
                    f"用户 {actor.name!r}（{actor.role.value}）无权修改 {field}",
                    rule="field_scope",
                    field=field,
                )
    given = {field: value for field, value in given.items() if field not in skip}
    _refuse_nulls(row, given)
    changed: dict[str, Any] = {}
    for field, value in given.items():
        old = getattr(row, field)
        if old != value:
            setattr(row, field, value)
            changed[field] = [old, value]
    return changed


def _refuse_nulls(row: Base, given: dict[str, Any]) -> None:
    columns = row.__table__.columns
    for field, value in given.items():
        if value is None and field in columns and not columns[field].nullable:
            raise InvalidInput(
                f"{field} cannot be null; leave it out to keep the current value",
                f"{field} 不能为空（null）；不修改请省略该字段",
                rule="not_null",
                field=field,
            )


def parse_status(value: str, allowed: Iterable[str], what: str) -> str:
    """Refuse a status outside the allowed values, listing them."""
    choices_list = [str(a) for a in allowed]
    if value not in choices_list:
        choices = ", ".join(choices_list)
        raise InvalidInput(
            f"{what} status {value!r} is not one of {choices}",
            f"状态 {value!r} 无效，可选：{choices}",
            rule="status",
            field="status",
        )
    return value


def check_transition(current: str, new: str, final: frozenset[str], what: str) -> None:
    """Refuse leaving a final status and setting the status a row already has."""
    if current == new:
        raise Conflict(
            f"the {what} is already {new}", f"当前状态已是 {new}", rule="state", field="status"
        )
    if current in final:
        raise Conflict(
            f"the {what} is {current}, which is final",
            f"当前状态 {current} 为终止状态，不能变更",
            rule="state",
            field="status",
        )


def effective(date: dt.date | None) -> dt.date:
    """The date a status change takes effect (today by default)."""
    return date or dt.date.today()


def set_status(
    *,
    session: Session,
    actor: Actor,
    row: Any,
    change: StatusChange,
    allowed: Iterable[str],
    final: frozenset[str],
    what: str,
    event_type: str,
) -> None:
    """Move ``row`` to the requested status with its reason and date, and write the event.

    Refuses a status outside ``allowed``, the status the row already has, and leaving a
    ``final`` status. Rows with a ``status_reason`` column keep the reason there too.
    """
    status = parse_status(change.status, allowed, what)
    check_transition(row.status, status, final, what)
    old, row.status = row.status, status
    row.status_since = effective(change.effective_date)
    if hasattr(row, "status_reason"):
        row.status_reason = change.reason
    record(
        session=session,
        actor=actor,
        event_type=event_type,
        subject=row,
        payload={
            "from": old,
            "to": status,
            "reason": change.reason,
            "effective_date": row.status_since,
        },
    )
