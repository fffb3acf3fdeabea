"""HTTP API routes under /api/v1, one module per domain resource."""

from fastapi import APIRouter

from qualicert.web.api import (
    accounts,
    audit_time,
    bodies,
    certificates,
    certification,
    credentials,
    events,
    health,
    imports,
    keys,
    labs,
    ledger,
    opendata,
    organizations,
    people,
    reference,
    schemes,
    subscriptions,
    toolbox,
)

router = APIRouter(prefix="/api/v1")
for module in (
    health,
    reference,
    schemes,
    bodies,
    labs,
    people,
    organizations,
    accounts,
    events,
    certification,
    certificates,
    credentials,
    keys,
    audit_time,
    ledger,
    imports,
    opendata,
    subscriptions,
    toolbox,
):
    router.include_router(module.router)
