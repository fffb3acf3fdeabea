"""Run rules (tests for special causes): Western Electric 1-4 and Nelson 1-8.

Every test flags the point that *completes* its pattern (as Minitab does). Zone lines are at
``center +/- k * se`` where ``se`` is the standard error of the plotted statistic; the test for
points beyond the limits uses the chart's own (possibly truncated) limits.

=====  ==========================================================  ===================
Nelson pattern                                                      Western Electric
=====  ==========================================================  ===================
1      one point beyond the control limits                         1
2      ``run_length`` (9; 7 and 8 are common) in a row on one side  4 (run of 8)
3      ``trend_length`` (6) in a row steadily rising or falling
4      ``alternating_length`` (14; 15 in some texts) alternating
5      2 of 3 in a row beyond 2 sigma, same side                   2
6      4 of 5 in a row beyond 1 sigma, same side                   3
7      15 in a row within 1 sigma, either side
8      8 in a row beyond 1 sigma, either side
=====  ==========================================================  ===================

For tests 5 and 6 the flagged (last) point must itself lie in the zone. A point on the centre
line breaks a run of test 2; a tie breaks a trend (3) or an alternation (4).

The tests run as vectorised boolean sliding windows (doubling for runs, shifted sums for
"m of k"), block by block so that the working set stays in cache; there is no Python loop
over points.

References
----------
.. [1] Nelson, L. S. (1984). The Shewhart control chart -- tests for special causes.
   *Journal of Quality Technology* 16(4), 237-239.
.. [2] Western Electric Company (1956). *Statistical Quality Control Handbook*.
.. [3] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   section 5.3.6.
.. [4] NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2 (WECO rules).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["RuleSet", "apply_rules", "limits_only", "nelson", "resolve", "western_electric"]

Bound = float | NDArray[np.float64]
Hits = tuple[tuple[str, NDArray[np.intp]], ...]

_BLOCK = 1 << 17  # points per block: large enough to amortise call overhead
_RULE_NAMES = "nelson, western_electric, limits"


@dataclass(frozen=True)
class RuleSet:
    """A set of run rules to apply to a control chart.

    Attributes
    ----------
    name : str
        ``"nelson"``, ``"western_electric"`` or ``"limits"``.
    tests : tuple of (str, int)
        ``(label, nelson_test)`` pairs: the label shown for a violation and the Nelson test
        (1-8) that implements it.
    run_length : int
        Points in a row on one side of the centre line (Nelson 2, Western Electric 4).
    trend_length : int
        Points in a row steadily increasing or decreasing (Nelson 3).
    alternating_length : int
        Points in a row alternating up and down (Nelson 4).
    """

    name: str
    tests: tuple[tuple[str, int], ...]
    run_length: int = 9
    trend_length: int = 6
    alternating_length: int = 14

    @property
    def labels(self) -> tuple[str, ...]:
        """The violation labels, in the order the tests are applied."""
        return tuple(label for label, _ in self.tests)

    @property
    def lookback(self) -> int:
        """Points before a flagged point that a test may look at."""
        return max(self.run_length, self.trend_length, self.alternating_length, 15) - 1


def _length(name: str, value: int, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise ValueError(f"{name} {value!r} is not allowed; it must be an integer >= {low}")
    return int(value)


def nelson(
    tests: Sequence[int] = (1, 2, 3, 4, 5, 6, 7, 8),
    *,
    run_length: int = 9,
    trend_length: int = 6,
    alternating_length: int = 14,
) -> RuleSet:
    """Nelson's eight tests (or a subset), labelled ``"1"`` to ``"8"``.

    Known variants: ``run_length`` 7 (AIAG), 8 (Western Electric) or 9 (Nelson, Minitab);
    ``alternating_length`` 14 (Nelson) or 15.
    """
    chosen = tuple(dict.fromkeys(int(t) for t in tests))
    bad = [t for t in chosen if t not in range(1, 9)]
    if bad or not chosen:
        raise ValueError(f"Nelson tests {list(tests)!r} are not allowed; choose from 1 to 8")
    return RuleSet(
        "nelson",
        tuple((str(t), t) for t in sorted(chosen)),
        run_length=_length("run_length", run_length, 2),
        trend_length=_length("trend_length", trend_length, 3),
        alternating_length=_length("alternating_length", alternating_length, 3),
    )


def western_electric(tests: Sequence[int] = (1, 2, 3, 4), *, run_length: int = 8) -> RuleSet:
    """The Western Electric zone rules 1-4 (rule 4: ``run_length`` on one side, 8)."""
    mapping = {1: 1, 2: 5, 3: 6, 4: 2}
    chosen = tuple(dict.fromkeys(int(t) for t in tests))
    bad = [t for t in chosen if t not in mapping]
    if bad or not chosen:
        raise ValueError(f"Western Electric rules {list(tests)!r} are not allowed; choose 1-4")
    pairs = tuple((str(t), mapping[t]) for t in sorted(chosen))
    return RuleSet("western_electric", pairs, run_length=_length("run_length", run_length, 2))


def limits_only() -> RuleSet:
    """Only the test for points beyond the control limits (labelled ``"1"``)."""
    return RuleSet("limits", (("1", 1),))


def resolve(rules: RuleSet | str) -> RuleSet:
    """Return ``rules`` as a :class:`RuleSet`; strings name one of the standard sets."""
    if isinstance(rules, RuleSet):
        return rules
    factories = {"nelson": nelson, "western_electric": western_electric, "we": western_electric}
    if rules == "limits":
        return limits_only()
    if isinstance(rules, str) and rules in factories:
        return factories[rules]()
    raise ValueError(f"rules {rules!r} is not one of {_RULE_NAMES} (or a RuleSet)")


def _runs(mask: NDArray[np.bool_], k: int) -> NDArray[np.bool_]:
    """``out[j]`` is true when ``mask[j .. j+k-1]`` are all true (doubling windows)."""
    acc, span = mask, 1
    while span < k and acc.size:
        step = min(span, k - span)
        acc = acc[:-step] & acc[step:]
        span += step
    return acc


def _either_runs(a: NDArray[np.bool_], b: NDArray[np.bool_], k: int) -> NDArray[np.intp]:
    """Indices ending a run of ``k`` trues in ``a`` or in ``b`` (disjoint masks)."""
    return np.flatnonzero(_runs(a, k) | _runs(b, k)) + (k - 1)


def _counts(mask: NDArray[np.bool_], k: int, start: bool) -> NDArray[np.uint8]:
    """Trues among the last ``k`` points, ending at each point (zeros before a series start)."""
    if start:
        mask = np.concatenate((np.zeros(k - 1, dtype=np.bool_), mask))
    u = mask.view(np.uint8)
    count = u[k - 1 :] + u[k - 2 : u.size - 1]
    for lag in range(2, k):
        count += u[k - 1 - lag : u.size - lag]
    return count


def _m_of_k(
    hi: NDArray[np.bool_], lo: NDArray[np.bool_], k: int, need: int, start: bool
) -> NDArray[np.intp]:
    """Points in ``hi`` (``lo``) with at least ``need`` of the last ``k`` in ``hi`` (``lo``)."""
    shift = 0 if start else k - 1
    high = (_counts(hi, k, start) >= need) & hi[shift:]
    return np.flatnonzero(high | ((_counts(lo, k, start) >= need) & lo[shift:])) + shift


def _slice(value: Bound, lo: int, hi: int) -> Bound:
    return value if isinstance(value, float) else value[lo:hi]


def _block(
    x: NDArray[np.float64], c: Bound, s: Bound, lcl: Bound, ucl: Bound, rs: RuleSet, start: bool
) -> dict[int, NDArray[np.intp]]:
    """Flagged indices (block-relative) for each Nelson test used by ``rs``."""
    used = {t for _, t in rs.tests}
    beyond = x > ucl
    if not (isinstance(lcl, float) and lcl == -np.inf):
        beyond |= x < lcl
    out: dict[int, NDArray[np.intp]] = {1: np.flatnonzero(beyond)}
    if 2 in used:
        out[2] = _either_runs(x > c, x < c, rs.run_length)
    if used & {3, 4}:
        up, down = x[1:] > x[:-1], x[1:] < x[:-1]
        out[3] = _either_runs(up, down, rs.trend_length - 1) + 1
        alt = (up[:-1] & down[1:]) | (down[:-1] & up[1:])
        out[4] = np.flatnonzero(_runs(alt, rs.alternating_length - 2)) + (rs.alternating_length - 1)
    if used & {5, 6, 7, 8}:
        hi1, lo1 = x > c + s, x < c - s
        out[5] = _m_of_k(x > c + 2.0 * s, x < c - 2.0 * s, 3, 2, start)
        out[6] = _m_of_k(hi1, lo1, 5, 4, start)
        outer = hi1 | lo1
        out[7] = np.flatnonzero(_runs(~outer, 15)) + 14
        out[8] = np.flatnonzero(_runs(outer, 8)) + 7
    return out


def _segment(
    x: NDArray[np.float64], c: Bound, s: Bound, lcl: Bound, ucl: Bound, rs: RuleSet
) -> dict[int, list[NDArray[np.intp]]]:
    """Apply the tests block by block, each block overlapping the previous by the lookback."""
    found: dict[int, list[NDArray[np.intp]]] = {t: [] for _, t in rs.tests}
    for start in range(0, x.size, _BLOCK):
        lo, hi = max(0, start - rs.lookback), min(x.size, start + _BLOCK)
        parts = _block(
            x[lo:hi], _slice(c, lo, hi), _slice(s, lo, hi), _slice(lcl, lo, hi),
            _slice(ucl, lo, hi), rs, start == 0,
        )  # fmt: skip
        for test, idx in found.items():
            hits = parts[test] + lo
            idx.append(hits[hits >= start])
    return found


def _as_bound(value: Bound | None, size: int, default: float) -> Bound:
    if value is None:
        return default
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return float(arr)
    if arr.shape != (size,):
        raise ValueError(f"limit array of shape {arr.shape} does not match {size} points")
    return arr


def apply_rules(
    statistic: NDArray[np.float64],
    center: Bound,
    se: Bound,
    lcl: Bound | None = None,
    ucl: Bound | None = None,
    rules: RuleSet | str = "nelson",
    segments: Sequence[tuple[int, int]] | None = None,
) -> Hits:
    """Apply run rules to a plotted statistic.

    Parameters
    ----------
    statistic : ndarray
        Plotted values (finite), one per point.
    center, se : float or ndarray
        Centre line and standard error of the statistic (scalars or one per point).
    lcl, ucl : float or ndarray, optional
        Control limits; default ``center -/+ 3 se``.
    rules : RuleSet or str
        ``"nelson"`` (default), ``"western_electric"``, ``"limits"`` or a :class:`RuleSet`.
    segments : sequence of (start, stop), optional
        Stages: runs never cross a segment boundary. Default: one segment.

    Returns
    -------
    tuple of (label, indices)
        For each test of the rule set, the sorted indices of the points it flags.
    """
    rs = resolve(rules)
    x = np.asarray(statistic, dtype=np.float64)
    c, s = _as_bound(center, x.size, 0.0), _as_bound(se, x.size, 1.0)
    lo = _as_bound(lcl, x.size, -np.inf) if lcl is not None else c - 3.0 * s
    hi = _as_bound(ucl, x.size, np.inf) if ucl is not None else c + 3.0 * s
    found: dict[int, list[NDArray[np.intp]]] = {t: [] for _, t in rs.tests}
    for a, b in segments if segments is not None else [(0, x.size)]:
        part = _segment(
            x[a:b], _slice(c, a, b), _slice(s, a, b), _slice(lo, a, b), _slice(hi, a, b), rs
        )
        for test, idx in part.items():
            found[test].extend(i + a for i in idx)
    empty = np.zeros(0, dtype=np.intp)
    return tuple((label, np.concatenate(found[t]) if found[t] else empty) for label, t in rs.tests)
