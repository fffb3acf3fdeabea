"""The monitor verifies the log from tiles alone and catches edits and forks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from qualicert.config import Settings
from qualicert.ledger import monitor
from qualicert.web.app import create_app
from tests import factories


def fetcher(client):
    def fetch(path: str) -> bytes:
        response = client.get("/" + path)
        response.raise_for_status()
        return response.content

    return fetch


def fill(factory, n):
    with factories.transaction(factory) as s:
        for _ in range(n):
            factories.organization(s)


def test_a_clean_log_audits_and_stays_consistent(client, factory, tmp_path):
    fill(factory, 300)  # more than one full tile of 256
    state = tmp_path / "monitor.json"
    first = monitor.audit("test", state, fetch=fetcher(client))
    assert first.ok, first.problems
    assert first.tree_size == 300
    assert first.entries == 300
    fill(factory, 5)
    second = monitor.audit("test", state, fetch=fetcher(client))
    assert second.ok, second.problems
    assert (second.previous_size, second.tree_size) == (300, 305)


def _edit_an_event(engine):
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            conn.execute(text("DROP TRIGGER events_no_update"))
        conn.execute(
            text("UPDATE events SET payload = replace(payload, '北京', '南京') WHERE id = 2")
        )


def test_an_event_row_edited_by_hand_is_caught(client, factory, engine, tmp_path):
    fill(factory, 4)
    state = tmp_path / "monitor.json"
    assert monitor.audit("test", state, fetch=fetcher(client)).ok
    _edit_an_event(engine)
    report = monitor.audit("test", state, fetch=fetcher(client))
    assert not report.ok
    assert any("changed after it was logged" in p or "fork" in p for p in report.problems)


def test_a_forked_log_with_the_same_key_is_caught(client, factory, settings, tmp_path):
    if not settings.is_sqlite:
        pytest.skip("the fork is built by copying the SQLite file")
    fill(factory, 6)
    fork_db = tmp_path / "fork.db"
    source = settings.database_url.removeprefix("sqlite:///")
    for suffix in ("", "-wal", "-shm"):  # WAL mode: recent commits live in the -wal file
        if Path(source + suffix).exists():
            shutil.copy(source + suffix, str(fork_db) + suffix)
    fill(factory, 2)
    state = tmp_path / "monitor.json"
    assert monitor.audit("test", state, fetch=fetcher(client)).ok  # saw size 8
    fork = create_app(
        Settings(
            database_url=f"sqlite:///{fork_db}",
            var_dir=settings.var_dir,
            environment="test",
            jobs_interval_seconds=0,
        )
    )
    with TestClient(fork) as other:
        fill(fork.state.db.factory, 3)  # another history after leaf 6, signed with the same key
        report = monitor.audit("test", state, fetch=fetcher(other))
    fork.state.db.engine.dispose()
    assert not report.ok
    assert any("fork" in p or "consistency" in p for p in report.problems), report.problems
