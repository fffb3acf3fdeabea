"""GET /api/v1/audit-time: the IAF MD 5 calculator, public."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from qualicert.certification import audit_time
from qualicert.errors import InvalidInput

router = APIRouter(tags=["certification"])


@router.get("/audit-time")
def calculate(
    standard: Annotated[str, Query(max_length=64, description="e.g. ISO 9001:2015")],
    employees: Annotated[int, Query(ge=1, le=10_000_000)],
    complexity: Annotated[str, Query(max_length=16)] = "medium",
    sites: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> dict[str, Any]:
    """Initial (stage 1 + 2), surveillance and recertification days with the justification."""
    try:
        result = audit_time.calculate(
            standard=standard, employees=employees, complexity=complexity, sites=sites
        )
    except audit_time.AuditTimeError as exc:
        raise InvalidInput(exc.message, exc.message_zh, rule=exc.rule, field=exc.field) from exc
    return asdict(result)
