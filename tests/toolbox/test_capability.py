"""Tests for qualicert.toolbox.capability against published values and closed forms."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import special, stats

from qualicert.toolbox import capability
from qualicert.toolbox.capability import distributions

QCC = Path(__file__).resolve().parents[2].parent / "shared" / "reference-data" / "qcc"


def _exact(n: int, mean: float, sd: float, seed: int = 0) -> np.ndarray:
    """n values whose mean and sample standard deviation (ddof=1) are exactly given."""
    z = np.random.default_rng(seed).normal(size=n)
    z = (z - z.mean()) / z.std(ddof=1)
    return mean + sd * z


@pytest.fixture(scope="module")
def piston_phase1() -> np.ndarray:
    path = QCC / "pistonrings.csv"
    if not path.exists():
        pytest.skip(f"reference data {path} is absent (shared/reference-data/qcc)")
    with path.open() as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    phase1 = [float(r["diameter"]) for r in rows if r["trial"] == "TRUE"]
    return np.array(phase1).reshape(25, 5)


# --- published values ----------------------------------------------------------------


def test_piston_rings_match_montgomery_and_qcc(piston_phase1: np.ndarray) -> None:
    # Montgomery, Introduction to SQC, piston-ring example (25 samples of 5, specs
    # 74.000 +/- 0.05): grand mean 74.001 and R-bar 0.023 (printed rounded).
    # R's qcc, process.capability(qcc(pistonrings[trial], "xbar"), spec.limits =
    # c(73.95, 74.05)) prints StdDev = 0.009785, Cp 1.703, Cp_l 1.743, Cp_u 1.663,
    # Cp_k 1.663, Cpm 1.691 (target 74).
    r = capability.analyze(piston_phase1, lsl=73.95, usl=74.05)
    assert r.n == 125
    assert r.subgroup_size == 5
    assert r.within_method == "range"
    assert round(r.mean, 3) == 74.001
    assert round(float(np.ptp(piston_phase1, axis=1).mean()), 3) == 0.023
    assert_allclose(r.sigma_within, 0.009785, atol=5e-7)
    assert_allclose(
        [r.cp, r.cpl, r.cpu, r.cpk, r.cpm], [1.703, 1.743, 1.663, 1.663, 1.691], atol=5e-4
    )
    assert r.target == 74.0


def test_piston_rings_intervals_match_qcc(piston_phase1: np.ndarray) -> None:
    # qcc (same call as above) prints 95 % limits Cp 1.491-1.915 and Cp_k 1.448-1.878,
    # from the Montgomery section 8.3.5 formulas with n - 1 degrees of freedom.
    r = capability.analyze(piston_phase1, lsl=73.95, usl=74.05)
    cp = r.ci("cp", dof="n-1")
    cpk = r.ci("Cpk", 0.95, dof="n-1")
    assert_allclose([cp.low, cp.high], [1.491, 1.915], atol=5e-4)
    assert_allclose([cpk.low, cpk.high], [1.448, 1.878], atol=5e-4)
    assert cp.confidence_level == 0.95


def test_nist_cpk_example() -> None:
    # NIST/SEMATECH e-Handbook 6.1.6: USL = 20, LSL = 8, mean 16, sigma 2 give
    # Cp = 1 and Cpk = min((20 - 16)/6, (16 - 8)/6) = 0.6667. The overall sigma of data
    # built with sample mean 16 and sd 2 is exactly 2.
    r = capability.analyze(_exact(50, 16.0, 2.0), lsl=8, usl=20)
    assert_allclose([r.pp, r.ppk, r.ppu, r.ppl], [1.0, 2 / 3, 2 / 3, 4 / 3], rtol=1e-12)
    assert_allclose(r.ppm, 12 / (6 * math.sqrt(4 + 4)), rtol=1e-12)  # Cpm, T = 14


# --- closed forms --------------------------------------------------------------------


def test_range_sd_pooled_and_moving_range_sigma() -> None:
    # Subgroups of 2 with range 1: sigma = R-bar / d2(2) = 1 / (2 / sqrt(pi)).
    pairs = np.array([[0.0, 1.0], [3.0, 4.0], [1.0, 2.0]])
    r = capability.analyze(pairs, lsl=-5, usl=10)
    assert_allclose(r.sigma_within, math.sqrt(math.pi) / 2, rtol=1e-12)
    assert_allclose(r.cp, 15 / (6 * math.sqrt(math.pi) / 2), rtol=1e-12)
    # Subgroups of 3: c4(3) = sqrt(pi)/2; S of (0, 1, 2) and (5, 6, 7) is 1.
    triples = [0.0, 1.0, 2.0, 5.0, 6.0, 7.0]
    s = capability.analyze(triples, lsl=-5, usl=10, subgroup_size=3, within="sd")
    assert_allclose(s.sigma_within, 1 / (math.sqrt(math.pi) / 2), rtol=1e-12)
    # Pooled: sqrt(sum of squares / d) / c4(d + 1) with d = 4 -> c4(5).
    p = capability.analyze(triples, lsl=-5, usl=10, subgroup_size=3, within="pooled")
    c4_5 = math.sqrt(2 / 4) * math.gamma(2.5) / math.gamma(2.0)
    assert_allclose(p.sigma_within, 1 / c4_5, rtol=1e-12)
    assert p.dof_within == 4.0
    # Individuals 1, 3, 2, 4: MR-bar = 5/3, sigma = (5/3) / (2 / sqrt(pi)).
    i = capability.analyze([1.0, 3.0, 2.0, 4.0], usl=10)
    assert i.within_method == "moving range"
    assert_allclose(i.sigma_within, 5 / 3 * math.sqrt(math.pi) / 2, rtol=1e-12)


def test_one_and_two_dimensional_input_agree() -> None:
    x = np.random.default_rng(3).normal(10, 1, size=60)
    a = capability.analyze(x, lsl=6, usl=13, subgroup_size=4)
    b = capability.analyze(x.reshape(15, 4), lsl=6, usl=13)
    assert a == b
    assert capability.analyze(x.reshape(5, 12), lsl=6, usl=13).within_method == "sd"


def test_intervals_follow_the_textbook_formulas() -> None:
    # Montgomery section 8.3.5 / NIST 6.1.6 formulas, restated with scipy: n = 20,
    # specs 38 and 62, mean 50, s = 1.75 (Cp = 24 / 10.5).
    n = 20
    r = capability.analyze(_exact(n, 50.0, 1.75), lsl=38, usl=62)
    cp = 24 / (6 * 1.75)
    chi = stats.chi2.ppf([0.025, 0.975], n - 1)
    assert_allclose(r.pp, cp, rtol=1e-12)
    got = r.ci("pp")
    assert_allclose([got.low, got.high], cp * np.sqrt(chi / (n - 1)), rtol=1e-12)
    z = stats.norm.ppf(0.975)
    ppk = r.ppk
    assert ppk is not None
    half = ppk * z * math.sqrt(1 / (9 * n * ppk**2) + 1 / (2 * (n - 1)))  # Bissell
    got = r.ci("ppk")
    assert_allclose([got.low, got.high], [ppk - half, ppk + half], rtol=1e-12)
    # Boyles: with the mean on target f = n and the interval is the chi-square one.
    got = r.ci("ppm", confidence_level=0.9)
    chi90 = stats.chi2.ppf([0.05, 0.95], n)
    assert_allclose([got.low, got.high], cp * np.sqrt(chi90 / n), rtol=1e-12)


@pytest.mark.parametrize("method", ["range", "sd", "individuals"])
def test_effective_dof_matches_simulation(method: str) -> None:
    # Patnaik: Var(sigma_hat / sigma) = 1 / (2 dof). Simulated with 4000 samples.
    rng = np.random.default_rng(11)
    size, k = (1, 40) if method == "individuals" else (5, 12)
    within = "range" if method == "individuals" else method
    sims = rng.normal(size=(4000, k * size))
    first = capability.analyze(sims[0], usl=10, subgroup_size=size, within=within)
    if method == "individuals":
        sigmas = np.abs(np.diff(sims, axis=1)).mean(axis=1) / (2 / math.sqrt(math.pi))
    else:
        g = sims.reshape(4000, k, size)
        if method == "range":
            sigmas = np.ptp(g, axis=2).mean(axis=1) / 2.325929
        else:
            sigmas = g.std(axis=2, ddof=1).mean(axis=1) / 0.939986
    assert_allclose(1 / (2 * sigmas.var()), first.dof_within, rtol=0.1)


def test_ppm_dpmo_yield_and_sigma_level() -> None:
    # Normal tails: P(Z > 3) = 1349.898 ppm; a USL 4.5 sigma above the mean gives
    # 3.4 ppm, the Six Sigma convention of sigma level 6 with the 1.5 shift.
    r = capability.analyze(_exact(40, 0.0, 1.0), lsl=-3, usl=3)
    tail = stats.norm.sf(3) * 1e6
    assert_allclose([r.expected_ppm_overall.below, r.expected_ppm_overall.above], [tail, tail])
    assert_allclose(r.dpmo, 2 * tail)
    assert_allclose(r.yield_fraction, 1 - 2 * tail / 1e6)
    one = capability.analyze(_exact(40, 0.0, 1.0), usl=4.5)
    assert_allclose(one.dpmo, 3.3977, atol=1e-4)
    assert_allclose(one.sigma_level, 6.0, rtol=1e-12)
    assert one.sigma_shift == 1.5
    assert one.expected_ppm_overall.below is None


def test_observed_ppm_counts_values_outside() -> None:
    r = capability.analyze([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], lsl=1.5, usl=8.5)
    assert r.observed_ppm == capability.PartsPerMillion(100_000.0, 200_000.0, 300_000.0)


def test_one_sided_specification() -> None:
    x = _exact(30, 5.0, 1.0)
    r = capability.analyze(x, usl=9.0)
    assert r.cp is None
    assert r.cpl is None
    assert r.pp is None
    assert r.cpm is None
    assert r.cpk == r.cpu
    assert r.ppk == r.ppu
    assert_allclose(r.ppu, 4 / 3, rtol=1e-12)
    with pytest.raises(ValueError, match="'cp' is undefined"):
        r.ci("cp")
    t = capability.analyze(x, lsl=1.0, target=5.0)
    assert_allclose(t.ppm, 4 / 3, rtol=1e-12)  # (T - LSL) / (3 tau), tau = sigma


def test_normality_test_matches_scipy_and_stephens() -> None:
    x = np.random.default_rng(5).gamma(9.0, size=60)
    r = capability.analyze(x, usl=30)
    assert_allclose(r.normality.statistic, stats.anderson(x, method="interpolate").statistic)
    # D'Agostino & Stephens (1986) Table 4.7, case 3 upper-tail points of the modified
    # A²: 10 % 0.631, 5 % 0.752, 1 % 1.035.
    ad_p = distributions._ad_p_value
    assert_allclose(
        [ad_p(0.631, 10**9), ad_p(0.752, 10**9), ad_p(1.035, 10**9)], [0.10, 0.05, 0.01], atol=1e-3
    )


def test_boxcox_transforms_data_and_specs() -> None:
    x = np.random.default_rng(7).lognormal(1.0, 0.5, size=200)
    r = capability.analyze(x, lsl=0.5, usl=15.0, transform="boxcox")
    lam = stats.boxcox(x)[1]  # scipy's maximum-likelihood lambda
    assert r.method == "boxcox"
    assert r.transform is not None
    assert_allclose(r.transform.lmbda, lam, rtol=1e-6)
    assert_allclose(r.transform.usl, special.boxcox(15.0, r.transform.lmbda))
    y = special.boxcox(x, r.transform.lmbda)
    direct = capability.analyze(y, lsl=r.transform.lsl, usl=r.transform.usl)
    assert_allclose([r.pp, r.ppk, r.cpk], [direct.pp, direct.ppk, direct.cpk], rtol=1e-9)
    assert r.lsl == 0.5
    assert r.transform.normality.p_value > r.normality.p_value
    fixed = capability.analyze(x, lsl=0.5, usl=15.0, transform="boxcox", boxcox_lambda=0.0)
    assert_allclose(fixed.transform.usl if fixed.transform else None, math.log(15.0))


def test_percentile_method_with_fixed_distributions() -> None:
    x = np.random.default_rng(8).lognormal(0.0, 0.4, size=300)
    r = capability.analyze(x, lsl=0.2, usl=5.0, method="percentile", distribution="lognormal")
    logs = np.log(x)
    mu, s = logs.mean(), logs.std()  # maximum likelihood
    q = np.exp(mu + s * stats.norm.ppf([0.00135, 0.5, 0.99865]))
    assert r.fit is not None
    assert r.fit.name == "lognormal"
    assert_allclose([r.fit.q_low, r.fit.q_median, r.fit.q_high], q, rtol=1e-6)
    assert_allclose(r.pp, (5.0 - 0.2) / (q[2] - q[0]), rtol=1e-6)
    assert_allclose(r.ppu, (5.0 - q[1]) / (q[2] - q[1]), rtol=1e-6)
    assert_allclose(r.ppl, (q[1] - 0.2) / (q[1] - q[0]), rtol=1e-6)
    assert r.cp is None
    assert r.ppm is None
    assert r.expected_ppm_within is None
    assert_allclose(
        r.expected_ppm_overall.above, stats.lognorm(s, scale=math.exp(mu)).sf(5) * 1e6, rtol=1e-5
    )
    with pytest.raises(ValueError, match="percentile"):
        r.ci("pp")


@pytest.mark.parametrize(
    ("name", "draw"),
    [
        ("weibull", lambda g: g.weibull(1.3, size=500) * 4.0),
        ("lognormal", lambda g: g.lognormal(0.0, 0.9, size=500)),
        ("normal", lambda g: g.normal(50.0, 2.0, size=500)),
    ],
)
def test_percentile_auto_selects_the_generating_distribution(name: str, draw: object) -> None:
    x = draw(np.random.default_rng(21))  # type: ignore[operator]
    r = capability.analyze(x, usl=float(np.max(x)) * 1.5, method="percentile")
    assert r.fit is not None
    assert r.fit.name == name
    assert {c[0] for c in r.fit.candidates} == {"normal", "lognormal", "weibull", "gamma"}


def test_percentile_negative_data_uses_normal_only() -> None:
    x = np.random.default_rng(2).normal(0, 1, size=50)
    r = capability.analyze(x, lsl=-4, usl=4, method="percentile")
    assert r.fit is not None
    assert r.fit.candidates == (("normal", r.fit.ad_statistic),)
    with pytest.raises(ValueError, match="needs positive data"):
        capability.analyze(x, lsl=-4, usl=4, method="percentile", distribution="weibull")


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"data": [1.0, float("nan"), 2.0], "usl": 3}, "not finite"),
        ({"data": [1.0], "usl": 3}, "at least 2"),
        ({"data": [1.0, 2.0, 3.0], "usl": 3, "subgroup_size": 3}, "1 subgroups given"),
        ({"data": [2.0, 2.0, 2.0], "usl": 3}, "zero variance"),
        ({"data": [1.0, 2.0, 3.0], "lsl": 3, "usl": 3}, "lsl 3.0 must be below usl 3.0"),
        ({"data": [1.0, 2.0, 3.0]}, "no specification"),
        ({"data": [1.0, 2.0, 3.0, 4.0, 5.0], "usl": 9, "subgroup_size": 2}, "not divisible"),
        ({"data": [1.0, 2.0, 3.0], "usl": 9, "within": "mad"}, "within 'mad' is not one of"),
        ({"data": [1.0, 2.0, 3.0], "usl": 9, "within": "sd"}, "needs subgroups"),
        ({"data": [1.0, 2.0, 3.0], "usl": 9, "subgroup_size": 0}, "subgroup_size 0"),
        ({"data": [[[1.0]]], "usl": 9}, "3 dimensions"),
        ({"data": [1.0, 1.0, 2.0, 2.0], "usl": 9, "subgroup_size": 2}, "within-subgroup"),
        ({"data": [1.0, 2.0], "usl": float("inf")}, "usl inf must be a finite"),
        ({"data": [1.0, 2.0], "usl": 9, "method": "exact"}, "method 'exact'"),
        ({"data": [1.0, 2.0], "usl": 9, "transform": "log"}, "transform 'log'"),
        (
            {"data": [1.0, 2.0], "usl": 9, "transform": "boxcox", "method": "percentile"},
            "cannot be combined",
        ),
        ({"data": [-1.0, 2.0], "usl": 9, "transform": "boxcox"}, "positive data"),
        ({"data": [1.0, 2.0], "lsl": 0, "usl": 9, "transform": "boxcox"}, "lsl 0.0 must be > 0"),
        ({"data": [1.0, 2.0, 4.0], "usl": 9, "distribution": "beta"}, "distribution 'beta'"),
    ],
)
def test_bad_input_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        capability.analyze(**kwargs)  # type: ignore[arg-type]


def test_bad_interval_requests() -> None:
    r = capability.analyze([1.0, 2.0, 4.0, 3.0], lsl=0, usl=5)
    with pytest.raises(ValueError, match="index 'cq' is not one of"):
        r.ci("cq")
    with pytest.raises(ValueError, match=r"confidence_level 1\.5"):
        r.ci("cp", confidence_level=1.5)
    with pytest.raises(ValueError, match="dof 'n'"):
        r.ci("cp", dof="n")  # type: ignore[arg-type]


# --- invariants ----------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.sampled_from([1, 2, 5]),
    groups=st.integers(3, 30),
    shift=st.floats(-3, 3),
    width=st.floats(0.5, 8),
    level=st.floats(0.5, 0.999),
)
def test_invariants(
    seed: int, size: int, groups: int, shift: float, width: float, level: float
) -> None:
    x = np.random.default_rng(seed).normal(shift, 1.0, size=size * groups)
    r = capability.analyze(x, lsl=-width, usl=width, subgroup_size=size)
    assert r.cpk is not None
    assert r.cp is not None
    assert r.ppk is not None
    assert r.pp is not None
    assert r.cpk <= r.cp + 1e-12
    assert r.ppk <= r.pp + 1e-12
    for name in ("cp", "cpk", "cpl", "cpu", "cpm", "pp", "ppk", "ppl", "ppu", "ppm"):
        ci = r.ci(name, confidence_level=level)
        assert ci.low <= getattr(r, name) <= ci.high
    ppm = r.expected_ppm_overall
    assert ppm.below is not None
    assert ppm.above is not None
    assert_allclose(ppm.total, ppm.below + ppm.above)
    assert 0.0 <= r.yield_fraction <= 1.0
