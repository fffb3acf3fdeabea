"""OC curve, AOQ, AOQL and ATI of single sampling plans: published values and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from qualicert.toolbox import sampling


def test_montgomery_oc_curve_n89_c2():
    # Montgomery, Introduction to Statistical Quality Control (8th ed., 2019), chapter 15,
    # "The OC curve": the single sampling plan n = 89, c = 2 has Pa = 0.9397 at p = 0.01,
    # 0.7366 at p = 0.02 and 0.4985 at p = 0.03 (binomial, table of Pa values).
    pa = sampling.probability_of_acceptance([0.01, 0.02, 0.03], 89, 2)
    assert_allclose(pa, [0.9397, 0.7366, 0.4985], atol=5e-5)


def test_oc_curve_is_vectorised_and_keeps_shape():
    p = np.linspace(0.0, 0.2, 12).reshape(3, 4)
    pa = sampling.probability_of_acceptance(p, 50, 1)
    assert pa.shape == (3, 4)
    assert_allclose(pa.ravel(), stats.binom.cdf(1, 50, p.ravel()), rtol=1e-12)


@pytest.mark.parametrize(
    ("c", "y"),
    [(0, 0.3679), (1, 0.8400), (2, 1.371), (3, 1.942), (4, 2.544), (5, 3.168), (6, 3.812),
     (7, 4.472)],
)  # fmt: skip
def test_poisson_aoql_matches_dodge_romig_y_factors(c, y):
    # Dodge and Romig (1959), Sampling Inspection Tables, 2nd ed.: under the Poisson model
    # the AOQL of (n, c) is y / n, with y = 0.3679, 0.8400, 1.371, 1.942, 2.544, 3.168,
    # 3.812, 4.472 for c = 0 ... 7 (also tabulated in Schilling and Neubauer, Acceptance
    # Sampling in Quality Control, 3rd ed.).
    n = 100
    result = sampling.aoql(n, c, method="poisson")
    assert_allclose(result.aoql * n, y, rtol=5e-4)
    if c == 0:
        assert_allclose(result.aoql, math.exp(-1) / n, rtol=1e-9)  # max of x e^-x at x=1
        assert_allclose(result.p, 1.0 / n, rtol=1e-5)
    if c == 1:  # max of x (1 + x) e^-x at x = golden ratio
        golden = (1 + math.sqrt(5)) / 2
        assert_allclose(result.p * n, golden, rtol=1e-5)


def test_hypergeometric_closed_form():
    # Lot of N = 10 with D = 2 nonconforming, sample n = 3, c = 0:
    # Pa = C(8, 3) / C(10, 3) = 56 / 120.
    pa = sampling.probability_of_acceptance(0.2, 3, 0, method="hypergeometric", lot_size=10)
    assert_allclose(pa, 56 / 120, rtol=1e-12)


def test_hypergeometric_approaches_binomial_for_large_lots():
    p = np.array([0.005, 0.01, 0.02, 0.05])
    hyper = sampling.probability_of_acceptance(p, 80, 2, method="hypergeometric", lot_size=10**7)
    assert_allclose(hyper, sampling.probability_of_acceptance(p, 80, 2), atol=1e-4)


def test_aoq_ati_definitions():
    # Montgomery (2019), ch. 15 "Rectifying inspection": AOQ = Pa p (N - n) / N and
    # ATI = n + (1 - Pa)(N - n).
    p, n, c, lot = np.array([0.0, 0.01, 0.03, 1.0]), 89, 2, 10000
    pa = stats.binom.cdf(c, n, p)
    assert_allclose(sampling.aoq(p, n, c, lot_size=lot), p * pa * (lot - n) / lot, rtol=1e-12)
    assert_allclose(sampling.ati(p, n, c, lot_size=lot), n + (1 - pa) * (lot - n), rtol=1e-12)
    ati = sampling.ati([0.0, 1.0], n, c, lot_size=lot)
    assert_allclose(ati, [n, lot])  # nothing screened at p = 0, everything at p = 1


def test_aoql_agrees_with_a_dense_grid():
    # The refined maximum is at least the maximum over a fine grid and close to it.
    for n, c, lot in [(89, 2, 10000), (125, 3, None), (13, 0, 500)]:
        grid = np.linspace(0, 0.5, 200001)
        dense = sampling.aoq(grid, n, c, lot_size=lot).max()
        result = sampling.aoql(n, c, lot_size=lot)
        assert dense - 1e-12 <= result.aoql <= dense * (1 + 1e-6)
        assert_allclose(sampling.aoq(result.p, n, c, lot_size=lot), result.aoql, rtol=1e-12)


def test_hypergeometric_aoql_is_exact_over_the_number_of_nonconforming_items():
    n, c, lot = 20, 1, 200
    d = np.arange(lot + 1)
    exact = (d / lot * stats.hypergeom.cdf(c, lot, d, n) * (lot - n) / lot).max()
    result = sampling.aoql(n, c, method="hypergeometric", lot_size=lot)
    assert_allclose(result.aoql, exact, rtol=1e-12)


def test_oc_curve_result():
    curve = sampling.oc_curve(80, 2, lot_size=1000)
    assert curve.p[0] == 0.0 and curve.pa[0] == 1.0
    assert curve.pa[-1] < 1e-6
    assert curve.ati is not None and curve.ati[0] == 80
    assert_allclose(curve.aoq, curve.p * curve.pa * (1000 - 80) / 1000)
    assert sampling.oc_curve(80, 2).ati is None


def test_plan_oc_uses_poisson_above_aql_10():
    p = sampling.plan(1000, 25)  # nonconformities per 100 units
    assert_allclose(p.probability_of_acceptance(0.2), stats.poisson.cdf(p.ac, p.sample_size * 0.2))
    q = sampling.plan(1000, 1.0)
    assert_allclose(q.probability_of_acceptance(0.01), stats.binom.cdf(2, 80, 0.01))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"p": [0.1, float("nan")]}, "p value nan is not a finite number"),
        ({"p": [1.5]}, "p value 1.5 is not a finite number between 0 and 1"),
        ({"p": [-0.1]}, "p value -0.1"),
        ({"n": 0}, "n 0 is not an integer >= 1"),
        ({"c": -1}, "c -1 is not an integer >= 0"),
        ({"method": "normal"}, "method 'normal' is not one of binomial, hypergeometric, poisson"),
        ({"method": "hypergeometric"}, "needs lot_size"),
        ({"lot_size": 10}, "n 20 exceeds lot_size 10"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    args = {"p": [0.1], "n": 20, "c": 1} | kwargs
    p, n, c = args.pop("p"), args.pop("n"), args.pop("c")
    with pytest.raises(ValueError, match=message):
        sampling.probability_of_acceptance(p, n, c, **args)


def test_poisson_accepts_rates_above_one():
    assert_allclose(sampling.probability_of_acceptance(2.0, 1, 3, method="poisson"),
                    stats.poisson.cdf(3, 2.0))  # fmt: skip


# --- invariants -----------------------------------------------------------------------

plans = st.tuples(st.integers(1, 400), st.integers(0, 30)).filter(lambda t: t[1] < t[0])


@settings(max_examples=60, deadline=None)
@given(plans, st.lists(st.floats(0, 1), min_size=2, max_size=40), st.sampled_from(["b", "p", "h"]))
def test_oc_curve_is_non_increasing_and_in_unit_interval(plan, ps, model):
    n, c = plan
    p = np.sort(np.array(ps))
    method = {"b": "binomial", "p": "poisson", "h": "hypergeometric"}[model]
    lot = n + 37 if method == "hypergeometric" else None
    pa = sampling.probability_of_acceptance(p, n, c, method=method, lot_size=lot)
    assert np.all((pa >= 0) & (pa <= 1))
    assert np.all(np.diff(pa) <= 1e-12)


@settings(max_examples=40, deadline=None)
@given(plans, st.lists(st.floats(0, 1), min_size=1, max_size=30), st.booleans())
def test_aoq_never_exceeds_aoql(plan, ps, with_lot):
    n, c = plan
    lot = n * 3 + 5 if with_lot else None
    limit = sampling.aoql(n, c, lot_size=lot).aoql
    assert np.all(sampling.aoq(ps, n, c, lot_size=lot) <= limit * (1 + 1e-9) + 1e-15)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3000), st.data())
def test_vectorised_hypergeometric_cdf_matches_scipy(lot, data):
    n = data.draw(st.integers(1, lot))
    c = data.draw(st.integers(0, min(n, 40)))
    d = np.array(data.draw(st.lists(st.integers(0, lot), min_size=1, max_size=10)))
    pa = sampling.probability_of_acceptance(d / lot, n, c, method="hypergeometric", lot_size=lot)
    assert_allclose(pa, stats.hypergeom.cdf(c, lot, d, n), rtol=1e-9, atol=1e-14)
