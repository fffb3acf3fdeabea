"""The subscription job end to end: a suspension through the API reaches every watcher.

Real components only: the app over HTTP, the database, a webhook receiver on 127.0.0.1 that
checks each HMAC signature, and an SMTP server (aiosmtpd) receiving the e-mail.
"""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from qualicert.db import utcnow
from qualicert.subscriptions import sealing
from tests.certification import builders as b
from tests.subscriptions.conftest import subscribe, suspend
from tests.subscriptions.receivers import WebhookReceiver, signature_ok

pytestmark = pytest.mark.db


@pytest.fixture
def certified(client, factory):
    """A body that has certified an organisation: (world, certificate as the public API shows)."""
    w = b.world(client, factory)
    _, _, cert = b.certified(w)
    return w, cert


def test_a_suspension_reaches_certificate_organisation_and_body_watchers(
    client, certified, user, receiver, run
):
    w, cert = certified
    watchers = {
        "certificate": subscribe(
            client,
            user(),
            target_kind="certificate",
            target_id=cert["number"],
            webhook_url=receiver.url,
        ),
        "organization": subscribe(
            client, user(), target_kind="organization", target_id=w.org_id, webhook_url=receiver.url
        ),
        "body": subscribe(
            client, user(), target_kind="body", target_id=w.body_id, webhook_url=receiver.url
        ),
    }
    suspend(w)
    result = run()

    assert result.webhooks == {"delivered": 3}
    by_subscription = {json.loads(r.body)["subscription_id"]: r for r in receiver.requests}
    assert set(by_subscription) == {s["id"] for s in watchers.values()}
    for kind, sub in watchers.items():
        request = by_subscription[sub["id"]]
        assert signature_ok(sub["webhook_secret"], request), kind
        assert not signature_ok(
            watchers["body" if kind != "body" else "certificate"]["webhook_secret"], request
        )
        body = json.loads(request.body)
        assert body["type"] == "certificate.suspend"
        assert body["target"] == {"kind": kind, "id": sub["target_id"]}
        assert body["subject"]["type"] == "certificates"
        assert body["payload"]["to"] == "suspended"
        assert body["payload"]["reason_code"] == "S01"
        assert body["certificate_url"] == "https://cert.example.cn/certificates/CERT-2026-0001"
        assert request.headers["x-qualicert-event"] == "certificate.suspend"
        assert request.headers["x-qualicert-delivery"] == str(body["delivery_id"])
        assert request.headers["content-type"].startswith("application/json")
        event = client.get(
            "/api/v1/events?subject_type=certificates&type=certificate.suspend"
        ).json()
        assert body["leaf_index"] == event["items"][0]["leaf_index"]
        assert body["event_id"] == event["items"][0]["id"]


def test_events_before_the_subscription_are_not_sent(client, certified, user, receiver, run):
    w, _ = certified
    subscribe(
        client, user(), target_kind="organization", target_id=w.org_id, webhook_url=receiver.url
    )
    assert run().queued == 0  # the issue of the certificate came before
    assert receiver.requests == []
    suspend(w)
    assert run().queued == 1
    assert [json.loads(r.body)["type"] for r in receiver.requests] == ["certificate.suspend"]


def test_nothing_is_sent_twice(client, certified, user, receiver, run):
    w, cert = certified
    subscribe(
        client,
        user(),
        target_kind="certificate",
        target_id=cert["number"],
        webhook_url=receiver.url,
    )
    suspend(w)
    first = run()
    again = run()
    later = run(now=utcnow() + dt.timedelta(days=3))
    assert (first.queued, first.webhooks) == (1, {"delivered": 1})
    assert (again.events, again.queued, again.webhooks) == (0, 0, {})
    assert (later.queued, later.webhooks) == (0, {})
    assert len(receiver.requests) == 1


def test_a_failed_delivery_is_retried_after_the_backoff_and_logged(client, certified, user, run):
    w, cert = certified
    headers = user()
    with WebhookReceiver(answers=[500, 503]) as flaky:
        sub = subscribe(
            client,
            headers,
            target_kind="certificate",
            target_id=cert["number"],
            webhook_url=flaky.url,
        )
        suspend(w)
        start = utcnow()
        first = run(now=start)
        log = client.get(f"/api/v1/subscriptions/{sub['id']}/deliveries", headers=headers).json()
        [entry] = log["items"]
        assert first.webhooks == {"pending": 1}
        assert entry["status"] == "pending"
        assert entry["attempts"] == 1
        assert entry["last_status_code"] == 500
        assert entry["last_error"] == "HTTP 500"
        assert entry["event_type"] == "certificate.suspend"
        next_at = dt.datetime.fromisoformat(entry["next_attempt_at"])
        assert next_at == start + dt.timedelta(seconds=60)  # the base delay

        assert run(now=start + dt.timedelta(seconds=59)).webhooks == {}  # not yet due
        assert len(flaky.requests) == 1

        second = run(now=next_at)
        assert second.webhooks == {"pending": 1}
        entry = client.get(f"/api/v1/subscriptions/{sub['id']}/deliveries", headers=headers).json()[
            "items"
        ][0]
        assert (entry["attempts"], entry["last_status_code"]) == (2, 503)
        third_at = dt.datetime.fromisoformat(entry["next_attempt_at"])
        assert third_at == next_at + dt.timedelta(seconds=120)  # twice as long

        assert run(now=third_at).webhooks == {"delivered": 1}
        assert run(now=third_at + dt.timedelta(days=1)).webhooks == {}
        bodies = {r.body for r in flaky.requests}
        assert len(flaky.requests) == 3
        assert len(bodies) == 1  # every attempt carries the same bytes
        assert all(signature_ok(sub["webhook_secret"], r) for r in flaky.requests)
    entry = client.get(f"/api/v1/subscriptions/{sub['id']}/deliveries", headers=headers).json()[
        "items"
    ][0]
    assert entry["status"] == "delivered"
    assert entry["attempts"] == 3
    assert entry["last_status_code"] == 200
    assert entry["last_error"] is None
    assert entry["delivered_at"] is not None


def test_a_delivery_is_given_up_after_the_last_attempt(client, certified, user, run):
    w, cert = certified
    headers = user()
    with WebhookReceiver(answers=[500, 500, 500, 500]) as down:
        sub = subscribe(
            client,
            headers,
            target_kind="certificate",
            target_id=cert["number"],
            webhook_url=down.url,
        )
        suspend(w)
        now = utcnow()
        for _ in range(3):  # delivery_attempts is 3 in these settings
            run(now=now)
            now += dt.timedelta(days=2)
        assert run(now=now).webhooks == {}
        assert len(down.requests) == 3
    failed = client.get(
        f"/api/v1/subscriptions/{sub['id']}/deliveries?status=failed", headers=headers
    ).json()
    assert failed["total"] == 1
    assert failed["items"][0]["attempts"] == 3


def test_an_unreachable_receiver_is_a_failed_attempt(client, certified, user, run):
    w, cert = certified
    headers = user()
    with WebhookReceiver() as gone:
        url = gone.url
    sub = subscribe(
        client, headers, target_kind="certificate", target_id=cert["number"], webhook_url=url
    )
    suspend(w)
    assert run().webhooks == {"pending": 1}
    entry = client.get(f"/api/v1/subscriptions/{sub['id']}/deliveries", headers=headers).json()[
        "items"
    ][0]
    assert entry["last_status_code"] is None
    assert "ConnectError" in entry["last_error"]


def test_email_reaches_a_watcher_in_chinese_and_english(client, certified, user, run, mailbox):
    w, _ = certified
    headers = user()
    sub = subscribe(
        client, headers, target_kind="organization", target_id=w.org_id, email="buyer@example.cn"
    )
    assert sub["webhook_secret"] is None
    suspend(w)
    result = run()
    assert result.mails == {"sent": 1}
    [(recipients, message)] = mailbox.messages
    assert recipients == ["buyer@example.cn"]
    assert message["From"] == "notify@cert.example.cn"
    assert "证书 CERT-2026-0001 已暂停" in message["Subject"]
    assert "certificate CERT-2026-0001 suspended" in message["Subject"]
    text = message.get_content()
    assert "苏州恒信精密机械有限公司" in text
    assert "The organisation you watch" in text
    assert "https://cert.example.cn/certificates/CERT-2026-0001" in text
    [entry] = client.get(f"/api/v1/subscriptions/{sub['id']}/deliveries", headers=headers).json()[
        "items"
    ]
    assert (entry["channel"], entry["status"], entry["attempts"]) == ("email", "delivered", 1)
    assert run().mails == {}
    assert len(mailbox.messages) == 1


def test_refused_email_is_retried(client, certified, user, run, mailbox):
    w, _ = certified
    headers = user()
    sub = subscribe(
        client, headers, target_kind="body", target_id=w.body_id, email="regulator@example.cn"
    )
    suspend(w)
    mailbox.refuse = 1
    now = utcnow()
    assert run(now=now).mails == {"pending": 1}
    [entry] = client.get(f"/api/v1/subscriptions/{sub['id']}/deliveries", headers=headers).json()[
        "items"
    ]
    assert entry["status"] == "pending"
    assert "451" in entry["last_error"]
    assert mailbox.messages == []
    assert run(now=now + dt.timedelta(seconds=60)).mails == {"sent": 1}
    assert len(mailbox.messages) == 1
    [entry] = client.get(f"/api/v1/subscriptions/{sub['id']}/deliveries", headers=headers).json()[
        "items"
    ]
    assert (entry["status"], entry["attempts"]) == ("delivered", 2)


def test_a_deleted_subscription_gets_nothing_more(client, certified, user, receiver, run):
    w, cert = certified
    headers = user()
    sub = subscribe(
        client,
        headers,
        target_kind="certificate",
        target_id=cert["number"],
        webhook_url=receiver.url,
    )
    suspend(w)
    assert client.delete(f"/api/v1/subscriptions/{sub['id']}", headers=headers).status_code == 200
    run()
    w.post(
        "/api/v1/certificates/CERT-2026-0001/status",
        {"transition": "reinstate", "reason_code": "R01", "signed_by": w.decider},
        200,
    )
    run()
    assert receiver.requests == []


def test_the_server_job_timer_delivers(certified, user, receiver, settings, client):
    """The app's own timer (QUALICERT_JOBS_INTERVAL_SECONDS) runs the subscription job."""
    from fastapi.testclient import TestClient

    from qualicert.web.app import create_app

    w, cert = certified
    sub = subscribe(
        client,
        user(),
        target_kind="certificate",
        target_id=cert["number"],
        webhook_url=receiver.url,
    )
    suspend(w)
    timed = create_app(settings.model_copy(update={"jobs_interval_seconds": 3600}))
    with TestClient(timed):
        deadline = time.monotonic() + 20
        while not receiver.requests and time.monotonic() < deadline:
            time.sleep(0.05)
    timed.state.db.engine.dispose()
    [request] = receiver.requests
    assert signature_ok(sub["webhook_secret"], request)


def test_a_lost_sealing_key_fails_the_delivery_and_says_why(
    client, certified, user, receiver, run, settings
):
    w, cert = certified
    headers = user()
    sub = subscribe(
        client,
        headers,
        target_kind="certificate",
        target_id=cert["number"],
        webhook_url=receiver.url,
    )
    suspend(w)
    sealing.key_path(settings.var_dir).unlink()  # the key file is lost; a new one is made
    assert run().webhooks == {"failed": 1}
    assert receiver.requests == []
    [entry] = client.get(f"/api/v1/subscriptions/{sub['id']}/deliveries", headers=headers).json()[
        "items"
    ]
    assert entry["status"] == "failed"
    assert "does not open with this key" in entry["last_error"]
    assert "re-create the subscription" in entry["last_error"]
