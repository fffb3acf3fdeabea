"""GET /api/v1/health: is the platform up, which database, which schema version."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from qualicert import __version__, migrations
from qualicert.db import ping
from qualicert.web.deps import DbDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(db: DbDep) -> dict[str, Any]:
    """Report status, version, database kind and the schema revision it is at."""
    ping(db.engine)
    revision = migrations.current_revision(db.engine)
    head = migrations.head_revision()
    return {
        "status": "ok" if revision == head else "degraded",
        "version": __version__,
        "database": db.engine.dialect.name,
        "schema_version": revision,
        "schema_head": head,
    }
