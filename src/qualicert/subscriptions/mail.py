"""The e-mail outbox: claim due messages, send them over SMTP, record each outcome.

Sending needs ``QUALICERT_SMTP_HOST``; then ``QUALICERT_SMTP_PORT``, ``QUALICERT_SMTP_FROM``,
``QUALICERT_SMTP_STARTTLS`` (upgrade with the system's trusted CAs) and
``QUALICERT_SMTP_USERNAME`` / ``QUALICERT_SMTP_PASSWORD`` (login when a user name is set).
A batch shares one SMTP connection. A message the server refuses, or a connection that
fails, is a failed attempt, retried with back-off like a webhook. Each message keeps its
``Message-ID`` across retries, so a mailbox can drop a duplicate.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy.orm import Session

from qualicert.config import Settings
from qualicert.subscriptions import claims
from qualicert.subscriptions.models import Delivery, OutboxMail

SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Outgoing:
    """One message to send."""

    mail_id: int
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class Outcome:
    """How sending one message went."""

    mail_id: int
    ok: bool
    error: str | None = None


def configured(settings: Settings) -> bool:
    """True when an SMTP server is set, so that subscriptions may ask for e-mail."""
    return bool(settings.smtp_host)


def claim_due(*, session: Session, now: dt.datetime, limit: int = 50) -> tuple[str, list[Outgoing]]:
    """Claim up to ``limit`` due messages of the outbox."""
    lease = dt.timedelta(seconds=SMTP_TIMEOUT_SECONDS * (limit + 2))
    token, rows = claims.claim(session, OutboxMail, now=now, lease=lease, limit=limit)
    return token, [Outgoing(r.id, r.to_address, r.subject, r.body) for r in rows]


def message(item: Outgoing, settings: Settings, now: dt.datetime) -> EmailMessage:
    """The MIME message of ``item`` (UTF-8 plain text)."""
    domain = settings.smtp_from.rpartition("@")[2] or "localhost"
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = item.to
    msg["Subject"] = item.subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = f"<qualicert-mail-{item.mail_id}@{domain}>"
    msg.set_content(item.body)
    return msg


def _connect(settings: Settings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
    except BaseException:
        smtp.close()
        raise
    return smtp


def send_all(items: Sequence[Outgoing], *, settings: Settings, now: dt.datetime) -> list[Outcome]:
    """Send each message over one connection; never raises for an SMTP or network fault."""
    if not items:
        return []
    try:
        smtp = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        error = f"SMTP connection or login failed: {type(exc).__name__}: {exc}"
        return [Outcome(item.mail_id, ok=False, error=error) for item in items]
    outcomes = []
    with smtp:
        for item in items:
            try:
                smtp.send_message(message(item, settings, now))
                outcomes.append(Outcome(item.mail_id, ok=True))
            except (OSError, smtplib.SMTPException, ValueError) as exc:
                outcomes.append(
                    Outcome(item.mail_id, ok=False, error=f"{type(exc).__name__}: {exc}")
                )
    return outcomes


def record(
    *,
    session: Session,
    token: str,
    outcomes: Sequence[Outcome],
    settings: Settings,
    now: dt.datetime,
) -> dict[str, int]:
    """Settle the messages still held with ``token`` and mirror it on their deliveries."""
    rows = claims.held(session, OutboxMail, token, [o.mail_id for o in outcomes])
    tally: dict[str, int] = {}
    for outcome in outcomes:
        row = rows.get(outcome.mail_id)
        if row is None:
            continue
        status = claims.settle(
            row, ok=outcome.ok, error=outcome.error, done="sent", settings=settings, now=now
        )
        tally[status] = tally.get(status, 0) + 1
        if row.delivery_id is not None:
            _mirror(session, row, now)
    return tally


def _mirror(session: Session, row: OutboxMail, now: dt.datetime) -> None:
    """Show the message's state on its delivery, which the subscriber reads."""
    delivery = session.get(Delivery, row.delivery_id)
    if delivery is None:
        return
    delivery.attempts = row.attempts
    delivery.last_error = row.last_error
    delivery.next_attempt_at = row.next_attempt_at
    delivery.status = "delivered" if row.status == "sent" else row.status
    delivery.delivered_at = row.sent_at
