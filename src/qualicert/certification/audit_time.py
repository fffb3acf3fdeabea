"""Audit time of management-system certification audits (IAF MD 5, IAF MD 11, IAF MD 1).

Pure rules, no I/O. `calculate` turns an organisation's personnel, complexity, adjustments,
integrated standards and sites into an `AuditTime` with a written justification in English and
Chinese (stored with the audit plan); `check_plan` refuses a planned time below the minimum,
quoting the rule. The rules and their sources are explained in ``docs/audit-time.md``.

How the time is found::

    effective personnel (MD 5 §2.3) ──> table days of each standard (MD 5 Annex A, B, C)
      ──> sum over integrated standards ──> × (1 + net adjustment), net reduction ≤ 30 % (MD 5)
      ──> × (1 − integration reduction), at most 20 % (MD 11) ──> nearest half day (MD 5 §2.2)
      ──> stage 1 ≈ 1/3 and stage 2 the rest; surveillance ≈ 1/3, recertification ≈ 2/3
    sites ──> sample ⌈√n⌉ initial, ⌈0.6√n⌉ surveillance, ⌈0.8√n⌉ recertification (MD 1)

Errors::

    ValueError
    └── AuditTimeError      bad input: names the field, the value and what is allowed (en, zh)
        └── BelowMinimum    a planned time below the minimum: names the rule (en, zh)
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, get_args

from qualicert.certification.audit_time_tables import (
    BAND_UPPER,
    COMPLEXITY_ZH,
    KIND_NAMES,
    PROGRESSION_WIDTH,
    STANDARDS,
    TEXT,
    StandardTable,
    band_label,
)

__all__ = [
    "KINDS",
    "MAX_INTEGRATION_REDUCTION_PERCENT",
    "MAX_REDUCTION_PERCENT",
    "Adjustment",
    "AuditKind",
    "AuditTime",
    "AuditTimeError",
    "BelowMinimum",
    "calculate",
    "check_plan",
    "effective_personnel",
    "round_half_day",
    "sample_size",
]

AuditKind = Literal["initial", "stage1", "stage2", "surveillance", "recertification"]
KINDS: tuple[str, ...] = get_args(AuditKind)
MAX_REDUCTION_PERCENT = 30  # IAF MD 5: reductions at most 30 % of the table time
MAX_INTEGRATION_REDUCTION_PERCENT = 20  # IAF MD 11: at most 20 % less for integration
MAX_INCREASE_PERCENT = 100  # the platform's sanity bound for one factor (not an IAF rule)
_COMPLEXITY_ALIASES = {"normal": "medium"}
# k² of the IAF MD 1 sample size ⌈k·√n⌉ as a fraction, so the ceiling is exact.
_SAMPLE_FACTOR = {
    "initial": (1, 1),
    "stage1": (1, 1),
    "stage2": (1, 1),
    "surveillance": (9, 25),
    "recertification": (16, 25),
}


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
            raise _error("bad_adjustment", "adjustments", value=self)
        _number("adjustments.percent", self.percent, -MAX_REDUCTION_PERCENT, MAX_INCREASE_PERCENT)


@dataclass(frozen=True)
class AuditTime:
    """Audit time required for one organisation, in auditor days (8 hours each).

    Attributes
    ----------
    standard, integrated_with : str, tuple of str
        The standard calculated and any standards audited with it (IAF MD 11), as ISO names.
    complexities : tuple of str
        Complexity category used for each of ``(standard, *integrated_with)``.
    effective_personnel : int
        Effective number of personnel (IAF MD 5 §2.3), whole persons rounded up.
    table_days : float
        Sum of the table values of all standards, before adjustments.
    adjustment_percent : float
        Net adjustment applied, after the 30 % limit on reductions.
    integration_reduction_percent : float
        Reduction for integration (IAF MD 11), 0 without integrated standards.
    initial_days, stage1_days, stage2_days : float
        Initial audit time (stage 1 + stage 2) and its split; stage 1 is part of it.
    surveillance_days, recertification_days : float
        Time of each (yearly) surveillance audit and of the recertification audit.
    minimum_initial_days : float
        Lowest initial time the rules allow for this organisation (table time less 30 % and
        less the integration reduction, rounded); see `minimum_days`.
    sites, sites_sampled, sites_sampled_surveillance, sites_sampled_recertification : int
        Sites the sample is drawn from and sample sizes (IAF MD 1); the central function is
        audited in addition at every audit.
    rule : str
        The tables used, e.g. ``"IAF MD 5 Table QMS 1"``.
    justification, justification_zh : tuple of str
        One line per rule applied, in English and in Chinese.

    References
    ----------
    .. [1] IAF MD 5:2019, Issue 4, Determination of Audit Time of Quality, Environmental, and
       Occupational Health & Safety Management Systems.
    .. [2] IAF MD 11:2019, Application of ISO/IEC 17021-1 for Audits of Integrated Management
       Systems.
    .. [3] IAF MD 1:2018, Audit and Certification of a Management System Operated by a
       Multi-Site Organization.
    """

    standard: str
    integrated_with: tuple[str, ...]
    complexities: tuple[str, ...]
    effective_personnel: int
    table_days: float
    adjustment_percent: float
    integration_reduction_percent: float
    initial_days: float
    stage1_days: float
    stage2_days: float
    surveillance_days: float
    recertification_days: float
    minimum_initial_days: float
    sites: int
    sites_sampled: int
    sites_sampled_surveillance: int
    sites_sampled_recertification: int
    rule: str
    justification: tuple[str, ...]
    justification_zh: tuple[str, ...]

    def days(self, kind: AuditKind) -> float:
        """The calculated time of ``kind`` (``"initial"``, ``"stage1"``, ...)."""
        return float(getattr(self, f"{_kind(kind)}_days"))

    def minimum_days(self, kind: AuditKind) -> float:
        """The least time `check_plan` accepts for ``kind``.

        The minimum initial time (table time less the full 30 % reduction and the integration
        reduction claimed) split and scaled exactly as `calculate` splits the initial time.
        """
        return float(_derived(Fraction(self.minimum_initial_days))[_kind(kind)])


def round_half_day(days: float | Fraction) -> float:
    """Round to the nearest half day; exact quarters (x.25, x.75) round up.

    IAF MD 5 §2.2 rounds a decimal result to the nearest half day (5.3 → 5.5, 5.2 → 5); it
    does not say what a quarter does, so ties go up, never shortening an audit.
    """
    return math.floor(Fraction(days) * 2 + Fraction(1, 2)) / 2


def effective_personnel(
    employees: int, part_time_fte: float = 0.0, repetitive_reduction: float = 0.0
) -> int:
    """Effective number of personnel (IAF MD 5:2019 §2.3), rounded up to whole persons.

    ``employees`` counts everybody in the scope on every shift, non-permanent staff present at
    the audit included; ``part_time_fte`` adds part-time staff converted to full-time
    equivalents by hours worked; ``repetitive_reduction`` takes off the persons the body's
    documented method discounts for similar, repetitive activities.
    """
    _integer("employees", employees, 1)
    part = _number("part_time_fte", part_time_fte, 0, None)
    total = employees + part - _number("repetitive_reduction", repetitive_reduction, 0, None)
    if total <= 0:
        raise _error(
            "no_personnel",
            "repetitive_reduction",
            value=repetitive_reduction,
            total=_days(employees + part),
        )
    return math.ceil(total)


def sample_size(sites: int, kind: AuditKind = "initial", *, extra: int = 0) -> int:
    """Sites to visit under IAF MD 1:2018: ⌈√n⌉, ⌈0.6·√n⌉ or ⌈0.8·√n⌉ plus ``extra``.

    ``n`` is the number of sites apart from the central function, which is audited in
    addition; ``extra`` sites are added where the body's risk analysis calls for more; the
    sample never exceeds ``n``. Stage 1 and stage 2 use the initial sample.
    """
    _integer("sites", sites, 1)
    _integer("extra_sample_sites", extra, 0)
    a, b = _SAMPLE_FACTOR[_kind(kind)]
    size = math.isqrt(a * sites // b)
    while b * size * size < a * sites:
        size += 1
    return min(sites, size + extra)


def calculate(
    *,
    standard: str,
    employees: int,
    complexity: str | Mapping[str, str] = "medium",
    sites: int = 1,
    adjustments: Sequence[Adjustment] = (),
    integrated_with: Sequence[str] = (),
    integration_reduction_percent: float = 0,
    part_time_fte: float = 0.0,
    repetitive_reduction: float = 0.0,
    extra_sample_sites: int = 0,
) -> AuditTime:
    """Audit time for an organisation under IAF MD 5, IAF MD 11 and IAF MD 1.

    Parameters
    ----------
    standard : str
        ``"ISO 9001:2015"``, ``"ISO 14001:2015"``, ``"ISO 45001:2018"`` or the GB/T equivalent
        (``"GB/T 19001-2016"``, ``"GB/T 24001-2016"``, ``"GB/T 45001-2020"``).
    employees : int
        Personnel in the scope (at least 1); see `effective_personnel`.
    complexity : str or mapping of standard to str
        ``"high"``, ``"medium"`` (alias ``"normal"``), ``"low"``, or ``"limited"`` (not for
        OH&S). Table QMS 1 has one column, so for ISO 9001 the category is recorded but
        changes nothing; give QMS risk as an `Adjustment`. A mapping sets it per standard.
    sites : int
        Sites the IAF MD 1 sample is drawn from (the central function apart); 1 for one site.
    adjustments : sequence of Adjustment
        Factors that increase or decrease the table time; their sum is the net adjustment,
        whose reduction is capped at 30 % (the justification says so).
    integrated_with : sequence of str
        Other standards audited in the same integrated audit (IAF MD 11).
    integration_reduction_percent : float
        Reduction of the summed time for the level of integration, 0 to 20.
    part_time_fte, repetitive_reduction : float
        See `effective_personnel`.
    extra_sample_sites : int
        Sites added to every IAF MD 1 sample for higher risk.

    Returns
    -------
    AuditTime

    Raises
    ------
    AuditTimeError
        A value out of range or not allowed; the message names the value and the choices.

    References
    ----------
    .. [1] IAF MD 5:2019 Issue 4, §2.2, §2.3, Annexes A, B and C.
    .. [2] IAF MD 11:2019, reduction of integrated audit time.
    .. [3] IAF MD 1:2018, §6.1 (sample size) and §7.3 (time per site).

    Examples
    --------
    >>> calculate(standard="ISO 9001:2015", employees=50).initial_days
    5.0
    """
    tables = _tables(standard, integrated_with)
    categories = _complexities(tables, complexity)
    personnel = effective_personnel(employees, part_time_fte, repetitive_reduction)
    _integer("sites", sites, 1)
    lines = _Lines()
    _note_personnel(lines, employees, part_time_fte, repetitive_reduction, personnel)
    pairs = zip(tables, categories, strict=True)
    table_total = sum((_table_days(t, c, personnel, lines) for t, c in pairs), Fraction(0))
    percent = _net_adjustment(adjustments, lines)
    integration = _integration(tables, integration_reduction_percent, table_total, lines)
    exact = table_total * (1 + percent / 100) * (1 - integration / 100)
    derived = _derived(Fraction(round_half_day(exact)))
    floor = Fraction(round_half_day(table_total * Fraction(7, 10) * (1 - integration / 100)))
    _note_outcome(lines, exact, derived, floor, table_total, integration)
    samples = _samples(sites, extra_sample_sites, lines)
    return AuditTime(
        standard=tables[0].name,
        integrated_with=tuple(t.name for t in tables[1:]),
        complexities=categories,
        effective_personnel=personnel,
        table_days=float(table_total),
        adjustment_percent=float(percent),
        integration_reduction_percent=float(integration),
        **{f"{kind}_days": float(days) for kind, days in derived.items()},
        minimum_initial_days=float(floor),
        sites=sites,
        sites_sampled=samples[0],
        sites_sampled_surveillance=samples[1],
        sites_sampled_recertification=samples[2],
        rule=_rule(tables),
        justification=lines.en,
        justification_zh=lines.zh,
    )


def check_plan(planned_days: float, required: AuditTime, kind: AuditKind) -> None:
    """Refuse a planned time below ``required.minimum_days(kind)``.

    The minimum is the table time less the full 30 % reduction IAF MD 5 permits (and less
    the integration reduction claimed), split for stage 1 / stage 2 and scaled by 1/3 or 2/3
    for surveillance and recertification exactly as `calculate` does. A plan between the
    minimum and ``required.days(kind)`` is accepted: the body answers for the difference.

    Raises
    ------
    BelowMinimum
        ``planned_days`` is below the minimum; ``rule`` names the tables.
    AuditTimeError
        ``kind`` is unknown or ``planned_days`` is not a number of days.

    References
    ----------
    .. [1] IAF MD 5:2019 Issue 4 (30 % limit on reductions; surveillance about 1/3 and
       recertification about 2/3 of the initial time).
    """
    planned = _number("planned_days", planned_days, 0, None)
    minimum = Fraction(required.minimum_days(kind))
    if planned < minimum:
        en, zh = _text(
            "below_minimum",
            planned=_days(planned),
            minimum=_days(minimum),
            kind=KIND_NAMES[kind][0],
            kind_zh=KIND_NAMES[kind][1],
            rule=required.rule,
            table=_days(required.table_days),
        )
        raise BelowMinimum(
            en, zh, rule=required.rule, kind=kind, planned=float(planned), minimum=float(minimum)
        )


def _text(key: str, **fields: object) -> tuple[str, str]:
    en, zh = TEXT[key]
    return en.format(**fields), zh.format(**fields)


def _error(key: str, field: str, rule: str = "input", **fields: object) -> AuditTimeError:
    en, zh = _text(key, field=field, **fields)
    return AuditTimeError(en, zh, field=field, rule=rule)


class _Lines:
    """Justification lines in English and Chinese, filled from the templates in ``TEXT``."""

    def __init__(self) -> None:
        self.en: tuple[str, ...] = ()
        self.zh: tuple[str, ...] = ()

    def add(self, key: str, **fields: object) -> None:
        en, zh = _text(key, **fields)
        self.en, self.zh = (*self.en, en), (*self.zh, zh)


def _note_personnel(lines: _Lines, employees: int, part: float, rep: float, n: int) -> None:
    if part or rep:
        lines.add(
            "personnel_detail", n=n, employees=employees, part=_days(part), repetitive=_days(rep)
        )
    else:
        lines.add("personnel", n=n)


def _note_outcome(
    lines: _Lines,
    exact: Fraction,
    derived: dict[str, Fraction],
    floor: Fraction,
    table: Fraction,
    integration: Fraction,
) -> None:
    days = {kind: _days(value) for kind, value in derived.items()}
    lines.add("initial", exact=_days(exact, places=3), days=days["initial"])
    lines.add("stages", stage1=days["stage1"], stage2=days["stage2"])
    lines.add("surveillance", days=days["surveillance"])
    lines.add("recertification", days=days["recertification"])
    key = "minimum_integrated" if integration else "minimum"
    lines.add(key, days=_days(floor), table=_days(table), integration=_days(integration))


def _samples(sites: int, extra: int, lines: _Lines) -> tuple[int, int, int]:
    kinds: tuple[AuditKind, ...] = ("initial", "surveillance", "recertification")
    initial, surveillance, recertification = (sample_size(sites, k, extra=extra) for k in kinds)
    if sites == 1:
        lines.add("one_site")
        return initial, surveillance, recertification
    more = _text("sites_extra", k=extra) if extra else ("", "")
    lines.add(
        "sites",
        n=sites,
        initial=initial,
        surveillance=surveillance,
        recertification=recertification,
        extra=more[0],
        extra_zh=more[1],
    )
    return initial, surveillance, recertification


def _tables(standard: str, integrated_with: Sequence[str]) -> tuple[StandardTable, ...]:
    others = [integrated_with] if isinstance(integrated_with, str) else list(integrated_with)
    tables = (_standard(standard, "standard"), *(_standard(o, "integrated_with") for o in others))
    if len({t.name for t in tables}) < len(tables):
        raise _error("repeated_standard", "integrated_with", value=[standard, *others])
    return tables


def _standard(name: object, field: str) -> StandardTable:
    key = " ".join(name.split()).upper() if isinstance(name, str) else None
    for table in STANDARDS:
        if key in (table.name.upper(), table.gb_name.upper()):
            return table
    allowed = ", ".join(f"{t.name} ({t.gb_name})" for t in STANDARDS)
    raise _error("bad_standard", field, value=name, allowed=allowed)


def _complexities(
    tables: tuple[StandardTable, ...], complexity: str | Mapping[str, str]
) -> tuple[str, ...]:
    if isinstance(complexity, str):
        return tuple(_category(t, complexity) for t in tables)
    given = {_standard(name, "complexity").name: value for name, value in complexity.items()}
    unused = sorted(set(given) - {t.name for t in tables})
    missing = [t.name for t in tables if t.name not in given]
    if unused or missing:
        raise _error("complexity_standards", "complexity", missing=missing, unused=unused)
    return tuple(_category(t, given[t.name]) for t in tables)


def _category(table: StandardTable, value: object) -> str:
    key = value.strip().lower() if isinstance(value, str) else ""
    key = _COMPLEXITY_ALIASES.get(key, key)
    if key in table.columns:
        return key
    raise _error(
        "bad_complexity",
        "complexity",
        value=value,
        table=table.table,
        table_zh=table.table.replace("Table ", "表 "),
        standard=table.name,
        allowed=", ".join(table.columns),
    )


def _table_days(table: StandardTable, category: str, personnel: int, lines: _Lines) -> Fraction:
    column = table.column(category)
    index = bisect.bisect_left(BAND_UPPER, personnel)
    names = _table_names(table, category)
    if table.single_column and category != "medium":
        lines.add("qms_category", category=category, category_zh=COMPLEXITY_ZH[category])
    if index < len(BAND_UPPER):
        days = Fraction(column[index])
        lines.add("table_row", band=band_label(index), days=_days(days), **names)
        return days
    steps = -(-(personnel - BAND_UPPER[-1]) // PROGRESSION_WIDTH)
    step = Fraction(column[-1]) - Fraction(column[-2])
    days = Fraction(column[-1]) + steps * step
    lines.add("progression", days=_days(days), step=_days(step), width=PROGRESSION_WIDTH, **names)
    return days


def _table_names(table: StandardTable, category: str) -> dict[str, str]:
    plain = table.single_column
    return {
        "table": table.table,
        "table_zh": table.table.replace("Table ", "表 "),
        "category": "" if plain else f", complexity {category}",
        "category_zh": "" if plain else f"（复杂程度：{COMPLEXITY_ZH[category]}）",
    }


def _net_adjustment(adjustments: Sequence[Adjustment], lines: _Lines) -> Fraction:
    for item in adjustments:
        if not isinstance(item, Adjustment):
            raise _error("bad_adjustment", "adjustments", value=item)
        lines.add(
            "adjustment",
            name=item.name,
            name_zh=item.name_zh or item.name,
            percent=_signed(_fraction(item.percent)),
        )
    requested = sum((_fraction(a.percent) for a in adjustments), Fraction(0))
    applied = max(requested, Fraction(-MAX_REDUCTION_PERCENT))
    if applied != requested:
        lines.add("capped", requested=_signed(requested))
    elif adjustments:
        lines.add("net", percent=_signed(applied))
    return applied


def _integration(
    tables: tuple[StandardTable, ...], percent: float, table_total: Fraction, lines: _Lines
) -> Fraction:
    value = _number("integration_reduction_percent", percent, 0, None)
    field = "integration_reduction_percent"
    if value and len(tables) == 1:
        raise _error("integration_alone", field, rule="IAF MD 11", value=percent)
    if value > MAX_INTEGRATION_REDUCTION_PERCENT:
        raise _error("integration_limit", field, rule="IAF MD 11", value=percent)
    if len(tables) > 1:
        lines.add(
            "integration",
            names=" + ".join(t.name for t in tables),
            days=_days(table_total),
            percent=_days(value),
        )
    return value


def _derived(initial: Fraction) -> dict[str, Fraction]:
    """Stage split, surveillance and recertification times from an initial time."""
    stage1 = max(Fraction(1, 2), Fraction(round_half_day(initial / 3)))
    return {
        "initial": initial,
        "stage1": stage1,
        "stage2": initial - stage1,
        "surveillance": max(Fraction(1, 2), Fraction(round_half_day(initial / 3))),
        "recertification": max(Fraction(1, 2), Fraction(round_half_day(initial * 2 / 3))),
    }


def _rule(tables: tuple[StandardTable, ...]) -> str:
    if len(tables) == 1:
        return f"IAF MD 5 {tables[0].table}"
    return f"IAF MD 5 Tables {', '.join(t.table.removeprefix('Table ') for t in tables)}; IAF MD 11"


def _kind(kind: object) -> str:
    if kind not in KINDS:
        raise _error("bad_kind", "kind", value=kind, allowed=", ".join(KINDS))
    return str(kind)


def _days(value: float | Fraction, places: int = 1) -> str:
    """A number of days (or percent) as written: 5, 4.5, 4.333."""
    return f"{float(value):.{places}f}".rstrip("0").rstrip(".")


def _signed(percent: Fraction) -> str:
    return ("+" if percent > 0 else "") + _days(percent, places=2)


def _fraction(value: float) -> Fraction:
    """Exact value of a decimal number as written (0.1 is 1/10, not the nearest binary)."""
    return Fraction(value) if isinstance(value, int) else Fraction(repr(float(value)))


def _number(field: str, value: object, low: float, high: float | None) -> Fraction:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and math.isfinite(value) and low <= value and (high is None or value <= high):  # type: ignore[arg-type, operator]
        return _fraction(value)  # type: ignore[arg-type]
    bound = (
        (f"between {low:g} and {high:g}", f"介于 {low:g} 与 {high:g} 之间")
        if high is not None
        else (f"at least {low:g}", f"不小于 {low:g}")
    )
    rule = "IAF MD 5" if field == "adjustments.percent" else "input"
    raise _error("bad_number", field, rule, value=value, bound=bound[0], bound_zh=bound[1])


def _integer(field: str, value: object, low: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise _error("bad_integer", field, value=value, low=low)
