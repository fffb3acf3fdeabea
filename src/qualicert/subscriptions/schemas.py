"""Schemas of subscriptions: ``SubscriptionCreate``, ``SubscriptionRead``, ``DeliveryRead``.

The schemas check formats (the target kind, an e-mail address's shape, lengths); the service
checks what needs the database or the settings (the target exists, the webhook URL's host,
SMTP being configured).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, PlainValidator

from qualicert.registry.schemas import Read, Strict
from qualicert.registry.validators import fail

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
TargetKind = Literal["certificate", "organization", "body"]


def _email(value: str) -> str:
    if not EMAIL.match(value):
        raise fail(
            "email",
            f"{value!r} is not an e-mail address like name@example.cn",
            f"{value!r} 不是有效的电子邮件地址（如 name@example.cn）",
        )
    return value


Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]


def _target_key(value: object) -> int | str:
    """A row id (a JSON integer) or a number, USCC or approval number (text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and 1 <= len(value.strip()) <= 64:
        return value.strip()
    raise fail(
        "target_id",
        "target_id is a row id (an integer), or a certificate number, USCC or approval number "
        "(text of 1 to 64 characters)",
        "target_id 应为编号（整数），或证书编号、统一社会信用代码、批准号（1至64个字符）",
    )


TargetKey = Annotated[int | str, PlainValidator(_target_key, json_schema_input_type=int | str)]


class SubscriptionCreate(Strict):
    """What to watch and how to be told: a webhook URL, an e-mail address, or both."""

    target_kind: TargetKind = Field(description="certificate, organization or body")
    target_id: TargetKey = Field(
        description="The row id (an integer), or a certificate number, USCC or approval number"
    )
    webhook_url: str | None = Field(default=None, max_length=2000)
    email: Email | None = None


class SubscriptionRead(Read):
    """A subscription as its owner sees it (never its webhook secret)."""

    id: int
    target_kind: str
    target_id: int
    target_label: str | None = None
    webhook_url: str | None
    email: str | None
    active: bool
    created_at: dt.datetime
    deleted_at: dt.datetime | None


class SubscriptionCreated(SubscriptionRead):
    """The answer to a creation: the webhook secret, shown this once only."""

    webhook_secret: str | None = Field(
        description="Key of the HMAC-SHA256 signature of each webhook; not shown again"
    )


class DeliveryRead(Read):
    """One event for one subscription over one channel, and how its attempts went."""

    id: int
    event_id: int
    event_type: str
    leaf_index: int
    channel: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime
    last_status_code: int | None
    last_error: str | None
    created_at: dt.datetime
    delivered_at: dt.datetime | None
