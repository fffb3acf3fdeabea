"""Benchmark the transparency log: the event path, the tree computation, proofs, a peer.

In one run:

1. the tree computation alone (RFC 9162 leaf hashes, all complete subtrees) over ``--leaves``
   leaves against hashing the same leaves with SHA-256 alone, the limit (target: at least
   25 % of it);
2. the whole event path (``record_batch``: RFC 8785 JSON, organisation row, event row, leaf,
   tree update, commit every ``--batch`` events) on SQLite, and on PostgreSQL where
   ``QUALICERT_BENCH_POSTGRES_URL`` is set, in events per second (target: at least 10,000/s
   on SQLite on 2 cores), against a raw ``executemany`` of comparable event rows;
3. a log of ``--log-size`` leaves (default 10,000,000) built through the log's own batch
   append path: each entry is an event row (a small payload, no subject row) written by the
   event path's driver-level insert, then its leaf, the complete subtrees it finishes, size
   and root, one transaction per ``--build-batch`` entries. Then inclusion and consistency
   proofs from storage on it, each in a session of its own as an API request has (target:
   under 1 ms each);
4. with ``--peer`` (pymerkle installed: ``pip install -e '.[bench]'``; GPL, development
   only): pymerkle's ``SqliteTree`` appends the same leaf bytes in the same batches
   (``append_entries``) and answers the same proofs (``prove_inclusion``,
   ``prove_consistency``) with its subroot cache on. Targets: our proofs at least 10x faster,
   our appends at least as fast. Its roots are checked against ours.

Usage: ``python bench/bench_ledger.py [--quick] [--log-size N] [--peer] [--no-postgres]``.
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
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from qualicert import migrations
from qualicert.accounts.actor import system_actor
from qualicert.db import make_engine, make_session_factory, transaction
from qualicert.ledger import checkpoints, log, merkle, store
from qualicert.ledger.memory_tree import MemoryTree
from qualicert.ledger.models import Event, leaf_bytes_many
from qualicert.ledger.service import canonical_json, insert_many, record_batch
from qualicert.registry.models import Organization
from qualicert.registry.uscc import check_digit

ENTRY_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ENTRY_ACTOR = "system:bench"


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


# (2) the event path ------------------------------------------------------------------------


def org_rows(start: int, n: int) -> list[dict[str, object]]:
    rows = []
    now = dt.datetime.now(dt.UTC)
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
                "created_at": now,
                "updated_at": now,
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


# (3) a big log through the log's batch append path -----------------------------------------


def entries(start: int, n: int) -> tuple[list[str], list[str], list[bytes]]:
    """Subject ids, payloads and leaf bytes of entries ``start .. start + n - 1``."""
    ids = [str(i) for i in range(start, start + n)]
    texts = [f'{{"i":{i},"name":"基准条目{i}"}}' for i in range(start, start + n)]
    data = leaf_bytes_many("bench.entry", "bench", ids, ENTRY_ACTOR, None, ENTRY_TIME, texts)
    return ids, texts, data


def batches(total: int, batch: int) -> Iterator[tuple[int, int]]:
    for offset in range(0, total, batch):
        yield offset, min(batch, total - offset)


def insert_entries(session: Session, ids: list[str], texts: list[str]) -> list[int]:
    """The entries as event rows (the event path's driver-level insert); their ids."""
    rows = [
        {
            "event_type": "bench.entry",
            "subject_type": "bench",
            "subject_id": subject,
            "actor": ENTRY_ACTOR,
            "actor_user_id": None,
            "signer_person_id": None,
            "occurred_at": ENTRY_TIME,
            "payload": payload,
        }
        for subject, payload in zip(ids, texts, strict=True)
    ]
    return insert_many(session, Event.__table__, rows)


class Clock:
    """Wall and CPU seconds spent inside ``with`` blocks, added up."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu


def build_log(
    factory: sessionmaker[Session], total: int, batch: int, peer: object | None = None
) -> tuple[Clock, Clock, Clock]:
    """Append ``total`` entries, one transaction per ``batch``. Returns the time in all, for
    the log alone (leaf hashes, leaf rows, subtrees, size and root, and the commit), and for
    ``peer`` (pymerkle's tree) appending the same leaf bytes, batch by batch in turn with
    ours (alternating which goes first), so both see the same load on a shared machine."""
    whole, log_only, theirs = Clock(), Clock(), Clock()
    for k, (offset, n) in enumerate(batches(total, batch)):
        ids, texts, data = entries(offset, n)
        if peer is not None and k % 2:
            with theirs:
                peer.append_entries(data)  # type: ignore[attr-defined]
        with whole, factory() as session:  # one transaction, committed below
            event_ids = insert_entries(session, ids, texts)
            with log_only:
                log.queue_hashes(session, event_ids, merkle.hash_leaves(data))
                log.append_pending(session)
                session.commit()
        if peer is not None and not k % 2:
            with theirs:
                peer.append_entries(data)  # type: ignore[attr-defined]
        if k % 100 == 99:
            print(f"  built {offset + n:,} leaves, {(offset + n) / whole.wall:,.0f}/s", flush=True)
    return whole, log_only, theirs


def proof_pairs(size: int, samples: int) -> list[tuple[int, int, int]]:
    """(leaf index, first size, second size) triples for the same proofs on every store."""
    rng = random.Random(2)
    return [(rng.randrange(size), rng.randrange(1, size), size) for _ in range(samples)]


def our_proofs(
    factory: sessionmaker[Session], pairs: list[tuple[int, int, int]], fresh: bool
) -> tuple[list[float], list[float]]:
    """Milliseconds of each inclusion and consistency proof: in one open session (the
    proof's own reads), or with ``fresh`` in a session of its own each (as an API request
    has: a connection from the pool, its liveness ping, BEGIN and ROLLBACK included)."""
    inc, con = [], []
    shared = factory()
    for index, first, size in pairs:
        t0 = time.perf_counter()
        with factory() if fresh else nullcontext(shared) as session:
            checkpoints.inclusion(session=session, leaf_index=index, tree_size=size)
        t1 = time.perf_counter()
        with factory() if fresh else nullcontext(shared) as session:
            checkpoints.consistency(session=session, first=first, second=size)
        t2 = time.perf_counter()
        inc.append((t1 - t0) * 1000)
        con.append((t2 - t1) * 1000)
    shared.close()
    return inc, con


def stats(ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=20) if len(ms) >= 20 else [max(ms)] * 19
    return f"median {statistics.median(ms):.3f} ms, p95 {q[18]:.3f} ms"


# (4) pymerkle as a peer ----------------------------------------------------------------------


def open_pymerkle(path: Path) -> object:
    """pymerkle's SqliteTree on the same SQLite settings as ours (WAL, synchronous NORMAL)."""
    from pymerkle import SqliteTree  # GPL, development-only peer

    tree = SqliteTree(str(path))
    tree.con.execute("PRAGMA journal_mode=WAL")
    tree.con.execute("PRAGMA synchronous=NORMAL")
    return tree


def pymerkle_proofs(
    tree: object, pairs: list[tuple[int, int, int]], budget: float
) -> tuple[list[float], list[float]]:
    """Milliseconds of pymerkle's proofs for the same pairs, until ``budget`` seconds pass."""
    inc, con = [], []
    stop = time.perf_counter() + budget
    for index, first, size in pairs:
        t0 = time.perf_counter()
        tree.prove_inclusion(index + 1, size)  # type: ignore[attr-defined]
        t1 = time.perf_counter()
        tree.prove_consistency(first, size)  # type: ignore[attr-defined]
        t2 = time.perf_counter()
        inc.append((t1 - t0) * 1000)
        con.append((t2 - t1) * 1000)
        if t2 > stop:
            break
    return inc, con


# Databases ---------------------------------------------------------------------------------


def fresh_sqlite(folder: str) -> str:
    url = f"sqlite:///{folder}/bench-{uuid.uuid4().hex[:6]}.db"
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


def targets(folder: str, postgres: bool) -> Iterator[tuple[str, str]]:
    """(label, url) of a fresh SQLite file, then of a scratch PostgreSQL database."""
    url = fresh_sqlite(folder)
    yield "SQLite", url
    os.remove(make_url(url).database or "")
    pg = os.environ.get("QUALICERT_BENCH_POSTGRES_URL")
    if postgres and pg:
        url, drop = fresh_postgres(pg)
        try:
            yield "PostgreSQL", url
        finally:
            drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--leaves", type=int, default=1_000_000, help="tree size for (1)")
    parser.add_argument("--events", type=int, default=200_000, help="events for (2)")
    parser.add_argument("--batch", type=int, default=5_000, help="events per commit in (2)")
    parser.add_argument("--log-size", type=int, default=10_000_000, help="log size for (3)")
    parser.add_argument("--build-batch", type=int, default=10_000, help="entries per commit")
    parser.add_argument("--samples", type=int, default=500, help="proofs of each kind")
    parser.add_argument("--peer", action="store_true", help="(4) pymerkle's SqliteTree")
    parser.add_argument("--peer-budget", type=float, default=120.0, help="seconds of its proofs")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.leaves, args.events, args.log_size, args.samples = 20_000, 10_000, 30_000, 100
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs; load average {load[0]:.1f} {load[1]:.1f}\n")
    sha, tree = tree_vs_sha(args.leaves)
    rows = ["| measure | value | baseline | ratio | target |", "|---|---|---|---|---|"]
    rows.append(
        f"| tree over {args.leaves:,} leaves | {tree:.3f} s | SHA-256 alone {sha:.3f} s | "
        f"{sha / tree:.0%} of the limit | >= 25 % |"
    )
    print(rows[-1], flush=True)
    pairs = proof_pairs(args.log_size, args.samples)
    with tempfile.TemporaryDirectory(prefix="qualicert-ledger-") as folder:
        for label, url in targets(folder, not args.no_postgres):
            raw = raw_events(url, args.events, args.batch)
            rate = event_path(url, args.events, args.batch)
            rows.append(
                f"| event path on {label}, {args.events:,} events | {rate:,.0f} events/s | "
                f"raw event insert {raw:,.0f}/s | {rate / raw:.0%} | >= 10,000/s (SQLite) |"
            )
            print(rows[-1], flush=True)
            rows += big_log(label, folder, args, pairs)
        print("\n" + "\n".join(rows))
        print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def big_log(
    label: str, folder: str, args: argparse.Namespace, pairs: list[tuple[int, int, int]]
) -> list[str]:
    """(3) and, on SQLite with --peer, (4): build the big log, then prove from it."""
    url = fresh_sqlite(folder) if label == "SQLite" else fresh_postgres_url(args)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    tree = open_pymerkle(Path(folder) / "pymerkle.db") if label == "SQLite" and args.peer else None
    print(f"building a log of {args.log_size:,} leaves on {label} ...", flush=True)
    whole, log_only, theirs = build_log(factory, args.log_size, args.build_batch, tree)
    with factory() as session:
        assert store.size(session) == args.log_size
        ours_root = checkpoints.inclusion(session=session, leaf_index=0, tree_size=args.log_size)[0]
    inc, con = our_proofs(factory, pairs, fresh=False)
    inc_fresh, con_fresh = our_proofs(factory, pairs, fresh=True)
    n = args.log_size
    out = [
        f"| append on {label}: event row, leaf, subtrees, commit per {args.build_batch:,} | "
        f"{n / whole.wall:,.0f} entries/s ({whole.wall:,.1f} s wall, {whole.cpu:,.1f} s CPU "
        "in this process) | | | |",
        f"| of which the log (leaf hash, leaf row, subtrees, root, commit), {label} | "
        f"{n / log_only.wall:,.0f} entries/s ({log_only.wall:,.1f} s wall, "
        f"{log_only.cpu:,.1f} s CPU) | | | |",
        f"| inclusion proof from storage, {n:,} leaves, {label} | {stats(inc)} | in a session "
        f"of its own each: {stats(inc_fresh)} | | < 1 ms |",
        f"| consistency proof from storage, {n:,} leaves, {label} | {stats(con)} | in a "
        f"session of its own each: {stats(con_fresh)} | | < 1 ms |",
    ]
    print("\n".join(out), flush=True)
    engine.dispose()
    if label == "SQLite":
        os.remove(make_url(url).database or "")
        if tree is not None:
            out += peer(tree, args, pairs, (whole, log_only, theirs), inc, con, ours_root)
    return out


def fresh_postgres_url(args: argparse.Namespace) -> str:
    url, drop = fresh_postgres(os.environ["QUALICERT_BENCH_POSTGRES_URL"])
    DROPS.append(drop)
    return url


DROPS: list[Callable[[], None]] = []


def peer(
    tree: object,
    args: argparse.Namespace,
    pairs: list[tuple[int, int, int]],
    built: tuple[Clock, Clock, Clock],
    inc: list[float],
    con: list[float],
    ours_root: bytes,
) -> list[str]:
    """(4) pymerkle's SqliteTree on the same entries, batches and proofs."""
    assert tree.get_root(args.log_size) == ours_root  # type: ignore[attr-defined]
    p_inc, p_con = pymerkle_proofs(tree, pairs, args.peer_budget)
    n = len(p_inc)
    ratio_inc = statistics.median(p_inc) / statistics.median(inc[:n])
    ratio_con = statistics.median(p_con) / statistics.median(con[:n])
    whole, log_only, spent = built
    size = args.log_size
    return [
        f"| pymerkle SqliteTree append (entry copy and hash), same entries and batches | "
        f"{size / spent.wall:,.0f} entries/s ({spent.wall:,.1f} s wall, {spent.cpu:,.1f} s CPU) | "
        f"our log {size / log_only.wall:,.0f}/s ({log_only.cpu:,.1f} s CPU) | our log "
        f"{spent.wall / log_only.wall:.2f}x as fast (CPU: {spent.cpu / log_only.cpu:.2f}x) "
        "| at least as fast |",
        f"| the same, against our event row and log together | {size / spent.wall:,.0f} "
        f"entries/s | ours {size / whole.wall:,.0f}/s ({whole.cpu:,.1f} s CPU) | ours "
        f"{spent.wall / whole.wall:.2f}x as fast (CPU: {spent.cpu / whole.cpu:.2f}x) | |",
        f"| pymerkle inclusion proof, same {n} pairs | {stats(p_inc)} | ours "
        f"{stats(inc[:n])} | ours {ratio_inc:,.0f}x faster | >= 10x |",
        f"| pymerkle consistency proof, same {n} pairs | {stats(p_con)} | ours "
        f"{stats(con[:n])} | ours {ratio_con:,.0f}x faster | >= 10x |",
    ]


if __name__ == "__main__":
    try:
        main()
    finally:
        for drop in DROPS:
            drop()
