"""Input checks, errors and wording of the audit-time calculator (see `audit_time`).

Every message exists in English and Chinese, filled from the templates in
``audit_time_tables.TEXT``; numbers are checked exactly (as `fractions.Fraction`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, get_args

from qualicert.certification.audit_time_tables import TEXT

AuditKind = Literal["initial", "stage1", "stage2", "surveillance", "recertification"]
KINDS: tuple[str, ...] = get_args(AuditKind)
MAX_REDUCTION_PERCENT = 30  # IAF MD 5: reductions at most 30 % of the table time
MAX_INTEGRATION_REDUCTION_PERCENT = 20  # IAF MD 11: at most 20 % less for integration
MAX_INCREASE_PERCENT = 100  # the platform's sanity bound for one factor (not an IAF rule)


class AuditTimeError(ValueError):
    """Bad input to the calculator: the field at fault and messages in English and Chinese."""

    def __init__(
        self, message: str, message_zh: str, *, field: str | None = None, rule: str = "input"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh
        self.field = field
        self.rule = rule


class BelowMinimum(AuditTimeError):
    """A planned audit time below the minimum that IAF MD 5 allows; ``rule`` names the table."""

    def __init__(
        self,
        message: str,
        message_zh: str,
        *,
        rule: str,
        kind: str,
        planned: float,
        minimum: float,
    ) -> None:
        super().__init__(message, message_zh, field="planned_days", rule=rule)
        self.kind = kind
        self.planned = planned
        self.minimum = minimum


@dataclass(frozen=True)
class Adjustment:
    """A named factor that increases (``percent > 0``) or decreases (``percent < 0``) the time.

    ``percent`` is relative to the table time and lies in [-30, 100]; see
    ``audit_time_tables.INCREASE_FACTORS`` and ``DECREASE_FACTORS`` for the factors IAF MD 5
    names (the percentages are the certification body's decision).
    """

    name: str
    percent: float
    name_zh: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise error("bad_adjustment", "adjustments", value=self)
        check_number(
            "adjustments.percent", self.percent, -MAX_REDUCTION_PERCENT, MAX_INCREASE_PERCENT
        )


def check_kind(kind: object) -> str:
    if kind not in KINDS:
        raise error("bad_kind", "kind", value=kind, allowed=", ".join(KINDS))
    return str(kind)


def text(key: str, **fields: object) -> tuple[str, str]:
    en, zh = TEXT[key]
    return en.format(**fields), zh.format(**fields)


def error(key: str, field: str, rule: str = "input", **fields: object) -> AuditTimeError:
    en, zh = text(key, field=field, **fields)
    return AuditTimeError(en, zh, field=field, rule=rule)


def fmt_days(value: float | Fraction, places: int = 1) -> str:
    """A number of days (or percent) as written: 5, 4.5, 4.333."""
    return f"{float(value):.{places}f}".rstrip("0").rstrip(".")


def signed(percent: Fraction) -> str:
    return ("+" if percent > 0 else "") + fmt_days(percent, places=2)


def exact_fraction(value: float) -> Fraction:
    """Exact value of a decimal number as written (0.1 is 1/10, not the nearest binary)."""
    return Fraction(value) if isinstance(value, int) else Fraction(repr(float(value)))


def check_number(field: str, value: object, low: float, high: float | None) -> Fraction:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and math.isfinite(value) and low <= value and (high is None or value <= high):  # type: ignore[arg-type, operator]
        return exact_fraction(value)  # type: ignore[arg-type]
    bound = (
        (f"between {low:g} and {high:g}", f"介于 {low:g} 与 {high:g} 之间")
        if high is not None
        else (f"at least {low:g}", f"不小于 {low:g}")
    )
    rule = "IAF MD 5" if field == "adjustments.percent" else "input"
    raise error("bad_number", field, rule, value=value, bound=bound[0], bound_zh=bound[1])


def check_integer(field: str, value: object, low: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise error("bad_integer", field, value=value, low=low)
