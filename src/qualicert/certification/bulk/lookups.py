"""What both passes ask of the database for a batch, and how a row compares with the record.

Each lookup is one ``IN`` query for the whole batch. :func:`review` is the one rule for a row
whose certificate the body already has, applied when the file is checked and again when it
is applied (the record may have changed in between):

- the status change must be a legal lifecycle transition (see
  :func:`~qualicert.certification.bulk.checks.plan_move`);
- a certificate issued on the platform (through a signed decision) is not changed by an
  upload: its changes go through its lifecycle, where a qualified person signs. An upload
  that repeats it unchanged is fine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.certification.bulk import records
from qualicert.certification.bulk.checks import Move, plan_move
from qualicert.certification.bulk.fields import CleanRow
from qualicert.certification.bulk.report import RowError
from qualicert.certification.lifecycle import Status
from qualicert.certification.models import Certificate
from qualicert.db import dialect_name
from qualicert.ledger import driver

IN_CHUNK = 900
"""Parameters per ``IN`` list on SQLite (its smallest limit is 999 per statement)."""

_COLUMNS = (
    Certificate.id,
    Certificate.number,
    Certificate.status,
    Certificate.source,
    *(getattr(Certificate, name) for name in records.COMPARED),
)


def certificates(session: Session, body_id: int, numbers: Collection[str]) -> dict[str, Any]:
    """The body's certificates with these numbers (id, status, source, compared columns).

    A bare driver query first finds which numbers the body has (in a first upload, none), so
    the full query, whose thousands of parameters SQLAlchemy would render one by one, runs
    only for those.
    """
    found = _existing(session, body_id, numbers)
    if not found:
        return {}
    query = select(*_COLUMNS).where(Certificate.body_id == body_id, Certificate.number.in_(found))
    return {row.number: row for row in session.execute(query)}


def _existing(session: Session, body_id: int, numbers: Collection[str]) -> list[str]:
    """Which of ``numbers`` the body has, in lists of at most :data:`IN_CHUNK` parameters."""
    wanted = list(numbers)
    if dialect_name(session) == "postgresql":
        sql = "SELECT number FROM certificates WHERE body_id = %s AND number = ANY(%s)"
        return [n for (n,) in driver.query(session, sql, (body_id, wanted))]
    found: list[str] = []
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start : start + IN_CHUNK]
        marks = ", ".join(["?"] * len(chunk))
        sql = f"SELECT number FROM certificates WHERE body_id = ? AND number IN ({marks})"
        found += [n for (n,) in driver.query(session, sql, (body_id, *chunk))]
    return found


def holders(session: Session, usccs: Collection[str]) -> dict[str, int]:
    """Organisation ids of the registered holders among these USCCs (bare driver queries)."""
    wanted = list(usccs)
    if dialect_name(session) == "postgresql":
        sql = "SELECT uscc, id FROM organizations WHERE uscc = ANY(%s)"
        return {u: int(i) for u, i in driver.query(session, sql, (wanted,))}
    found: dict[str, int] = {}
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start : start + IN_CHUNK]
        sql = f"SELECT uscc, id FROM organizations WHERE uscc IN ({', '.join(['?'] * len(chunk))})"
        found.update((u, int(i)) for u, i in driver.query(session, sql, chunk))
    return found


@dataclass(frozen=True)
class Review:
    """What a row changes on a certificate the body already has."""

    move: Move | None
    changes: dict[str, list[Any]]


def review(old: Any, row: CleanRow, holder: int | None, today: dt.date) -> Review | RowError:
    """The row's changes to the record ``old``, or why they are refused."""
    move = plan_move(Status(old.status), row, today)
    if isinstance(move, RowError):
        return move
    changes = records.changes(old, row, holder)
    if move is not None:
        changes["status"] = [move.from_status.value, move.to_status.value]
    if changes and old.source != "imported":
        fields = ", ".join(changes)
        return RowError(
            0,
            "number",
            "issued_on_platform",
            f"number: certificate {row.number} was issued on the platform after a signed "
            f"decision; change it ({fields}) through its lifecycle, not by upload",
            f"number：证书 {row.number} 经签署的认证决定在平台颁发，"
            f"其变更（{fields}）须通过证书状态管理办理，不能通过批量上传修改",
        )
    return Review(move, changes)
