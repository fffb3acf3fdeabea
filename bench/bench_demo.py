"""Benchmark ``qualicert demo``: generate demo data at a scale, against a raw insert baseline.

For each database (SQLite in a temporary file; PostgreSQL too when
``QUALICERT_BENCH_POSTGRES_URL`` names a server, on which a scratch database is created and
dropped), in one run:

* ``generate``: :func:`qualicert.demo.generate.generate` into a fresh, migrated database,
  every row through its service with its event in the ledger, committed in batches;
* baseline: the same organisation rows (built beforehand, not timed) inserted into a second
  fresh database with one ``executemany`` per 1,000 rows: no services, no checks, no
  events. The practical limit of the database and driver.

Prints a markdown table and the machine it ran on.

Usage::

    python bench/bench_demo.py [--scale small|medium|national] [--seed 2018]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from machine import describe
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Table, create_engine, insert, text
from sqlalchemy.engine import make_url

from qualicert import migrations
from qualicert.db import make_engine, make_session_factory
from qualicert.demo.generate import SCALES, Summary, generate
from qualicert.demo.organisations import organisation_rows
from qualicert.demo.phases import BATCH, batched, rng_for
from qualicert.registry.models import Organization

POSTGRES_ENV = "QUALICERT_BENCH_POSTGRES_URL"


@contextmanager
def sqlite_database() -> Iterator[str]:
    """A migrated SQLite database in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="qualicert-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrations.upgrade(url)
        yield url


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A migrated scratch database on ``server``, dropped afterwards."""
    base = make_url(server).set(drivername="postgresql+psycopg")
    name = f"qualicert_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = base.set(database=name).render_as_string(hide_password=False)
        migrations.upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def time_generate(url: str, scale: str, seed: int, today: dt.date) -> Summary:
    """Run ``generate`` with a progress bar on stderr; its summary carries the time."""
    engine = make_engine(url)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as progress:
        summary = generate(
            make_session_factory(engine), scale=scale, seed=seed, progress=progress, today=today
        )
    engine.dispose()
    return summary


def time_baseline(url: str, scale: str, seed: int, today: dt.date) -> float:
    """Seconds spent inserting the same organisation rows, one executemany per batch.

    Rows are built batch by batch (so a million need little memory); only the inserts and
    their commits are timed.
    """
    now = dt.datetime.now(dt.UTC)
    table = Organization.__table__
    assert isinstance(table, Table)
    statement = insert(table)
    items = organisation_rows(rng_for(seed, "organisations"), SCALES[scale].organizations, today)
    engine = make_engine(url)
    seconds = 0.0
    for batch in batched(items, BATCH):
        rows = [
            {**row.data, "status": row.status, "status_since": row.since or today,
             "created_at": now, "updated_at": now}
            for row in batch
        ]  # fmt: skip
        started = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(statement, rows)
        seconds += time.perf_counter() - started
    engine.dispose()
    return seconds


def measure(
    label: str, database: Callable[[], AbstractContextManager[str]], scale: str, seed: int
) -> list[str]:
    """One table row: ``generate`` and the baseline, each on a fresh database of one kind."""
    today = dt.date.today()
    with database() as url:
        summary = time_generate(url, scale, seed, today)
    print(f"{label}: {summary.describe()}", file=sys.stderr, flush=True)
    with database() as url:
        baseline = time_baseline(url, scale, seed, today)
    per_org = summary.seconds / summary.organizations * 1000
    return [
        label,
        scale,
        f"{summary.organizations:,}",
        f"{summary.events:,}",
        f"{summary.seconds:.1f}",
        f"{per_org:.2f}",
        f"{baseline:.2f}",
        f"{summary.seconds / baseline:.0f}x",
    ]


HEADER = [
    "database",
    "scale",
    "organisations",
    "events",
    "generate (s)",
    "generate per organisation (ms)",
    "baseline executemany (s)",
    "generate / baseline",
]


def machine(postgres: str | None) -> str:
    """Where the figures come from."""
    if not postgres:
        return describe()
    engine = create_engine(make_url(postgres).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        version = str(conn.execute(text("SHOW server_version")).scalar()).split()[0]
    engine.dispose()
    return describe(f"PostgreSQL {version}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="small")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args(argv)
    postgres = os.environ.get(POSTGRES_ENV)
    databases: list[tuple[str, Callable[[], AbstractContextManager[str]]]] = [
        ("SQLite", sqlite_database)
    ]
    if postgres:
        databases.append(("PostgreSQL", lambda: postgres_database(postgres)))
    print(f"| {' | '.join(HEADER)} |")
    print(f"|{'---|' * len(HEADER)}", flush=True)
    for label, database in databases:
        row = measure(label, database, args.scale, args.seed)
        print(f"| {' | '.join(row)} |", flush=True)
    print(f"\nMachine: {machine(postgres)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
