"""Audit time of management-system certification audits (IAF MD 5, IAF MD 11, IAF MD 1).

Pure rules, no I/O. `calculate` turns an organisation's personnel, complexity, adjustments,
integrated standards and sites into an `AuditTime` with a written justification in English and
Chinese (stored with the audit plan); `check_plan` refuses a planned time below the minimum,
quoting the rule. The rules and their sources are explained in ``docs/audit-time.md``.
The steps of the calculation and their justification lines are in `audit_time_rules`; input
checks, errors and wording in `audit_time_input`.

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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from qualicert.certification.audit_time_input import (
    KINDS,
    MAX_INTEGRATION_REDUCTION_PERCENT,
    MAX_REDUCTION_PERCENT,
    Adjustment,
    AuditKind,
    AuditTimeError,
    BelowMinimum,
    check_integer,
    check_kind,
    check_number,
    error,
    fmt_days,
    text,
)
from qualicert.certification.audit_time_rules import (
    Lines,
    derive,
    find_tables,
    integration_percent,
    net_adjustment,
    note_outcome,
    note_personnel,
    resolve_complexities,
    round_half_day,
    rule_name,
    sample_size,
    sample_sizes,
    table_time,
)
from qualicert.certification.audit_time_tables import KIND_NAMES

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
        return float(getattr(self, f"{check_kind(kind)}_days"))

    def minimum_days(self, kind: AuditKind) -> float:
        """The least time `check_plan` accepts for ``kind``.

        The minimum initial time (table time less the full 30 % reduction and the integration
        reduction claimed) split and scaled exactly as `calculate` splits the initial time.
        """
        return float(derive(Fraction(self.minimum_initial_days))[check_kind(kind)])


def effective_personnel(
    employees: int, part_time_fte: float = 0.0, repetitive_reduction: float = 0.0
) -> int:
    """Effective number of personnel (IAF MD 5:2019 §2.3), rounded up to whole persons.

    ``employees`` counts everybody in the scope on every shift, non-permanent staff present at
    the audit included; ``part_time_fte`` adds part-time staff converted to full-time
    equivalents by hours worked; ``repetitive_reduction`` takes off the persons the body's
    documented method discounts for similar, repetitive activities.
    """
    check_integer("employees", employees, 1)
    part = check_number("part_time_fte", part_time_fte, 0, None)
    total = employees + part - check_number("repetitive_reduction", repetitive_reduction, 0, None)
    if total <= 0:
        raise error(
            "no_personnel",
            "repetitive_reduction",
            value=repetitive_reduction,
            total=fmt_days(employees + part),
        )
    return math.ceil(total)


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
    tables = find_tables(standard, integrated_with)
    categories = resolve_complexities(tables, complexity)
    personnel = effective_personnel(employees, part_time_fte, repetitive_reduction)
    check_integer("sites", sites, 1)
    lines = Lines()
    note_personnel(lines, employees, part_time_fte, repetitive_reduction, personnel)
    pairs = zip(tables, categories, strict=True)
    table_total = sum((table_time(t, c, personnel, lines) for t, c in pairs), Fraction(0))
    percent = net_adjustment(adjustments, lines)
    integration = integration_percent(tables, integration_reduction_percent, table_total, lines)
    exact = table_total * (1 + percent / 100) * (1 - integration / 100)
    derived = derive(Fraction(round_half_day(exact)))
    floor = Fraction(round_half_day(table_total * Fraction(7, 10) * (1 - integration / 100)))
    note_outcome(lines, exact, derived, floor, table_total, integration)
    samples = sample_sizes(sites, extra_sample_sites, lines)
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
        rule=rule_name(tables),
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
    planned = check_number("planned_days", planned_days, 0, None)
    minimum = Fraction(required.minimum_days(kind))
    if planned < minimum:
        en, zh = text(
            "below_minimum",
            planned=fmt_days(planned),
            minimum=fmt_days(minimum),
            kind=KIND_NAMES[kind][0],
            kind_zh=KIND_NAMES[kind][1],
            rule=required.rule,
            table=fmt_days(required.table_days),
        )
        raise BelowMinimum(
            en, zh, rule=required.rule, kind=kind, planned=float(planned), minimum=float(minimum)
        )
