"""Public lists of certificates: a row per certificate for result pages, counts by status.

A result page shows twenty certificates with their holder, body and scheme; loading those
with three ``IN`` queries instead of three lookups per row keeps a page at a handful of
queries whatever its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualicert.certification.models import Certificate
from qualicert.registry.models import CertificationBody, Organization, Scheme


@dataclass(frozen=True)
class Summary:
    """What a result list shows of one certificate."""

    certificate: Certificate
    holder: Organization
    body: CertificationBody
    scheme: Scheme


def _by_id(session: Session, model: Any, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}


def summaries(*, session: Session, certificates: Sequence[Certificate]) -> list[Summary]:
    """Each certificate with its holder, body and scheme, in the order given."""
    holders = _by_id(session, Organization, {c.organization_id for c in certificates})
    bodies = _by_id(session, CertificationBody, {c.body_id for c in certificates})
    schemes = _by_id(session, Scheme, {c.scheme_id for c in certificates})
    return [
        Summary(c, holders[c.organization_id], bodies[c.body_id], schemes[c.scheme_id])
        for c in certificates
    ]


def count_by_status(*, session: Session, body_id: int | None = None) -> dict[str, int]:
    """How many certificates are in each status (statuses with none are left out)."""
    query = select(Certificate.status, func.count()).group_by(Certificate.status)
    if body_id is not None:
        query = query.where(Certificate.body_id == body_id)
    return {str(status): int(n) for status, n in session.execute(query)}
