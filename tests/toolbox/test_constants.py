"""Control-chart constants against the published tables and exact values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import integrate, special

from qualicert.toolbox import constants as k

N = np.arange(2, 26)

# Montgomery, Introduction to Statistical Quality Control, Appendix VI (= ASTM E2587 Table 1),
# n = 2..25, as printed (3 decimals for d2, d3 and the factors, 4 for c4).
D2 = [1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.970, 3.078, 3.173, 3.258, 3.336,
      3.407, 3.472, 3.532, 3.588, 3.640, 3.689, 3.735, 3.778, 3.819, 3.858, 3.895, 3.931]  # fmt: skip
D3 = [0.853, 0.888, 0.880, 0.864, 0.848, 0.833, 0.820, 0.808, 0.797, 0.787, 0.778, 0.770,
      0.763, 0.756, 0.750, 0.744, 0.739, 0.734, 0.729, 0.724, 0.720, 0.716, 0.712, 0.708]  # fmt: skip
C4 = [0.7979, 0.8862, 0.9213, 0.9400, 0.9515, 0.9594, 0.9650, 0.9693, 0.9727, 0.9754, 0.9776,
      0.9794, 0.9810, 0.9823, 0.9835, 0.9845, 0.9854, 0.9862, 0.9869, 0.9876, 0.9882, 0.9887,
      0.9892, 0.9896]  # fmt: skip
A2 = [1.880, 1.023, 0.729, 0.577, 0.483, 0.419, 0.373, 0.337, 0.308]  # n = 2..10
D4 = [3.267, 2.574, 2.282, 2.114, 2.004, 1.924, 1.864, 1.816, 1.777]  # n = 2..10
D3_ = [0, 0, 0, 0, 0, 0.076, 0.136, 0.184, 0.223]  # n = 2..10
A3 = [2.659, 1.954, 1.628, 1.427, 1.287, 1.182, 1.099, 1.032, 0.975]  # n = 2..10
B3 = [0, 0, 0, 0, 0.030, 0.118, 0.185, 0.239, 0.284]  # n = 2..10
B4 = [3.267, 2.568, 2.266, 2.089, 1.970, 1.882, 1.815, 1.761, 1.716]  # n = 2..10


def test_d2_c4_match_the_published_table() -> None:
    # Montgomery Appendix VI / ASTM E2587: agree to the printed rounding.
    assert_allclose([k.d2(n) for n in N], D2, atol=5e-4 + 1e-12)
    assert_allclose([k.c4(n) for n in N], C4, atol=5e-5 + 1e-12)


def test_d3_matches_the_published_table() -> None:
    # Montgomery Appendix VI. The table's d3(19) = 0.734 is a rounding slip (the value is
    # 0.73348), so allow one unit in the last printed place.
    assert_allclose([k.d3(n) for n in N], D3, atol=1e-3)


def test_derived_factors_match_the_published_table() -> None:
    # Montgomery Appendix VI, n = 2..10. Printed factors were computed from rounded d2, d3,
    # so allow one unit in the last place.
    small = range(2, 11)
    assert_allclose([k.A2(n) for n in small], A2, atol=1e-3)
    assert_allclose([k.D4(n) for n in small], D4, atol=1e-3)
    assert_allclose([k.D3(n) for n in small], D3_, atol=1e-3)
    assert_allclose([k.A3(n) for n in small], A3, atol=1e-3)
    assert_allclose([k.B3(n) for n in small], B3, atol=1e-3)
    assert_allclose([k.B4(n) for n in small], B4, atol=1e-3)


def test_exact_small_sample_values() -> None:
    # For n = 2, R = |Z1 - Z2| with Z1 - Z2 ~ N(0, 2): E R = 2/sqrt(pi), Var R = 2 - 4/pi.
    assert_allclose(k.d2(2), 2 / math.sqrt(math.pi), rtol=1e-13)
    assert_allclose(k.d3(2), math.sqrt(2 - 4 / math.pi), rtol=1e-12)
    # d2(3) = 3 / sqrt(pi) (Tippett 1925); c4(2) = sqrt(2/pi).
    assert_allclose(k.d2(3), 3 / math.sqrt(math.pi), rtol=1e-13)
    assert_allclose(k.c4(2), math.sqrt(2 / math.pi), rtol=1e-14)


def test_beyond_the_table() -> None:
    # d2(50) = 4.498 (ASTM E2587 extended table; Harter 1960).
    assert_allclose(k.d2(50), 4.498, atol=5e-4)
    # Independent check: d2 = 2 E[max of n normals], by adaptive quadrature.
    for n in (50, 1000, 100_000):
        emax = integrate.quad(
            lambda x, n=n: x * n * np.exp((n - 1) * special.log_ndtr(x)) * np.exp(-x * x / 2)
            / math.sqrt(2 * math.pi), -12, 12, limit=400, epsabs=1e-13,
        )[0]  # fmt: skip
        assert_allclose(k.d2(n), 2 * emax, rtol=1e-10)


def test_d3_against_a_double_integral() -> None:
    # E[R^2] = 2 * double integral over x < y of P(min < x, max > y), by scipy dblquad.
    n = 7

    def joint(y: float, x: float) -> float:
        px, py = special.ndtr(x), special.ndtr(y)
        return 1 - py**n - (1 - px) ** n + (py - px) ** n

    second = 2 * integrate.dblquad(joint, -9, 9, lambda x: x, 9, epsabs=1e-11)[0]
    assert_allclose(k.d3(n), math.sqrt(second - k.d2(n) ** 2), rtol=1e-7)


@pytest.mark.parametrize("bad", [1, 0, -3, 2.5, "5", True, None])
def test_bad_subgroup_size(bad: object) -> None:
    with pytest.raises(ValueError, match="subgroup size"):
        k.d2(bad)  # type: ignore[arg-type]


def test_numpy_integers_are_accepted() -> None:
    assert k.c4(np.int64(5)) == k.c4(5)
    assert k.d2(np.int32(5)) == k.d2(5)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=2, max_value=400))
def test_constants_are_monotone_in_n(n: int) -> None:
    # d2 and c4 grow with n; d3 falls from n = 3 on; the limit factors A2, A3, D4, B4 shrink.
    assert k.d2(n + 1) > k.d2(n)
    assert k.c4(n + 1) > k.c4(n)
    assert k.A2(n + 1) < k.A2(n)
    assert k.A3(n + 1) < k.A3(n)
    assert k.D4(n + 1) < k.D4(n)
    assert k.B4(n + 1) < k.B4(n)
    assert k.D3(n + 1) >= k.D3(n)
    assert k.B3(n + 1) >= k.B3(n)
    if n >= 3:
        assert k.d3(n + 1) < k.d3(n)
    assert 0 <= k.D1(n) < k.d2(n) < k.D2(n)
    assert 0 <= k.B5(n) < k.c4(n) < k.B6(n)
    assert_allclose(k.E2(n), 3 / k.d2(n))
    assert_allclose(k.A(n), 3 / math.sqrt(n))
