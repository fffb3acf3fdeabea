"""Tests for qualicert.certification.audit_time against IAF MD 5, IAF MD 11 and IAF MD 1.

Reference values are typed in from their sources, not read from the module's tables:
IAF MD 5:2019 Issue 4 Table QMS 1 (Annex A), Table EMS 1 (Annex B) and Table OH&SMS 1
(Annex C, page 29); the rounding examples of IAF MD 5 §2.2.3 as quoted in EA FAQ 38.2; the
IAF MD 1:2018 §6.1 sample sizes as worked in EA FAQ 46.5.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualicert.certification import audit_time as at
from qualicert.certification.audit_time_tables import DECREASE_FACTORS, INCREASE_FACTORS

QMS = "ISO 9001:2015"
EMS = "ISO 14001:2015"
OHS = "ISO 45001:2018"
BANDS = [
    (1, 5), (6, 10), (11, 15), (16, 25), (26, 45), (46, 65), (66, 85), (86, 125), (126, 175),
    (176, 275), (276, 425), (426, 625), (626, 875), (876, 1175), (1176, 1550), (1551, 2025),
    (2026, 2675), (2676, 3450), (3451, 4350), (4351, 5450), (5451, 6800), (6801, 8500),
    (8501, 10700),
]  # fmt: skip
# IAF MD 5:2019 Annex A, Table QMS 1 (one column).
QMS_1 = [1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]
# IAF MD 5:2019 Annex C, Table OH&SMS 1, page 29 (high, medium, low).
OHS_1 = [
    (3, 2.5, 2.5), (3.5, 3, 3), (4.5, 3.5, 3), (5.5, 4.5, 3.5), (7, 5.5, 4), (8, 6, 4.5),
    (9, 7, 5), (11, 8, 5.5), (12, 9, 6), (13, 10, 7), (15, 11, 8), (16, 12, 9), (17, 13, 10),
    (19, 15, 11), (20, 16, 12), (21, 17, 12), (23, 18, 13), (25, 19, 14), (27, 20, 15),
    (28, 21, 16), (30, 23, 17), (32, 25, 19), (34, 27, 20),
]  # fmt: skip
# IAF MD 5:2019 Annex B, Table EMS 1, column "limited" (626-875 -> 6.5: see the tables module).
EMS_1_LIMITED = [
    2.5, 3, 3, 3, 3, 3.5, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 10, 11, 12, 13, 14,
]  # fmt: skip


def days(standard: str, employees: int, complexity: str = "medium", **kwargs: object) -> float:
    return at.calculate(
        standard=standard, employees=employees, complexity=complexity, **kwargs
    ).initial_days


def test_fifty_person_qms_at_normal_complexity_is_five_days():
    # Issue 3 acceptance; IAF MD 5 Table QMS 1: 46-65 employees -> 5 auditor days.
    result = at.calculate(standard=QMS, employees=50, complexity="normal")
    assert result.initial_days == 5
    assert result.table_days == 5
    assert result.complexities == ("medium",)
    assert "IAF MD 5 Table QMS 1: 46-65 employees → 5 auditor days" in result.justification
    assert any("表 QMS 1" in line and "46-65" in line for line in result.justification_zh)


@pytest.mark.parametrize(("band", "expected"), list(zip(BANDS, QMS_1, strict=True)))
def test_table_qms_1_at_both_edges_of_every_band(band, expected):
    # IAF MD 5:2019 Table QMS 1.
    low, high = band
    assert days(QMS, low) == days(QMS, high) == expected


@pytest.mark.parametrize(("band", "row"), list(zip(BANDS, OHS_1, strict=True)))
def test_table_ohs_1_every_cell(band, row):
    # IAF MD 5:2019 Table OH&SMS 1 (page 29): high, medium, low.
    for complexity, expected in zip(("high", "medium", "low"), row, strict=True):
        assert days(OHS, band[0], complexity) == days(OHS, band[1], complexity) == expected


@pytest.mark.parametrize(
    ("band", "row", "limited"), list(zip(BANDS, OHS_1, EMS_1_LIMITED, strict=True))
)
def test_table_ems_1_every_cell(band, row, limited):
    # IAF MD 5:2019 Table EMS 1: high, medium and low as Table OH&SMS 1, plus "limited".
    for complexity, expected in zip(
        ("high", "medium", "low", "limited"), (*row, limited), strict=True
    ):
        assert days(EMS, band[1], complexity) == expected


def test_ems_smallest_band_reads_3_2_5_2_5_2_5():
    # IAF MD 5:2019 Table EMS 1, 1-5 persons: high 3, medium 2.5, low 2.5, limited 2.5.
    assert [days(EMS, 3, c) for c in ("high", "medium", "low", "limited")] == [3, 2.5, 2.5, 2.5]


@pytest.mark.parametrize(
    ("employees", "expected"), [(5, 1.5), (6, 2), (45, 4), (46, 5), (65, 5), (66, 6)]
)
def test_band_edges_step_at_the_published_limits(employees, expected):
    # IAF MD 5 Table QMS 1: 1-5 -> 1.5, 6-10 -> 2, 26-45 -> 4, 46-65 -> 5, 66-85 -> 6.
    assert days(QMS, employees) == expected


@pytest.mark.parametrize(
    ("employees", "expected"), [(10700, 22), (10701, 23), (12900, 23), (12901, 24)]
)
def test_above_10700_follows_a_linear_progression(employees, expected):
    # Table QMS 1 says "follow progression" above 10700; the platform adds the last step
    # (1 day) per further 2200 persons started (the width of the 8501-10700 band).
    result = at.calculate(standard=QMS, employees=employees)
    assert result.initial_days == expected
    assert (employees > 10700) == any("progression" in line for line in result.justification)


@pytest.mark.parametrize(
    ("days_in", "expected"),
    [(5.3, 5.5), (5.2, 5.0), (5.25, 5.5), (5.75, 6.0), (5.74, 5.5), (5.24, 5.0), (5.0, 5.0)],
)
def test_round_half_day(days_in, expected):
    # IAF MD 5 §2.2.3: 5.3 -> 5.5 and 5.2 -> 5 (quoted in EA FAQ 38.2); quarters round up.
    assert at.round_half_day(days_in) == expected


@pytest.mark.parametrize(("percent", "expected"), [(-15, 4.5), (-5, 5.0), (10, 5.5), (-10, 4.5)])
def test_adjusted_time_is_rounded_to_half_days(percent, expected):
    # 5 days x (1 + p): 4.25 -> 4.5 (tie up), 4.75 -> 5, 5.5, 4.5.
    adjustment = at.Adjustment("maturity of the management system", percent)
    assert days(QMS, 50, adjustments=[adjustment]) == expected


def test_reductions_are_capped_at_30_percent_with_a_justification():
    # IAF MD 5: reductions from the table time shall not exceed 30 %.
    adjustments = [at.Adjustment("maturity", -20), at.Adjustment("automation", -15)]
    result = at.calculate(standard=QMS, employees=50, adjustments=adjustments)
    assert result.adjustment_percent == -30
    assert result.initial_days == 3.5
    assert any("capped at 30 %" in line for line in result.justification)
    assert any("30%" in line and "封顶" in line for line in result.justification_zh)


def test_increases_offset_reductions_before_the_cap():
    adjustments = [at.Adjustment("a", -20), at.Adjustment("b", -15), at.Adjustment("c", 10)]
    result = at.calculate(standard=QMS, employees=50, adjustments=adjustments)
    assert result.adjustment_percent == -25
    assert result.initial_days == 4.0  # 3.75 rounds up to 4
    assert not any("capped" in line for line in result.justification)


@pytest.mark.parametrize("percent", [-30.5, 100.5, math.nan, math.inf, True, "10"])
def test_adjustment_out_of_range_is_refused(percent):
    with pytest.raises(at.AuditTimeError, match="between -30 and 100") as caught:
        at.Adjustment("x", percent)
    assert caught.value.field == "adjustments.percent"
    assert caught.value.message_zh


def test_adjustment_needs_a_name():
    with pytest.raises(ValueError, match="name"):
        at.Adjustment(" ", -5)


def test_named_factors_become_adjustments():
    factor = DECREASE_FACTORS[0]
    result = at.calculate(
        standard=QMS,
        employees=50,
        adjustments=[at.Adjustment(factor.name, -10, factor.name_zh)],
    )
    assert any(factor.name in line for line in result.justification)
    assert any(factor.name_zh in line for line in result.justification_zh)
    assert INCREASE_FACTORS
    assert all(f.name and f.name_zh for f in INCREASE_FACTORS + DECREASE_FACTORS)


@pytest.mark.parametrize(
    ("employees", "initial", "surveillance", "recertification"),
    [(50, 5, 1.5, 3.5), (3, 1.5, 0.5, 1.0), (9000, 22, 7.5, 14.5), (150, 8, 2.5, 5.5)],
)
def test_surveillance_is_a_third_and_recertification_two_thirds(
    employees, initial, surveillance, recertification
):
    # IAF MD 5: surveillance about 1/3, recertification about 2/3 of the initial time,
    # each rounded to the nearest half day (22/3 = 7.33 -> 7.5; 44/3 = 14.67 -> 14.5).
    result = at.calculate(standard=QMS, employees=employees)
    assert (result.initial_days, result.surveillance_days, result.recertification_days) == (
        initial,
        surveillance,
        recertification,
    )


def test_stage_one_is_part_of_the_initial_time():
    result = at.calculate(standard=QMS, employees=50)
    assert (result.stage1_days, result.stage2_days) == (1.5, 3.5)
    assert result.stage1_days + result.stage2_days == result.initial_days


def test_integrated_audit_sums_the_tables_and_allows_20_percent_less():
    # IAF MD 11: QMS 5 + EMS (medium) 6 = 11 days, 20 % less = 8.8 -> 9.
    result = at.calculate(
        standard=QMS, employees=50, integrated_with=[EMS], integration_reduction_percent=20
    )
    assert result.table_days == 11
    assert result.initial_days == 9
    assert result.integrated_with == (EMS,)
    assert result.rule == "IAF MD 5 Tables QMS 1, EMS 1; IAF MD 11"
    assert any("IAF MD 11" in line for line in result.justification)


@pytest.mark.parametrize("percent", [20.01, 25, 100])
def test_integration_reduction_above_20_percent_is_refused_naming_md_11(percent):
    with pytest.raises(at.AuditTimeError, match="IAF MD 11") as caught:
        at.calculate(
            standard=QMS,
            employees=50,
            integrated_with=[EMS],
            integration_reduction_percent=percent,
        )
    assert caught.value.rule == "IAF MD 11"
    assert caught.value.field == "integration_reduction_percent"


def test_integration_reduction_needs_integrated_standards():
    with pytest.raises(at.AuditTimeError, match="integrated_with"):
        at.calculate(standard=QMS, employees=50, integration_reduction_percent=10)


def test_a_standard_cannot_be_integrated_with_itself():
    with pytest.raises(at.AuditTimeError, match="repeats"):
        at.calculate(standard=QMS, employees=50, integrated_with=["GB/T 19001-2016"])


def test_complexity_per_standard():
    result = at.calculate(
        standard=EMS,
        employees=50,
        integrated_with=[OHS],
        complexity={EMS: "limited", "GB/T 45001-2020": "high"},
    )
    assert result.complexities == ("limited", "high")
    assert result.table_days == 3.5 + 8
    with pytest.raises(at.AuditTimeError, match="missing"):
        at.calculate(standard=EMS, employees=50, integrated_with=[OHS], complexity={EMS: "low"})


@pytest.mark.parametrize(
    ("sites", "initial", "surveillance", "recertification"),
    [(1, 1, 1, 1), (2, 2, 1, 2), (16, 4, 3, 4), (25, 5, 3, 4), (100, 10, 6, 8)],
)
def test_multi_site_sample_sizes(sites, initial, surveillance, recertification):
    # IAF MD 1:2018 §6.1: sqrt(n), 0.6 sqrt(n), 0.8 sqrt(n), rounded up. 16 sites -> 4,
    # 0.6 x 4 = 2.4 -> 3, 0.8 x 4 = 3.2 -> 4; 2 sites -> 2, 1, 2 (EA FAQ 46.5).
    result = at.calculate(standard=QMS, employees=50, sites=sites)
    assert (
        result.sites_sampled,
        result.sites_sampled_surveillance,
        result.sites_sampled_recertification,
    ) == (initial, surveillance, recertification)
    assert result.initial_days == 5  # the total is the single-site time of all personnel
    if sites > 1:
        assert any("central function" in line for line in result.justification)


def test_more_sites_for_higher_risk_but_never_more_than_there_are():
    assert at.sample_size(16, "surveillance", extra=2) == 5
    assert at.sample_size(3, "initial", extra=5) == 3


@given(st.integers(min_value=1, max_value=10**6))
def test_sample_size_is_the_exact_ceiling(n):
    for kind, k in (("initial", Fraction(1)), ("surveillance", Fraction(3, 5))):
        y = at.sample_size(n, kind)
        assert y == n or y * y >= k * k * n  # y >= k sqrt(n) ...
        assert (y - 1) ** 2 < k * k * n  # ... and y - 1 is not


@given(
    st.sampled_from([(QMS, "medium"), (EMS, "high"), (EMS, "limited"), (OHS, "low")]),
    st.integers(min_value=1, max_value=30_000),
    st.integers(min_value=0, max_value=500),
)
def test_time_never_decreases_with_more_personnel(case, employees, more):
    standard, complexity = case
    fewer = at.calculate(standard=standard, employees=employees, complexity=complexity)
    larger = at.calculate(standard=standard, employees=employees + more, complexity=complexity)
    for kind in at.KINDS:
        assert larger.days(kind) >= fewer.days(kind)


@given(
    st.sampled_from([QMS, EMS, OHS]),
    st.integers(min_value=1, max_value=20_000),
    st.lists(st.integers(min_value=-30, max_value=100), max_size=4),
    st.sampled_from([0, 10, 20]),
)
def test_calculated_times_respect_the_minimum(standard, employees, percents, integration):
    other = [EMS if standard != EMS else QMS] if integration else []
    result = at.calculate(
        standard=standard,
        employees=employees,
        adjustments=[at.Adjustment(f"factor {i}", p) for i, p in enumerate(percents)],
        integrated_with=other,
        integration_reduction_percent=integration,
    )
    assert result.stage1_days + result.stage2_days == result.initial_days
    assert result.initial_days >= 0.7 * result.table_days * (1 - integration / 100) - 0.25
    for kind in at.KINDS:
        assert result.days(kind) * 2 == int(result.days(kind) * 2)
        assert result.days(kind) >= result.minimum_days(kind) >= 0.5
        at.check_plan(result.days(kind), result, kind)


def test_plan_below_the_minimum_is_refused_with_the_rule():
    # 5 days from Table QMS 1 less at most 30 % = 3.5 days.
    required = at.calculate(standard=QMS, employees=50)
    at.check_plan(3.5, required, "initial")
    with pytest.raises(at.BelowMinimum) as caught:
        at.check_plan(3, required, "initial")
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.rule == "IAF MD 5 Table QMS 1"
    assert (error.kind, error.planned, error.minimum) == ("initial", 3, 3.5)
    assert "IAF MD 5 Table QMS 1" in error.message
    assert "3.5" in error.message_zh


def test_surveillance_plan_minimum_is_a_third_of_the_minimum_initial_time():
    required = at.calculate(standard=QMS, employees=50)
    assert required.minimum_days("surveillance") == 1.0  # 3.5 / 3 = 1.17 -> 1
    at.check_plan(1, required, "surveillance")
    with pytest.raises(at.BelowMinimum):
        at.check_plan(0.5, required, "surveillance")


def test_check_plan_rejects_unknown_kinds_and_bad_days():
    required = at.calculate(standard=QMS, employees=50)
    with pytest.raises(at.AuditTimeError, match="special"):
        at.check_plan(5, required, "special")  # type: ignore[arg-type]
    with pytest.raises(at.AuditTimeError, match="planned_days"):
        at.check_plan(-1, required, "initial")


def test_effective_personnel_counts_part_time_and_repetitive_work():
    # IAF MD 5 §2.3: 45 + 0.5 part-time FTE -> 46 (rounded up) -> the 46-65 band.
    assert days(QMS, 45, part_time_fte=0.5) == 5
    assert days(QMS, 50, repetitive_reduction=10) == 4
    with pytest.raises(at.AuditTimeError, match="repetitive_reduction"):
        at.calculate(standard=QMS, employees=5, repetitive_reduction=5)


def test_qms_complexity_is_recorded_but_does_not_change_table_qms_1():
    result = at.calculate(standard=QMS, employees=50, complexity="high")
    assert result.initial_days == 5
    assert result.complexities == ("high",)
    assert any("no complexity columns" in line for line in result.justification)


def test_gb_t_names_give_the_same_result():
    for iso, gb in ((QMS, "GB/T 19001-2016"), (EMS, "gb/t 24001-2016"), (OHS, " GB/T 45001-2020 ")):
        assert at.calculate(standard=gb, employees=80).initial_days == days(iso, 80)
        assert at.calculate(standard=gb, employees=80).standard == iso


@pytest.mark.parametrize(
    ("kwargs", "field", "names"),
    [
        ({"standard": "ISO 27001:2022"}, "standard", "ISO 9001:2015"),
        ({"employees": 0}, "employees", "at least 1"),
        ({"employees": 2.5}, "employees", "whole number"),
        ({"employees": True}, "employees", "whole number"),
        ({"complexity": "extreme"}, "complexity", "high, medium, low"),
        ({"standard": OHS, "complexity": "limited"}, "complexity", "high, medium, low"),
        ({"sites": 0}, "sites", "at least 1"),
        ({"extra_sample_sites": -1}, "extra_sample_sites", "at least 0"),
        ({"part_time_fte": -1}, "part_time_fte", "at least 0"),
        ({"adjustments": [("maturity", -10)]}, "adjustments", "Adjustment"),
    ],
)
def test_bad_input_names_the_value_and_what_is_allowed(kwargs, field, names):
    arguments = {"standard": QMS, "employees": 50, **kwargs}
    with pytest.raises(at.AuditTimeError) as caught:
        at.calculate(**arguments)
    assert caught.value.field == field
    assert names in caught.value.message
    assert caught.value.message_zh
    assert isinstance(caught.value, ValueError)
