"""Benchmark the HTTP server: ``GET /api/v1/verify/{number}`` against ``GET /api/v1/health``.

In one run, on a scratch SQLite database filled by ``qualicert demo --scale small`` (in a
temporary folder, rate limiting off, jobs off), or on the demo database given by ``--sqlite``
(the ``national`` one for the recorded figures):

* for each ASGI server (``qualicert serve`` itself, then uvicorn with httptools and uvloop,
  uvicorn with h11 and asyncio, Granian, Hypercorn; one worker each, access logs off except
  in ``qualicert serve``), started in a subprocess on loopback;
* wrk (one thread, ``--connections`` connections, ``--seconds`` each) drives the health
  endpoint (the baseline the target is set against: a ping and the schema revision, two
  small queries), a route with no database at all (``/api/v1/reason-codes``, a constant
  list: the cost of the server and framework alone) and the verification of real
  certificate numbers, rotated by a Lua script, in ``--rounds`` alternating rounds;
* prints requests/s, p50 and p99 latency, verify / health (target: at least 70 %) and
  verify / no-database route, as a markdown table, with the machine.

``uvicorn-limited`` is uvicorn with the rate limiter on (a limit too high to refuse), to show
what the middleware costs an anonymous caller.

wrk comes from Debian (``apt-get install -y wrk``); Granian and Hypercorn from the ``bench``
extra (``pip install -e '.[bench]'``). A server that is not installed is skipped and said so.

Usage::

    python bench/bench_http.py [--seconds 10] [--connections 16] [--rounds 2] [--sqlite FILE]
                               [--servers serve,uvicorn,uvicorn-limited,uvicorn-h11,...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import httpx
from machine import describe

BIN = Path(sys.executable).parent
APP = "qualicert.web.app:create_app"
HEALTH = "/api/v1/health"
NO_DB = "/api/v1/reason-codes"
TARGET = 0.70


def server_commands(port: int) -> dict[str, list[str]]:
    """How to start each server on ``port`` (one worker, the app built by its factory)."""
    host = "127.0.0.1"
    uvicorn = [str(BIN / "python"), "-m", "uvicorn", "--factory", APP, "--host", host]
    uvicorn += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
    return {
        "serve": [str(BIN / "qualicert"), "serve", "--host", host, "--port", str(port)],
        "uvicorn": [*uvicorn, "--http", "httptools", "--loop", "uvloop"],
        "uvicorn-limited": [*uvicorn, "--http", "httptools", "--loop", "uvloop"],
        "uvicorn-h11": [*uvicorn, "--http", "h11", "--loop", "asyncio"],
        "granian": [
            str(BIN / "granian"), "--interface", "asgi", "--factory", "--host", host,
            "--port", str(port), "--workers", "1", "--no-access-log", "--log-level", "warning",
            APP,
        ],
        "hypercorn": [
            str(BIN / "hypercorn"), f"{APP}()", "--bind", f"{host}:{port}",
            "--workers", "1", "--log-level", "warning",
        ],
    }  # fmt: skip


NEEDS = {
    "serve": "uvicorn",
    "uvicorn": "httptools",
    "uvicorn-limited": "httptools",
    "uvicorn-h11": "uvicorn",
    "granian": "granian",
    "hypercorn": "hypercorn",
}


@dataclass(frozen=True)
class Load:
    """What wrk measured for one endpoint."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(output: str) -> Load:
    """Requests/s, p50 and p99 from ``wrk --latency`` output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    pct = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    p50, p99 = (re.fullmatch(r"([\d.]+)(\w+)", pct[k]) for k in ("50", "99"))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*?read (\d+), write (\d+), timeout (\d+)", output)
    failed = int(bad.group(1)) if bad else 0
    failed += sum(int(g) for g in errors.groups()) if errors else 0
    return Load(rps, _ms(*p50.groups()), _ms(*p99.groups()), failed)  # type: ignore[union-attr]


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> Load:
    """One wrk run on ``url``."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def rotation_script(folder: Path, numbers: list[str]) -> Path:
    """A wrk Lua script asking for each certificate number in turn."""
    listed = ",".join(f'"{n}"' for n in numbers)
    path = folder / "verify.lua"
    path.write_text(
        f"local numbers = {{{listed}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #numbers + 1\n"
        '  return wrk.format("GET", "/api/v1/verify/" .. numbers[i])\n'
        "end\n",
        "utf-8",
    )
    return path


def demo_database(database: Path, env: dict[str, str], given: bool) -> list[str]:
    """Fill the scratch database with the small demo unless one was given; its numbers."""
    if not given:
        subprocess.run(
            [str(BIN / "qualicert"), "demo", "--scale", "small"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT number FROM certificates GROUP BY number HAVING count(*) = 1 "
            "ORDER BY number LIMIT 2000"
        ).fetchall()
    return [r[0] for r in rows]


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(name: str, env: dict[str, str]) -> Iterator[str]:
    """Start server ``name`` and yield its base URL once health answers; stop it after."""
    port = free_port()
    process = subprocess.Popen(
        server_commands(port)[name],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited: {process.stderr.read()[-2000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(base + HEALTH, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def check_verdicts(base: str, numbers: list[str]) -> dict[str, int]:
    """Every number is found (VALID or NOT_CURRENT), so the load measures real look-ups."""
    verdicts: dict[str, int] = {}
    for number in numbers:
        verdict = httpx.get(f"{base}/api/v1/verify/{number}").json()["verdict"]
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    if set(verdicts) - {"VALID", "NOT_CURRENT"}:
        raise RuntimeError(f"unexpected verdicts {verdicts}")
    return verdicts


def measure(
    name: str, env: dict[str, str], numbers: list[str], script: Path, args: argparse.Namespace
) -> tuple[Load, Load, Load]:
    """Median over rounds of health, the no-database route and verify on server ``name``."""
    if name == "uvicorn-limited":
        env = env | {
            "QUALICERT_RATE_LIMIT_PER_MINUTE": "1e12",
            "QUALICERT_RATE_LIMIT_BURST": "1000000000",
        }
    with running(name, env) as base:
        check_verdicts(base, numbers)
        wrk(base + HEALTH, 2, args.connections)  # warm up
        wrk(base + "/", 2, args.connections, script)
        runs: dict[str, list[Load]] = {"health": [], "no_db": [], "verify": []}
        for _ in range(args.rounds):
            runs["health"].append(wrk(base + HEALTH, args.seconds, args.connections))
            runs["no_db"].append(wrk(base + NO_DB, args.seconds, args.connections))
            runs["verify"].append(wrk(base + "/", args.seconds, args.connections, script))
    return median(runs["health"]), median(runs["no_db"]), median(runs["verify"])


def median(loads: list[Load]) -> Load:
    """The round with the median throughput (the higher middle one for an even count)."""
    return sorted(loads, key=lambda x: x.rps)[len(loads) // 2]


def row(name: str, health: Load, no_db: Load, verify: Load) -> str:
    """One markdown row of the table."""
    ratio = verify.rps / health.rps
    flag = "" if ratio >= TARGET else " (below 70 %)"
    failed = health.errors + no_db.errors + verify.errors
    cells = [f"{x.rps:,.0f} ({x.p50_ms:.1f} / {x.p99_ms:.1f})" for x in (health, no_db, verify)]
    note = f" ({failed} failed requests)" if failed else ""
    return (
        f"| {name}{note} | {' | '.join(cells)} | {ratio:.0%}{flag} | {verify.rps / no_db.rps:.0%} |"
    )


def installed(module: str) -> str | None:
    """The version of a distribution, or None."""
    try:
        return metadata.version(module)
    except metadata.PackageNotFoundError:
        return None


def machine() -> str:
    """One line about the machine and the tools."""
    versions = ", ".join(
        f"{p} {installed(p)}"
        for p in ("fastapi", "starlette", "uvicorn", "uvloop", "httptools", "granian", "hypercorn")
        if installed(p)
    )
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[:2]
    return describe(" ".join(wrk_version), versions)


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--sqlite", type=Path, help="an existing demo database (the national one for the figures)"
    )
    parser.add_argument(
        "--servers", default="serve,uvicorn,uvicorn-limited,uvicorn-h11,granian,hypercorn"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("skipped: wrk is not installed; run `apt-get install -y wrk` (Debian) and try again")
        return 0
    with tempfile.TemporaryDirectory(prefix="qualicert-bench-http-") as tmp:
        folder = Path(tmp)
        database = args.sqlite.resolve() if args.sqlite else folder / "qualicert.db"
        env = os.environ | {
            "QUALICERT_VAR_DIR": str(folder),
            "QUALICERT_DATABASE_URL": f"sqlite:///{database}",
            "QUALICERT_RATE_LIMIT_PER_MINUTE": "0",
            "QUALICERT_JOBS_INTERVAL_SECONDS": "0",
        }
        numbers = demo_database(database, env, given=args.sqlite is not None)
        script = rotation_script(folder, numbers)
        source = str(args.sqlite) if args.sqlite else "the small demo"
        print(f"{len(numbers)} certificate numbers from {source}; {machine()}\n")
        print(
            "| server | health req/s (p50 / p99 ms) | no-DB route req/s (p50 / p99 ms) "
            "| verify req/s (p50 / p99 ms) | verify / health | verify / no-DB |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for name in args.servers.split(","):
            if installed(NEEDS[name]) is None:
                print(f"| {name} | not installed (pip install -e '.[bench]') | | | | |")
                continue
            print(row(name, *measure(name, env, numbers, script, args)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
