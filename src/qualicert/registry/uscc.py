"""Unified social credit code (统一社会信用代码), GB 32100-2015.

An 18-character code::

    position  1    registration authority (9 = market regulation, 5 = civil affairs, ...)
    position  2    organisation type within that authority
    positions 3-8  GB/T 2260 administrative division code of the registering office
    positions 9-17 organisation code (GB 11714)
    position  18   check digit over positions 1-17

Characters are the digits and the capital letters except I, O, Z, S and V (31 symbols,
valued 0..30 in that order). The check digit C18 satisfies
``C18 = 31 - (sum(value(Ci) * Wi) mod 31)`` (31 becomes 0) with ``Wi = 3**(i-1) mod 31``.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import mul

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


@dataclass(frozen=True)
class UsccError:
    """Why a string is not a valid USCC: a stable rule code and messages in en and zh."""

    rule: str
    message: str
    message_zh: str


def check_digit(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters."""
    if len(first17) != len(WEIGHTS):
        raise ValueError(f"a USCC check digit needs 17 characters, not {len(first17)}")
    total = sum(map(mul, map(_VALUE.__getitem__, first17), WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> UsccError | None:
    """Return what is wrong with ``code`` as a USCC, or ``None`` when it is valid."""
    if len(code) != 18:
        return UsccError(
            "uscc_length",
            f"a unified social credit code has 18 characters, not {len(code)}",
            f"统一社会信用代码应为18位，实际为{len(code)}位",
        )
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        return UsccError(
            "uscc_charset",
            f"character(s) {shown} not allowed: "
            "only digits and capital letters except I, O, S, V, Z",
            f"含有不允许的字符 {shown}：只能使用数字和除 I、O、S、V、Z 以外的大写字母",
        )
    if not code[2:8].isdigit():
        return UsccError(
            "uscc_region",
            f"characters 3-8 must be a six-digit region code, not {code[2:8]!r}",
            f"第3至8位应为6位行政区划码，实际为 {code[2:8]!r}",
        )
    expected = check_digit(code[:17])
    if code[17] != expected:
        return UsccError(
            "uscc_check_digit",
            f"the check digit is wrong: the last character is {code[17]!r} "
            f"but GB 32100-2015 gives {expected!r} for the first 17 characters",
            f"校验码错误：最后一位为 {code[17]!r}，按 GB 32100-2015 应为 {expected!r}",
        )
    return None


def is_valid(code: str) -> bool:
    """True when ``code`` is a well-formed USCC with a correct check digit."""
    return problem(code) is None


def normalise(code: str) -> str:
    """Strip spaces and upper-case, as people type codes from paper certificates."""
    return code.strip().replace(" ", "").upper()
