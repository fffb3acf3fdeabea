"""Tests for qualicert.toolbox.msa against published values and independent computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from qualicert.toolbox import msa
from qualicert.toolbox.constants import d2, d3

# AIAG MSA 4th ed. (2010), chapter III section B, gauge study data: 10 parts, appraisers
# A, B, C, 3 trials (rows: trials 1-3; columns: parts 1-10). Minitab ships the same data
# as GAGEAIAG.MTW.
AIAG = {
    "A": [
        [0.29, -0.56, 1.34, 0.47, -0.80, 0.02, 0.59, -0.31, 2.26, -1.36],
        [0.41, -0.68, 1.17, 0.50, -0.92, -0.11, 0.75, -0.20, 1.99, -1.25],
        [0.64, -0.58, 1.27, 0.64, -0.84, -0.21, 0.66, -0.17, 2.01, -1.31],
    ],
    "B": [
        [0.08, -0.47, 1.19, 0.01, -0.56, -0.20, 0.47, -0.63, 1.80, -1.68],
        [0.25, -1.22, 0.94, 1.03, -1.20, 0.22, 0.55, 0.08, 2.12, -1.62],
        [0.07, -0.68, 1.34, 0.20, -1.28, 0.06, 0.83, -0.34, 2.19, -1.50],
    ],
    "C": [
        [0.04, -1.38, 0.88, 0.14, -1.46, -0.29, 0.02, -0.46, 1.77, -1.49],
        [-0.11, -1.13, 1.09, 0.20, -1.07, -0.67, 0.01, -0.56, 1.45, -1.77],
        [-0.15, -0.96, 0.67, 0.11, -1.45, -0.49, 0.21, -0.49, 1.87, -2.16],
    ],
}


def _long(cube: np.ndarray) -> tuple[list[int], list[int], list[float]]:
    """Long format from ``cube[part, operator, trial]``."""
    p, o, r = cube.shape
    idx = np.indices((p, o, r)).reshape(3, -1)
    return idx[0].tolist(), idx[1].tolist(), cube.ravel().tolist()


def _aiag_long() -> tuple[list[int], list[str], list[float]]:
    parts, ops, vals = [], [], []
    for op, trials in AIAG.items():
        for trial in trials:
            parts += list(range(1, 11))
            ops += [op] * 10
            vals += trial
    return parts, ops, vals


def _lstsq_anova(cube: np.ndarray) -> dict[str, float]:
    """Sums of squares by least squares on dummy-coded nested models (independent)."""
    p, o, _r = cube.shape
    part, op, _ = np.indices(cube.shape).reshape(3, -1)
    y = cube.ravel()
    one = np.ones((y.size, 1))
    dp = (part[:, None] == np.arange(1, p)).astype(float)
    do = (op[:, None] == np.arange(1, o)).astype(float)
    dpo = np.einsum("ni,nj->nij", dp, do).reshape(y.size, -1)

    def rss(x: np.ndarray) -> float:
        beta = np.linalg.lstsq(x, y, rcond=None)[0]
        return float(np.sum((y - x @ beta) ** 2))

    r0, rp = rss(one), rss(np.hstack([one, dp]))
    rpo, full = rss(np.hstack([one, dp, do])), rss(np.hstack([one, dp, do, dpo]))
    return {"part": r0 - rp, "operator": rp - rpo, "operator*part": rpo - full, "error": full}


# --- AIAG example -----------------------------------------------------------------


def test_aiag_anova_table() -> None:
    # AIAG MSA 4th ed., ANOVA table of the gauge study example (also Minitab's crossed
    # gage R&R example on GAGEAIAG.MTW): SS part 88.3619, appraiser 3.1673, interaction
    # 0.3590, equipment 2.7589, total 94.6471; MS 9.81799, 1.58363, 0.01994, 0.04598;
    # F 492.29, 79.41, 0.434; interaction p = 0.974.
    r = msa.gage_rr(*_aiag_long())
    assert r.anova is not None
    ss = [row.ss for row in r.anova]
    assert_allclose(ss, [88.3619, 3.1673, 0.3590, 2.7589, 94.6471], atol=5e-5)
    assert [row.df for row in r.anova] == [9, 2, 18, 60, 89]
    assert_allclose(
        [row.ms for row in r.anova[:4]], [9.81799, 1.58363, 0.01994, 0.04598], atol=5e-6
    )
    assert_allclose([row.f for row in r.anova[:3]], [492.29, 79.41, 0.434], atol=5e-3)
    assert_allclose(r.interaction_p_value, 0.974, atol=5e-4)
    assert r.interaction_pooled
    assert r.alpha_interaction == 0.25


def test_aiag_anova_variance_components() -> None:
    # Minitab, crossed gage R&R example (GAGEAIAG.MTW, interaction removed): VarComp
    # total gage R&R 0.09143, repeatability 0.03997, reproducibility 0.05146, part
    # 1.08645, total 1.17788; %contribution 7.76, 3.39, 4.37, 92.24; StdDev 0.30237,
    # 0.19993, 0.22684, 1.04233, 1.08530; %study var 27.86, 18.42, 20.90, 96.04; ndc 4.
    # Reduced table: F part 245.614, operator 39.617 on pooled MS 0.03997 (78 df).
    r = msa.gage_rr(*_aiag_long())
    names = ["gage_rr", "repeatability", "reproducibility", "part", "total"]
    comp = [r.component(n) for n in names]
    assert_allclose(
        [c.variance for c in comp], [0.09143, 0.03997, 0.05146, 1.08645, 1.17788], atol=5e-6
    )
    assert_allclose([c.pct_contribution for c in comp[:4]], [7.76, 3.39, 4.37, 92.24], atol=5e-3)
    assert_allclose([c.sd for c in comp], [0.30237, 0.19993, 0.22684, 1.04233, 1.08530], atol=5e-6)
    assert_allclose([c.pct_study_var for c in comp[:4]], [27.86, 18.42, 20.90, 96.04], atol=5e-3)
    assert r.ndc == 4
    assert r.verdict == "marginal"
    assert r.anova_reduced is not None
    assert_allclose([row.f for row in r.anova_reduced[:2]], [245.614, 39.617], atol=5e-4)
    assert r.anova_reduced[2].df == 78


def test_aiag_average_and_range_method() -> None:
    # AIAG MSA 4th ed., GRR report (average and range method) for the same data:
    # R-double-bar 0.3417, X-diff 0.4446, R_p 3.511, EV 0.20188, AV 0.22963,
    # GRR 0.30575, PV 1.10456, TV 1.14610, %GRR 26.68, ndc 5. The manual rounds its
    # intermediates (X-diff from averages rounded to 4 decimals: 0.1903 + 0.2543), so
    # the unrounded results agree to about 1e-4.
    r = msa.gage_rr(*_aiag_long(), method="xbar_r", k_factors="aiag")
    w = r.average_range
    assert w is not None
    assert_allclose([w.r_double_bar, w.x_diff, w.r_part], [0.3417, 0.4446, 3.511], atol=1.5e-4)
    assert_allclose(
        [r.ev, r.av, r.grr, r.pv, r.tv], [0.20188, 0.22963, 0.30575, 1.10456, 1.14610], atol=1e-4
    )
    assert_allclose(r.pct_grr, 26.68, atol=5e-3)
    assert r.ndc == 5
    assert r.verdict == "marginal"
    assert r.interaction is None
    computed = msa.gage_rr(*_aiag_long(), method="xbar_r")
    assert_allclose(computed.pct_grr, 26.68, atol=0.01)


def test_k_factors_reproduce_the_aiag_table() -> None:
    # AIAG MSA 4th ed. K1 (trials), K2 (appraisers), K3 (parts), four decimals:
    # K1 = 1 / d2(m); K2, K3 = 1 / d2* with one range, d2*² = d2² + d3².
    for m, k1 in msa.AIAG_K1.items():
        assert round(1 / d2(m), 4) == k1
    for m, k in {**msa.AIAG_K2, **msa.AIAG_K3}.items():
        assert round(1 / math.sqrt(d2(m) ** 2 + d3(m) ** 2), 4) == k


def test_anova_matches_independent_least_squares() -> None:
    rng = np.random.default_rng(4)
    for cube in (_aiag_cube(), rng.normal(size=(6, 4, 3)) + rng.normal(0, 3, (6, 1, 1))):
        r = msa.gage_rr(*_long(cube), alpha_interaction=1.0)
        ref = _lstsq_anova(cube)
        assert r.anova is not None
        got = {row.source: row.ss for row in r.anova}
        assert_allclose(
            [got["part"], got["operator"], got["operator*part"], got["repeatability"]],
            [ref["part"], ref["operator"], ref["operator*part"], ref["error"]],
            rtol=1e-9,
            atol=1e-9,
        )


def _aiag_cube() -> np.ndarray:
    return np.transpose(np.array([AIAG[k] for k in "ABC"]), (2, 0, 1))


def test_hand_computed_design() -> None:
    # 2 parts x 2 operators x 2 trials, cell values (part, operator):
    #   (1, A): 10, 12   (1, B): 14, 16   (2, A): 20, 22   (2, B): 24, 26
    # grand mean 18; part means 13, 23; operator means 16, 20; no interaction.
    # SS part = 4 (25 + 25) = 200, SS operator = 4 (4 + 4) = 32, SS int = 0,
    # SS error = 4 (1 + 1) = 8. Interaction F = 0, p = 1 > 0.25 -> pooled:
    # MS_E' = 8 / 5 = 1.6; var operator = (32 - 1.6) / 4 = 7.6;
    # var part = (200 - 1.6) / 4 = 49.6; GRR var 9.2; total 58.8;
    # ndc = floor(1.41 sqrt(49.6 / 9.2)) = floor(3.274) = 3.
    cube = np.array([[[10.0, 12.0], [14.0, 16.0]], [[20.0, 22.0], [24.0, 26.0]]])
    r = msa.gage_rr(*_long(cube), tolerance=60.0)
    assert r.anova is not None
    assert_allclose([row.ss for row in r.anova], [200, 32, 0, 8, 240], atol=1e-12)
    assert r.interaction_pooled
    assert r.interaction == 0.0
    assert_allclose([r.ev**2, r.av**2, r.pv**2, r.tv**2], [1.6, 7.6, 49.6, 58.8], rtol=1e-12)
    assert r.ndc == 3
    assert r.verdict == "unacceptable"
    assert_allclose(r.pct_grr_tolerance, 100 * 6 * math.sqrt(9.2) / 60, rtol=1e-12)
    assert r.verdict_tolerance == "unacceptable"
    # Never pooling: var interaction = max(0, (0 - 2) / 2) = 0, operator = 32 / 4 = 8.
    kept = msa.gage_rr(*_long(cube), alpha_interaction=1.0)
    assert not kept.interaction_pooled
    assert kept.anova_reduced is None
    assert_allclose([kept.ev**2, kept.av**2, kept.pv**2], [2.0, 8.0, 50.0], rtol=1e-12)


def test_labels_and_order_do_not_matter() -> None:
    parts, ops, vals = _aiag_long()
    order = np.random.default_rng(1).permutation(len(vals))
    shuffled = msa.gage_rr(
        [f"P{parts[i]:02d}" for i in order], [ops[i] for i in order], [vals[i] for i in order]
    )
    base = msa.gage_rr(parts, ops, vals)
    assert_allclose(shuffled.grr, base.grr, rtol=1e-12)
    assert shuffled.operators == ("A", "B", "C")
    assert shuffled.parts[0] == "P01"


def test_verdict_thresholds() -> None:
    # AIAG MSA 4th ed.: under 10 % acceptable, 10 % to 30 % may be acceptable, over 30 %
    # unacceptable.
    assert [msa.verdict(v) for v in (9.99, 10.0, 30.0, 30.01)] == [
        "acceptable",
        "marginal",
        "marginal",
        "unacceptable",
    ]


# --- bad input ----------------------------------------------------------------------


def test_unbalanced_designs_are_refused() -> None:
    parts, ops, vals = _aiag_long()
    with pytest.raises(ValueError, match="part 1 / operator 'A' has 2 measurements"):
        msa.gage_rr(parts[1:], ops[1:], vals[1:])
    keep = [i for i in range(len(vals)) if not (parts[i] == 3 and ops[i] == "B")]
    with pytest.raises(ValueError, match="part 3 was not measured by operator 'B'"):
        msa.gage_rr([parts[i] for i in keep], [ops[i] for i in keep], [vals[i] for i in keep])
    first = [i for i in range(len(vals)) if i % 30 < 10]  # one trial per appraiser
    with pytest.raises(ValueError, match="measured once per operator"):
        msa.gage_rr([parts[i] for i in first], [ops[i] for i in first], [vals[i] for i in first])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"values": [float("nan")] + [1.0] * 89}, "not finite"),
        ({"operators": ["A"] * 90}, "operators has 1 distinct level"),
        ({"parts": [1, 2] * 44 + [3]}, "parts has 89 labels but operators has 90"),
        ({"values": [1.0] * 90}, "zero variation"),
        ({"method": "range"}, "method 'range' is not one of"),
        ({"tolerance": -1.0}, "tolerance -1.0 must be a finite number > 0"),
        ({"study_multiplier": 0.0}, "study_multiplier 0.0"),
        ({"alpha_interaction": 1.5}, "alpha_interaction 1.5"),
        ({"k_factors": "table"}, "k_factors 'table'"),
    ],
)
def test_bad_input_is_refused(change: dict[str, object], message: str) -> None:
    parts, ops, vals = _aiag_long()
    kwargs: dict[str, object] = {"parts": parts, "operators": ops, "values": vals, **change}
    with pytest.raises(ValueError, match=message):
        msa.gage_rr(**kwargs)  # type: ignore[arg-type]


def test_aiag_table_limits() -> None:
    cube = np.random.default_rng(0).normal(size=(5, 2, 4))
    with pytest.raises(ValueError, match="no factor for 4 trials"):
        msa.gage_rr(*_long(cube), method="xbar_r", k_factors="aiag")
    assert msa.gage_rr(*_long(cube), method="xbar_r").average_range is not None


# --- invariants ---------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    p=st.integers(2, 8),
    o=st.integers(2, 4),
    r=st.integers(2, 4),
    method=st.sampled_from(["anova", "xbar_r"]),
)
def test_components_add_up(seed: int, p: int, o: int, r: int, method: str) -> None:
    rng = np.random.default_rng(seed)
    cube = rng.normal(size=(p, o, r)) + rng.normal(0, 2, (p, 1, 1)) + rng.normal(0, 0.5, (1, o, 1))
    res = msa.gage_rr(*_long(cube), method=method, tolerance=10.0)  # type: ignore[arg-type]
    c = {x.source: x for x in res.components}
    assert_allclose(c["gage_rr"].pct_contribution + c["part"].pct_contribution, 100.0)
    assert_allclose(
        c["repeatability"].variance + c["reproducibility"].variance, c["gage_rr"].variance
    )
    inter = c["operator_part"].variance if "operator_part" in c else 0.0
    assert_allclose(c["operator"].variance + inter, c["reproducibility"].variance)
    assert_allclose(res.tv**2, res.grr**2 + res.pv**2)
    assert all(x.variance >= 0 for x in res.components)
    if res.anova is not None:
        assert_allclose(sum(row.ss for row in res.anova[:4]), res.anova[4].ss)


# --- kappa --------------------------------------------------------------------------

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories;
# p_j = 0.143, 0.200, 0.279, 0.171, 0.229; P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
FLEISS_EXAMPLE = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)


def test_fleiss_worked_example() -> None:
    r = msa.fleiss_kappa(FLEISS_EXAMPLE)
    assert_allclose(
        [r.kappa, r.observed_agreement, r.expected_agreement], [0.210, 0.378, 0.213], atol=5e-4
    )
    assert r.n_subjects == 10
    assert r.n_raters == 14
    assert r.categories == (0, 1, 2, 3, 4)
    # Fleiss, Nee and Landis (1979) null variance, restated.
    p = FLEISS_EXAMPLE.sum(axis=0) / 140
    pq = p * (1 - p)
    var0 = 2 / (10 * 14 * 13) * (pq.sum() ** 2 - np.sum(pq * (1 - 2 * p))) / pq.sum() ** 2
    assert_allclose(r.standard_error_null, math.sqrt(var0), rtol=1e-12)
    assert_allclose(r.z, r.kappa / math.sqrt(var0), rtol=1e-12)
    # Category kappa of the first column: 1 - sum n(14 - n) / (N n (n - 1) p q).
    col = FLEISS_EXAMPLE[:, 0]
    k0 = 1 - np.sum(col * (14 - col)) / (10 * 14 * 13 * pq[0])
    assert_allclose(r.per_category[0].kappa, k0, rtol=1e-12)
    ci = r.ci()
    assert ci.low < r.kappa < ci.high


def test_fleiss_ratings_input_and_scott_pi() -> None:
    rng = np.random.default_rng(9)
    ratings = rng.choice(["good", "bad", "rework"], size=(30, 2), p=[0.6, 0.3, 0.1])
    ratings[:18, 1] = ratings[:18, 0]  # some agreement
    r = msa.fleiss_kappa(ratings, kind="ratings")
    # With two raters Fleiss' kappa is Scott's pi (Fleiss 1971): p_o and pooled margins.
    po = float(np.mean(ratings[:, 0] == ratings[:, 1]))
    pooled = np.array([np.mean(ratings == c) for c in ("bad", "good", "rework")])
    pe = float(pooled @ pooled)
    assert_allclose(r.kappa, (po - pe) / (1 - pe), rtol=1e-12)
    assert r.categories == ("bad", "good", "rework")
    counts = np.stack([(ratings == c).sum(axis=1) for c in r.categories], axis=1)
    assert_allclose(msa.fleiss_kappa(counts).kappa, r.kappa, rtol=1e-12)


def test_fleiss_null_standard_error_by_simulation() -> None:
    # Under independent ratings the spread of kappa matches the null standard error.
    rng = np.random.default_rng(12)
    p = np.array([0.5, 0.3, 0.2])
    tables = rng.multinomial(6, p, size=(3000, 60))
    kappas = [msa.fleiss_kappa(t).kappa for t in tables[:3000:6]]
    se0 = msa.fleiss_kappa(tables[0]).standard_error_null
    assert_allclose(np.std(kappas), se0, rtol=0.15)


def test_cohen_worked_example() -> None:
    # Wikipedia, "Cohen's kappa", example: 50 applications, both yes 20, A yes / B no 5,
    # A no / B yes 10, both no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    r = msa.cohen_kappa(a, b)
    assert_allclose(
        [r.observed_agreement, r.expected_agreement, r.kappa], [0.7, 0.5, 0.4], atol=1e-12
    )
    # Null variance by hand: (p_e + p_e² - sum p_i. p_.i (p_i. + p_.i)) / (n (1 - p_e)²)
    # = (0.5 + 0.25 - (0.5 0.4 0.9 + 0.5 0.6 1.1)) / (50 0.25) = 0.24 / 12.5.
    assert_allclose(r.standard_error_null, math.sqrt(0.24 / 12.5), rtol=1e-12)
    assert r.p_value == pytest.approx(2 * (1 - 0.5 * (1 + math.erf(r.z / math.sqrt(2)))))


def _kappa_of(p: np.ndarray) -> float:
    po, pe = np.trace(p), p.sum(axis=1) @ p.sum(axis=0)
    return float((po - pe) / (1 - pe))


def _delta_variance(p: np.ndarray, n: int) -> float:
    """Multinomial delta-method variance of kappa by numerical differentiation."""
    flat = p.ravel()
    grad = np.empty(flat.size)
    for i in range(flat.size):
        step = np.zeros(flat.size)
        step[i] = 1e-6
        up = _kappa_of((flat + step).reshape(p.shape))
        down = _kappa_of((flat - step).reshape(p.shape))
        grad[i] = (up - down) / 2e-6
    cov = (np.diag(flat) - np.outer(flat, flat)) / n
    return float(grad @ cov @ grad)


def test_cohen_standard_errors_equal_the_delta_method() -> None:
    # Fleiss, Cohen and Everitt (1969) derived both variances by the delta method; a
    # numerical delta method on the 3 x 3 table must agree (the null one at p_i. p_.j).
    counts = np.array([[75, 1, 4], [5, 4, 1], [0, 0, 10]])
    a = np.repeat(np.repeat([0, 1, 2], 3), counts.ravel())
    b = np.repeat(np.tile([0, 1, 2], 3), counts.ravel())
    r = msa.cohen_kappa(a, b)
    p = counts / 100
    assert_allclose(r.kappa, (0.89 - 0.66) / 0.34, rtol=1e-12)
    assert_allclose(r.standard_error, math.sqrt(_delta_variance(p, 100)), rtol=1e-6)
    null = np.outer(p.sum(axis=1), p.sum(axis=0))
    assert_allclose(r.standard_error_null, math.sqrt(_delta_variance(null, 100)), rtol=1e-6)
    assert r.ci(0.9).high - r.kappa == pytest.approx(1.6448536 * r.standard_error)


def test_kappa_alternatives_and_categories() -> None:
    a, b = [1, 2, 1, 2, 1, 1], [1, 2, 1, 1, 1, 2]
    two = msa.cohen_kappa(a, b)
    greater = msa.cohen_kappa(a, b, alternative="greater")
    assert_allclose(two.p_value, 2 * greater.p_value)
    wide = msa.cohen_kappa(a, b, categories=[1, 2, 3])
    assert wide.categories == (1, 2, 3)
    assert wide.kappa == two.kappa


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: msa.cohen_kappa([1, 2, 1], [1, 2]), "one rating per subject"),
        (lambda: msa.cohen_kappa([1, 1, 1], [1, 1, 1]), "kappa is undefined"),
        (lambda: msa.cohen_kappa([1, 2], [1, 3], categories=[1, 2]), "rating 3 is not among"),
        (lambda: msa.cohen_kappa([1, 2], [1, 2], alternative="up"), "alternative 'up'"),
        (lambda: msa.cohen_kappa([1.0, float("nan")], [1.0, 2.0]), "NaN"),
        (lambda: msa.fleiss_kappa([[1, 2], [2, 2]]), "subject 1 has 4 ratings but subject 0 has 3"),
        (lambda: msa.fleiss_kappa([[1, 0], [0, 1]]), "at least 2 are required"),
        (lambda: msa.fleiss_kappa([[1.5, 0.5], [1, 1]]), "whole numbers"),
        (lambda: msa.fleiss_kappa([[2, 0], [2, 0]]), "kappa is undefined"),
        (lambda: msa.fleiss_kappa([[1, 1]], kind="ratings"), "at least 2 subjects"),
        (lambda: msa.fleiss_kappa([[1, 1], [1, 2]], kind="votes"), "kind 'votes'"),
        (lambda: msa.fleiss_kappa([[1, 1], [1, 1]], categories=["a"]), "1 categories given"),
    ],
)
def test_kappa_bad_input(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
