"""Benchmark bulk intake of certificates against a raw insert of the same certificate rows.

Generates a CSV of N certificates (IAF MD 28 column names; two certificates per holder; 1 %
each suspended, withdrawn and expired), then, for SQLite (a fresh migrated temporary file)
and, when ``QUALICERT_BENCH_POSTGRES_URL`` names a server, PostgreSQL (a scratch database
created there and dropped afterwards), measures in separate processes:

* **raw**: the certificate rows read from the same CSV with ``csv.reader`` and written with
  ``executemany`` (SQLite, 5,000 rows per call) or ``COPY`` (PostgreSQL, psycopg
  ``cursor.copy``): no validation, no events, no history. The holders are inserted first,
  outside the timing, since certificates reference them.
* **import**: :func:`qualicert.certification.bulk.import_certificates`: every row validated,
  holders registered, certificates, history entries and their events written (two passes
  on SQLite, one streaming pass on PostgreSQL).

Each phase runs in its own process, so its peak memory (``ru_maxrss``) is its own. CPU
seconds are the phase process's own and, on PostgreSQL, those of every process of the local
server (read from ``/proc``; zero when the server runs elsewhere). Prints a markdown table
and the machine it ran on.

Usage::

    python bench/bench_bulk_intake.py [--rows 1000000 | --quick] [--only SQLite|PostgreSQL]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import pwd
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg
from machine import describe
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from qualicert import migrations
from qualicert.accounts.actor import system_actor
from qualicert.certification.bulk import import_certificates
from qualicert.certification.bulk.headers import FIELD_ALIASES
from qualicert.db import make_engine, make_session_factory, transaction
from qualicert.registry import schemas, service
from qualicert.registry.uscc import check_digit

POSTGRES_ENV = "QUALICERT_BENCH_POSTGRES_URL"
REGIONS = ("110108", "310115", "440305", "330106", "510107", "420106")
FIELDS = ("number", "holder_name", "holder_name_en", "uscc", "address", "scheme", "standard")
FIELDS += ("scope", "sectors", "sites", "issue_date", "expiry_date", "original_issue_date")
FIELDS += ("status", "reason_code", "status_date")
HEADER = [FIELD_ALIASES[field][1] for field in FIELDS]  # the IAF CertSearch names
CERT_COLUMNS = ("body_id", "number", "organization_id", "scheme_id", "standard", "scope")
CERT_COLUMNS += ("scope_en", "sites", "sectors", "issue_date", "expiry_date")
CERT_COLUMNS += ("original_issue_date", "status", "status_since", "source")
CERT_COLUMNS += ("created_at", "updated_at")
STATUSES = {  # one certificate in a hundred each: suspended, withdrawn, expired
    0: ("suspended", "S02", "2025-01-10"),
    1: ("withdrawn", "W02", "2025-02-20"),
    2: ("expired", "", ""),
}
SYSTEM = system_actor("bench")


def uscc(serial: int) -> str:
    first17 = f"91{REGIONS[serial % len(REGIONS)]}{serial:08d}X"[:17]
    return first17 + check_digit(first17)


def generate(path: Path, rows: int) -> None:
    """Write ``rows`` certificates; holder ``i // 2`` holds certificates ``i``."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(rows):
            holder, kind = i // 2, i % 100
            dates = ("2019-03-01", "2022-02-28") if kind == 2 else ("2024-03-01", "2027-02-28")
            address = f"北京市海淀区学院路{holder % 999 + 1}号"
            name = (f"测试机械制造有限公司{holder}", f"Test Machinery Co., Ltd. {holder}")
            scheme = ("QMS", "ISO 9001:2015", "通用机械零部件的设计、生产和服务", "17;18")
            status = STATUSES.get(kind, ("active", "", ""))
            first = (f"00124Q{i:09d}R0M", *name, uscc(holder), address, *scheme)
            writer.writerow((*first, f"总部|{address}", *dates, "2018-03-01", *status))


def setup_body(url: str) -> tuple[int, int]:
    """A scheme and an approved body with it in scope, through the services."""
    qms = schemas.SchemeCreate(
        code="QMS", name="质量管理体系认证", kind="management-system", standard="ISO 9001:2015"
    )
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as session:
        scheme = service.create_scheme(session=session, actor=SYSTEM, data=qms)
        body = schemas.BodyCreate(
            approval_number="CNCA-R-2002-001",
            name="基准认证中心",
            region_code="110000",
            approved_on=dt.date(2002, 1, 1),
            scheme_ids=[scheme.id],
        )
        return service.create_body(session=session, actor=SYSTEM, data=body).id, scheme.id


# Phases (each in its own process) ----------------------------------------------------------


def _holders(path: Path) -> dict[str, tuple[Any, ...]]:
    """(uscc, name, name_en, region, address) of each holder in the file."""
    found: dict[str, tuple[Any, ...]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for c in itertools.islice(csv.reader(f), 1, None):
            found.setdefault(c[3], (c[3], c[1], c[2], c[3][2:8], c[4]))
    return found


def _certificate_rows(
    path: Path, ids: dict[str, int], body_id: int, scheme_id: int
) -> Iterator[tuple[Any, ...]]:
    now = dt.datetime.now(dt.UTC).isoformat()
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for c in reader:
            name, _, address = c[9].partition("|")
            sites = json.dumps([{"name": name, "address": address}], ensure_ascii=False)
            sectors = json.dumps([int(s) for s in c[8].split(";")])
            fixed = (c[6], c[7], "", sites, sectors, c[10], c[11], c[12], c[13])
            yield (
                body_id,
                c[0],
                ids[c[3]],
                scheme_id,
                *fixed,
                c[15] or c[10],
                "imported",
                now,
                now,
            )


def _chunks(rows: Iterator[tuple[Any, ...]], size: int = 5_000) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class Timing:
    """Wall seconds, this process's CPU seconds and the local server's, over the timed part."""

    seconds: float = 0.0
    cpu: float = 0.0
    server_cpu: float = 0.0


@contextmanager
def timed(server: bool) -> Iterator[Timing]:
    """Time the block; ``server`` adds the local PostgreSQL's CPU (:func:`server_cpu`)."""
    timing = Timing()
    start, cpu, used = time.perf_counter(), time.process_time(), server_cpu() if server else 0.0
    yield timing
    timing.seconds, timing.cpu = time.perf_counter() - start, time.process_time() - cpu
    timing.server_cpu = server_cpu() - used if server else 0.0


def raw_sqlite(url: str, path: Path, body_id: int, scheme_id: int, lists: bool = False) -> Timing:
    """``executemany`` of the certificate rows (or, with ``lists``, multi-row VALUES lists
    of up to 999 parameters, the form the import itself writes with)."""
    con = sqlite3.connect(make_url(url).database or "")
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
        con.execute(f"PRAGMA {pragma}")
    today, now = dt.date.today().isoformat(), dt.datetime.now(dt.UTC).isoformat()
    con.executemany(
        "INSERT INTO organizations (uscc, name, name_en, region_code, address, status, "
        "status_since, created_at, updated_at) VALUES (?,?,?,?,?,'active',?,?,?)",
        ((*h, today, now, now) for h in _holders(path).values()),
    )
    con.commit()
    ids = dict(con.execute("SELECT uscc, id FROM organizations"))
    one = "(" + ", ".join("?" * len(CERT_COLUMNS)) + ")"
    sql = f"INSERT INTO certificates ({', '.join(CERT_COLUMNS)}) VALUES "
    per = 999 // len(CERT_COLUMNS)
    with timed(server=False) as timing:
        for chunk in _chunks(_certificate_rows(path, ids, body_id, scheme_id)):
            if not lists:
                con.executemany(sql + one, chunk)
                continue
            for i in range(0, len(chunk), per):
                part = chunk[i : i + per]
                con.execute(sql + ", ".join([one] * len(part)), [v for row in part for v in row])
        con.commit()
    return timing


def raw_postgres(url: str, path: Path, body_id: int, scheme_id: int) -> Timing:
    with psycopg.connect(url) as con, con.cursor() as cur:
        today, now = dt.date.today(), dt.datetime.now(dt.UTC)
        with cur.copy(
            "COPY organizations (uscc, name, name_en, region_code, address, status, "
            "status_since, created_at, updated_at) FROM STDIN"
        ) as copy:
            for h in _holders(path).values():
                copy.write_row((*h, "active", today, now, now))
        con.commit()
        ids = dict(cur.execute("SELECT uscc, id FROM organizations").fetchall())
        with timed(server=True) as timing:
            with cur.copy(f"COPY certificates ({', '.join(CERT_COLUMNS)}) FROM STDIN") as copy:
                for row in _certificate_rows(path, ids, body_id, scheme_id):
                    copy.write_row(row)
            con.commit()
        return timing


def run_import(url: str, path: Path, body_id: int) -> Timing:
    factory = make_session_factory(make_engine(url))
    shown: set[tuple[str, int]] = set()

    def progress(phase: str, done: int, total: int) -> None:
        step = (phase, 10 * done // max(total, 1))
        if step not in shown:
            shown.add(step)
            print(f"  {phase} {10 * step[1]} %", file=sys.stderr, flush=True)

    with timed(server=url.startswith("postgresql")) as timing:
        report = import_certificates(
            factory=factory,
            actor=SYSTEM,
            body_id=body_id,
            source=path,
            format="csv",
            progress=progress,
        )
    if not report.applied or report.refused:
        raise SystemExit(f"import refused rows: {report.errors[:3]}")
    return timing


def server_cpu() -> float:
    """CPU seconds used so far by every process of the local PostgreSQL server (its user's).

    The backends and the WAL writer, checkpointer and background writer all count: they do
    the work the client's statements cause. Zero when no such process is visible.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if proc.stat().st_uid != _postgres_uid():
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _postgres_uid() -> int:
    try:
        return pwd.getpwnam("postgres").pw_uid
    except KeyError:
        return -1


def phase_main(args: argparse.Namespace) -> None:
    """Child process: run one phase, print wall and CPU seconds and peak memory as JSON.

    All cover the same timed part. CPU seconds are this process's own (on SQLite all the
    work, the database running in the process; steadier than wall time on a shared machine)
    and, on PostgreSQL, the local server's.
    """
    path = Path(args.csv)
    if args.phase == "import":
        timing = run_import(args.url, path, args.body)
    elif args.url.startswith("sqlite"):
        lists = args.phase == "raw-lists"
        timing = raw_sqlite(args.url, path, args.body, args.scheme, lists)
    else:
        timing = raw_postgres(args.url, path, args.body, args.scheme)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(asdict(timing) | {"peak_mib": peak}))


# Orchestration -----------------------------------------------------------------------------


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh migrated database: an SQLite file, or a scratch PostgreSQL database."""
    if kind == "SQLite":
        url = f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
        migrations.upgrade(url)
        yield url
        return
    server = make_url(os.environ[POSTGRES_ENV]).set(drivername="postgresql+psycopg")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"qualicert_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        migrations.upgrade(url)
        yield url.replace("postgresql+psycopg://", "postgresql://")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure(kind: str, phase: str, folder: Path, path: Path) -> dict[str, float]:
    with database(kind, folder) as url:
        body_id, scheme_id = setup_body(url)
        command = [
            sys.executable,
            __file__,
            "--phase",
            phase,
            "--url",
            url,
            "--csv",
            str(path),
            "--body",
            str(body_id),
            "--scheme",
            str(scheme_id),
        ]
        print(f"{kind} {phase} ...", file=sys.stderr, flush=True)
        done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
        result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        if kind == "SQLite":
            os.remove(make_url(url).database or "")
        return result


def row(kind: str, note: str, rows: int, raw: dict[str, float], full: dict[str, float]) -> str:
    """One line of the results table.

    The CPU ratio compares all the work each side caused: the client process's CPU plus,
    on PostgreSQL, the server's (on SQLite the database runs in the client).
    """
    raw_rate, import_rate = rows / raw["seconds"], rows / full["seconds"]
    work = {
        name: m["cpu"] + m.get("server_cpu", 0.0) for name, m in (("raw", raw), ("import", full))
    }
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"| {kind}{note} | {rows:,} | {raw_rate:,.0f} | {import_rate:,.0f} | "
        f"{import_rate / raw_rate:.1%} | {work['raw'] / work['import']:.1%} | "
        f"{_cpu(raw)} | {_cpu(full)} | {raw['peak_mib']:,.0f} | {full['peak_mib']:,.0f} | {load} |"
    )


def _cpu(measured: dict[str, float]) -> str:
    """Client CPU seconds, and the server's after a plus where there is a server."""
    server = measured.get("server_cpu", 0.0)
    return f"{measured['cpu']:.1f}" + (f" + {server:.1f}" if server else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 rows")
    parser.add_argument("--only", choices=("SQLite", "PostgreSQL"), help="one database")
    parser.add_argument("--phase", choices=("raw", "raw-lists", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--body", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--scheme", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase_main(args)
        return
    rows = 20_000 if args.quick else args.rows
    kinds = ["SQLite"] + (["PostgreSQL"] if os.environ.get(POSTGRES_ENV) else [])
    kinds = [kind for kind in kinds if args.only in (None, kind)]
    with tempfile.TemporaryDirectory(prefix="qualicert-bulk-") as tmp:
        folder = Path(tmp)
        path = folder / "certificates.csv"
        generate(path, rows)
        print(f"{rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB of CSV", file=sys.stderr)
        table = [
            "| database | rows | raw insert rows/s | import rows/s | import / raw (wall) "
            "| import / raw (CPU) | raw CPU s (client + server) | import CPU s "
            "| raw peak MiB | import peak MiB | load average |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for kind in kinds:
            raw = measure(kind, "raw", folder, path)
            full = measure(kind, "import", folder, path)
            table.append(row(kind, "", rows, raw, full))
            if kind == "SQLite":
                lists = measure(kind, "raw-lists", folder, path)
                table.append(row(kind, " (raw as VALUES lists)", rows, lists, full))
    print("\n".join(table))
    print(f"\nMachine: {describe()}")


if __name__ == "__main__":
    main()
