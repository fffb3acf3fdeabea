"""Steps of the audit-time calculation and their justification lines (see `audit_time`).

Each step finds one quantity (table time, net adjustment, integration reduction, derived
times, site samples) under IAF MD 5, IAF MD 11 or IAF MD 1 and adds the line that justifies
it, in English and Chinese, to a `Lines`.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

from qualicert.certification.audit_time_input import (
    MAX_INTEGRATION_REDUCTION_PERCENT,
    MAX_REDUCTION_PERCENT,
    Adjustment,
    AuditKind,
    check_integer,
    check_kind,
    check_number,
    error,
    exact_fraction,
    fmt_days,
    signed,
    text,
)
from qualicert.certification.audit_time_tables import (
    BAND_UPPER,
    COMPLEXITY_ZH,
    PROGRESSION_WIDTH,
    STANDARDS,
    StandardTable,
    band_label,
)

_COMPLEXITY_ALIASES = {"normal": "medium"}
# k² of the IAF MD 1 sample size ⌈k·√n⌉ as a fraction, so the ceiling is exact.
_SAMPLE_FACTOR = {
    "initial": (1, 1),
    "stage1": (1, 1),
    "stage2": (1, 1),
    "surveillance": (9, 25),
    "recertification": (16, 25),
}


def round_half_day(days: float | Fraction) -> float:
    """Round to the nearest half day; exact quarters (x.25, x.75) round up.

    IAF MD 5 §2.2 rounds a decimal result to the nearest half day (5.3 → 5.5, 5.2 → 5); it
    does not say what a quarter does, so ties go up, never shortening an audit.
    """
    return math.floor(Fraction(days) * 2 + Fraction(1, 2)) / 2


def sample_size(sites: int, kind: AuditKind = "initial", *, extra: int = 0) -> int:
    """Sites to visit under IAF MD 1:2018: ⌈√n⌉, ⌈0.6·√n⌉ or ⌈0.8·√n⌉ plus ``extra``.

    ``n`` is the number of sites apart from the central function, which is audited in
    addition; ``extra`` sites are added where the body's risk analysis calls for more; the
    sample never exceeds ``n``. Stage 1 and stage 2 use the initial sample.
    """
    check_integer("sites", sites, 1)
    check_integer("extra_sample_sites", extra, 0)
    a, b = _SAMPLE_FACTOR[check_kind(kind)]
    size = math.isqrt(a * sites // b)
    while b * size * size < a * sites:
        size += 1
    return min(sites, size + extra)


class Lines:
    """Justification lines in English and Chinese, filled from the templates in ``TEXT``."""

    def __init__(self) -> None:
        self.en: tuple[str, ...] = ()
        self.zh: tuple[str, ...] = ()

    def add(self, key: str, **fields: object) -> None:
        en, zh = text(key, **fields)
        self.en, self.zh = (*self.en, en), (*self.zh, zh)


def note_personnel(lines: Lines, employees: int, part: float, rep: float, n: int) -> None:
    if part or rep:
        lines.add(
            "personnel_detail",
            n=n,
            employees=employees,
            part=fmt_days(part),
            repetitive=fmt_days(rep),
        )
    else:
        lines.add("personnel", n=n)


def note_outcome(
    lines: Lines,
    exact: Fraction,
    derived: dict[str, Fraction],
    floor: Fraction,
    table: Fraction,
    integration: Fraction,
) -> None:
    days = {kind: fmt_days(value) for kind, value in derived.items()}
    lines.add("initial", exact=fmt_days(exact, places=3), days=days["initial"])
    lines.add("stages", stage1=days["stage1"], stage2=days["stage2"])
    lines.add("surveillance", days=days["surveillance"])
    lines.add("recertification", days=days["recertification"])
    key = "minimum_integrated" if integration else "minimum"
    lines.add(key, days=fmt_days(floor), table=fmt_days(table), integration=fmt_days(integration))


def sample_sizes(sites: int, extra: int, lines: Lines) -> tuple[int, int, int]:
    kinds: tuple[AuditKind, ...] = ("initial", "surveillance", "recertification")
    initial, surveillance, recertification = (sample_size(sites, k, extra=extra) for k in kinds)
    if sites == 1:
        lines.add("one_site")
        return initial, surveillance, recertification
    more = text("sites_extra", k=extra) if extra else ("", "")
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


def find_tables(standard: str, integrated_with: Sequence[str]) -> tuple[StandardTable, ...]:
    others = [integrated_with] if isinstance(integrated_with, str) else list(integrated_with)
    tables = (
        find_standard(standard, "standard"),
        *(find_standard(o, "integrated_with") for o in others),
    )
    if len({t.name for t in tables}) < len(tables):
        raise error("repeated_standard", "integrated_with", value=[standard, *others])
    return tables


def find_standard(name: object, field: str) -> StandardTable:
    key = " ".join(name.split()).upper() if isinstance(name, str) else None
    for table in STANDARDS:
        if key in (table.name.upper(), table.gb_name.upper()):
            return table
    allowed = ", ".join(f"{t.name} ({t.gb_name})" for t in STANDARDS)
    raise error("bad_standard", field, value=name, allowed=allowed)


def resolve_complexities(
    tables: tuple[StandardTable, ...], complexity: str | Mapping[str, str]
) -> tuple[str, ...]:
    if isinstance(complexity, str):
        return tuple(resolve_category(t, complexity) for t in tables)
    given = {find_standard(name, "complexity").name: value for name, value in complexity.items()}
    unused = sorted(set(given) - {t.name for t in tables})
    missing = [t.name for t in tables if t.name not in given]
    if unused or missing:
        raise error("complexity_standards", "complexity", missing=missing, unused=unused)
    return tuple(resolve_category(t, given[t.name]) for t in tables)


def resolve_category(table: StandardTable, value: object) -> str:
    key = value.strip().lower() if isinstance(value, str) else ""
    key = _COMPLEXITY_ALIASES.get(key, key)
    if key in table.columns:
        return key
    raise error(
        "bad_complexity",
        "complexity",
        value=value,
        table=table.table,
        table_zh=table.table.replace("Table ", "表 "),
        standard=table.name,
        allowed=", ".join(table.columns),
    )


def table_time(table: StandardTable, category: str, personnel: int, lines: Lines) -> Fraction:
    column = table.column(category)
    index = bisect.bisect_left(BAND_UPPER, personnel)
    names = table_names(table, category)
    if table.single_column and category != "medium":
        lines.add("qms_category", category=category, category_zh=COMPLEXITY_ZH[category])
    if index < len(BAND_UPPER):
        days = Fraction(column[index])
        lines.add("table_row", band=band_label(index), days=fmt_days(days), **names)
        return days
    steps = -(-(personnel - BAND_UPPER[-1]) // PROGRESSION_WIDTH)
    step = Fraction(column[-1]) - Fraction(column[-2])
    days = Fraction(column[-1]) + steps * step
    lines.add(
        "progression", days=fmt_days(days), step=fmt_days(step), width=PROGRESSION_WIDTH, **names
    )
    return days


def table_names(table: StandardTable, category: str) -> dict[str, str]:
    plain = table.single_column
    return {
        "table": table.table,
        "table_zh": table.table.replace("Table ", "表 "),
        "category": "" if plain else f", complexity {category}",
        "category_zh": "" if plain else f"（复杂程度：{COMPLEXITY_ZH[category]}）",
    }


def net_adjustment(adjustments: Sequence[Adjustment], lines: Lines) -> Fraction:
    for item in adjustments:
        if not isinstance(item, Adjustment):
            raise error("bad_adjustment", "adjustments", value=item)
        lines.add(
            "adjustment",
            name=item.name,
            name_zh=item.name_zh or item.name,
            percent=signed(exact_fraction(item.percent)),
        )
    requested = sum((exact_fraction(a.percent) for a in adjustments), Fraction(0))
    applied = max(requested, Fraction(-MAX_REDUCTION_PERCENT))
    if applied != requested:
        lines.add("capped", requested=signed(requested))
    elif adjustments:
        lines.add("net", percent=signed(applied))
    return applied


def integration_percent(
    tables: tuple[StandardTable, ...], percent: float, table_total: Fraction, lines: Lines
) -> Fraction:
    value = check_number("integration_reduction_percent", percent, 0, None)
    field = "integration_reduction_percent"
    if value and len(tables) == 1:
        raise error("integration_alone", field, rule="IAF MD 11", value=percent)
    if value > MAX_INTEGRATION_REDUCTION_PERCENT:
        raise error("integration_limit", field, rule="IAF MD 11", value=percent)
    if len(tables) > 1:
        lines.add(
            "integration",
            names=" + ".join(t.name for t in tables),
            days=fmt_days(table_total),
            percent=fmt_days(value),
        )
    return value


def derive(initial: Fraction) -> dict[str, Fraction]:
    """Stage split, surveillance and recertification times from an initial time."""
    stage1 = max(Fraction(1, 2), Fraction(round_half_day(initial / 3)))
    return {
        "initial": initial,
        "stage1": stage1,
        "stage2": initial - stage1,
        "surveillance": max(Fraction(1, 2), Fraction(round_half_day(initial / 3))),
        "recertification": max(Fraction(1, 2), Fraction(round_half_day(initial * 2 / 3))),
    }


def rule_name(tables: tuple[StandardTable, ...]) -> str:
    if len(tables) == 1:
        return f"IAF MD 5 {tables[0].table}"
    return f"IAF MD 5 Tables {', '.join(t.table.removeprefix('Table ') for t in tables)}; IAF MD 11"
