"""Fixtures of the subscription tests: settings that allow local receivers, and the receivers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from qualicert.config import Settings
from qualicert.subscriptions import jobs
from tests import factories
from tests.certification import builders as b
from tests.subscriptions.receivers import MailReceiver, WebhookReceiver


@pytest.fixture
def mailbox() -> Iterator[MailReceiver]:
    """A real SMTP server on 127.0.0.1 that keeps what it receives."""
    with MailReceiver() as box:
        yield box


@pytest.fixture
def settings(database_url: str, tmp_path: Path, mailbox: MailReceiver) -> Settings:
    """The test settings, with webhooks to 127.0.0.1 allowed and SMTP at ``mailbox``."""
    return Settings(
        database_url=database_url,
        var_dir=tmp_path / "var",
        environment="test",
        jobs_interval_seconds=0,
        public_url="https://cert.example.cn",
        webhook_allow_private=True,
        webhook_timeout_seconds=5,
        delivery_attempts=3,
        delivery_backoff_seconds=60,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        smtp_from="notify@cert.example.cn",
    )


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    """A webhook receiver that answers 200."""
    with WebhookReceiver() as r:
        yield r


@pytest.fixture
def run(factory: sessionmaker[Session], settings: Settings) -> Callable[..., jobs.RunResult]:
    """Run the subscription job as the server's timer does (``now`` may be given)."""

    def call(now: dt.datetime | None = None) -> jobs.RunResult:
        return jobs.run(factory=factory, settings=settings, now=now)

    return call


@pytest.fixture
def user(factory: sessionmaker[Session]) -> Callable[..., dict[str, str]]:
    """Authorization headers of a new signed-in user (a regulator unless a role is given)."""

    def headers(role: str = "regulator", **scope: Any) -> dict[str, str]:
        return factories.bearer(factories.token(factory, role, **scope))

    return headers


def subscribe(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    """POST a subscription and return its answer (201 expected)."""
    r = client.post("/api/v1/subscriptions", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


def suspend(w: b.World, number: str = "CERT-2026-0001") -> None:
    """Suspend a certificate through the API, as its body's decision maker."""
    w.post(
        f"/api/v1/certificates/{number}/status",
        {
            "transition": "suspend",
            "reason_code": "S01",
            "reason": "未接受监督审核",
            "signed_by": w.decider,
        },
        200,
    )
