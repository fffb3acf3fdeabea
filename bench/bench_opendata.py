"""Benchmark the open data export against the same SELECT fetched raw and written by csv.writer.

Builds a scratch SQLite database (migrated, then filled with Core ``executemany`` inserts, no
services): N certificates of N/2 holders under 20 bodies, each with its issue entry, one in
ten suspended (a second entry), and one event with its log leaf per entry. Then, each in its
own process so its peak memory is its own, for the ``certificates`` and the
``histories`` data sets:

* **raw**: the SELECT of :mod:`qualicert.statistics.queries`, compiled to SQL, run with the
  ``sqlite3`` driver, fetched 5,000 rows at a time and written by ``csv.writer``: no type
  processing (dates and JSON stay the text SQLite holds), no checksum;
* **csv**, **jsonl**, **parquet**: :func:`qualicert.statistics.opendata.export_file` (typed
  rows, the format writer, SHA-256 and ``.sha256``), 5,000 rows a chunk.

Everything runs for N and again for 10 x N rows: constant memory shows as the same peak.
Prints a markdown table and the machine it ran on.

Usage::

    python bench/bench_opendata.py [--rows 100000] [--factor 10] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow
from machine import describe
from sqlalchemy import Table, insert
from sqlalchemy.dialects import sqlite

from qualicert import migrations
from qualicert.db import make_engine, make_session_factory
from qualicert.models import metadata
from qualicert.statistics import opendata, queries
from qualicert.statistics.columns import Dataset, Format

CHUNK = 5_000
BODIES = 20
REGIONS = ("110108", "310115", "440305", "330106", "510107", "420106")
NOW = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
PHASES = ("raw", "csv", "jsonl", "parquet")


def _batches(rows: Iterator[dict[str, Any]], size: int = 20_000) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _fill(conn: Any, name: str, rows: Iterator[dict[str, Any]]) -> None:
    table: Table = metadata.tables[name]
    for batch in _batches(rows):
        conn.execute(insert(table), batch)


def _holders(n: int) -> Iterator[dict[str, Any]]:
    for i in range(1, n + 1):
        yield {
            "id": i,
            "uscc": f"91{REGIONS[i % 6]}{i:08d}X0",
            "name": f"测试机械制造有限公司{i}",
            "name_en": f"Test Machinery Co., Ltd. {i}",
            "region_code": REGIONS[i % 6],
            "address": f"北京市海淀区学院路{i % 999 + 1}号",
            "status": "active",
            "status_since": dt.date(2018, 3, 1),
            "created_at": NOW,
            "updated_at": NOW,
        }


def _certificates(n: int) -> Iterator[dict[str, Any]]:
    for i in range(1, n + 1):
        suspended = i % 10 == 0
        yield {
            "id": i,
            "body_id": i % BODIES + 1,
            "number": f"00124Q{i:09d}R0M",
            "organization_id": (i + 1) // 2,
            "scheme_id": 1,
            "standard": "ISO 9001:2015",
            "scope": "通用机械零部件的设计、生产和服务",
            "scope_en": "Design, production and service of general machinery parts",
            "sites": [{"name": "总部", "address": f"北京市海淀区学院路{i % 999 + 1}号"}],
            "sectors": [17, 18],
            "issue_date": dt.date(2024, 3, 1),
            "expiry_date": dt.date(2027, 2, 28),
            "original_issue_date": dt.date(2018, 3, 1),
            "status": "suspended" if suspended else "active",
            "status_since": dt.date(2025, 1, 10) if suspended else dt.date(2024, 3, 1),
            "source": "imported",
            "created_at": NOW,
            "updated_at": NOW,
        }


def _entries(n: int) -> Iterator[dict[str, Any]]:
    entry = 0
    for i in range(1, n + 1):
        moves = [("issue", None, "active", "I02", dt.date(2024, 3, 1))]
        if i % 10 == 0:
            moves.append(("suspend", "active", "suspended", "S02", dt.date(2025, 1, 10)))
        for transition, before, after, code, day in moves:
            entry += 1
            yield {
                "id": entry,
                "certificate_id": i,
                "body_id": i % BODIES + 1,
                "transition": transition,
                "from_status": before,
                "to_status": after,
                "reason_code": code,
                "reason": "监督审核发现严重不符合" if before else "",
                "effective_date": day,
                "details": {"source": "import"},
                "recorded_at": NOW,
            }


def _events(entries: int) -> Iterator[dict[str, Any]]:
    for i in range(1, entries + 1):
        yield {
            "id": i,
            "event_type": "certificate.history",
            "subject_type": "certificate_status_changes",
            "subject_id": str(i),
            "actor": "system:bench",
            "occurred_at": NOW,
            "payload": "{}",
        }


def build(path: Path, n: int) -> None:
    """A migrated SQLite file with ``n`` certificates, their entries, events and leaves."""
    url = f"sqlite:///{path}"
    migrations.upgrade(url)
    engine = make_engine(url)
    entries = n + n // 10
    with engine.begin() as conn:
        _fill(conn, "schemes", iter([_scheme()]))
        _fill(conn, "certification_bodies", (_body(b) for b in range(1, BODIES + 1)))
        _fill(conn, "organizations", _holders((n + 1) // 2))
        _fill(conn, "certificates", _certificates(n))
        _fill(conn, "certificate_status_changes", _entries(n))
        _fill(conn, "events", _events(entries))
        leaves = (
            {"leaf_index": i - 1, "event_id": i, "leaf_hash": bytes(32)}
            for i in range(1, entries + 1)
        )
        _fill(conn, "log_leaves", leaves)
    engine.dispose()


def _scheme() -> dict[str, Any]:
    return {
        "id": 1,
        "code": "QMS",
        "name": "质量管理体系认证",
        "name_en": "Quality management systems",
        "kind": "management-system",
        "standard": "ISO 9001:2015",
        "validity_years": 3,
        "surveillance_interval_months": 12,
        "created_at": NOW,
        "updated_at": NOW,
    }


def _body(b: int) -> dict[str, Any]:
    return {
        "id": b,
        "approval_number": f"CNCA-R-2002-{b:03d}",
        "name": f"基准认证中心{b}",
        "name_en": f"Benchmark Certification Centre {b}",
        "region_code": "110000",
        "status": "approved",
        "status_since": dt.date(2002, 1, 1),
        "approved_on": dt.date(2002, 1, 1),
        "created_at": NOW,
        "updated_at": NOW,
    }


# Phases (each in its own process) ----------------------------------------------------------


def raw_csv(db: Path, dataset: Dataset, out: Path) -> int:
    """The same SELECT through the sqlite3 driver, written by csv.writer."""
    sql = str(
        queries.query(dataset).compile(
            dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
        )
    )
    conn = sqlite3.connect(db)
    rows = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        cursor = conn.execute(sql)
        writer.writerow([d[0] for d in cursor.description])
        while chunk := cursor.fetchmany(CHUNK):
            writer.writerows(chunk)
            rows += len(chunk)
    conn.close()
    return rows


def export(db: Path, dataset: Dataset, fmt: Format, out: Path) -> int:
    """:func:`opendata.export_file` on a session of the scratch database."""
    engine = make_engine(f"sqlite:///{db}")
    with make_session_factory(engine)() as session:
        result = opendata.export_file(
            session=session, dataset=dataset, format=fmt, path=out, chunk_rows=CHUNK
        )
    engine.dispose()
    return result.rows


def _status_mib(field: str) -> float:
    """A memory figure of this process from /proc/self/status (``VmRSS``, ``VmHWM``), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def phase_main(args: argparse.Namespace) -> None:
    """Run one phase and print its rows, seconds, memory and file size as JSON.

    Memory is the resident set's high-water mark (``VmHWM``), reset just before the phase
    (``/proc/self/clear_refs``), next to the resident set at that moment: the difference is
    what the export itself needed. (``ru_maxrss`` would also count the parent's peak, which
    Linux carries across ``exec``.)
    """
    db, dataset, out = Path(args.db), Dataset(args.dataset), Path(args.out)
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_mib("VmRSS")
    start = time.perf_counter()
    if args.phase == "raw":
        rows = raw_csv(db, dataset, out)
    else:
        rows = export(db, dataset, Format(args.phase), out)
    seconds = time.perf_counter() - start
    peak = _status_mib("VmHWM")
    size = out.stat().st_size / 2**20
    print(json.dumps({"rows": rows, "seconds": seconds, "peak": peak, "base": before, "mib": size}))


def measure(phase: str, db: Path, dataset: Dataset, folder: Path) -> dict[str, float]:
    suffix = "csv" if phase == "raw" else phase
    out = folder / f"{dataset.value}.{phase}.{suffix}"
    command = [sys.executable, __file__, "--phase", phase, "--db", str(db)]
    command += ["--dataset", dataset.value, "--out", str(out)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    out.unlink()
    out.with_name(out.name + ".sha256").unlink(missing_ok=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="10,000 rows (and 10 x that)")
    parser.add_argument("--phase", choices=PHASES)
    parser.add_argument("--db")
    parser.add_argument("--dataset")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.phase:
        phase_main(args)
        return
    sizes = [10_000 if args.quick else args.rows]
    sizes.append(sizes[0] * args.factor)
    print(f"machine: {describe('pyarrow ' + pyarrow.__version__)}\n")
    print(
        "| data set | certificates | phase | rows | rows/s | vs raw | peak RSS MiB (at start) | file MiB |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="bench-opendata-") as tmp:
        for n in sizes:
            db = Path(tmp) / f"scratch-{n}.db"
            start = time.perf_counter()
            build(db, n)
            print(f"<!-- built {n:,} certificates in {time.perf_counter() - start:.1f} s -->")
            for dataset in Dataset:
                raw = measure("raw", db, dataset, Path(tmp))
                for phase in PHASES:
                    got = raw if phase == "raw" else measure(phase, db, dataset, Path(tmp))
                    rate = got["rows"] / got["seconds"]
                    ratio = rate / (raw["rows"] / raw["seconds"])
                    print(
                        f"| {dataset.value} | {n:,} | {phase} | {int(got['rows']):,} | "
                        f"{rate:,.0f} | {ratio:.2f} | {got['peak']:.0f} ({got['base']:.0f}) | "
                        f"{got['mib']:.1f} |",
                        flush=True,
                    )
            db.unlink()


if __name__ == "__main__":
    main()
