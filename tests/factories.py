"""Factories: build valid rows through the services, with overrides for what a test needs."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from qualicert.accounts import service as accounts
from qualicert.accounts.actor import Actor, system_actor
from qualicert.accounts.models import ApiToken
from qualicert.db import transaction
from qualicert.ledger.service import record
from qualicert.registry import schemas, service
from qualicert.registry.models import CertificationBody, Lab, Organization, Person, Scheme
from qualicert.registry.uscc import check_digit

_counter = itertools.count(1)
SYSTEM = system_actor("factory")


def uscc(region: str = "110108", serial: int | None = None) -> str:
    """A valid USCC in ``region`` (enterprise, market regulation registration)."""
    n = next(_counter) if serial is None else serial
    first17 = f"91{region}{n:08d}X"[:17]
    return first17 + check_digit(first17)


def scheme(session: Session, actor: Actor = SYSTEM, **over: Any) -> Scheme:
    n = next(_counter)
    data = {
        "code": f"QMS{n}",
        "name": "质量管理体系认证",
        "name_en": "Quality management",
        "kind": "management-system",
        "standard": "ISO 9001:2015",
    } | over
    return service.create_scheme(session=session, actor=actor, data=schemas.SchemeCreate(**data))


def body(session: Session, actor: Actor = SYSTEM, **over: Any) -> CertificationBody:
    n = next(_counter)
    data = {
        "approval_number": f"CNCA-R-2002-{n % 1000:03d}",
        "name": f"测试认证中心{n}",
        "region_code": "110000",
        "approved_on": dt.date(2002, 1, 1),
    } | over
    return service.create_body(session=session, actor=actor, data=schemas.BodyCreate(**data))


def lab(session: Session, actor: Actor = SYSTEM, **over: Any) -> Lab:
    n = next(_counter)
    data = {
        "name": f"测试检验检测中心{n}",
        "region_code": "310000",
        "cma_number": f"{n:012d}",
        "scope": ["GB 4706.1"],
    } | over
    return service.create_lab(session=session, actor=actor, data=schemas.LabCreate(**data))


def qualification(scheme_id: int, **over: Any) -> dict[str, Any]:
    """The fields of one qualification (auditor, sectors 17 and 19, valid 2020 to 2029)."""
    return {
        "scheme_id": scheme_id,
        "grade": "auditor",
        "sectors": [17, 19],
        "valid_from": dt.date(2020, 1, 1),
        "valid_to": dt.date(2029, 12, 31),
    } | over


def person(session: Session, actor: Actor = SYSTEM, **over: Any) -> Person:
    n = next(_counter)
    data = {"registration_number": f"2021-N1QMS-{n:07d}", "name": f"审核员{n}"} | over
    return service.create_person(session=session, actor=actor, data=schemas.PersonCreate(**data))


def organization(session: Session, actor: Actor = SYSTEM, **over: Any) -> Organization:
    region = over.get("region_code", "110108")
    data = {
        "uscc": uscc(region),
        "name": f"北京测试科技有限公司{next(_counter)}",
        "region_code": region,
    } | over
    return service.create_organization(
        session=session, actor=actor, data=schemas.OrganizationCreate(**data)
    )


def status(value: str, reason: str = "测试原因", **over: Any) -> schemas.StatusChange:
    """A status change to ``value``."""
    return schemas.StatusChange(status=value, reason=reason, **over)


def user(session: Session, role: str, **scope: Any) -> Actor:
    """A user with ``role`` and ``scope``, returned as the actor its requests act as."""
    name = f"user{next(_counter)}"
    row = accounts.create_user(session=session, actor=SYSTEM, name=name, role=role, **scope)
    return accounts.actor_for(row)


def token(factory: sessionmaker[Session], role: str, **scope: Any) -> str:
    """A user with ``role`` and ``scope``, and a bearer token for it."""
    name = f"user{next(_counter)}"
    with transaction(factory) as session:
        accounts.create_user(session=session, actor=SYSTEM, name=name, role=role, **scope)
        _, text = accounts.create_token(session=session, actor=SYSTEM, user_name=name)
    return text


def token_id(text: str) -> int:
    """The id of a token, read from its text ``qct_<id>_<secret>``."""
    return int(text.split("_")[1])


def revoked_token(factory: sessionmaker[Session], role: str = "regulator", **scope: Any) -> str:
    """A token that was valid and has been revoked."""
    text = token(factory, role, **scope)
    with transaction(factory) as session:
        accounts.revoke_token(session=session, actor=SYSTEM, token_id=token_id(text))
    return text


def expired_token(factory: sessionmaker[Session], role: str = "regulator", **scope: Any) -> str:
    """A token whose expiry has passed (set through the event path, as any change is)."""
    text = token(factory, role, **scope)
    with transaction(factory) as session:
        row = session.get(ApiToken, token_id(text))
        assert row is not None
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        record(
            session=session,
            actor=SYSTEM,
            event_type="token.expired",
            subject=row,
            payload={"expires_at": row.expires_at},
        )
    return text


def bearer(text: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {text}"}
