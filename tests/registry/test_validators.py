"""Field types with format rules: each refusal carries a rule code and messages in en and zh."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from qualicert.registry import validators


def refusal(kind: object, value: object) -> dict[str, object]:
    """The single Pydantic error ``kind`` gives for ``value``."""
    with pytest.raises(ValidationError) as info:
        TypeAdapter(kind).validate_python(value)
    (error,) = info.value.errors()
    return error


def test_uscc_is_normalised():
    adapter = TypeAdapter(validators.Uscc)
    assert adapter.validate_python(" 91440300708461136t ") == "91440300708461136T"


def test_uscc_with_wrong_check_digit_is_refused_in_both_languages():
    error = refusal(validators.Uscc, "914403001922038215")
    assert error["type"] == "uscc_check_digit"
    assert "check digit is wrong" in error["ctx"]["message"]
    assert "校验码错误" in error["ctx"]["message_zh"]


def test_uscc_that_is_not_text_is_refused():
    assert refusal(validators.Uscc, 914403001922038216)["type"] == "uscc_type"


@pytest.mark.parametrize("code", ["110000", "330106", "330199", "650000"])
def test_region_codes_within_known_provinces_are_accepted(code):
    assert TypeAdapter(validators.RegionCode).validate_python(code) == code


@pytest.mark.parametrize("code", ["990000", "11000", "1100000", "11000a", "", "000000"])
def test_unknown_or_malformed_region_codes_are_refused(code):
    error = refusal(validators.RegionCode, code)
    assert error["type"] == "region_code"
    assert "GB/T 2260" in error["ctx"]["message_zh"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [("CNCA-R-2002-001", "CNCA-R-2002-001"), (" cnca-rf-2019-123 ", "CNCA-RF-2019-123")],
)
def test_approval_numbers_are_normalised(given, stored):
    assert TypeAdapter(validators.ApprovalNumber).validate_python(given) == stored


@pytest.mark.parametrize("value", ["CNCA-R-02-001", "CNCA-2002-001", "CNCA-R-2002-1", "R-2002-001"])
def test_malformed_approval_numbers_are_refused(value):
    error = refusal(validators.ApprovalNumber, value)
    assert error["type"] == "approval_number"
    assert "CNCA-R-2002-001" in error["ctx"]["message"]


@pytest.mark.parametrize("sector", [1, 17, 39])
def test_iaf_sectors_1_to_39_are_accepted(sector):
    assert TypeAdapter(validators.IafSector).validate_python(sector) == sector


@pytest.mark.parametrize("sector", [0, 40, -1])
def test_iaf_sectors_outside_1_to_39_are_refused(sector):
    assert refusal(validators.IafSector, sector)["type"] == "iaf_sector"


@pytest.mark.parametrize(("given", "stored"), [("C", "C"), ("c39", "C39"), ("C3911", "C3911")])
def test_industry_codes_are_normalised(given, stored):
    assert TypeAdapter(validators.IndustryCode).validate_python(given) == stored


@pytest.mark.parametrize("value", ["Z", "C1", "C12345", "39", ""])
def test_malformed_industry_codes_are_refused(value):
    assert refusal(validators.IndustryCode, value)["type"] == "industry_code"


def test_text_is_stripped():
    assert TypeAdapter(validators.Text).validate_python("  浙江  ") == "浙江"
