"""Benchmark the transparency log: the event path, the tree computation and proofs.

In one run:

1. the tree computation alone (RFC 9162 leaf hashes, all complete subtrees) against hashing
   the same leaves with SHA-256 alone, the limit (target: at least 25 % of it);
2. the whole event path (RFC 8785 JSON, event row, leaf, tree update, commit in batches of
   ``--batch``) on SQLite, and on PostgreSQL where ``QUALICERT_BENCH_POSTGRES_URL`` is set, in
   events per second (target: at least 10,000/s on SQLite on 2 cores), against a raw
   ``executemany`` of the same event rows;
3. inclusion and consistency proofs read from storage on a log of ``--leaves`` leaves
   (target: under 1 ms each).

Usage: ``python bench/bench_ledger.py [--quick] [--leaves N] [--events N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from qualicert import migrations
from qualicert.accounts.actor import system_actor
from qualicert.db import make_engine, make_session_factory, transaction
from qualicert.ledger import checkpoints, merkle
from qualicert.ledger.log import state
from qualicert.ledger.memory_tree import MemoryTree
from qualicert.ledger.models import Event
from qualicert.ledger.service import canonical_json, record_batch
from qualicert.registry.models import Organization
from qualicert.registry.uscc import check_digit


def best(func: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def leaves(n: int) -> list[bytes]:
    rng = random.Random(1)
    return [rng.randbytes(200) for _ in range(n)]


def tree_vs_sha(n: int) -> tuple[float, float]:
    data = leaves(n)
    sha = best(lambda: [hashlib.sha256(d).digest() for d in data])
    tree = best(lambda: MemoryTree(merkle.hash_leaves(data)))
    return sha, tree


def org_rows(start: int, n: int) -> list[dict[str, object]]:
    rows = []
    for i in range(start, start + n):
        first17 = f"91110108{i:08d}X"[:17]
        rows.append(
            {
                "uscc": first17 + check_digit(first17),
                "name": f"基准测试有限公司{i}",
                "name_en": "",
                "region_code": "110108",
                "address": "",
                "status": "active",
                "status_since": dt.date(2026, 1, 1),
                "created_at": dt.datetime.now(dt.UTC),
                "updated_at": dt.datetime.now(dt.UTC),
            }
        )
    return rows


def event_path(url: str, total: int, batch: int) -> float:
    """Events per second through record_batch (rows, events, leaves, tree) with commits."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    actor = system_actor("bench")
    start = time.perf_counter()
    for offset in range(0, total, batch):
        rows = org_rows(offset, min(batch, total - offset))
        with transaction(factory) as session:
            record_batch(
                session=session,
                actor=actor,
                event_type="organization.created",
                model=Organization,
                rows=rows,
                payloads=rows,
            )
    elapsed = time.perf_counter() - start
    engine.dispose()
    return total / elapsed


def raw_events(url: str, total: int, batch: int) -> float:
    """Events per second of a raw executemany of comparable event rows (the baseline)."""
    engine = make_engine(url)
    now = dt.datetime.now(dt.UTC)
    start = time.perf_counter()
    for offset in range(0, total, batch):
        rows = [
            {
                "event_type": "organization.created",
                "subject_type": "organizations",
                "subject_id": str(i),
                "actor": "system:bench",
                "actor_user_id": None,
                "signer_person_id": None,
                "occurred_at": now,
                "payload": canonical_json({"i": i, "name": f"基准测试有限公司{i}"}),
            }
            for i in range(offset, min(offset + batch, total))
        ]
        with engine.begin() as conn:
            conn.execute(insert(Event.__table__), rows)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return total / elapsed


def proofs(url: str, size: int, samples: int = 200) -> tuple[float, float]:
    """Median milliseconds of an inclusion and a consistency proof on a stored log."""
    factory = make_session_factory(make_engine(url))
    rng = random.Random(2)
    inc, con = [], []
    with factory() as session:
        n = state(session).size
        for _ in range(samples):
            i, m = rng.randrange(n), rng.randrange(1, n)
            t0 = time.perf_counter()
            checkpoints.inclusion(session=session, leaf_index=i, tree_size=n)
            t1 = time.perf_counter()
            checkpoints.consistency(session=session, first=m, second=n)
            t2 = time.perf_counter()
            inc.append(t1 - t0)
            con.append(t2 - t1)
    return statistics.median(inc) * 1000, statistics.median(con) * 1000


def fresh_sqlite() -> str:
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    migrations.upgrade(url)
    return url


def fresh_postgres(admin_url: str) -> tuple[str, Callable[[], None]]:
    name = f"qualicert_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(drivername="postgresql+psycopg", database=name)
    url_text = url.render_as_string(hide_password=False)
    migrations.upgrade(url_text)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url_text, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--leaves", type=int, default=1_000_000, help="tree size for (1)")
    parser.add_argument("--events", type=int, default=200_000, help="events for (2) and (3)")
    parser.add_argument("--batch", type=int, default=5_000)
    args = parser.parse_args()
    if args.quick:
        args.leaves, args.events = 20_000, 10_000
    print(f"machine: {os.cpu_count()} CPUs; leaves {args.leaves:,}; events {args.events:,}\n")
    sha, tree = tree_vs_sha(args.leaves)
    print("| measure | value | baseline | ratio | target |\n|---|---|---|---|---|")
    print(
        f"| tree over {args.leaves:,} leaves | {tree:.3f} s | SHA-256 alone {sha:.3f} s | "
        f"{sha / tree:.0%} of the limit | >= 25 % |"
    )
    targets = [("SQLite", fresh_sqlite(), None)]
    pg = os.environ.get("QUALICERT_BENCH_POSTGRES_URL")
    if pg:
        url, drop = fresh_postgres(pg)
        targets.append(("PostgreSQL", url, drop))
    for label, url, drop in targets:
        raw = raw_events(url, args.events, args.batch)
        rate = event_path(url, args.events, args.batch)
        inc, con = proofs(url, args.events)
        print(
            f"| event path on {label} | {rate:,.0f} events/s | raw event insert "
            f"{raw:,.0f}/s | {rate / raw:.0%} | >= 10,000/s (SQLite) |"
        )
        print(
            f"| proofs on {label}, {state_size(url):,} leaves | inclusion {inc:.3f} ms, "
            f"consistency {con:.3f} ms | | | < 1 ms |"
        )
        if drop:
            drop()


def state_size(url: str) -> int:
    factory = make_session_factory(make_engine(url))
    with factory() as session:
        return state(session).size


if __name__ == "__main__":
    main()
