"""The writer thread of bulk writes (PostgreSQL) and the ids drawn ahead for it."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from qualicert.db import transaction
from qualicert.ledger import driver
from qualicert.ledger.ids import Reservoir
from qualicert.ledger.pipeline import SWITCH_INTERVAL, active, pipelined
from qualicert.registry.models import Organization
from tests import factories


def _postgres_only(engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the writer thread runs on PostgreSQL; SQLite writes in this process")


def _organizations(n: int, start: int) -> dict[str, list[object]]:
    now = dt.datetime.now(dt.UTC)
    usccs = [factories.uscc("110108", serial=start + i) for i in range(n)]
    return {
        "uscc": usccs,
        "name": [f"管道测试有限公司{start + i}" for i in range(n)],
        "region_code": driver.Same("110108"),
        "status": driver.Same("active"),
        "status_since": driver.Same(now.date()),
        "created_at": driver.Same(now),
        "updated_at": driver.Same(now),
    }


def _count(session) -> int:
    return int(session.scalar(text("SELECT count(*) FROM organizations")))


def test_sqlite_has_no_pipeline(engine, factory):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with transaction(factory) as session, pipelined(session) as pipe:
        assert pipe is None and active(session) is None


def test_queued_writes_are_done_when_the_block_ends_and_reads_wait_for_them(engine, factory):
    _postgres_only(engine)
    table = Organization.__table__
    with transaction(factory) as session:
        with pipelined(session) as pipe:
            assert pipe is not None and active(session) is pipe
            for start in (1, 201):
                driver.insert_columns(session, table, 200, _organizations(200, start))
            assert _count(session) == 400  # a read on the session waits for the writes
            driver.insert_columns(session, table, 100, _organizations(100, 401))
        assert active(session) is None
        assert _count(session) == 500
    with factory() as session:
        assert _count(session) == 500


def test_a_failed_write_surfaces_in_the_caller_and_nothing_is_kept(engine, factory):
    _postgres_only(engine)
    table = Organization.__table__

    def write_a_collision() -> None:
        with transaction(factory) as session, pipelined(session):
            driver.insert_columns(session, table, 100, _organizations(100, 1))
            driver.insert_columns(session, table, 100, _organizations(100, 51))  # 50 again
            for _ in range(50):  # the failure reaches a later submit or the block's end
                driver.insert_columns(session, table, 100, _organizations(100, 10_001))

    with pytest.raises(IntegrityError):
        write_a_collision()
    with factory() as session:
        assert _count(session) == 0


def test_the_reservoir_draws_ahead_ascending_and_never_twice(engine):
    _postgres_only(engine)
    seen: list[int] = []
    ids = Reservoir(engine)
    try:
        first = ids.take("organizations", 3)
        assert first == list(range(first[0], first[0] + 3))  # the first draw is exactly 3
        with engine.connect() as other:  # someone else draws meanwhile
            taken = other.scalar(
                text("SELECT nextval(pg_get_serial_sequence('organizations', 'id'))")
            )
        seen += first
        for n in (5, 5, 40, 1):
            seen += ids.take("organizations", n)
        seen += ids.take("events", 7)
    finally:
        ids.close()
    organizations = seen[:-7]
    assert organizations == sorted(organizations)
    assert len(set(organizations)) == len(organizations) and taken not in organizations


def test_the_switch_interval_is_short_while_pipelines_run_and_comes_back(engine, factory):
    _postgres_only(engine)
    before = sys.getswitchinterval()
    with transaction(factory) as one, pipelined(one):
        assert sys.getswitchinterval() == min(before, SWITCH_INTERVAL)
        with transaction(factory) as two, pipelined(two):  # another import at the same time
            assert sys.getswitchinterval() == min(before, SWITCH_INTERVAL)
        assert sys.getswitchinterval() == min(before, SWITCH_INTERVAL)
    assert sys.getswitchinterval() == before
