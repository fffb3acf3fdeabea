"""The row schema of bulk intake: one certificate as a body reports it (IAF MD 28 + CNCA).

=====================  ===========================================  ======================
field                  IAF CertSearch template (IAF MD 28)          CNCA (认证结果信息上报)
=====================  ===========================================  ======================
number                 Certificate Number (mandatory)               证书编号
holder_name            Certified Entity Name (mandatory)            获证组织名称
holder_name_en         Certified Entity English Name                获证组织英文名称
uscc                   (legal identifier)                           统一社会信用代码
address                Certified Entity address fields              组织地址
country                Certified Entity Country/Economy             国家/地区 (China only)
region_code            (key location)                               行政区划代码
scheme, standard       Standards and Schemes                        认证项目, 认证依据
scope, scope_en        Certification Scope                          认证范围
sectors                Technical Sectors (IAF codes 1..39)          专业代码
sites                  Certification Sites                          认证场所
issue_date             Certification Issue Date (mandatory)         颁证日期
expiry_date            Certification Expiry Date (mandatory)        证书到期日期
original_issue_date    Certification Original Issue Date            初次获证日期
status, status_date    Certification Status (mandatory)             证书状态, 状态变更日期
reason_code, reason    (status reason)                              状态变更原因
employees              (number of employees)                        覆盖人数
=====================  ===========================================  ======================

Field rules live here (formats, ranges, code lists); rules that compare fields or need the
database live in :mod:`qualicert.certification.bulk.checks`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from qualicert.certification.lifecycle import Status
from qualicert.certification.schemas import Site
from qualicert.registry.validators import IafSector, RegionCode, Uscc, fail

_DATE_SEPARATORS = re.compile(r"[./年月]")
_LIST_SEPARATORS = re.compile(r"[,;，；、/\s]+")
_SITE_SEPARATORS = re.compile(r"[;；\n]+")

STATUS_WORDS: dict[str, Status] = {
    "active": Status.ACTIVE,
    "valid": Status.ACTIVE,
    "有效": Status.ACTIVE,
    "suspended": Status.SUSPENDED,
    "暂停": Status.SUSPENDED,
    "withdrawn": Status.WITHDRAWN,
    "撤销": Status.WITHDRAWN,
    "cancelled": Status.CANCELLED,
    "canceled": Status.CANCELLED,
    "注销": Status.CANCELLED,
    "expired": Status.EXPIRED,
    "过期": Status.EXPIRED,
    "过期失效": Status.EXPIRED,
}
CHINA = frozenset(
    {"cn", "chn", "china", "prc", "中国", "中华人民共和国", "people'srepublicofchina"}
)


def _date(value: object) -> object:
    """Dates as ISO (2024-01-31), IAF (20240131), 2024/01/31, 2024.01.31 or 2024年1月31日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    parts = _DATE_SEPARATORS.sub("-", text.rstrip("日")).split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise fail(
        "date",
        f"{text!r} is not a date (use YYYY-MM-DD or YYYYMMDD)",
        f"{text!r} 不是有效日期（格式为 YYYY-MM-DD 或 YYYYMMDD）",
    )


def _status(value: object) -> Status:
    word = str(value).strip()
    status = STATUS_WORDS.get(word.casefold()) or STATUS_WORDS.get(word)
    if status is None:
        allowed = ", ".join(s.value for s in Status)
        raise fail(
            "status",
            f"status {word!r} is not one of {allowed} (or 有效, 暂停, 撤销, 注销, 过期)",
            f"证书状态 {word!r} 无效，可选：有效、暂停、撤销、注销、过期",
        )
    return status


def _sectors(value: object) -> object:
    """``17;19``, ``17, 19`` or ``17、19``; CNAS sub-codes such as ``17.05.02`` give sector 17."""
    if isinstance(value, list):
        items: list[Any] = value
    elif isinstance(value, int | float):
        items = [value]
    else:
        items = [part for part in _LIST_SEPARATORS.split(str(value)) if part]
    codes: list[object] = []
    for item in items:
        text = str(item).strip()
        head = text.split(".", 1)[0] if isinstance(item, str) else text.removesuffix(".0")
        codes.append(int(head) if head.isdigit() else text)
    if all(isinstance(code, int) for code in codes):
        return sorted({code for code in codes if isinstance(code, int)})
    return codes


def _sites(value: object) -> object:
    """A list of objects (JSON), or ``name|address; name|address`` in a cell."""
    if isinstance(value, list):
        return [_site(item) for item in value]
    return [_site(part) for part in _SITE_SEPARATORS.split(str(value)) if part.strip()]


def _site(item: object) -> object:
    if not isinstance(item, str):
        return item
    name, _, address = item.partition("|")
    return {"name": name.strip(), "address": address.strip()}


def _country(value: object) -> str:
    text = str(value).strip()
    if re.sub(r"\s+", "", text).casefold() not in CHINA:
        raise fail(
            "country",
            f"country {text!r}: this register holds certificates of organisations in China "
            "(CN), identified by their USCC",
            f"国家/地区 {text!r} 无效：本平台登记中国境内组织（以统一社会信用代码标识）的证书",
        )
    return "CN"


Date = Annotated[dt.date, BeforeValidator(_date)]


class CertificateRow(BaseModel):
    """One certificate row, after its headers were mapped to these field names.

    Empty cells are left out before validation, so an optional field falls back to its
    default and a required one is reported as missing. Text is stripped, and a number in a
    text field (a spreadsheet's certificate number) is read as its digits.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )

    number: Annotated[str, Field(min_length=1, max_length=64)]
    holder_name: Annotated[str, Field(min_length=1, max_length=200)]
    holder_name_en: Annotated[str, Field(max_length=300)] = ""
    uscc: Uscc
    address: Annotated[str, Field(max_length=300)] = ""
    country: Annotated[str, BeforeValidator(_country)] = "CN"
    region_code: RegionCode | None = None
    scheme: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    standard: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    scope: Annotated[str, Field(min_length=1, max_length=4000)]
    scope_en: Annotated[str, Field(max_length=4000)] = ""
    sectors: Annotated[list[IafSector], BeforeValidator(_sectors), Field(max_length=39)] = []
    sites: Annotated[list[Site], BeforeValidator(_sites), Field(max_length=1000)] = []
    issue_date: Date
    expiry_date: Date
    original_issue_date: Date | None = None
    status: Annotated[Status, BeforeValidator(_status)]
    status_date: Date | None = None
    reason_code: Annotated[str, Field(min_length=3, max_length=8)] | None = None
    reason: Annotated[str, Field(max_length=4000)] = ""
    employees: Annotated[int, Field(ge=1, le=10_000_000)] | None = None

    @property
    def first_issued(self) -> dt.date:
        """The original issue date, or the issue date when the row gives none."""
        return self.original_issue_date or self.issue_date

    def site_list(self) -> list[dict[str, Any]]:
        """Sites as stored on the certificate (empty optional keys left out)."""
        return [site.model_dump(exclude_none=True) for site in self.sites]  # str and int only

    def clean(self, row: int, scheme_id: int, standard: str) -> CleanRow:
        """The checked row in the compact form the apply pass reads back."""
        return CleanRow(
            row=row,
            number=self.number,
            uscc=self.uscc,
            holder_name=self.holder_name,
            holder_name_en=self.holder_name_en,
            address=self.address,
            region_code=self.region_code or self.uscc[2:8],
            employees=self.employees,
            scheme_id=scheme_id,
            standard=standard,
            scope=self.scope,
            scope_en=self.scope_en,
            sectors=self.sectors,
            sites=self.site_list(),
            issue_date=self.issue_date,
            expiry_date=self.expiry_date,
            original_issue_date=self.first_issued,
            status=self.status.value,
            status_date=self.status_date,
            reason_code=self.reason_code,
            reason=self.reason,
        )


class CleanRow(NamedTuple):
    """A row that passed every check, as plain values (cheap to spill to disk and read back).

    ``region_code`` is the row's, or else the one in the USCC; ``original_issue_date`` is
    filled from the issue date when the row gave none; ``standard`` is the row's, or else the
    scheme's.
    """

    row: int
    number: str
    uscc: str
    holder_name: str
    holder_name_en: str
    address: str
    region_code: str
    employees: int | None
    scheme_id: int
    standard: str
    scope: str
    scope_en: str
    sectors: list[int]
    sites: list[dict[str, Any]]
    issue_date: dt.date
    expiry_date: dt.date
    original_issue_date: dt.date
    status: str
    status_date: dt.date | None
    reason_code: str | None
    reason: str
