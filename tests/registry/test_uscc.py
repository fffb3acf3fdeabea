"""The GB 32100-2015 check digit of the unified social credit code (统一社会信用代码)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualicert.registry import uscc

# Codes printed on the business licences of well-known companies (public registration data,
# National Enterprise Credit Information Publicity System).
PUBLISHED = {
    "914403001922038216": "华为技术有限公司",
    "91440300708461136T": "深圳市腾讯计算机系统有限公司",
    "91330100716105852F": "阿里巴巴（中国）有限公司",
    "91110108551385082Q": "小米科技有限责任公司",
}

symbol = st.sampled_from(uscc.ALPHABET)
first17 = st.builds(
    lambda head, region, rest: "".join(head) + region + "".join(rest),
    st.lists(symbol, min_size=2, max_size=2),
    st.from_regex(r"\A[0-9]{6}\Z"),
    st.lists(symbol, min_size=9, max_size=9),
)


def test_alphabet_is_31_symbols_without_I_O_S_V_Z():
    assert len(uscc.ALPHABET) == 31
    assert not set("IOSVZ") & set(uscc.ALPHABET)


def test_weights_are_powers_of_3_mod_31():
    # GB 32100-2015 table of weights for positions 1..17.
    assert uscc.WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize("code", sorted(PUBLISHED))
def test_published_codes_are_valid(code):
    assert uscc.is_valid(code), PUBLISHED[code]


@given(first17)
def test_any_17_characters_with_their_check_digit_are_valid(body):
    assert uscc.is_valid(body + uscc.check_digit(body))


@given(first17, st.integers(0, 17), st.integers(1, 30))
def test_any_single_substitution_is_detected(body, position, shift):
    code = body + uscc.check_digit(body)
    replacement = uscc.ALPHABET[(uscc.ALPHABET.index(code[position]) + shift) % 31]
    changed = code[:position] + replacement + code[position + 1 :]
    if position in range(2, 8) and not replacement.isdigit():
        assert uscc.problem(changed).rule == "uscc_region"
    else:
        assert uscc.problem(changed).rule == "uscc_check_digit"


@given(first17)
def test_any_adjacent_transposition_of_different_characters_is_detected(body):
    code = body + uscc.check_digit(body)
    for i in range(17):
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        if swapped != code:
            assert not uscc.is_valid(swapped)


def test_wrong_check_digit_names_the_expected_one():
    wrong = "914403001922038215"
    found = uscc.problem(wrong)
    assert found.rule == "uscc_check_digit"
    assert "check digit is wrong" in found.message
    assert "'6'" in found.message
    assert "校验码错误" in found.message_zh


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("", "uscc_length"),
        ("91440300192203821", "uscc_length"),
        ("9144030019220382160", "uscc_length"),
        ("91440300192203821I", "uscc_charset"),
        ("91440300192203821o", "uscc_charset"),
        ("9144030019220382１6", "uscc_charset"),
        ("9144A3001922038216", "uscc_region"),
    ],
)
def test_malformed_codes_name_their_rule(code, rule):
    assert uscc.problem(code).rule == rule


def test_length_message_gives_the_actual_length():
    assert "not 17" in uscc.problem("91440300192203821").message


def test_charset_message_lists_the_bad_characters():
    found = uscc.problem("91440300192203821I")
    assert "'I'" in found.message
    assert "I、O、S、V、Z" in found.message_zh


def test_normalise_strips_spaces_and_upper_cases():
    assert uscc.normalise(" 9144 0300 7084 6113 6t ") == "91440300708461136T"
