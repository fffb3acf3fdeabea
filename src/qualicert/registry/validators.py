"""Field types with their format rules, shared by every schema that takes them.

Each rule fails with a stable rule code and messages in English and Chinese, carried in the
Pydantic error context so that the API's problem+json and the CLI can show both.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from qualicert.registry import reference, uscc

APPROVAL_NUMBER = re.compile(r"^CNCA-R(?:F)?-\d{4}-\d{3}$")
INDUSTRY_CODE = re.compile(r"^[A-T](?:\d{2}(?:\d{1,2})?)?$")


def fail(rule: str, message: str, message_zh: str) -> PydanticCustomError:
    """A validation error with a rule code and both languages."""
    return PydanticCustomError(rule, "{message}", {"message": message, "message_zh": message_zh})


def _uscc(value: object) -> str:
    if not isinstance(value, str):
        raise fail("uscc_type", "a USCC is a text of 18 characters", "统一社会信用代码应为18位字符")
    code = uscc.normalise(value)
    wrong = uscc.problem(code)
    if wrong is not None:
        raise fail(wrong.rule, wrong.message, wrong.message_zh)
    return code


def _region(value: str) -> str:
    if not reference.known_region(value):
        raise fail(
            "region_code",
            f"{value!r} is not a GB/T 2260 region code (six digits of a known province)",
            f"{value!r} 不是有效的 GB/T 2260 行政区划代码",
        )
    return value


def _approval(value: str) -> str:
    value = value.strip().upper()
    if not APPROVAL_NUMBER.match(value):
        raise fail(
            "approval_number",
            f"{value!r} is not a CNCA approval number like CNCA-R-2002-001",
            f"{value!r} 不是有效的认证机构批准号（格式如 CNCA-R-2002-001）",
        )
    return value


def _sector(value: int) -> int:
    if not 1 <= value <= 39:
        raise fail(
            "iaf_sector",
            f"IAF sector {value} is not between 1 and 39",
            f"IAF 专业代码 {value} 不在 1 至 39 之间",
        )
    return value


def _industry(value: str) -> str:
    value = value.strip().upper()
    if not INDUSTRY_CODE.match(value):
        raise fail(
            "industry_code",
            f"{value!r} is not a GB/T 4754 code (a section letter A-T and up to four digits)",
            f"{value!r} 不是有效的 GB/T 4754 行业代码",
        )
    return value


Uscc = Annotated[str, BeforeValidator(_uscc)]
RegionCode = Annotated[str, AfterValidator(_region)]
ApprovalNumber = Annotated[str, AfterValidator(_approval)]
IafSector = Annotated[int, AfterValidator(_sector)]
IndustryCode = Annotated[str, AfterValidator(_industry)]
# Stripped by the str schema itself, so that length limits give plain string errors
# (string_too_short) rather than generic ones about "items".
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_character(value: object) -> str | None:
    """The first control character anywhere in ``value`` (text, or lists and mappings of it)."""
    if isinstance(value, str):
        bad = CONTROL.search(value)
        return bad.group() if bad else None
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return next((c for c in map(_control_character, value) if c is not None), None)
    return None


class InputModel(BaseModel):
    """Base of every input schema: unknown fields and control characters are refused.

    A NUL or other control character in text cannot be stored by every database and has no
    place in a registry, so it is refused with a 422 naming the field.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        bad = _control_character(value)
        if bad is not None:
            raise fail(
                "control_character",
                f"text contains the control character {bad!r}; only printable text, "
                "tabs and line breaks are allowed",
                f"文本包含控制字符 {bad!r}，只允许可打印字符、制表符和换行",
            )
        return value


Text = Annotated[str, StringConstraints(strip_whitespace=True)]
