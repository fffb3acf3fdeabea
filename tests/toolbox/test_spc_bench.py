"""Smoke test of the SPC benchmark script (reduced sizes; timings are not checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "bench_toolbox_spc.py"


def test_quick_run_prints_the_table(tmp_path: Path) -> None:
    out = tmp_path / "spc.md"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--repeat", "1", "--out", str(out)],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    assert "| I-MR, 8 Nelson tests | 200,000 values |" in done.stdout
    assert "| X-bar/R, 8 Nelson tests | 40,000 subgroups of 5 |" in done.stdout
    assert "pyspc" in done.stdout
    assert "bytes per value" in done.stdout and "Machine:" in done.stdout
    assert out.read_text().strip() == done.stdout.strip()
