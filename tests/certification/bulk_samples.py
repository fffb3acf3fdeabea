"""Sample bulk-intake files: rows as a body would send them, written as CSV, XLSX or JSONL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import openpyxl
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from qualicert.accounts.actor import Actor, system_actor
from qualicert.certification.bulk import ImportReport, import_certificates
from qualicert.certification.models import Certificate, StatusChange
from qualicert.db import transaction
from qualicert.ledger.models import Event
from tests import factories

EN = {
    "number": "Certificate Number",
    "holder_name": "Certified Entity Name",
    "holder_name_en": "Certified Entity English Name",
    "uscc": "Unified Social Credit Code",
    "address": "Certified Entity Address",
    "country": "Certified Entity Country/Economy",
    "scheme": "Scheme Code",
    "standard": "Standards",
    "scope": "Certification Scope",
    "scope_en": "Certification Scope (English)",
    "sectors": "Technical Sectors",
    "sites": "Certification Sites",
    "issue_date": "Certification Issue Date",
    "expiry_date": "Certification Expiry Date",
    "original_issue_date": "Certification Original Issue Date",
    "status": "Certification Status",
    "status_date": "Certification Status Date",
    "reason_code": "Status Reason Code",
    "reason": "Status Reason",
}
ZH = {
    "number": "证书编号",
    "holder_name": "获证组织名称",
    "holder_name_en": "获证组织英文名称",
    "uscc": "统一社会信用代码",
    "address": "组织地址",
    "country": "国家/地区",
    "scheme": "认证项目",
    "standard": "认证依据",
    "scope": "认证范围",
    "scope_en": "认证范围（英文）",
    "sectors": "专业代码",
    "sites": "认证场所",
    "issue_date": "颁证日期",
    "expiry_date": "证书到期日期",
    "original_issue_date": "初次获证日期",
    "status": "证书状态",
    "status_date": "状态变更日期",
    "reason_code": "状态变更原因代码",
    "reason": "状态变更原因",
}
SYSTEM = system_actor("bulk-test")


@dataclass(frozen=True)
class Body:
    """An approved body with one scheme in scope (``code``) and one outside it (``other``)."""

    id: int
    scheme_id: int
    code: str
    other: str


def approved_body(factory: sessionmaker[Session]) -> Body:
    """Register a QMS scheme, an EMS scheme and a body approved for the QMS scheme only."""
    with transaction(factory) as session:
        qms = factories.scheme(session)
        ems = factories.scheme(session, name="环境管理体系认证", standard="ISO 14001:2015")
        body = factories.body(session, scheme_ids=[qms.id])
        return Body(id=body.id, scheme_id=qms.id, code=qms.code, other=ems.code)


def row(body: Body, serial: int, **over: Any) -> dict[str, Any]:
    """One valid row (canonical field names); ``serial`` makes the number and USCC unique."""
    return {
        "number": f"BULK-{serial:05d}",
        "holder_name": f"北京样例科技有限公司{serial}",
        "holder_name_en": f"Sample Technology Co., Ltd. {serial}",
        "uscc": factories.uscc("110108", serial=900_000 + serial),
        "address": "北京市海淀区中关村大街1号",
        "scheme": body.code,
        "standard": "GB/T 19001-2016/ISO 9001:2015",
        "scope": "计算机软件的开发和技术服务",
        "scope_en": "Development of computer software and technical services",
        "sectors": "33;35",
        "sites": "总部|北京市海淀区中关村大街1号",
        "issue_date": "2024-01-15",
        "expiry_date": "2027-01-14",
        "original_issue_date": "20180115",
        "status": "active",
    } | over


def rows(body: Body, count: int, **over: Any) -> list[dict[str, Any]]:
    """``count`` valid rows numbered from 1."""
    return [row(body, i, **over) for i in range(1, count + 1)]


def _headers(data: Iterable[Mapping[str, Any]], names: Mapping[str, str]) -> list[str]:
    fields: list[str] = []
    for item in data:
        fields.extend(f for f in item if f not in fields)
    return [names.get(f, f) for f in fields]


def csv_bytes(
    data: list[dict[str, Any]], names: Mapping[str, str] = EN, encoding: str = "utf-8"
) -> bytes:
    """A CSV file with a header row in ``names`` (English IAF or Chinese CNCA headings)."""
    headers = _headers(data, names)
    keys = {names.get(f, f): f for f in (k for item in data for k in item)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for item in data:
        writer.writerow([item.get(keys[h], "") for h in headers])
    return out.getvalue().encode(encoding)


def xlsx_bytes(data: list[dict[str, Any]], names: Mapping[str, str] = EN) -> bytes:
    """An XLSX workbook (first sheet) with the same layout."""
    headers = _headers(data, names)
    keys = {names.get(f, f): f for f in (k for item in data for k in item)}
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for item in data:
        sheet.append([item.get(keys[h]) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def jsonl_bytes(data: list[dict[str, Any]]) -> bytes:
    """JSON Lines: one object per line, keys as given."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in data).encode()


def run(
    factory: sessionmaker[Session],
    body: Body,
    data: bytes,
    fmt: str | None = "csv",
    *,
    partial: bool = False,
    actor: Actor = SYSTEM,
    batch_rows: int = 5_000,
) -> ImportReport:
    """Import ``data`` for ``body`` with its own transactions."""
    return import_certificates(
        factory=factory,
        actor=actor,
        body_id=body.id,
        source=io.BytesIO(data),
        format=fmt,
        partial=partial,
        batch_rows=batch_rows,
    )


def count(factory: sessionmaker[Session], model: type[Any], **where: Any) -> int:
    """Rows of ``model`` matching ``where`` (column equality)."""
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    with factory() as session:
        return int(session.scalar(query) or 0)


def certificate(factory: sessionmaker[Session], body: Body, number: str) -> Certificate:
    """The body's certificate with ``number``."""
    with factory() as session:
        found = session.scalar(
            select(Certificate).where(Certificate.body_id == body.id, Certificate.number == number)
        )
        assert found is not None, number
        return found


def history(factory: sessionmaker[Session], cert_id: int) -> list[StatusChange]:
    """A certificate's history entries, oldest first."""
    with factory() as session:
        query = select(StatusChange).where(StatusChange.certificate_id == cert_id)
        return list(session.scalars(query.order_by(StatusChange.id)))


def events(factory: sessionmaker[Session], event_type: str) -> list[Event]:
    """Events of one type, oldest first."""
    with factory() as session:
        query = select(Event).where(Event.event_type == event_type).order_by(Event.id)
        return list(session.scalars(query))
