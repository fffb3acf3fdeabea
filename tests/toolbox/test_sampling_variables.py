"""ISO 3951-1 form k (k-method): OC curves, plan design, decisions, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from qualicert.toolbox import sampling


def test_sigma_method_oc_closed_form():
    # Montgomery (2019), chapter 16: with sigma known, Pa(p) = Phi(sqrt(n) (z_p - k)),
    # z_p the upper p-quantile of N(0, 1); Pa = 1/2 where z_p = k.
    n, k = 20, 1.8
    p = np.array([0.001, 0.01, stats.norm.sf(k), 0.1])
    expected = stats.norm.cdf(math.sqrt(n) * (stats.norm.isf(p) - k))
    pa = sampling.variables_oc(p, n, k, sigma_known=True)
    assert_allclose(pa, expected, rtol=1e-12)
    assert_allclose(pa[2], 0.5, rtol=1e-12)


def test_s_method_oc_matches_simulation():
    # Independent check of the noncentral t form (Schilling and Neubauer, ch. 9): simulate
    # normal samples with fraction p above U and count x-bar + k s <= U.
    rng = np.random.default_rng(20240611)
    n, k, p = 10, 1.6, 0.03
    upper = stats.norm.isf(p)  # N(0, 1) process, USL with p beyond it
    x = rng.normal(size=(200_000, n))
    accepted = (upper - x.mean(axis=1)) / x.std(axis=1, ddof=1) >= k
    assert_allclose(sampling.variables_oc(p, n, k), accepted.mean(), atol=3e-3)


def test_oc_ends():
    pa = sampling.variables_oc([0.0, 1.0], 8, 1.5)
    assert_allclose(pa, [1.0, 0.0])


@pytest.mark.parametrize("sigma_known", [True, False])
def test_designed_variables_plan_meets_both_points_and_is_smallest(sigma_known):
    p1, p2, alpha, beta = 0.01, 0.06, 0.05, 0.10
    plan = sampling.design_variables_plan(p1, p2, alpha=alpha, beta=beta, sigma_known=sigma_known)
    pa = plan.probability_of_acceptance([p1, p2])
    assert pa[0] >= 1 - alpha - 1e-12 and pa[1] <= beta + 1e-12
    z1, z2, za, zb = stats.norm.isf([p1, p2, alpha, beta])
    m = plan.n - 1  # with one measurement fewer no k meets both points
    if sigma_known:
        # Montgomery (2019), ch. 16: n = ((z_a + z_b) / (z_p1 - z_p2))^2 and
        # k = (z_p1 z_b + z_p2 z_a) / (z_a + z_b).
        assert plan.n == math.ceil(((za + zb) / (z1 - z2)) ** 2)
        assert_allclose(plan.k, (z1 * zb + z2 * za) / (za + zb), rtol=1e-12)
        assert z1 - za / math.sqrt(m) < z2 + zb / math.sqrt(m)
    else:
        root = math.sqrt(m)
        k_low = stats.nct.isf(beta, m - 1, root * z2) / root
        k_high = stats.nct.ppf(alpha, m - 1, root * z1) / root
        assert k_low > k_high
        # Wallis' approximation n_s ~ n_sigma (1 + k^2 / 2) is close to the exact n.
        wallis = ((za + zb) / (z1 - z2)) ** 2 * (1 + plan.k**2 / 2)
        assert abs(plan.n - wallis) <= 0.1 * wallis
    assert plan.source.startswith("computed")


def test_variables_plan_is_computed_and_matched_to_the_attributes_plan():
    plan = sampling.variables_plan(1000, 1.0)
    attributes = sampling.plan(1000, 1.0)  # J: n = 80, Ac 2
    assert plan.source.startswith("computed") and "not an ISO 3951-1 table value" in plan.source
    assert (plan.code_letter, plan.aql, plan.severity) == ("J", 1.0, "normal")
    # The attributes plan has Pa = 0.95 at p1 and 0.10 at p2; the variables plan keeps
    # at least that protection at both points with fewer items.
    att = attributes.probability_of_acceptance([plan.p1, plan.p2])
    assert_allclose(att, [0.95, 0.10], rtol=1e-9)
    pa = plan.probability_of_acceptance([plan.p1, plan.p2])
    assert pa[0] >= 0.95 - 1e-12 and pa[1] <= 0.10 + 1e-12
    assert plan.n < attributes.sample_size
    sigma_plan = sampling.variables_plan(1000, 1.0, sigma_known=True)
    assert sigma_plan.n < plan.n


def test_variables_plan_refuses_aql_above_10():
    with pytest.raises(ValueError, match="aql 15 is above 10"):
        sampling.variables_plan(1000, 15)


# --- k-method decisions ----------------------------------------------------------------


def test_k_method_s_method_decision():
    data = [9.0, 10.0, 11.0]  # mean 10, s = 1
    r = sampling.k_method(data, 1.9, usl=12.0)
    assert (r.mean, r.spread, r.method, r.q_upper, r.q_lower) == (10.0, 1.0, "s", 2.0, None)
    assert r.accepted
    assert not sampling.k_method(data, 2.1, usl=12.0).accepted
    both = sampling.k_method(data, 1.9, lsl=8.5, usl=12.0)
    assert both.q_lower == 1.5 and not both.accepted  # each limit controlled separately


def test_k_method_sigma_method_and_plan_evaluate():
    r = sampling.k_method([10.2, 9.8], 1.0, lsl=8.0, sigma=0.5)
    assert (r.method, r.spread, r.q_lower, r.accepted) == ("sigma", 0.5, 4.0, True)
    plan = sampling.design_variables_plan(0.01, 0.06, sigma_known=True)
    data = np.linspace(-1, 1, plan.n)
    assert plan.evaluate(data, usl=5.0, sigma=1.0).accepted
    with pytest.raises(ValueError, match="give the known process sigma"):
        plan.evaluate(data, usl=5.0)
    with pytest.raises(ValueError, match=f"the plan needs {plan.n} measurements, got 3"):
        plan.evaluate([1, 2, 3], usl=5.0, sigma=1.0)


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        ([1.0, 1.0, 1.0], {"usl": 2.0}, "zero variance"),
        ([1.0, float("nan")], {"usl": 2.0}, "finite numbers"),
        ([1.0], {"usl": 2.0}, "at least 2 measurements"),
        ([1.0, 2.0], {}, "at least one specification limit"),
        ([1.0, 2.0], {"lsl": 3.0, "usl": 2.0}, "lsl 3.0 must be below usl 2.0"),
        ([1.0, 2.0], {"usl": 3.0, "sigma": 0.0}, "sigma 0.0 must be greater than 0"),
        ([1.0, 2.0], {"usl": float("inf")}, "usl inf is not a finite number"),
    ],
)
def test_k_method_bad_input(data, kwargs, message):
    with pytest.raises(ValueError, match=message):
        sampling.k_method(data, 1.5, **kwargs)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 200), st.floats(0.0, 3.0), st.booleans())
def test_variables_oc_is_non_increasing(n, k, sigma_known):
    p = np.linspace(0.0, 1.0, 60)
    pa = sampling.variables_oc(p, n, k, sigma_known=sigma_known)
    assert np.all((pa >= 0) & (pa <= 1))
    assert np.all(np.diff(pa) <= 1e-9)


@settings(max_examples=25, deadline=None)
@given(st.floats(0.001, 0.05), st.floats(2.0, 20.0), st.floats(0.02, 0.2), st.booleans())
def test_designed_variables_plans_satisfy_both_risk_points(p1, ratio, risk, sigma_known):
    p2 = min(p1 * ratio, 0.5)
    plan = sampling.design_variables_plan(p1, p2, alpha=risk, beta=risk, sigma_known=sigma_known)
    pa = plan.probability_of_acceptance([p1, p2])
    assert pa[0] >= 1 - risk - 1e-9
    assert pa[1] <= risk + 1e-9
