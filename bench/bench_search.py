"""Benchmark certificate search on national-scale data, on SQLite and PostgreSQL.

Input: an SQLite database filled by ``qualicert demo --scale national`` (about a million
organisations and their certificates), upgraded to the current schema; without ``--sqlite``,
the demo of ``--scale`` (``medium`` unless told) is generated into a temporary file first. For PostgreSQL
(``--postgres URL``), a scratch database is created, migrated, and given the same rows of the
tables search reads (schemes, bodies, organisations, certificates) by COPY, then dropped.

For each database, in one run, over the same seeded mix of queries a visitor types (three to
six characters from inside a Chinese holder name, a two-character place name, an English
word, a USCC, a certificate number, text that matches nothing):

* ``service``: ``list_certificates`` (first page of 20, with its total) and the rows' holder,
  body and scheme: what the ``/search`` page asks of the database;
* ``page``: the whole ``GET /search?q=`` page through the app in-process (query, rendering);
* baseline: the query search used before the index: ``LIKE '%q%'`` over the organisations'
  names without any index, for the same queries.

Prints p50 and p95 per query kind and overall, the baseline's, and the machine.

Usage::

    python bench/bench_search.py [--sqlite var/national.db | --scale medium] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from machine import describe
from sqlalchemy import create_engine, or_, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from qualicert import migrations
from qualicert.certification import service as certification
from qualicert.certification.models import Certificate
from qualicert.certification.search import like_pattern
from qualicert.certification.service import listing
from qualicert.config import Settings
from qualicert.db import make_engine, make_session_factory
from qualicert.demo.generate import generate
from qualicert.registry.models import Organization
from qualicert.web.app import create_app

TABLES = ("schemes", "certification_bodies", "organizations", "certificates")
MISSES = ("量子纠缠咨询", "Zyxwv", "无此公司名")


def make_queries(path: str, count: int, seed: int) -> list[tuple[str, str]]:
    """``(kind, query)`` pairs drawn from the certificates' holders, seeded."""
    rng = random.Random(seed)
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT c.number, o.name, o.name_en, o.uscc FROM certificates c "
            "JOIN organizations o ON o.id = c.organization_id"
        ).fetchall()
    queries: list[tuple[str, str]] = []
    kinds = ["name3", "name4-6", "place2", "english", "uscc", "number", "miss"]
    for i in range(count):
        number, name, name_en, uscc = rng.choice(rows)
        kind = kinds[i % len(kinds)]
        if kind == "name3":
            start = rng.randrange(2, max(3, len(name) - 3))
            q = name[start : start + 3]
        elif kind == "name4-6":
            width = rng.randint(4, 6)
            start = rng.randrange(0, max(1, len(name) - width))
            q = name[start : start + width]
        elif kind == "place2":
            q = name[:2]
        elif kind == "english":
            words = [w for w in (name_en or "").split() if len(w) > 3]
            q = rng.choice(words) if words else name[:3]
        elif kind == "uscc":
            q = uscc
        elif kind == "number":
            q = number
        else:
            q = rng.choice(MISSES)
        queries.append((kind, q))
    return queries


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def service_query(engine: Engine, q: str) -> None:
    with Session(engine) as session:
        found, _ = certification.list_certificates(session=session, q=q, page_size=20)
        listing.summaries(session=session, certificates=found)


def page_query(client: TestClient, q: str) -> None:
    answer = client.get("/search", params={"q": q})
    if answer.status_code != 200:
        raise RuntimeError(f"/search?q={q} answered {answer.status_code}")


def baseline_query(engine: Engine, q: str) -> None:
    """Search as it was before the index: LIKE over the organisations' names."""
    pattern = like_pattern(q)
    with Session(engine) as session:
        holders = select(Organization.id).where(
            or_(
                Organization.name.like(pattern, escape="\\"),
                Organization.name_en.like(pattern, escape="\\"),
            )
        )
        query = select(Certificate).where(
            or_(Certificate.number == q, Certificate.organization_id.in_(holders))
        )
        session.scalars(query.order_by(Certificate.id.desc()).limit(20)).all()
        session.scalar(select(text("count(*)")).select_from(query.subquery()))


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def measure(url: str, queries: list[tuple[str, str]], baseline_n: int) -> list[str]:
    engine = make_engine(url)
    with tempfile.TemporaryDirectory() as var:
        settings = Settings(
            database_url=url, var_dir=Path(var), jobs_interval_seconds=0, rate_limit_per_minute=0
        )
        client = TestClient(create_app(settings))
        for _, q in queries[:20]:  # warm caches
            service_query(engine, q)
        by_kind: dict[str, list[float]] = {}
        pages: list[float] = []
        for kind, q in queries:
            by_kind.setdefault(kind, []).append(timed(lambda q=q: service_query(engine, q)))
            pages.append(timed(lambda q=q: page_query(client, q)))
        base = [timed(lambda q=q: baseline_query(engine, q)) for _, q in queries[:baseline_n]]
        client.close()
    engine.dispose()
    lines = []
    for kind, values in by_kind.items():
        p50, p95 = percentiles(values)
        lines.append(f"| service: {kind} | {len(values)} | {p50:.1f} | {p95:.1f} |")
    everything = [v for values in by_kind.values() for v in values]
    p50, p95 = percentiles(everything)
    lines.append(f"| **service: all** | {len(everything)} | **{p50:.1f}** | **{p95:.1f}** |")
    p50, p95 = percentiles(pages)
    lines.append(f"| **page GET /search: all** | {len(pages)} | **{p50:.1f}** | **{p95:.1f}** |")
    b50, b95 = percentiles(base)
    lines.append(f"| baseline: LIKE over names, no index | {len(base)} | {b50:.1f} | {b95:.1f} |")
    return lines


@contextmanager
def postgres_copy(server: str, sqlite_path: str) -> Iterator[str]:
    """A scratch PostgreSQL database with the search tables copied from ``sqlite_path``."""
    name = f"qualicert_bench_search_{uuid.uuid4().hex[:8]}"
    base = make_url(server).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        migrations.upgrade(url)
        _copy_rows(url, sqlite_path)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _copy_rows(url: str, sqlite_path: str) -> None:
    engine = make_engine(url)
    source = sqlite3.connect(sqlite_path)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        source.close()
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sqlite", help="a demo SQLite file (national scale for the figures)")
    parser.add_argument("--scale", default="medium", help="demo to generate without --sqlite")
    parser.add_argument("--postgres", default=os.environ.get("QUALICERT_BENCH_POSTGRES_URL"))
    parser.add_argument("--queries", type=int, default=280)
    parser.add_argument("--baseline", type=int, default=40, help="queries for the baseline")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qualicert-bench-search-") as folder:
        if not args.sqlite:
            args.sqlite = str(Path(folder) / "demo.db")
            print(f"generating the {args.scale} demo into {args.sqlite} ...")
            generated = f"sqlite:///{args.sqlite}"
            migrations.upgrade(generated)
            engine = make_engine(generated)
            generate(make_session_factory(engine), scale=args.scale, seed=args.seed)
            engine.dispose()
        run(args)


def run(args: argparse.Namespace) -> None:
    """Measure on the SQLite file of ``args`` and, when asked, on its PostgreSQL copy."""
    url = f"sqlite:///{Path(args.sqlite).resolve()}"
    migrations.upgrade(url)
    with sqlite3.connect(args.sqlite) as conn:
        orgs = conn.execute("SELECT count(*) FROM organizations").fetchone()[0]
        certs = conn.execute("SELECT count(*) FROM certificates").fetchone()[0]
    queries = make_queries(args.sqlite, args.queries, args.seed)
    header = ["| measure | queries | p50 ms | p95 ms |", "|---|---:|---:|---:|"]
    print(f"{orgs:,} organisations, {certs:,} certificates\n\nSQLite\n")
    print("\n".join(header + measure(url, queries, args.baseline)))
    if args.postgres:
        with postgres_copy(args.postgres, args.sqlite) as pg_url:
            print("\nPostgreSQL\n")
            print("\n".join(header + measure(pg_url, queries, args.baseline)))
    print(f"\nmachine: {describe()}")


if __name__ == "__main__":
    main()
