"""p, np, c, u and Laney p' / u' charts against Montgomery / R qcc and hand computation."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from qualicert.toolbox import spc
from qualicert.toolbox.constants import d2

QCC = Path(__file__).resolve().parents[2].parent / "shared" / "reference-data" / "qcc"


def load(name: str) -> list[dict[str, str]]:
    path = QCC / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"reference data {path} is not available")
    with path.open() as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def column(rows: list[dict[str, str]], name: str) -> np.ndarray:
    return np.array([float(r[name]) for r in rows])


@pytest.fixture(scope="module")
def orangejuice() -> tuple[np.ndarray, np.ndarray]:
    rows = load("orangejuice")
    return column(rows, "D"), column(rows, "size")


def test_orangejuice_trial_p_chart(orangejuice: tuple[np.ndarray, np.ndarray]) -> None:
    # Montgomery example 7.1 (2nd ed. pp. 152-155) and qcc(D[trial], sizes, type = "p"):
    # p-bar = 0.2313, LCL = 0.0524, UCL = 0.4102; samples 15 and 23 are beyond the UCL.
    d, n = orangejuice
    chart = spc.p_chart(d[:30], n[:30])
    assert_allclose(chart.center, 0.2313, atol=5e-5)
    assert_allclose([chart.lcl, chart.ucl], [0.0524, 0.4102], atol=5e-5)
    assert (chart.beyond_limits + 1).tolist() == [15, 23]
    assert_allclose(chart.sigma, np.sqrt(chart.center * (1 - chart.center)))


def test_orangejuice_revised_limits(orangejuice: tuple[np.ndarray, np.ndarray]) -> None:
    # Montgomery example 7.1: dropping samples 15 and 23 (assignable causes) gives
    # p-bar = 0.2150, LCL = 0.0407, UCL = 0.3893; sample 21 (p = 0.40) then exceeds the UCL.
    d, n = orangejuice
    chart = spc.p_chart(d[:30], n[:30], exclude=[14, 22])
    assert_allclose(chart.center, 0.2150, atol=5e-5)
    assert_allclose([chart.lcl, chart.ucl], [0.0407, 0.3893], atol=5e-5)
    assert (chart.beyond_limits + 1).tolist() == [15, 21, 23]
    # Re-estimating until stable also drops sample 21.
    stable = spc.p_chart(d[:30], n[:30], reestimate=True)
    assert (stable.excluded + 1).tolist() == [15, 21, 23]
    assert_allclose(stable.center, (d[:30].sum() - 22 - 20 - 24) / (27 * 50))


def test_orangejuice_after_adjustment_as_a_stage(
    orangejuice: tuple[np.ndarray, np.ndarray],
) -> None:
    # Montgomery example 7.1 continued (orangejuice2, samples 31-54 after the machine was
    # adjusted): p-bar = 0.1108, UCL = 0.2440, LCL = 0.
    d, n = orangejuice
    chart = spc.p_chart(d, n, stages=["trial"] * 30 + ["adjusted"] * 24, exclude=[14, 22])
    assert_allclose(chart.center[30:], 0.1108, atol=5e-5)
    assert_allclose(chart.ucl[30:], 0.2440, atol=5e-5)
    assert np.all(chart.lcl[30:] == 0)
    assert_allclose(chart.ucl[:30], 0.3893, atol=5e-5)


def test_np_chart_matches_the_p_chart(orangejuice: tuple[np.ndarray, np.ndarray]) -> None:
    d, _ = orangejuice
    p, np_ = spc.p_chart(d[:30], 50), spc.np_chart(d[:30], 50)
    assert_allclose(np_.center, 50 * p.center)
    assert_allclose([np_.lcl, np_.ucl], [50 * p.lcl, 50 * p.ucl])
    assert_allclose(np_.statistic, d[:30])
    assert np_.beyond_limits.tolist() == p.beyond_limits.tolist()
    with pytest.raises(ValueError, match="one sample size"):
        spc.np_chart([3, 4, 5], [50, 50, 60])


def test_circuit_c_chart() -> None:
    # Montgomery example 7.3 (2nd ed. pp. 173-175) and qcc(type = "c"), samples 1-26:
    # c-bar = 19.85, LCL = 6.48, UCL = 33.22; sample 6 below the LCL, sample 20 above the UCL.
    # Revised without them (Montgomery): c-bar = 19.67, LCL = 6.36, UCL = 32.97.
    rows = load("circuit")
    x = column(rows, "x")
    trial = np.array([r["trial"] == "TRUE" for r in rows])
    chart = spc.c_chart(x[trial])
    assert_allclose(chart.center, 19.85, atol=5e-3)
    # Montgomery computes the limits from the rounded c-bar 19.85; unrounded (qcc) they are
    # 516/26 -/+ 3 sqrt(516/26) = 6.4814, 33.2109.
    assert_allclose([chart.lcl, chart.ucl], [6.48, 33.22], atol=1e-2)
    assert_allclose([chart.lcl, chart.ucl], [6.4814, 33.2109], atol=5e-5)
    assert (chart.beyond_limits + 1).tolist() == [6, 20]
    revised = spc.c_chart(x[trial], exclude=[5, 19])
    assert_allclose(revised.center, 19.67, atol=5e-3)
    assert_allclose([revised.lcl, revised.ucl], [6.36, 32.97], atol=5e-3)
    phase2 = spc.c_chart(x[~trial], center=revised.center)
    assert phase2.phase == "II"
    assert phase2.beyond_limits.size == 0


def test_pcmanufact_u_chart() -> None:
    # Montgomery (2nd ed. pp. 181-182), qcc(x, sizes, type = "u"): u-bar = 1.93,
    # LCL = 0.07, UCL = 3.79, no point beyond the limits.
    rows = load("pcmanufact")
    chart = spc.u_chart(column(rows, "x"), column(rows, "size"))
    assert_allclose(chart.center, 1.93, atol=5e-3)
    assert_allclose([chart.lcl, chart.ucl], [0.07, 3.79], atol=5e-3)
    assert chart.beyond_limits.size == 0


def test_varying_sizes_give_per_sample_limits() -> None:
    # Montgomery section 7.2.2: p-bar +/- 3 sqrt(p-bar (1 - p-bar) / n_i).
    d, n = np.array([3, 5, 2, 8, 4]), np.array([100, 120, 90, 200, 150])
    chart = spc.p_chart(d, n)
    p = d.sum() / n.sum()
    assert_allclose(chart.ucl, p + 3 * np.sqrt(p * (1 - p) / n))
    assert_allclose(chart.lcl, np.maximum(0, p - 3 * np.sqrt(p * (1 - p) / n)))
    u = spc.u_chart(d, n / 10)
    rate = d.sum() / (n.sum() / 10)
    assert_allclose(u.ucl, rate + 3 * np.sqrt(rate / (n / 10)))


def laney_reference(
    d: np.ndarray, n: np.ndarray, binomial: bool
) -> tuple[float, float, np.ndarray]:
    """Laney (2002): z_i, sigma_z = MR-bar(z) / 1.128, limits p +/- 3 sigma_i sigma_z."""
    r = d.sum() / n.sum()
    sigma_i = np.sqrt(r * (1 - r) / n) if binomial else np.sqrt(r / n)
    z = (d / n - r) / sigma_i
    sigma_z = np.abs(np.diff(z)).mean() / d2(2)
    return r, sigma_z, r + 3 * sigma_i * sigma_z


def test_laney_p_and_u() -> None:
    rng = np.random.default_rng(3)
    n = rng.integers(800, 1200, 25)
    d = rng.binomial(n, rng.uniform(0.04, 0.08, 25))
    chart = spc.laney_p(d, n)
    r, sz, ucl = laney_reference(d, n, True)
    assert_allclose([chart.center, chart.sigma], [r, sz])
    assert_allclose(chart.ucl, ucl)
    assert sz > 1.5  # overdispersed: p' limits are wider than the p chart's
    assert np.all(chart.ucl > spc.p_chart(d, n).ucl)
    counts = rng.poisson(n * rng.uniform(0.5, 1.5, 25) / 100)
    u = spc.laney_u(counts, n / 100)
    r, sz, ucl = laney_reference(counts, n / 100, False)
    assert_allclose([u.center, u.sigma], [r, sz])
    assert_allclose(u.ucl, ucl)


def test_laney_with_unit_sigma_z_is_the_p_chart() -> None:
    d, n = np.array([3, 5, 2, 8, 4]), np.array([100, 120, 90, 200, 150])
    p = spc.p_chart(d, n)
    laney = spc.laney_p(d, n, center=p.center, sigma_z=1.0)
    assert laney.phase == "II"
    assert_allclose(laney.ucl, p.ucl)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: spc.p_chart([1, 2, 60], 50), "more than its size"),
        (lambda: spc.p_chart([1, -2, 6], 50), "counts must be >= 0"),
        (lambda: spc.p_chart([1, 2, 6], [50, 0, 50]), "sizes must be positive integers"),
        (lambda: spc.p_chart([1, 2, 6], [50, 49.5, 50]), "sizes must be positive integers"),
        (lambda: spc.p_chart([1, 2, 6], [50, 50]), "must match counts"),
        (lambda: spc.p_chart([0, 0, 0], 50), "mean rate is 0.0"),
        (lambda: spc.p_chart([1, 2], 50, center=1.2), "0 < center < 1"),
        (lambda: spc.c_chart([1.0, np.inf]), "non-finite value inf"),
        (lambda: spc.c_chart([3.0]), "at least 2 samples"),
        (lambda: spc.u_chart([1, 2, 3], [1, 2, -1]), "sizes must be positive"),
        (lambda: spc.laney_p([5, 5, 5], 50), "sigma_z is 0"),
        (lambda: spc.c_chart([1, 2, 3], rules="nelsen"), "rules 'nelsen' is not one of"),
    ],
)
def test_bad_input(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(1, 40), min_size=2, max_size=40),
    st.integers(41, 500),
    st.sampled_from(["p", "np", "c", "u", "laney_p"]),
)
def test_limits_bracket_the_centre(defects: list[int], size: int, kind: str) -> None:
    d = np.array(defects, dtype=float)
    if kind == "laney_p" and np.ptp(d) == 0:
        return
    charts = {
        "p": lambda: spc.p_chart(d, size),
        "np": lambda: spc.np_chart(d, size),
        "c": lambda: spc.c_chart(d),
        "u": lambda: spc.u_chart(d, np.linspace(1, 3, d.size)),
        "laney_p": lambda: spc.laney_p(d, size),
    }
    chart = charts[kind]()
    assert np.all(chart.lcl <= chart.center) and np.all(chart.center <= chart.ucl)
    assert np.all(chart.lcl >= 0)
