"""Data of the audit time calculator: the IAF MD 5:2019 tables, standards, factors and wording.

The tables give the initial audit time (stage 1 + stage 2) in auditor days. The standards,
the factors IAF MD 5 names for adjusting time, and the English and Chinese wording of the
justification lines are data too, so `qualicert.certification.audit_time` holds only rules.

Each table maps a band of the effective number of personnel to a number of auditor days.
All tables share the same 23 bands (1-5 ... 8501-10700); above 10 700 persons the tables say
"follow progression", which `qualicert.certification.audit_time` continues linearly (see
``PROGRESSION_WIDTH`` below).

Sources and how far each value is verified
------------------------------------------
* **Table QMS 1** (IAF MD 5:2019 Annex A): one column, no complexity categories. All 23 rows
  agree across three independent transcriptions found with this project's code search (an
  "Annex A, Table QMS 1" reference component, a KAB-based quote engine, a CAP 03-01 seed
  file) and with EA FAQ 38.2 ("Table QMS 1: for 1-5 employees - audit time is 1.5 audit-days").
* **Table OH&SMS 1** (IAF MD 5:2019 Annex C): high / medium / low. Checked cell by cell against
  a transcription of page 29 of the IAF MD 5:2019 Issue 4 PDF
  (scribd.com/document/737899053/IAF-MD5-2019) and against the same three code sources.
* **Table EMS 1** (IAF MD 5:2019 Annex B): high / medium / low / limited. High, medium and low
  equal the OH&SMS columns in all three sources (one of them stops at 2025 persons). The
  *limited* column agrees across the sources except one cell: 626-875 persons reads 6.5 in two
  of them and 6 in the CAP 03-01 transcription. 6.5 is used (the majority; it also keeps the
  column's half-day steps from 6 to 7). The limited column, and this cell above all, is **not
  verified against the IAF original**.

References
----------
.. [1] IAF MD 5:2019, Issue 4, "Determination of Audit Time of Quality, Environmental, and
   Occupational Health & Safety Management Systems", Annexes A, B and C.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "BAND_UPPER",
    "COMPLEXITY_ZH",
    "DECREASE_FACTORS",
    "EMS_1",
    "INCREASE_FACTORS",
    "KIND_NAMES",
    "OHS_1",
    "PROGRESSION_WIDTH",
    "QMS_1",
    "STANDARDS",
    "TEXT",
    "Factor",
    "StandardTable",
    "band_label",
]

# Upper bound of each band of the effective number of personnel; the first band starts at 1.
BAND_UPPER: Final[tuple[int, ...]] = (
    5, 10, 15, 25, 45, 65, 85, 125, 175, 275, 425, 625,
    875, 1175, 1550, 2025, 2675, 3450, 4350, 5450, 6800, 8500, 10700,
)  # fmt: skip

# Above the last band the days grow by the last step of the column for every further
# PROGRESSION_WIDTH persons started (the width of the last band, 8501-10700). IAF MD 5 says
# only "follow progression"; this linear reading is the platform's, not a published value.
PROGRESSION_WIDTH: Final[int] = BAND_UPPER[-1] - BAND_UPPER[-2]

# IAF MD 5:2019 Annex A, Table QMS 1 (single column).
QMS_1: Final[tuple[float, ...]] = (
    1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
)  # fmt: skip

_HIGH: Final[tuple[float, ...]] = (
    3, 3.5, 4.5, 5.5, 7, 8, 9, 11, 12, 13, 15, 16,
    17, 19, 20, 21, 23, 25, 27, 28, 30, 32, 34,
)  # fmt: skip
_MEDIUM: Final[tuple[float, ...]] = (
    2.5, 3, 3.5, 4.5, 5.5, 6, 7, 8, 9, 10, 11, 12,
    13, 15, 16, 17, 18, 19, 20, 21, 23, 25, 27,
)  # fmt: skip
_LOW: Final[tuple[float, ...]] = (
    2.5, 3, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 9,
    10, 11, 12, 12, 13, 14, 15, 16, 17, 19, 20,
)  # fmt: skip
# 626-875 -> 6.5: see the module docstring (one source reads 6).
_LIMITED: Final[tuple[float, ...]] = (
    2.5, 3, 3, 3, 3, 3.5, 3.5, 4, 4.5, 5, 5.5, 6,
    6.5, 7, 7.5, 8, 8.5, 9, 10, 11, 12, 13, 14,
)  # fmt: skip

# IAF MD 5:2019 Annex B, Table EMS 1 (complexity categories of environmental aspects).
EMS_1: Final = MappingProxyType(
    {"high": _HIGH, "medium": _MEDIUM, "low": _LOW, "limited": _LIMITED}
)

# IAF MD 5:2019 Annex C, Table OH&SMS 1 (complexity categories of OH&S risk).
OHS_1: Final = MappingProxyType({"high": _HIGH, "medium": _MEDIUM, "low": _LOW})


def band_label(index: int) -> str:
    """The band of row ``index`` as printed in the tables, e.g. ``"46-65"``."""
    lower = 1 if index == 0 else BAND_UPPER[index - 1] + 1
    return f"{lower}-{BAND_UPPER[index]}"


@dataclass(frozen=True)
class StandardTable:
    """A standard IAF MD 5 covers, its GB/T equivalent and its table's columns."""

    name: str
    gb_name: str
    system: str
    table: str
    columns: Mapping[str, tuple[float, ...]]
    single_column: bool = False

    def column(self, category: str) -> tuple[float, ...]:
        """The column of ``category`` (the only column for Table QMS 1)."""
        return self.columns[category]


STANDARDS: Final[tuple[StandardTable, ...]] = (
    StandardTable(
        "ISO 9001:2015",
        "GB/T 19001-2016",
        "QMS",
        "Table QMS 1",
        MappingProxyType(dict.fromkeys(("high", "medium", "low", "limited"), QMS_1)),
        single_column=True,
    ),
    StandardTable("ISO 14001:2015", "GB/T 24001-2016", "EMS", "Table EMS 1", EMS_1),
    StandardTable("ISO 45001:2018", "GB/T 45001-2020", "OH&SMS", "Table OH&SMS 1", OHS_1),
)


@dataclass(frozen=True)
class Factor:
    """A factor IAF MD 5 names for adjusting audit time (wording paraphrased)."""

    name: str
    name_zh: str


# Factors IAF MD 5 lists for increasing and for decreasing audit time. The percentage of
# each is the certification body's decision; the wording here is paraphrased, not quoted.
INCREASE_FACTORS: Final[tuple[Factor, ...]] = (
    Factor(
        "complicated logistics: more than one building or location",
        "后勤复杂：涉及多个建筑物或地点",
    ),
    Factor(
        "staff speaking more than one language (interpreters needed)",
        "员工使用多种语言（需要翻译）",
    ),
    Factor("very large site for the number of personnel", "相对人数而言场所很大"),
    Factor("high degree of regulation", "法规监管程度高"),
    Factor("highly complex processes or many unique activities", "过程高度复杂或独特活动较多"),
    Factor("activities needing visits to temporary sites", "需要访问临时场所的活动"),
    Factor("views of interested parties", "相关方的关注"),
)
DECREASE_FACTORS: Final[tuple[Factor, ...]] = (
    Factor("no or low risk products or processes", "无风险或低风险的产品或过程"),
    Factor("a single general activity (e.g. service only)", "仅单一的一般活动（如仅提供服务）"),
    Factor("identical activities on all shifts, with evidence", "各班次活动相同且有证据"),
    Factor("small site for the number of personnel", "相对人数而言场所很小"),
    Factor("maturity of the management system", "管理体系成熟"),
    Factor("prior knowledge of the client's management system", "已了解客户的管理体系"),
    Factor("client prepared for certification", "客户已为认证做好准备"),
    Factor("high level of automation", "自动化程度高"),
    Factor(
        "staff working off-site whose work can be audited through records",
        "员工在场所外工作，可通过记录审核",
    ),
)

COMPLEXITY_ZH: Final = MappingProxyType(
    {"high": "高", "medium": "中", "low": "低", "limited": "有限"}
)
KIND_NAMES: Final = MappingProxyType(
    {
        "initial": ("initial", "初次认证审核"),
        "stage1": ("stage 1", "第一阶段审核"),
        "stage2": ("stage 2", "第二阶段审核"),
        "surveillance": ("surveillance", "监督审核"),
        "recertification": ("recertification", "再认证审核"),
    }
)

# Justification lines and error messages in English and Chinese, filled with str.format.
TEXT: Final[Mapping[str, tuple[str, str]]] = MappingProxyType({
    "personnel": (
        "Effective number of personnel: {n} (IAF MD 5 §2.3)",
        "有效人数：{n} 人（IAF MD 5 §2.3）",
    ),
    "personnel_detail": (
        "Effective number of personnel: {n} (IAF MD 5 §2.3: {employees} personnel + {part} "
        "part-time full-time equivalents − {repetitive} for similar repetitive activities, "
        "rounded up)",
        "有效人数：{n} 人（IAF MD 5 §2.3：人员 {employees} 人 + 兼职折算 {part} 人 − "
        "相似重复性活动扣减 {repetitive} 人，向上取整）",
    ),
    "table_row": (
        "IAF MD 5 {table}{category}: {band} employees → {days} auditor days",
        "IAF MD 5 {table_zh}{category_zh}：有效人数 {band} 人 → {days} 审核人日",
    ),
    "progression": (
        "IAF MD 5 {table}{category}: more than 10700 employees, 'follow progression' → {days} "
        "auditor days (+{step} per further {width} persons started: the platform's linear "
        "reading, not a published value)",
        "IAF MD 5 {table_zh}{category_zh}：有效人数超过 10700 人，按“递增规律”→ {days} 审核人日"
        "（每增加 {width} 人加 {step} 人日：本平台的线性解读，非公布值）",
    ),
    "qms_category": (
        "Table QMS 1 has no complexity columns: QMS complexity '{category}' leaves the table "
        "time unchanged; give higher or lower risk as a named adjustment (IAF MD 5)",
        "表 QMS 1 不分复杂程度：质量管理体系复杂程度“{category_zh}”不改变表中时间；"
        "风险高低请以具名调整因素给出（IAF MD 5）",
    ),
    "adjustment": ("Adjustment '{name}': {percent} %", "调整因素“{name_zh}”：{percent}%"),
    "net": (
        "Net adjustment {percent} % of the table time (IAF MD 5)",
        "合计调整为表中时间的 {percent}%（IAF MD 5）",
    ),
    "capped": (
        "Net adjustment {requested} % exceeds the limit: reduction capped at 30 %, net "
        "adjustment -30 % (IAF MD 5: reductions from the table time shall not exceed 30 %)",
        "合计调整 {requested}% 超出限度：减少按 30% 封顶，合计调整 -30%"
        "（IAF MD 5：自表中时间减少不得超过 30%）",
    ),
    "integration": (
        "Integrated audit of {names}: separate table times summed, {days} auditor days, "
        "less {percent} % for integration (IAF MD 11: at most 20 %)",
        "{names} 结合审核：各体系表中时间相加共 {days} 审核人日，因体系结合减少 {percent}%"
        "（IAF MD 11：不超过 20%）",
    ),
    "initial": (
        "Initial audit (stage 1 + stage 2): {exact} → {days} auditor days (IAF MD 5 §2.2: "
        "nearest half day; exact quarters round up)",
        "初次认证审核（第一阶段 + 第二阶段）：{exact} → {days} 审核人日（IAF MD 5 §2.2："
        "取最接近的半天；恰为四分之一时向上取）",
    ),
    "stages": (
        "Stage 1 {stage1} + stage 2 {stage2} auditor days: stage 1 is part of the initial "
        "time; about one third of it (the platform's split; IAF MD 5 fixes only the total)",
        "第一阶段 {stage1} + 第二阶段 {stage2} 审核人日：第一阶段计入初次审核时间，约占三分之一"
        "（本平台的分配；IAF MD 5 只规定总时间）",
    ),
    "surveillance": (
        "Surveillance audit: about 1/3 of the initial time → {days} auditor days per audit, "
        "one each calendar year (IAF MD 5)",
        "监督审核：约为初次审核时间的 1/3 → 每次 {days} 审核人日，每个日历年一次（IAF MD 5）",
    ),
    "recertification": (
        "Recertification audit: about 2/3 of the initial time → {days} auditor days (IAF MD 5)",
        "再认证审核：约为初次审核时间的 2/3 → {days} 审核人日（IAF MD 5）",
    ),
    "minimum": (
        "Minimum initial time {days} auditor days: table time {table} less the 30 % limit on "
        "reductions, nearest half day (IAF MD 5); a plan below it is refused",
        "初次审核最少 {days} 审核人日：表中时间 {table} 减去至多 30% 的减少，取最接近的半天"
        "（IAF MD 5）；低于此数的计划将被拒绝",
    ),
    "minimum_integrated": (
        "Minimum initial time {days} auditor days: table time {table} less the 30 % limit on "
        "reductions and {integration} % for integration, nearest half day (IAF MD 5, "
        "IAF MD 11); a plan below it is refused",
        "初次审核最少 {days} 审核人日：表中时间 {table} 减去至多 30% 的减少及因体系结合减少的 "
        "{integration}%，取最接近的半天（IAF MD 5、IAF MD 11）；低于此数的计划将被拒绝",
    ),
    "one_site": (
        "One site: no sampling (IAF MD 1 samples only among more than one site)",
        "单一场所：无需抽样（IAF MD 1 仅在多个场所间抽样）",
    ),
    "sites": (
        "IAF MD 1:2018 sample of {n} sites: initial ⌈√{n}⌉ = {initial}, surveillance "
        "⌈0.6·√{n}⌉ = {surveillance}, recertification ⌈0.8·√{n}⌉ = {recertification}{extra}; "
        "the central function is audited in addition at every audit; each site's time follows "
        "its own personnel, and the total is not less than for all personnel at one site",
        "IAF MD 1:2018 对 {n} 个场所抽样：初次 ⌈√{n}⌉ = {initial}，监督 ⌈0.6·√{n}⌉ = "
        "{surveillance}，再认证 ⌈0.8·√{n}⌉ = {recertification}{extra_zh}；每次审核另须审核"
        "中心职能；各场所时间按其自身人数确定，总时间不少于全部人员在同一场所时的时间",
    ),
    "sites_extra": (" (each with {k} added for risk)", "（各含因风险增加的 {k} 个）"),
    "below_minimum": (
        "planned {planned} auditor days for the {kind} audit is below the minimum of {minimum} "
        "auditor days ({rule}: table time {table} auditor days, reductions at most 30 %)",
        "{kind_zh}计划 {planned} 审核人日，低于最少 {minimum} 审核人日（{rule}：表中时间 "
        "{table} 审核人日，减少不得超过 30%）",
    ),
    "bad_standard": (
        "{field} {value!r} is not covered by IAF MD 5; allowed: {allowed}",
        "{field} {value!r} 不在 IAF MD 5 范围内；可选：{allowed}",
    ),
    "repeated_standard": (
        "integrated_with repeats a standard: {value!r}",
        "结合审核的标准重复：{value!r}",
    ),
    "complexity_standards": (
        "complexity must name exactly the standards calculated; missing {missing}, not "
        "calculated {unused}",
        "复杂程度须与所计算的标准一一对应；缺少 {missing}，多出 {unused}",
    ),
    "bad_complexity": (
        "complexity {value!r} is not a category of {table} ({standard}); allowed: {allowed} "
        "('normal' means medium)",
        "复杂程度 {value!r} 不是 {table_zh}（{standard}）的类别；"
        "可选：{allowed}（normal 即 medium）",
    ),
    "bad_adjustment": (
        "adjustments must be Adjustment(name, percent) with a name; got {value!r}",
        "调整因素须为带名称的 Adjustment(name, percent)；收到 {value!r}",
    ),
    "integration_alone": (
        "integration_reduction_percent {value} needs integrated_with: IAF MD 11 applies only "
        "to integrated audits of two or more standards",
        "结合审核时间减少 {value}% 须同时给出 integrated_with：IAF MD 11 仅适用于两个及以上标准的"
        "结合审核",
    ),
    "integration_limit": (
        "integration_reduction_percent {value} exceeds 20: IAF MD 11 allows at most a 20 % "
        "reduction of the summed audit time for integration",
        "结合审核时间减少 {value}% 超过 20%：IAF MD 11 规定因体系结合减少的审核时间不超过 20%",
    ),
    "bad_kind": (
        "kind {value!r} is not an audit kind; allowed: {allowed}",
        "审核类型 {value!r} 无效；可选：{allowed}",
    ),
    "bad_number": (
        "{field} must be a number {bound}; got {value!r}",
        "{field} 须为{bound_zh}的数；收到 {value!r}",
    ),
    "bad_integer": (
        "{field} must be a whole number of at least {low}; got {value!r}",
        "{field} 须为不小于 {low} 的整数；收到 {value!r}",
    ),
    "no_personnel": (
        "repetitive_reduction {value} leaves no personnel; it must be less than employees + "
        "part_time_fte ({total})",
        "重复性活动扣减 {value} 后已无人员；须小于员工数加兼职折算数（{total}）",
    ),
})  # fmt: skip
