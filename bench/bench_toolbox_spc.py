"""Benchmark qualicert.toolbox.spc: control charts with all eight Nelson rules.

Compares, in one run:

* I-MR with the eight Nelson tests on 10,000,000 individual values, and X-bar/R with the eight
  Nelson tests on 2,000,000 subgroups of 5, against a single vectorised numpy pass that
  computes the same statistics (means, ranges, moving ranges, centre lines and limits, no run
  rules): the practical limit. Target: within 3x of it.
* The same charts on 100,000 values against pyspc (a development-only peer, installed with the
  ``bench`` extra). pyspc computes its charts in Python loops and checks two rules (beyond the
  limits, 7 on one side); its rule checks draw on a matplotlib axis, replaced here by a stub
  that does nothing, so its time is computation only. Target: at least 20x faster.
* Peak traced memory (tracemalloc) of the I-MR call at two sizes, to show it is linear in n.

Prints a markdown table and writes nothing unless ``--out FILE`` is given. ``--quick`` runs
reduced sizes (used by the smoke test).

Usage::

    python bench/bench_toolbox_spc.py [--quick] [--repeat 3] [--out results.md]
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
from machine import describe

from qualicert.toolbox import spc
from qualicert.toolbox.constants import D3, D4, d2

FULL = {"imr": 10_000_000, "xbar": 2_000_000, "peer": 100_000}
QUICK = {"imr": 200_000, "xbar": 40_000, "peer": 10_000}


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    """Smallest wall-clock time of ``repeat`` calls (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def numpy_imr(x: np.ndarray) -> tuple[float, ...]:
    """One vectorised pass: centre, moving ranges, sigma and both charts' limits."""
    center = x.mean()
    mr = np.abs(np.diff(x))
    mrbar = mr.mean()
    sigma = mrbar / d2(2)
    return center - 3 * sigma, center + 3 * sigma, D3(2) * mrbar, D4(2) * mrbar


def numpy_xbar_r(g: np.ndarray) -> tuple[float, ...]:
    """One vectorised pass: subgroup means and ranges (column-wise, the faster numpy way)."""
    means, high, low = g[:, 0].copy(), g[:, 0].copy(), g[:, 0].copy()
    for j in range(1, g.shape[1]):
        means += g[:, j]
        np.maximum(high, g[:, j], out=high)
        np.minimum(low, g[:, j], out=low)
    means /= g.shape[1]
    ranges = high - low
    center, rbar = means.mean(), ranges.mean()
    a2 = 3 / (d2(g.shape[1]) * np.sqrt(g.shape[1]))
    return center - a2 * rbar, center + a2 * rbar, D3(g.shape[1]) * rbar, D4(g.shape[1]) * rbar


def all_rules(result: spc.ChartPair) -> int:
    """Touch every rule's flagged indices (what a caller reads)."""
    return sum(idx.size for _, idx in result.location.hits)


class _StubAxis:
    def plot(self, *args: Any, **kwargs: Any) -> None:
        return None


def pyspc_runs(x: np.ndarray, g: np.ndarray) -> tuple[Callable[[], Any], Callable[[], Any]] | str:
    """pyspc's I-MR and X-bar/R computations with its rules, or why it cannot run."""
    try:
        import pyspc  # type: ignore[import-untyped]
    except Exception as exc:  # any failure to import is reported, not raised
        return f"pyspc could not be imported on Python {platform.python_version()}: {exc!r}"

    def imr() -> Any:
        values, center, lcl, ucl, _ = pyspc.xmr().plot(x, 1, None)
        pyspc.mr().plot(x, 1, None)
        return pyspc.rules().plot_violation_points(_StubAxis(), values, center, lcl, ucl)

    def xbar() -> Any:
        values, center, lcl, ucl, _ = pyspc.xbar_rbar().plot(g, g.shape[1], None)
        pyspc.rbar().plot(g, g.shape[1], None)
        return pyspc.rules().plot_violation_points(_StubAxis(), values, center, lcl, ucl)

    return imr, xbar


def peak_bytes(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def row(case: str, size: str, ours: float, ref: str, theirs: float, target: str, met: str) -> str:
    ratio = ours / theirs if "numpy" in ref else theirs / ours
    kind = "x the numpy time" if "numpy" in ref else "x faster"
    return (
        f"| {case} | {size} | {ours:.3f} | {ref} | {theirs:.3f} | {ratio:.2f}{kind} | {target} "
        f"| {met} |"
    )


def imr_row(rng: np.random.Generator, n: int, repeat: int) -> tuple[str, float, float]:
    x = rng.normal(10.0, 1.0, n)
    ours = best_of(repeat, lambda: all_rules(spc.imr(x)))
    return f"{n:,} values", ours, best_of(repeat, lambda: numpy_imr(x))


def xbar_row(rng: np.random.Generator, m: int, repeat: int) -> tuple[str, float, float]:
    g = rng.normal(10.0, 1.0, (m, 5))
    ours = best_of(repeat, lambda: all_rules(spc.xbar_r(g)))
    return f"{m:,} subgroups of 5", ours, best_of(repeat, lambda: numpy_xbar_r(g))


def run(sizes: dict[str, int], repeat: int, quick: bool) -> list[str]:
    rng = np.random.default_rng(20240601)
    lines = [
        "| case | data | qualicert (s) | reference | reference (s) | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for case, (data, ours, base) in (
        ("I-MR, 8 Nelson tests", imr_row(rng, sizes["imr"], repeat)),
        ("X-bar/R, 8 Nelson tests", xbar_row(rng, sizes["xbar"], repeat)),
    ):
        met = "-" if quick else ("yes" if ours <= 3 * base else "NO")
        lines.append(row(case, data, ours, "numpy pass", base, "<= 3x", met))
    return lines + peer_rows(rng, sizes["peer"], repeat, quick)


def peer_rows(rng: np.random.Generator, n: int, repeat: int, quick: bool) -> list[str]:
    x = rng.normal(10.0, 1.0, n)
    g = x.reshape(-1, 5)
    peer = pyspc_runs(x, g)
    if isinstance(peer, str):
        return ["", f"pyspc comparison skipped: {peer}"]
    out = []
    for (case, data, ours_fn), theirs_fn in zip(
        [("I-MR", f"{n:,} values", lambda: all_rules(spc.imr(x))),
         ("X-bar/R", f"{g.shape[0]:,} subgroups of 5", lambda: all_rules(spc.xbar_r(g)))],
        peer, strict=True,
    ):  # fmt: skip
        ours = best_of(repeat, ours_fn)
        theirs = best_of(max(1, repeat - 1), theirs_fn)
        label = f"{case}, 8 Nelson tests"
        met = "-" if quick else ("yes" if theirs >= 20 * ours else "NO")
        out.append(row(label, data, ours, "pyspc 0.4 (2 rules)", theirs, ">= 20x", met))
    return out


def memory_lines(n: int) -> list[str]:
    lines = [
        "",
        "| I-MR memory | values | peak traced (MB) | bytes per value |",
        "|---|---|---|---|",
    ]
    for size in (n // 4, n):
        x = np.random.default_rng(1).normal(10.0, 1.0, size)
        peak = peak_bytes(lambda x=x: all_rules(spc.imr(x)))
        lines.append(f"| I-MR, 8 Nelson tests | {size:,} | {peak / 1e6:.1f} | {peak / size:.1f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes for a smoke test")
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions (best kept)")
    parser.add_argument("--out", help="also write the markdown to this file")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    started = time.perf_counter()
    lines = [f"Machine: {describe('numpy ' + np.__version__)}", ""]
    lines += run(sizes, max(1, args.repeat), args.quick)
    if args.quick:
        lines.append("\n(--quick: reduced sizes; the targets apply to the full run.)")
    lines += memory_lines(sizes["imr"] // 2)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += ["", f"Peak RSS of the whole run: {rss:.0f} MB; total time "
              f"{time.perf_counter() - started:.1f} s."]  # fmt: skip
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
