"""Column headers a body may use, in English or Chinese, mapped to the row schema's fields.

The English names are those of the IAF CertSearch certification template, which carries the
data IAF MD 28 requires accredited bodies to provide (see ``docs/bulk-intake.md`` for the
sources); the Chinese names are those of the CNCA certification-result reporting
(认证结果信息上报) and the usual spreadsheet headings of Chinese bodies. A header is matched
after normalising it: case, spaces, underscores, hyphens, slashes and brackets are ignored,
so ``Certificate Number``, ``certificate_number`` and ``CERTIFICATE-NUMBER`` are one header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("number", "Certificate Number", "certificate_no", "证书编号", "证书号"),
    "holder_name": (
        "holder_name",
        "Certified Entity Name",
        "organization_name",
        "获证组织名称",
        "组织名称",
        "获证组织",
    ),
    "holder_name_en": (
        "holder_name_en",
        "Certified Entity English Name",
        "organization_name_en",
        "获证组织英文名称",
        "组织英文名称",
        "英文名称",
    ),
    "uscc": ("uscc", "Unified Social Credit Code", "统一社会信用代码", "社会信用代码"),
    "address": (
        "address",
        "Certified Entity Address",
        "Certified Entity Street",
        "组织地址",
        "注册地址",
        "地址",
    ),
    "country": ("country", "Certified Entity Country/Economy", "Country/Economy", "国家/地区"),
    "region_code": ("region_code", "Region Code", "行政区划代码", "所在地区代码"),
    "scheme": ("scheme", "Scheme Code", "scheme_code", "认证项目", "认证项目代码", "认证方案"),
    "standard": (
        "standard",
        "Standards",
        "Standard and Scheme",
        "Certification Standard",
        "认证依据",
        "认证标准",
    ),
    "scope": ("scope", "Certification Scope", "认证范围", "认证覆盖范围"),
    "scope_en": ("scope_en", "Certification Scope (English)", "英文认证范围", "认证范围（英文）"),
    "sectors": (
        "sectors",
        "Technical Sectors",
        "Sector Code",
        "IAF Codes",
        "IAF Sector Codes",
        "专业代码",
        "IAF代码",
    ),
    "sites": ("sites", "Certification Sites", "Additional Sites", "认证场所", "多场所"),
    "issue_date": ("issue_date", "Certification Issue Date", "颁证日期", "发证日期"),
    "expiry_date": (
        "expiry_date",
        "Certification Expiry Date",
        "证书到期日期",
        "到期日期",
        "有效期至",
    ),
    "original_issue_date": (
        "original_issue_date",
        "Certification Original Issue Date",
        "初次获证日期",
        "初次颁证日期",
    ),
    "status": ("status", "Certification Status", "证书状态"),
    "status_date": (
        "status_date",
        "Certification Status Date",
        "状态变更日期",
        "证书状态日期",
        "状态日期",
    ),
    "reason_code": ("reason_code", "Status Reason Code", "状态变更原因代码", "原因代码"),
    "reason": ("reason", "Status Reason", "状态变更原因"),
    "employees": ("employees", "Number of Employees", "覆盖人数", "员工人数"),
}

REQUIRED_FIELDS = (
    "number",
    "holder_name",
    "uscc",
    "scope",
    "issue_date",
    "expiry_date",
    "status",
)
"""Fields every row must give; a row must also give ``scheme`` or ``standard``."""

_NOISE = re.compile(r"[\s_\-/()（）]+")


def normalise(header: str) -> str:
    """The form two headers are compared in: lower case without spaces and separators."""
    return _NOISE.sub("", header).casefold()


ALIAS_INDEX: dict[str, str] = {
    normalise(alias): field for field, aliases in FIELD_ALIASES.items() for alias in aliases
}


@dataclass(frozen=True)
class HeaderMap:
    """Where each field sits in a file's rows, and which columns were not recognised.

    Attributes
    ----------
    fields
        ``(position, field)`` for every recognised column, in file order.
    ignored
        Headers that match no field; they are reported, not refused.
    width
        Columns up to the last non-empty header; a filled cell beyond it is an error.
    """

    fields: tuple[tuple[int, str], ...]
    ignored: tuple[str, ...]
    width: int

    def missing(self) -> list[str]:
        """Required fields with no column (``scheme`` or ``standard`` counts as one)."""
        have = {field for _, field in self.fields}
        lacking = [field for field in REQUIRED_FIELDS if field not in have]
        if not have & {"scheme", "standard"}:
            lacking.append("scheme")
        return lacking


class DuplicateColumn(ValueError):
    """Two columns of one file name the same field."""

    def __init__(self, field: str, headers: tuple[str, str]) -> None:
        super().__init__(f"columns {headers[0]!r} and {headers[1]!r} both give {field}")
        self.field = field
        self.headers = headers


def map_headers(headers: Iterable[object]) -> HeaderMap:
    """Match a header row to fields; raises :class:`DuplicateColumn` for a field given twice."""
    found: dict[str, tuple[int, str]] = {}
    ignored: list[str] = []
    width = 0
    for position, raw in enumerate(headers):
        text = "" if raw is None else str(raw).strip().lstrip("\ufeff")
        width = position + 1 if text else width
        field = ALIAS_INDEX.get(normalise(text))
        if field is None:
            if text:
                ignored.append(text)
            continue
        if field in found:
            raise DuplicateColumn(field, (found[field][1], text))
        found[field] = (position, text)
    fields = tuple(sorted((pos, field) for field, (pos, _) in found.items()))
    return HeaderMap(fields=fields, ignored=tuple(ignored), width=width)


def field_of(key: str) -> str | None:
    """The field a single key names (JSON Lines objects carry headers as keys)."""
    return ALIAS_INDEX.get(normalise(key))
