"""EWMA and tabular CUSUM against Montgomery, NIST and a point-by-point reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from qualicert.toolbox import spc
from qualicert.toolbox.constants import d2

# Montgomery, Introduction to SQC, table 9.1: 20 observations from N(10, 1), then 10 from
# N(11, 1) -- the data of examples 9.1 (CUSUM) and 9.2 (EWMA).
MONTGOMERY_9_1 = [
    9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34,
    9.03, 11.47, 10.51, 9.40, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84,
    10.90, 9.33, 12.29, 11.50, 10.60, 11.08, 10.38, 11.62, 11.31, 10.52,
]  # fmt: skip

# NIST/SEMATECH e-Handbook 6.3.2.4, EWMA example data.
NIST_EWMA = [
    52.0, 47.0, 53.0, 49.3, 50.1, 47.0, 51.0, 50.1, 51.2, 50.5,
    49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1,
]  # fmt: skip


def cusum_loop(x: np.ndarray, target: float, k: float, start: float) -> tuple[list[float], ...]:
    up, down, cu, cl = [], [], start, start
    for v in x:
        cu = max(0.0, v - (target + k) + cu)
        cl = max(0.0, (target - k) - v + cl)
        up.append(cu)
        down.append(cl)
    return up, down


def test_montgomery_cusum_example() -> None:
    # Montgomery example 9.1: mu0 = 10, sigma = 1, K = 0.5, H = 5. C+ first exceeds H at
    # sample 29 (C+ = 5.28), after 7 consecutive positive sums (shift after sample 22).
    chart = spc.cusum(MONTGOMERY_9_1, target=10, sigma=1, k=0.5, h=5)
    assert_allclose(chart.statistic[28], 5.28, atol=5e-3)
    assert chart.beyond_limits[0] == 28
    assert np.all(chart.statistic[22:29] > 0) and chart.statistic[21] == 0
    assert chart.ucl == 5.0 and chart.lcl == -5.0 and chart.center == 0.0
    up, down = cusum_loop(np.array(MONTGOMERY_9_1), 10, 0.5, 0.0)
    assert_allclose(chart.statistic, up, atol=1e-12)
    assert_allclose(chart.lower, down, atol=1e-12)


def test_montgomery_ewma_example() -> None:
    # Montgomery example 9.2: lambda = 0.1, L = 2.7, mu0 = 10, sigma = 1;
    # z1 = 9.945, z2 = 9.7495 and the first limits 10 +/- 0.27.
    chart = spc.ewma(MONTGOMERY_9_1, lam=0.1, nsigmas=2.7, center=10, sigma=1)
    assert_allclose(chart.statistic[:2], [9.945, 9.7495], atol=5e-5)
    assert_allclose(chart.ucl[0], 10.27, atol=5e-5)
    steady = 10 + 2.7 * np.sqrt(0.1 / 1.9)
    assert_allclose(chart.ucl[-1], steady, atol=1e-3)


def test_nist_ewma_example() -> None:
    # NIST e-Handbook 6.3.2.4: lambda = 0.3, target 50, s = 2.0539, asymptotic limits
    # UCL = 52.5884 and LCL = 47.4115; EWMA starts 50.60, 49.52, 50.56, 50.18.
    chart = spc.ewma(NIST_EWMA, lam=0.3, center=50, sigma=2.0539, asymptotic=True)
    assert_allclose([chart.lcl, chart.ucl], [47.4115, 52.5884], atol=1e-4)
    assert_allclose(chart.statistic[:4], [50.60, 49.52, 50.56, 50.18], atol=5e-3)
    assert chart.beyond_limits.size == 0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-50, 50), min_size=2, max_size=60),
    st.floats(0.05, 1.0),
)
def test_ewma_matches_the_recursion(values: list[float], lam: float) -> None:
    x = np.array(values)
    chart = spc.ewma(x, lam=lam, center=1.0, sigma=2.0)
    z, want = 1.0, []
    for v in x:
        z = lam * v + (1 - lam) * z
        want.append(z)
    assert_allclose(chart.statistic, want, rtol=1e-9, atol=1e-9)
    i = np.arange(1, x.size + 1)
    se = 2.0 * np.sqrt(lam / (2 - lam) * (1 - (1 - lam) ** (2 * i)))
    assert_allclose(chart.ucl, 1.0 + 3 * se, rtol=1e-9)
    assert np.all(chart.lcl <= chart.center) and np.all(chart.center <= chart.ucl)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-20, 20), min_size=2, max_size=80),
    st.floats(0, 1.5),
    st.floats(0, 0.99),
)
def test_cusum_matches_the_recursion(values: list[float], k: float, frac: float) -> None:
    x = np.array(values)
    chart = spc.cusum(x, target=0.5, sigma=1.5, k=k, h=4.0, headstart=frac * 4.0)
    up, down = cusum_loop(x, 0.5, k * 1.5, frac * 4.0 * 1.5)
    assert_allclose(chart.statistic, up, atol=1e-9)
    assert_allclose(chart.lower, down, atol=1e-9)


def test_estimates_from_the_data() -> None:
    x = np.array(MONTGOMERY_9_1)
    chart = spc.cusum(x, exclude=range(20, 30))
    assert chart.phase == "I"
    assert_allclose(chart.target, x[:20].mean())
    assert_allclose(chart.sigma, np.abs(np.diff(x[:20])).mean() / d2(2))
    groups = x.reshape(10, 3)
    chart = spc.ewma(groups)
    ranges = groups.max(axis=1) - groups.min(axis=1)
    assert_allclose(chart.sigma, ranges.mean() / d2(3))
    assert_allclose(chart.se[-1], chart.sigma / np.sqrt(3) * np.sqrt(0.2 / 1.8 * (1 - 0.8**20)))
    assert_allclose(chart.values, groups.mean(axis=1))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: spc.ewma([1.0, 2.0, 3.0], lam=0), "lam 0"),
        (lambda: spc.ewma([1.0, 2.0, 3.0], lam=1.5), "lam 1.5"),
        (lambda: spc.ewma([1.0], sigma=1), "2 of them"),
        (lambda: spc.ewma([1.0, 1.0, 1.0]), "no variation"),
        (lambda: spc.cusum([1.0, 2.0, 3.0], h=0), "h 0"),
        (lambda: spc.cusum([1.0, 2.0, 3.0], headstart=6), "headstart 6"),
        (lambda: spc.cusum([1.0, np.nan, 3.0]), "non-finite"),
        (lambda: spc.cusum([1.0, 2.0, 3.0], exclude=[0, 1, 2]), "too few points"),
    ],
)
def test_bad_input(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
