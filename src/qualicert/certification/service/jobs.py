"""Scheduled lifecycle jobs, idempotent: run them any number of times a day.

- a suspension older than six months becomes a withdrawal (reason ``W01``,
  ISO/IEC 17021-1 9.6.5.2: suspension normally not more than six months);
- a certificate past its expiry date that was not renewed expires (reason ``E01``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts.actor import Actor
from qualicert.certification.models import Certificate
from qualicert.certification.service.certificates import apply_transition

SUSPENSION_LIMIT_MONTHS = 6


@dataclass(frozen=True)
class JobResult:
    """How many certificates each job changed."""

    withdrawn: int
    expired: int


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def run(
    *, session: Session, actor: Actor, today: dt.date | None = None, batch: int = 1000
) -> JobResult:
    """Apply overdue withdrawals and expiries as of ``today``."""
    today = today or dt.date.today()
    limit = _months_before(today, SUSPENSION_LIMIT_MONTHS)
    overdue = (
        select(Certificate)
        .where(Certificate.status == "suspended", Certificate.status_since < limit)
        .limit(batch)
    )
    withdrawn = 0
    for cert in list(session.scalars(overdue)):
        apply_transition(
            session=session,
            actor=actor,
            certificate=cert,
            transition="withdraw",
            reason_code="W01",
            reason=f"suspended since {cert.status_since}",
            effective_date=today,
            signer_id=None,
        )
        withdrawn += 1
    expired_q = (
        select(Certificate)
        .where(Certificate.status.in_(("active", "suspended")), Certificate.expiry_date < today)
        .limit(batch)
    )
    expired = 0
    for cert in list(session.scalars(expired_q)):
        apply_transition(
            session=session,
            actor=actor,
            certificate=cert,
            transition="expire",
            reason_code="E01",
            reason=f"valid until {cert.expiry_date}",
            effective_date=cert.expiry_date + dt.timedelta(days=1),
            signer_id=None,
        )
        expired += 1
    return JobResult(withdrawn=withdrawn, expired=expired)
