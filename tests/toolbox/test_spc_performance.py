"""OC curves and average run lengths against Montgomery's tables."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from qualicert.toolbox.spc import performance as perf

SHIFTS = [0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0]


def test_shewhart_arl() -> None:
    # Montgomery section 5.3.3: in-control ARL of a 3-sigma chart is 1/0.0027 = 370.4;
    # section 6.2.6: n = 5, shift of 1 sigma, beta = 0.7775 -> ARL 4.5.
    assert_allclose(perf.arl_shewhart(0.0)[0], 370.4, atol=0.05)
    curve = perf.oc_xbar([1.0], n=5)
    assert_allclose(curve.beta, 0.7775, atol=5e-4)
    assert_allclose(curve.arl, 4.5, atol=5e-3)


def test_cusum_arl_table() -> None:
    # Montgomery table 9.3 (two-sided tabular CUSUM, k = 1/2), shifts in sigma units.
    h4 = [168, 74.2, 26.6, 13.3, 8.38, 4.75, 3.34, 2.62, 2.19, 1.71]
    h5 = [465, 139, 38.0, 17.0, 10.4, 5.75, 4.01, 3.11, 2.57, 2.01]
    assert_allclose(perf.arl_cusum(SHIFTS, k=0.5, h=4), h4, rtol=6e-3)
    assert_allclose(perf.arl_cusum(SHIFTS, k=0.5, h=5), h5, rtol=6e-3)


def test_ewma_arl_table() -> None:
    # Montgomery table 9.11 (Lucas and Saccucci 1990), EWMA with asymptotic limits.
    table = {
        (3.054, 0.40): [500, 224, 71.2, 28.4, 14.3, 5.9, 3.5, 2.5, 2.0, 1.4],
        (2.998, 0.25): [500, 170, 48.2, 20.1, 11.1, 5.5, 3.6, 2.7, 2.3, 1.7],
        (2.962, 0.20): [500, 150, 41.8, 18.2, 10.5, 5.5, 3.7, 2.9, 2.4, 1.9],
        (2.814, 0.10): [500, 106, 31.3, 15.9, 10.3, 6.1, 4.4, 3.4, 2.9, 2.2],
        (2.615, 0.05): [500, 84.1, 28.8, 16.4, 11.4, 7.1, 5.2, 4.2, 3.5, 2.7],
    }
    for (L, lam), want in table.items():
        # The table's Markov-chain values are good to about 1 % (and rounded).
        assert_allclose(perf.arl_ewma(SHIFTS, lam, L), want, rtol=0.012, atol=0.05)


def test_headstart_shortens_the_run_after_a_shift() -> None:
    # Lucas and Crosier (1982): FIR (headstart h/2) cuts the out-of-control ARL much more
    # than the in-control one.
    plain = perf.arl_cusum([0.0, 1.0], k=0.5, h=5)
    fir = perf.arl_cusum([0.0, 1.0], k=0.5, h=5, headstart=2.5)
    assert fir[1] < 0.8 * plain[1]
    assert fir[0] > 0.8 * plain[0]


def test_one_sided_cusum_doubles_the_in_control_arl() -> None:
    one = perf.arl_cusum([0.0], k=0.5, h=5, sides=1)[0]
    two = perf.arl_cusum([0.0], k=0.5, h=5)[0]
    assert_allclose(two, one / 2, rtol=1e-12)


def test_p_chart_oc_curve() -> None:
    # Montgomery section 7.2.4: n = 50, LCL = 0.0303, UCL = 0.3697:
    # beta = P(D <= 18 | p) - P(D <= 1 | p).
    p = np.array([0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5])
    curve = perf.oc_p(p, 50, 0.0303, 0.3697)
    want = stats.binom.cdf(18, 50, p) - stats.binom.cdf(1, 50, p)
    assert_allclose(curve.beta, want, rtol=1e-12)
    assert_allclose(curve.beta[2], 0.9662, atol=5e-5)


def test_c_chart_oc_curve() -> None:
    # Montgomery example 7.3 limits 6.48 and 33.22: beta = P(x <= 33 | c) - P(x <= 6 | c).
    c = np.array([5.0, 10.0, 20.0, 30.0, 40.0])
    curve = perf.oc_c(c, 6.48, 33.22)
    want = stats.poisson.cdf(33, c) - stats.poisson.cdf(6, c)
    assert_allclose(curve.beta, want, rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 25), st.floats(2.0, 3.5))
def test_oc_curve_decreases_with_the_shift(n: int, width: float) -> None:
    shifts = np.linspace(0, 4, 41)
    curve = perf.oc_xbar(shifts, n=n, nsigmas=width)
    assert np.all(np.diff(curve.beta) <= 1e-15)
    assert np.all(np.diff(curve.arl) <= 1e-9)


def test_ewma_arl_decreases_with_the_shift() -> None:
    arl = perf.arl_ewma(np.linspace(0, 3, 13), 0.2, 2.962)
    assert np.all(np.diff(arl) < 0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: perf.oc_p([0.5, 1.2], 50, 0.0, 0.4), r"p values must lie in \[0, 1\]"),
        (lambda: perf.oc_c([-1.0], 0.0, 4.0), "c values must be >= 0"),
        (lambda: perf.oc_xbar([np.nan]), "shifts must be finite"),
        (lambda: perf.oc_xbar([1.0], n=0), "n 0 is not allowed"),
        (lambda: perf.arl_ewma([0.0], 0.0, 3.0), "lam 0.0"),
        (lambda: perf.arl_cusum([0.0], k=0.5, h=5, headstart=6), "headstart"),
        (lambda: perf.arl_cusum([0.0], k=0.5, h=5, sides=3), "sides 1 or 2"),
    ],
)
def test_bad_input(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
