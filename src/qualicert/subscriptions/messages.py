"""What a subscriber receives: the webhook JSON body and the e-mail text in zh and en (pure).

The webhook body is compact JSON with sorted keys, UTF-8::

    {"certificate_number": "CERT-2026-0001",
     "certificate_url": "https://cert.example.cn/certificates/CERT-2026-0001",
     "delivery_id": 17, "event_id": 120, "leaf_index": 119,
     "payload": {"from": "active", "to": "suspended", "reason_code": "S01", ...},
     "subject": {"id": "5", "type": "certificates"},
     "subscription_id": 3, "target": {"id": 5, "kind": "certificate"},
     "time": "2026-05-01T08:00:00Z", "type": "certificate.suspend"}

``certificate_number`` and ``certificate_url`` are present for certificate events only.
``payload`` is the event's payload as the public event log holds it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

WHAT: dict[str, tuple[str, str]] = {
    "certificate.issued": ("证书 {} 已颁发", "certificate {} issued"),
    "certificate.imported": ("证书 {} 已登记", "certificate {} recorded"),
    "certificate.updated": ("证书 {} 信息已更新", "certificate {} updated"),
    "certificate.suspend": ("证书 {} 已暂停", "certificate {} suspended"),
    "certificate.reinstate": ("证书 {} 已恢复", "certificate {} reinstated"),
    "certificate.withdraw": ("证书 {} 已撤销", "certificate {} withdrawn"),
    "certificate.cancel": ("证书 {} 已注销", "certificate {} cancelled"),
    "certificate.expire": ("证书 {} 已过期", "certificate {} expired"),
    "certificate.renew": ("证书 {} 已再认证", "certificate {} renewed"),
    "certificate.extend_scope": ("证书 {} 已扩大认证范围", "certificate {}: scope extended"),
    "certificate.reduce_scope": ("证书 {} 已缩小认证范围", "certificate {}: scope reduced"),
    "certificate.transfer": ("证书 {} 已转换认证机构", "certificate {} transferred"),
    "certificate.transferred": ("证书 {} 已由新机构接管", "certificate {} taken over"),
    "organization.created": ("组织 {} 已登记", "organisation {} registered"),
    "organization.updated": ("组织 {} 信息已更新", "organisation {} updated"),
    "organization.status_changed": ("组织 {} 状态已变更", "organisation {}: status changed"),
    "body.created": ("认证机构 {} 已登记", "certification body {} registered"),
    "body.updated": ("认证机构 {} 信息已更新", "certification body {} updated"),
    "body.status_changed": ("认证机构 {} 状态已变更", "certification body {}: status changed"),
}
SUBJECT_MAX = 300
KIND_TEXT = {
    "certificate": ("证书", "certificate"),
    "organization": ("组织", "organisation"),
    "body": ("认证机构", "certification body"),
}


@dataclass(frozen=True)
class Notice:
    """One event as told to one subscription."""

    subscription_id: int
    target_kind: str
    target_id: int
    target_label: str
    event_id: int
    event_type: str
    occurred_at: dt.datetime
    subject_type: str
    subject_id: str
    subject_label: str
    leaf_index: int
    payload: dict[str, Any]
    certificate_number: str | None
    public_url: str

    @property
    def time(self) -> str:
        """The event time, RFC 3339 in UTC with ``Z``."""
        return self.occurred_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")

    @property
    def certificate_url(self) -> str | None:
        """The public page of the certificate, for certificate events."""
        if self.certificate_number is None:
            return None
        base = self.public_url.rstrip("/")
        return f"{base}/certificates/{quote(self.certificate_number, safe='')}"


def webhook_body(notice: Notice, delivery_id: int) -> bytes:
    """The exact bytes POSTed (and signed) for ``notice``."""
    body: dict[str, Any] = {
        "delivery_id": delivery_id,
        "subscription_id": notice.subscription_id,
        "target": {"kind": notice.target_kind, "id": notice.target_id},
        "event_id": notice.event_id,
        "type": notice.event_type,
        "time": notice.time,
        "subject": {"type": notice.subject_type, "id": notice.subject_id},
        "leaf_index": notice.leaf_index,
        "payload": notice.payload,
    }
    if notice.certificate_number is not None:
        body["certificate_number"] = notice.certificate_number
        body["certificate_url"] = notice.certificate_url
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def what(notice: Notice) -> tuple[str, str]:
    """One line saying what happened, in Chinese and in English."""
    zh, en = WHAT.get(notice.event_type, ("{} 有变更", "{} changed"))
    return zh.format(notice.subject_label), en.format(notice.subject_label)


def mail(notice: Notice) -> tuple[str, str]:
    """Subject and plain-text body of the e-mail for ``notice``, Chinese first, then English."""
    what_zh, what_en = what(notice)
    kind_zh, kind_en = KIND_TEXT.get(notice.target_kind, (notice.target_kind,) * 2)
    page = notice.certificate_url
    details = json.dumps(notice.payload, ensure_ascii=False, sort_keys=True, indent=2)
    unsubscribe = f"{notice.public_url.rstrip('/')}/api/v1/subscriptions/{notice.subscription_id}"
    lines = [
        f"您关注的{kind_zh}“{notice.target_label}”有新变化：{what_zh}。",
        f"事件：{notice.event_type}（公开日志第 {notice.leaf_index} 条）",
        f"时间：{notice.time}",
        *([f"证书页面：{page}"] if page else []),
        "",
        f"The {kind_en} you watch, {notice.target_label}, has changed: {what_en}.",
        f"Event: {notice.event_type} (public log entry {notice.leaf_index})",
        f"Time: {notice.time}",
        *([f"Certificate page: {page}"] if page else []),
        "",
        "详情 / Details:",
        details,
        "",
        f"退订 / Unsubscribe: DELETE {unsubscribe} (Authorization: Bearer <token>)",
    ]
    subject = f"[qualicert] {what_zh} / {what_en}"
    return subject[:SUBJECT_MAX], "\n".join(lines) + "\n"
