"""Design of single sampling plans from two risk points: published example and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from qualicert.toolbox import sampling


def _brute_force(p1, p2, alpha, beta, pmf_cdf, n_max):
    """Smallest (n, c) by exhaustive search: an independent check of the design."""
    for n in range(1, n_max + 1):
        c = np.arange(n)
        ok = (pmf_cdf(c, n, p1) >= 1 - alpha) & (pmf_cdf(c, n, p2) <= beta)
        if ok.any():
            return n, int(np.argmax(ok))
    return None


def test_montgomery_design_example():
    # Montgomery, Introduction to Statistical Quality Control (8th ed., 2019), chapter 15,
    # "Designing a single-sampling plan with a specified OC curve": p1 = 0.01,
    # 1 - alpha = 0.95, p2 = 0.06, beta = 0.10. The binomial nomograph there reads c = 3
    # (and n of about 120); the exact smallest plan, checked by brute force, is n = 110.
    plan = sampling.design_plan(0.01, 0.06, alpha=0.05, beta=0.10)
    assert (plan.n, plan.c, plan.re) == (110, 3, 4)
    assert plan.pa_p1 >= 0.95 and plan.pa_p2 <= 0.10
    assert _brute_force(0.01, 0.06, 0.05, 0.10, stats.binom.cdf, 130) == (110, 3)


@pytest.mark.parametrize(
    ("p1", "p2", "alpha", "beta"), [(0.02, 0.08, 0.05, 0.10), (0.05, 0.2, 0.05, 0.05)]
)
def test_binomial_design_is_the_smallest_plan(p1, p2, alpha, beta):
    plan = sampling.design_plan(p1, p2, alpha=alpha, beta=beta)
    assert _brute_force(p1, p2, alpha, beta, stats.binom.cdf, plan.n) == (plan.n, plan.c)


def test_poisson_design_is_the_smallest_plan():
    def poisson(c, n, p):
        return stats.poisson.cdf(c, n * p)

    plan = sampling.design_plan(0.01, 0.05, method="poisson")
    assert _brute_force(0.01, 0.05, 0.05, 0.10, poisson, plan.n) == (plan.n, plan.c)


def test_hypergeometric_design_is_the_smallest_plan():
    lot, d1, d2 = 500, 5, 40  # p1 = 0.01, p2 = 0.08

    def hyper(c, n, p):
        return stats.hypergeom.cdf(c, lot, round(p * lot), n)

    plan = sampling.design_plan(d1 / lot, d2 / lot, method="hypergeometric", lot_size=lot)
    assert _brute_force(d1 / lot, d2 / lot, 0.05, 0.10, hyper, plan.n) == (plan.n, plan.c)
    assert plan.lot_size == lot and plan.n <= lot


def test_designed_plan_reports_its_risks():
    plan = sampling.design_plan(0.01, 0.06)
    assert plan.producer_risk == pytest.approx(1 - plan.pa_p1)
    assert plan.consumer_risk == plan.pa_p2
    assert plan.probability_of_acceptance([0.01])[0] == pytest.approx(plan.pa_p1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"p1": 0.06, "p2": 0.01}, "p1 0.06 must be smaller than p2 0.01"),
        ({"p1": 0.0}, "p1 0.0 must be strictly between 0 and 1"),
        ({"p2": 1.5}, "p2 1.5 must be strictly between 0 and 1"),
        ({"alpha": 0.0}, "alpha 0.0 must lie strictly between 0 and 1"),
        ({"alpha": 0.6, "beta": 0.5}, "must be below 1"),
        ({"method": "exact"}, "method 'exact' is not one of binomial, hypergeometric, poisson"),
        ({"method": "hypergeometric"}, "needs lot_size"),
        ({"p2": 0.02, "method": "hypergeometric", "lot_size": 20}, "round to at least 1 and"),
        ({"p2": 0.0101, "max_sample_size": 1000}, "no binomial plan with n <= 1000"),
    ],
)
def test_bad_design_input_is_refused(kwargs, message):
    args = {"p1": 0.01, "p2": 0.06} | kwargs
    p1, p2 = args.pop("p1"), args.pop("p2")
    with pytest.raises(ValueError, match=message):
        sampling.design_plan(p1, p2, **args)


@settings(max_examples=40, deadline=None)
@given(
    st.floats(0.001, 0.2),
    st.floats(1.5, 10.0),
    st.floats(0.01, 0.2),
    st.floats(0.01, 0.2),
    st.sampled_from(["binomial", "poisson", "hypergeometric"]),
)
def test_designed_plans_satisfy_both_risk_points(p1, ratio, alpha, beta, method):
    p2 = min(p1 * ratio, 0.9)
    lot = 5000 if method == "hypergeometric" else None
    if lot is not None and round(p2 * lot) <= round(p1 * lot):
        return
    plan = sampling.design_plan(p1, p2, alpha=alpha, beta=beta, method=method, lot_size=lot)
    pa = sampling.probability_of_acceptance(
        np.array([p1, p2]), plan.n, plan.c, method=method, lot_size=lot
    )
    assert pa[0] >= 1 - alpha
    assert pa[1] <= beta
    if plan.n > plan.c + 1:  # one item fewer misses the consumer's point with this c
        fewer = sampling.probability_of_acceptance(
            p2, plan.n - 1, plan.c, method=method, lot_size=lot
        )
        assert fewer > beta
