"""``qualicert subscriptions deliver|status`` and ``qualicert jobs run`` deliver what is due."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from qualicert.cli import app
from qualicert.config import get_settings
from tests.certification import builders as b
from tests.subscriptions.conftest import subscribe, suspend
from tests.subscriptions.receivers import signature_ok

pytestmark = pytest.mark.db


@pytest.fixture
def qualicert(settings, monkeypatch):
    """Run ``qualicert ARGS...`` with this test's settings in the environment."""
    env = {
        "DATABASE_URL": settings.database_url,
        "VAR_DIR": str(settings.var_dir),
        "PUBLIC_URL": settings.public_url,
        "WEBHOOK_ALLOW_PRIVATE": "true",
        "SMTP_HOST": settings.smtp_host,
        "SMTP_PORT": str(settings.smtp_port),
        "SMTP_FROM": settings.smtp_from,
    }
    for name, value in env.items():
        monkeypatch.setenv(f"QUALICERT_{name}", value)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args))
    get_settings.cache_clear()


@pytest.fixture
def suspended(client, factory, user, receiver):
    """A certificate watched by webhook and by e-mail, then suspended: (subscription, world)."""
    w = b.world(client, factory)
    b.certified(w)
    sub = subscribe(
        client,
        user(),
        target_kind="certificate",
        target_id="CERT-2026-0001",
        webhook_url=receiver.url,
        email="buyer@example.cn",
    )
    suspend(w)
    return sub


def test_deliver_sends_what_is_due_and_status_shows_it(qualicert, suspended, receiver, mailbox):
    waiting = qualicert("subscriptions", "status")
    assert waiting.exit_code == 0, waiting.output
    assert "events not yet matched: " in waiting.output
    assert "events not yet matched: 0" not in waiting.output
    result = qualicert("subscriptions", "deliver", "--json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["queued"] == 2
    assert counts["webhooks"] == {"delivered": 1}
    assert counts["mails"] == {"sent": 1}
    [request] = receiver.requests
    assert signature_ok(suspended["webhook_secret"], request)
    assert len(mailbox.messages) == 1
    done = qualicert("subscriptions", "status")
    assert "events not yet matched: 0" in done.output
    assert "delivered" in done.output
    assert "e-mail outbox: sent 1" in done.output
    again = qualicert("subscriptions", "deliver")
    assert "deliveries queued: 0" in again.output
    assert len(receiver.requests) == 1


def test_jobs_run_delivers_too(qualicert, suspended, receiver, mailbox):
    result = qualicert("jobs", "run")
    assert result.exit_code == 0, result.output
    assert "webhooks: delivered 1" in " ".join(result.output.split())
    assert len(receiver.requests) == 1
    assert len(mailbox.messages) == 1
