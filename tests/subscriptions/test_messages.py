"""The webhook body (compact, sorted, UTF-8) and the e-mail text in Chinese and English."""

from __future__ import annotations

import datetime as dt
import json

from qualicert.subscriptions import messages

NOTICE = messages.Notice(
    subscription_id=3,
    target_kind="organization",
    target_id=9,
    target_label="苏州恒信精密机械有限公司",
    event_id=120,
    event_type="certificate.suspend",
    occurred_at=dt.datetime(2026, 5, 1, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    subject_type="certificates",
    subject_id="5",
    subject_label="CERT/2026 01",
    leaf_index=119,
    payload={"to": "suspended", "reason": "未接受监督审核"},
    certificate_number="CERT/2026 01",
    public_url="https://cert.example.cn/",
)


def test_the_webhook_body_is_compact_sorted_json_in_utf8():
    raw = messages.webhook_body(NOTICE, 17)
    body = json.loads(raw)
    assert (
        raw == json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    )
    assert "未接受监督审核".encode() in raw
    assert body == {
        "certificate_number": "CERT/2026 01",
        "certificate_url": "https://cert.example.cn/certificates/CERT%2F2026%2001",
        "delivery_id": 17,
        "event_id": 120,
        "leaf_index": 119,
        "payload": {"reason": "未接受监督审核", "to": "suspended"},
        "subject": {"id": "5", "type": "certificates"},
        "subscription_id": 3,
        "target": {"id": 9, "kind": "organization"},
        "time": "2026-05-01T08:00:00Z",
        "type": "certificate.suspend",
    }


def test_events_of_other_subjects_carry_no_certificate_link():
    notice = messages.Notice(**{**NOTICE.__dict__, "certificate_number": None})
    body = json.loads(messages.webhook_body(notice, 1))
    assert "certificate_url" not in body
    assert "certificate_number" not in body


def test_the_mail_says_what_happened_in_chinese_then_english():
    subject, text = messages.mail(NOTICE)
    assert subject == "[qualicert] 证书 CERT/2026 01 已暂停 / certificate CERT/2026 01 suspended"
    assert text.index("您关注的组织“苏州恒信精密机械有限公司”") < text.index(
        "The organisation you watch"
    )
    assert "公开日志第 119 条" in text
    assert "https://cert.example.cn/certificates/CERT%2F2026%2001" in text
    assert "DELETE https://cert.example.cn/api/v1/subscriptions/3" in text


def test_an_unknown_event_type_still_reads_and_a_long_subject_is_cut():
    notice = messages.Notice(
        **{**NOTICE.__dict__, "event_type": "organization.merged", "subject_label": "名" * 400}
    )
    subject, _ = messages.mail(notice)
    assert subject.startswith("[qualicert] " + "名" * 10)
    assert len(subject) == messages.SUBJECT_MAX
