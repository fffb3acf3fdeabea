"""Run rules: each Nelson / Western Electric pattern, variants, and a loop reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from qualicert.toolbox import spc
from qualicert.toolbox.spc import rules

Float = NDArray[np.float64]


def reference(
    x: Float, c: Float, s: Float, lcl: Float, ucl: Float, rs: spc.RuleSet, start: int = 0
) -> dict[int, list[int]]:
    """Point-by-point reading of Nelson (1984), flagging the point completing each pattern."""
    out: dict[int, list[int]] = {t: [] for t in range(1, 9)}
    for i in range(len(x)):
        z = (x[: i + 1] - c[: i + 1]) / s[: i + 1]

        def last(k: int, z: Float = z, i: int = i) -> Float | None:
            return z[i - k + 1 : i + 1] if i - k + 1 >= start else None

        if x[i] > ucl[i] or x[i] < lcl[i]:
            out[1].append(i)
        w = last(rs.run_length)
        if w is not None and ((w > 0).all() or (w < 0).all()):
            out[2].append(i)
        w = last(rs.trend_length)
        xs = x[i - rs.trend_length + 1 : i + 1]
        if w is not None and ((np.diff(xs) > 0).all() or (np.diff(xs) < 0).all()):
            out[3].append(i)
        if i - rs.alternating_length + 1 >= start:
            d = np.sign(np.diff(x[i - rs.alternating_length + 1 : i + 1]))
            if (d != 0).all() and (d[1:] == -d[:-1]).all():
                out[4].append(i)
        for test, k, need, bound in ((5, 3, 2, 2.0), (6, 5, 4, 1.0)):
            w = z[max(start, i - k + 1) : i + 1]
            if (z[i] > bound and (w > bound).sum() >= need) or (
                z[i] < -bound and (w < -bound).sum() >= need
            ):
                out[test].append(i)
        w = last(15)
        if w is not None and (np.abs(w) <= 1).all():
            out[7].append(i)
        w = last(8)
        if w is not None and (np.abs(w) > 1).all():
            out[8].append(i)
    return out


def as_dict(hits: rules.Hits, rs: spc.RuleSet) -> dict[int, list[int]]:
    return {test: list(hits[i][1]) for i, (_, test) in enumerate(rs.tests)}


def check(x: Float, rs: spc.RuleSet, block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "_BLOCK", block)
    n = x.size
    c, s = np.zeros(n), np.ones(n)
    got = as_dict(spc.apply_rules(x, 0.0, 1.0, -3.0, 3.0, rs), rs)
    want = reference(x, c, s, c - 3, c + 3, rs)
    assert got == {t: want[t] for t in got}


@pytest.mark.parametrize("block", [16, 37, 1 << 17])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vectorised_rules_match_the_loop_reference(
    block: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    # Rounded values make ties, runs and trends common; drift makes zone patterns common.
    x = np.round(rng.normal(0, 1.3, 400) + np.repeat(rng.normal(0, 1, 8), 50), 1)
    check(x, spc.nelson(), block, monkeypatch)
    check(x, spc.nelson(run_length=7, alternating_length=15, trend_length=7), block, monkeypatch)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([-3.5, -2.5, -1.5, -0.5, 0.0, 0.5, 1.5, 2.5, 3.5]), max_size=80),
    st.sampled_from([7, 8, 9]),
)
def test_rules_on_arbitrary_zone_sequences(values: list[float], run: int) -> None:
    x = np.array(values, dtype=np.float64)
    rs = spc.nelson(run_length=run)
    c = np.zeros(x.size)
    got = as_dict(spc.apply_rules(x, 0.0, 1.0, -3.0, 3.0, rs), rs)
    want = reference(x, c, c + 1, c - 3, c + 3, rs)
    assert got == {t: want[t] for t in got}


def test_per_point_limits_and_segments() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(0, 1, 120)
    c = np.where(np.arange(120) < 60, 0.2, -0.3)
    s = np.where(np.arange(120) % 7 == 0, 0.8, 1.1)
    rs = spc.nelson()
    got = spc.apply_rules(x, c, s, c - 3 * s, c + 3 * s, rs, segments=[(0, 60), (60, 120)])
    first = reference(x[:60], c[:60], s[:60], (c - 3 * s)[:60], (c + 3 * s)[:60], rs)
    second = reference(x[60:], c[60:], s[60:], (c - 3 * s)[60:], (c + 3 * s)[60:], rs)
    want = {t: first[t] + [i + 60 for i in second[t]] for t in first}
    assert as_dict(got, rs) == want


def flagged(x: list[float], rs: spc.RuleSet | str = "nelson") -> dict[str, list[int]]:
    hits = spc.apply_rules(np.array(x, dtype=np.float64), 0.0, 1.0, rules=rs)
    return {label: idx.tolist() for label, idx in hits if idx.size}


def test_each_nelson_pattern() -> None:
    # Nelson (1984); Montgomery section 5.3.6: the point completing the pattern is flagged.
    assert flagged([0.1, -3.2, 0.2, 3.1]) == {"1": [1, 3]}
    assert flagged([0.5, -0.5] * 2 + [0.3] * 9)["2"] == [12]
    assert flagged([0, -0.6, -0.5, -0.4, -0.3, -0.2, -0.1])["3"] == [6]
    alt = [0.5, -0.5] * 7
    assert flagged(alt)["4"] == [13]
    assert flagged([0.1, 2.2, -0.3, 2.5]) == {"5": [3]}
    assert flagged([1.2, 1.1, 0.1, 1.3, 1.4])["6"] == [4]
    within = [0.1 * (-1) ** i * (1 + i % 3) for i in range(15)]
    assert flagged(within)["7"] == [14]
    outer = [1.5, -1.5] * 4
    assert flagged(outer)["8"] == [7]


def test_patterns_need_their_full_length() -> None:
    assert "2" not in flagged([0.3] * 8)
    assert "3" not in flagged([0.1, 0.2, 0.3, 0.4, 0.5])
    assert "4" not in flagged([0.5, -0.5] * 6 + [0.5])
    assert "5" not in flagged([2.2, 0.0, 0.0, 2.5])  # two beyond 2 sigma, but 4 apart
    assert flagged([2.2, 2.5, 0.1])["5"] == [1]  # not 2: the last point must be beyond 2 sigma
    assert "7" not in flagged([0.1] * 14)
    assert "8" not in flagged([1.5, -1.5] * 3 + [1.5])


def test_run_length_and_alternation_variants() -> None:
    seven = [0.3] * 7
    assert flagged(seven, spc.nelson(run_length=7))["2"] == [6]
    assert "2" not in flagged(seven, spc.nelson(run_length=8))
    fourteen = [0.5, -0.5] * 7
    assert "4" in flagged(fourteen, spc.nelson(alternating_length=14))
    assert "4" not in flagged(fourteen, spc.nelson(alternating_length=15))


def test_western_electric_numbering() -> None:
    # Western Electric Handbook (1956): 1 beyond 3 sigma, 2 = 2 of 3 beyond 2 sigma,
    # 3 = 4 of 5 beyond 1 sigma, 4 = 8 in a row on one side.
    we = spc.western_electric()
    assert we.labels == ("1", "2", "3", "4")
    assert flagged([0.1, 2.2, 2.5], we) == {"2": [2]}
    assert flagged([1.2, 1.1, 1.3, 1.4], we) == {"3": [3]}
    assert flagged([0.3] * 8, we) == {"4": [7]}
    assert flagged([0.3] * 8, spc.western_electric(run_length=9)) == {}


def test_a_calm_series_is_not_flagged() -> None:
    x = [0.3, -0.2, 0.4, -0.1, 0.2, -0.4, 0.1, -0.3, 0.5, 0.2, -0.6, 0.4]
    assert flagged(x, "we") == {}
    assert flagged(x, "limits") == {}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-2.99, 2.99), min_size=1, max_size=60))
def test_points_inside_the_limits_never_break_rule_1(values: list[float]) -> None:
    assert "1" not in flagged(values)


def test_bad_rule_options() -> None:
    with pytest.raises(ValueError, match="rules 'bogus' is not one of"):
        spc.apply_rules(np.zeros(3), 0.0, 1.0, rules="bogus")
    with pytest.raises(ValueError, match="Nelson tests"):
        spc.nelson(tests=[0, 9])
    with pytest.raises(ValueError, match="Western Electric rules"):
        spc.western_electric(tests=[5])
    with pytest.raises(ValueError, match="run_length 1 is not allowed"):
        spc.nelson(run_length=1)
    with pytest.raises(ValueError, match="does not match"):
        spc.apply_rules(np.zeros(3), np.zeros(4), 1.0)


def test_subset_of_tests() -> None:
    rs = spc.nelson(tests=[1, 5])
    assert rs.labels == ("1", "5")
    assert flagged([0.1, 2.2, 2.5, 3.5], rs) == {"1": [3], "5": [2, 3]}
