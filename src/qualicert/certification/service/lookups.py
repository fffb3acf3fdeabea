"""Certificate lookups: by number, and a certificate's status history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.certification.models import Certificate, StatusChange
from qualicert.errors import Conflict, NotFound


def find(*, session: Session, number: str, body_id: int | None = None) -> Certificate:
    """A certificate by number; when two bodies use the number, ``body_id`` chooses."""
    query = select(Certificate).where(Certificate.number == number)
    if body_id is not None:
        query = query.where(Certificate.body_id == body_id)
    rows = list(session.scalars(query.limit(2)))
    if not rows:
        raise NotFound(
            f"no certificate numbered {number!r} is registered",
            f"未查到编号为 {number!r} 的证书",
            rule="exists",
            field="number",
        )
    if len(rows) > 1:
        raise Conflict(
            f"several bodies use number {number!r}; say which with ?body=",
            f"多个机构使用证书编号 {number!r}，请用 ?body= 指定机构",
            rule="ambiguous",
            field="body",
        )
    return rows[0]


def history(*, session: Session, certificate_id: int) -> list[StatusChange]:
    """A certificate's status history, oldest first."""
    query = (
        select(StatusChange)
        .where(StatusChange.certificate_id == certificate_id)
        .order_by(StatusChange.id)
    )
    return list(session.scalars(query))
