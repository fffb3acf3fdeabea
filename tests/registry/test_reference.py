"""Reference data shipped with the package, and the GB/T 2260 region arithmetic."""

from __future__ import annotations

import pytest

from qualicert.registry import reference


def test_all_34_province_level_regions_are_shipped():
    provinces = [r for r in reference.regions() if r["level"] == "province"]
    assert len(provinces) == 34
    codes = {r["code"] for r in provinces}
    assert {"110000", "330000", "650000", "710000", "810000", "820000"} <= codes


def test_region_codes_are_unique_and_children_name_a_known_parent():
    index = reference.region_index()
    assert len(index) == len(reference.regions())
    for region in reference.regions():
        if region["parent"] is not None:
            assert region["parent"] in index
            assert reference.region_contains(region["parent"], region["code"])


def test_there_are_39_iaf_sectors_numbered_1_to_39():
    sectors = reference.iaf_sectors()
    assert [s["code"] for s in sectors] == list(range(1, 40))
    assert all(s["name"] and s["name_en"] for s in sectors)


def test_common_management_system_standards_are_shipped():
    codes = {s["code"] for s in reference.standards()}
    assert {"ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018"} <= codes


def test_ccc_categories_and_industry_sections_are_shipped():
    assert len(reference.ccc_categories()) >= 15
    assert [s["code"] for s in reference.industries()] == list("ABCDEFGHIJKLMNOPQRST")


@pytest.mark.parametrize(
    ("code", "prefix"), [("330000", "33"), ("330100", "3301"), ("330106", "330106")]
)
def test_region_prefix_by_level(code, prefix):
    assert reference.region_prefix(code) == prefix


@pytest.mark.parametrize(
    ("outer", "inner", "inside"),
    [
        ("330000", "330000", True),
        ("330000", "330100", True),
        ("330000", "330106", True),
        ("330100", "330106", True),
        ("330100", "330200", False),
        ("330106", "330100", False),
        ("330000", "110000", False),
        ("330000", "310000", False),
    ],
)
def test_region_contains(outer, inner, inside):
    assert reference.region_contains(outer, inner) is inside


def test_known_region_needs_six_digits_in_a_known_province():
    assert reference.known_region("330199")
    assert not reference.known_region("990000")
    assert not reference.known_region("33010")


def test_region_name_falls_back_to_prefecture_then_province():
    assert reference.region_name("330106") == "西湖区"
    assert reference.region_name("330199") == "杭州市"
    assert reference.region_name("339999") == "浙江省"
    assert reference.region_name("990000") is None
