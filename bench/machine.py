"""One line about the machine a benchmark ran on, for docs/benchmarks.md.

Shared by the scripts under ``bench/`` (each runs as ``python bench/bench_x.py``, so this
folder is on ``sys.path``); each adds the versions that matter to it.
"""

from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, or what the platform says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def describe(*extras: str) -> str:
    """CPUs, Python, SQLite, the system, the load average now, then ``extras``."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    parts = [
        f"{platform.machine()}, {os.cpu_count()} CPUs ({cpu_model()})",
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
        f"{platform.system()} {platform.release()}",
        *extras,
        f"load average {load}",
    ]
    return ", ".join(parts)
