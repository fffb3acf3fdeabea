"""X-bar/R, X-bar/S and I-MR charts against Montgomery / R qcc and hand computation."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from qualicert.toolbox import spc
from qualicert.toolbox.constants import c4, d2, d3

QCC = Path(__file__).resolve().parents[2].parent / "shared" / "reference-data" / "qcc"


def load(name: str) -> list[dict[str, str]]:
    path = QCC / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"reference data {path} is not available")
    with path.open() as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.fixture(scope="module")
def pistonrings() -> np.ndarray:
    rows = load("pistonrings")
    return np.array([float(r["diameter"]) for r in rows]).reshape(40, 5)


def test_pistonrings_xbar_r_trial_limits(pistonrings: np.ndarray) -> None:
    # Montgomery (2nd ed. pp. 206-213; example 6.1 in later editions) and R qcc
    # qcc(pistonrings[1:25, ], type = "xbar"): centre 74.00118, LCL 73.98805, UCL 74.01431;
    # R chart centre 0.02276, UCL 0.04812, LCL 0.
    chart = spc.xbar_r(pistonrings[:25])
    assert_allclose(chart.center, 74.00118, atol=5e-6)
    assert_allclose([chart.lcl, chart.ucl], [73.98805, 74.01431], atol=5e-6)
    assert_allclose(chart.dispersion.center, 0.02276, atol=5e-6)
    assert_allclose(chart.dispersion.ucl, 0.04812, atol=1e-5)
    assert chart.dispersion.lcl == 0.0
    assert_allclose(chart.sigma, 0.02276 / d2(5), rtol=1e-4)
    assert chart.location.beyond_limits.size == 0
    assert chart.dispersion.beyond_limits.size == 0
    assert chart.phase == "I"


def test_pistonrings_phase_two(pistonrings: np.ndarray) -> None:
    # Montgomery: with the trial limits of samples 1-25, samples 37, 38 and 39 plot above
    # the X-bar UCL (qcc: newdata = pistonrings[26:40, ], "number beyond limits = 3").
    trial = spc.xbar_r(pistonrings[:25])
    new = spc.xbar_r(pistonrings[25:], center=trial.center, sigma=trial.sigma)
    assert new.phase == "II"
    assert_allclose([new.lcl, new.ucl], [trial.lcl, trial.ucl], rtol=1e-12)
    assert (new.location.beyond_limits + 26).tolist() == [37, 38, 39]
    # The same through exclude: estimate from samples 1-25, test all 40.
    both = spc.xbar_r(pistonrings, exclude=range(25, 40))
    assert_allclose(both.ucl, trial.ucl, rtol=1e-12)
    assert (both.location.beyond_limits + 1).tolist() == [37, 38, 39]
    assert both.excluded.tolist() == list(range(25, 40))


def test_pistonrings_xbar_s(pistonrings: np.ndarray) -> None:
    # Montgomery section 6.3: limits x-bar-bar +/- A3 S-bar, S chart B3 S-bar .. B4 S-bar,
    # with A3(5) = 1.427, B4(5) = 2.089, B3(5) = 0 (Appendix VI), S-bar from the data.
    data = pistonrings[:25]
    sbar = data.std(axis=1, ddof=1).mean()
    chart = spc.xbar_s(data)
    assert_allclose(chart.center, data.mean(), rtol=1e-12)
    assert_allclose(chart.ucl - chart.center, 1.427 * sbar, rtol=5e-4)
    assert_allclose(chart.dispersion.center, sbar, rtol=1e-12)
    assert_allclose(chart.dispersion.ucl, 2.089 * sbar, rtol=5e-4)
    assert chart.dispersion.lcl == 0.0
    assert_allclose(chart.sigma, sbar / c4(5), rtol=1e-12)


def test_xbar_s_unequal_sizes_give_per_point_limits() -> None:
    # Montgomery section 6.3.2 (variable sample size): limits x-bar-bar +/- 3 sigma/sqrt(n_i).
    groups = [[10.1, 9.8, 10.3], [9.9, 10.0, 10.4, 10.2, 9.7], [10.0, 10.6], [9.6, 10.1, 10.3, 9.9]]
    chart = spc.xbar_s(groups)
    sizes = np.array([len(g) for g in groups])
    means = np.array([np.mean(g) for g in groups])
    sds = np.array([np.std(g, ddof=1) for g in groups])
    k = np.array([c4(n) for n in sizes])
    h = k**2 / (1 - k**2)
    sigma = (h * sds / k).sum() / h.sum()  # qcc "UWAVE-SD"
    assert_allclose(chart.center, (sizes * means).sum() / sizes.sum())
    assert_allclose(chart.sigma, sigma)
    assert_allclose(chart.ucl, chart.center + 3 * sigma / np.sqrt(sizes))
    assert_allclose(chart.dispersion.ucl, (k + 3 * np.sqrt(1 - k**2)) * sigma)
    assert_allclose(chart.statistic, means)
    pooled = spc.xbar_s(groups, sigma_method="pooled")
    sp = np.sqrt(((sizes - 1) * sds**2).sum() / (sizes - 1).sum())
    assert_allclose(pooled.sigma, sp / c4(int((sizes - 1).sum()) + 1))


def test_xbar_r_refuses_unequal_sizes() -> None:
    with pytest.raises(ValueError, match=r"equal size; got sizes 2, 3; use xbar_s"):
        spc.xbar_r([[1.0, 2.0, 3.0], [1.0, 2.0], [2.0, 2.5, 3.0]])


def test_stages_have_their_own_limits(pistonrings: np.ndarray) -> None:
    labels = ["before"] * 25 + ["after"] * 15
    chart = spc.xbar_r(pistonrings, stages=labels)
    first, second = spc.xbar_r(pistonrings[:25]), spc.xbar_r(pistonrings[25:])
    assert isinstance(chart.ucl, np.ndarray)
    assert_allclose(chart.ucl[:25], first.ucl)
    assert_allclose(chart.ucl[25:], second.ucl)
    assert [(s.label, s.start, s.stop) for s in chart.stages] == [
        ("before", 0, 25),
        ("after", 25, 40),
    ]


def test_reestimate_drops_out_of_control_subgroups(pistonrings: np.ndarray) -> None:
    data = pistonrings.copy()
    data[7] += 0.05  # a gross shift in subgroup 8
    once = spc.xbar_r(data[:25])
    again = spc.xbar_r(data[:25], reestimate=True)
    assert 7 in once.location.beyond_limits
    assert 7 in again.excluded
    assert_allclose(again.center, np.delete(data[:25], again.excluded, axis=0).mean())
    assert 7 in again.location.beyond_limits  # still plotted and flagged


def test_viscosity_individuals() -> None:
    # qcc viscosity data (Montgomery 5th ed. pp. 232-235), trial batches 1-20:
    # qcc(type = "xbar.one") uses sigma = MR-bar / d2(2) and centre = mean.
    rows = load("viscosity")
    x = np.array([float(r["viscosity"]) for r in rows])
    trial = np.array([r["trial"] == "TRUE" for r in rows])
    chart = spc.imr(x[trial])
    mrbar = np.abs(np.diff(x[trial])).mean()
    assert_allclose(chart.center, x[trial].mean())
    assert_allclose(chart.sigma, mrbar / 1.1283791670955126)
    assert_allclose(chart.ucl, x[trial].mean() + 3 * mrbar / 1.1283791670955126)
    assert_allclose(chart.dispersion.center, mrbar)
    assert_allclose(chart.dispersion.ucl, (d2(2) + 3 * d3(2)) * mrbar / d2(2))
    assert_allclose(chart.dispersion.ucl, 3.267 * mrbar, rtol=2e-4)  # D4(2) = 3.267
    assert chart.dispersion.index[0] == 1
    assert chart.location.beyond_limits.tolist() == [3]  # batch 4, 35.96


def test_imr_stages_do_not_span_boundaries() -> None:
    x = np.array([1.0, 2.0, 1.5, 2.5, 10.0, 11.0, 10.5, 11.5])
    chart = spc.imr(x, stages=["a"] * 4 + ["b"] * 4)
    assert chart.dispersion.index.tolist() == [1, 2, 3, 5, 6, 7]
    assert_allclose(chart.dispersion.statistic, [1.0, 0.5, 1.0, 1.0, 0.5, 1.0])
    assert_allclose(chart.center, np.repeat([1.75, 10.75], 4))


def test_imr_excluded_point_removes_its_moving_ranges() -> None:
    x = np.array([5.0, 5.2, 4.9, 9.0, 5.1, 5.0, 4.8, 5.3])
    chart = spc.imr(x, exclude=[3])
    kept = np.delete(x, 3)
    mr = np.abs(np.diff(x))
    used = np.delete(mr, [2, 3])  # ranges 2-3 and 3-4 touch point 3
    assert_allclose(chart.center, kept.mean())
    assert_allclose(chart.sigma, used.mean() / d2(2))


def test_imr_span_three() -> None:
    x = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 4.5])
    chart = spc.imr(x, span=3)
    assert_allclose(chart.dispersion.statistic, [2.0, 3.0, 3.0, 1.0])
    assert_allclose(chart.sigma, 2.25 / d2(3))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: spc.xbar_r([[1.0, np.nan], [2.0, 3.0]]), "non-finite value nan"),
        (lambda: spc.xbar_r([1.0, 2.0, 3.0]), "2-dimensional"),
        (lambda: spc.xbar_r([[1.0], [2.0]]), "size >= 2"),
        (lambda: spc.xbar_r([[1.0, 1.0], [2.0, 2.0]]), "R-bar is 0"),
        (lambda: spc.xbar_s([[1.0, 1.0], [2.0, 2.0]]), "S-bar is 0"),
        (lambda: spc.imr([1.0, 1.0, 1.0, 1.0]), "MR-bar is 0"),
        (lambda: spc.imr([1.0, 2.0]), "at least 3 values"),
        (lambda: spc.imr([1.0, 2.0, 3.0], span=1), "span 1"),
        (lambda: spc.imr([1.0, 2.0, 4.0], exclude=[7]), "indices in 0..2"),
        (lambda: spc.imr([1.0, 2.0, 4.0], sigma=-1), "sigma -1"),
        (lambda: spc.imr([1.0, 2.0, 4.0], nsigmas=0), "nsigmas 0"),
        (lambda: spc.imr([1.0, 2.0, 4.0], stages=[1, 2]), "one label per point"),
        (lambda: spc.imr([1.0, 2.0, 4.0], reestimate=-2), "reestimate -2"),
        (lambda: spc.xbar_s([[1.0, 2.0], [1.0, 3.0]], sigma_method="mad"), "sigma_method 'mad'"),
        (lambda: spc.imr([1.0, 2.0, 4.0, 3.0], exclude=[0, 1, 2, 3]), "no points left"),
    ],
)
def test_bad_input(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_results_are_frozen(pistonrings: np.ndarray) -> None:
    chart = spc.xbar_r(pistonrings[:25])
    with pytest.raises(AttributeError):
        chart.location.center = 1.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        chart.statistic[0] = 0.0


def test_violation_views(pistonrings: np.ndarray) -> None:
    chart = spc.xbar_r(pistonrings, exclude=range(25, 40))
    assert all(isinstance(v, spc.Violation) for v in chart.violations)
    assert chart.location.flagged[36] == ("1", "5")
    assert chart.location.by_rule["1"].tolist() == [36, 37, 38]
    assert set(chart.out_of_control) >= {36, 37, 38}
    lower, upper = chart.location.zone(2.0)
    assert_allclose(upper - chart.center, 2 * chart.location.se)
    assert_allclose(chart.center - lower, 2 * chart.location.se)


def test_group_splits_long_format() -> None:
    groups = spc.group([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], ["b", "a", "b", "a", "c", "c"])
    assert [g.tolist() for g in groups] == [[1.0, 3.0], [2.0, 4.0], [5.0, 6.0]]


@settings(max_examples=30, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(2, 30), st.integers(2, 8)), elements=st.floats(-1e3, 1e3)
    ),
    st.sampled_from(["xbar_r", "xbar_s"]),
)
def test_limits_bracket_the_centre(data: np.ndarray, kind: str) -> None:
    if np.ptp(data, axis=1).max() < 1e-9:
        return
    chart = getattr(spc, kind)(data)
    for part in chart.charts:
        assert np.all(part.lcl <= part.center) and np.all(part.center <= part.ucl)


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, st.integers(3, 60), elements=st.floats(-1e3, 1e3)))
def test_imr_limits_bracket_the_centre(x: np.ndarray) -> None:
    if np.abs(np.diff(x)).max() < 1e-9:
        return
    chart = spc.imr(x)
    assert chart.lcl <= chart.center <= chart.ucl
    assert 0 <= chart.dispersion.lcl <= chart.dispersion.center <= chart.dispersion.ucl
