"""Helpers shared by tests: a snapshot of every row, to prove that a refusal changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from qualicert.models import metadata

Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot(engine: Engine) -> Snapshot:
    """Every row of every table in the metadata (events included), in a comparable form."""
    rows: Snapshot = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            result = conn.execute(select(table))
            rows[table.name] = sorted((tuple(r) for r in result), key=repr)
    return rows


def all_text(engine: Engine) -> str:
    """Every value of every row of every table, as one text (to search for secrets)."""
    return repr(snapshot(engine))


def assert_problem(
    response: Any, status: int, *, field: str | None = None, rule: str | None = None
):
    """Check an RFC 9457 problem+json answer and return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["detail_zh"]
    assert body["errors"]
    if field is not None:
        assert body["errors"][0]["field"] == field, body
    if rule is not None:
        assert body["errors"][0]["rule"] == rule, body
    return body
