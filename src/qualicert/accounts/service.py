"""Users and API tokens: create, list, authenticate, revoke.

A token is shown once, as ``qct_<id>_<secret>``; the database keeps the SHA-256 digest of the
secret, an expiry and a revocation time. The secret has 256 bits of entropy, so a plain
digest (no slow hash) is enough and lets every request be authenticated in microseconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor, Role
from qualicert.accounts.models import ApiToken, User
from qualicert.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from qualicert.ledger.service import record
from qualicert.registry.models import CertificationBody, Lab, Organization, Person
from qualicert.registry.reference import known_region

TOKEN_PREFIX = "qct"

SCOPE_FIELD: dict[Role, str | None] = {
    Role.REGULATOR: None,
    Role.REGIONAL_REGULATOR: "region_code",
    Role.BODY_ADMIN: "body_id",
    Role.BODY_STAFF: "body_id",
    Role.LAB_STAFF: "lab_id",
    Role.ENTERPRISE: "organization_id",
    Role.AUDITOR: "person_id",
}
SCOPE_MODEL = {
    "body_id": CertificationBody,
    "lab_id": Lab,
    "organization_id": Organization,
    "person_id": Person,
}
SCOPE_FIELDS = ("region_code", "body_id", "lab_id", "organization_id", "person_id")


def _parse_role(role: str) -> Role:
    try:
        parsed = Role(role)
    except ValueError:
        parsed = Role.SYSTEM
    if parsed is Role.SYSTEM:
        allowed = ", ".join(r.value for r in SCOPE_FIELD)
        raise InvalidInput(
            f"role {role!r} is not one of {allowed}",
            f"角色 {role!r} 无效，可选：{allowed}",
            rule="role",
            field="role",
        )
    return parsed


def _check_scope(session: Session, role: Role, scope: dict[str, int | str | None]) -> None:
    needed = SCOPE_FIELD[role]
    for name in SCOPE_FIELDS:
        value = scope.get(name)
        if name != needed and value is not None:
            raise InvalidInput(
                f"role {role.value} takes no {name}",
                f"角色 {role.value} 不应设置 {name}",
                rule="role_scope",
                field=name,
            )
    if needed is None:
        return
    value = scope.get(needed)
    if value is None:
        raise InvalidInput(
            f"role {role.value} needs {needed}",
            f"角色 {role.value} 必须指定 {needed}",
            rule="role_scope",
            field=needed,
        )
    if needed == "region_code":
        if not known_region(str(value)):
            raise InvalidInput(
                f"{value!r} is not a GB/T 2260 region code",
                f"{value!r} 不是有效的行政区划代码",
                rule="region_code",
                field=needed,
            )
    elif session.get(SCOPE_MODEL[needed], value) is None:
        raise InvalidInput(
            f"no row with {needed} {value}", f"{needed} {value} 不存在", rule="exists", field=needed
        )


def _may_create(actor: Actor, role: Role, body_id: int | None) -> None:
    if permissions.is_national(actor):
        return
    if role in permissions.BODY_ROLES and permissions.acts_for_body(actor, body_id, admin=True):
        return
    permissions.require_national(actor, f"create a {role.value} user")


def create_user(
    *,
    session: Session,
    actor: Actor,
    name: str,
    role: str,
    region_code: str | None = None,
    body_id: int | None = None,
    lab_id: int | None = None,
    organization_id: int | None = None,
    person_id: int | None = None,
) -> User:
    """Create a user with one role and its scope (a body admin may add users of its body)."""
    parsed = _parse_role(role)
    scope = {
        "region_code": region_code,
        "body_id": body_id,
        "lab_id": lab_id,
        "organization_id": organization_id,
        "person_id": person_id,
    }
    _may_create(actor, parsed, body_id)
    _check_scope(session, parsed, scope)
    name = name.strip()
    if not name:
        raise InvalidInput("a user needs a name", "用户名不能为空", rule="required", field="name")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise Conflict(
            f"a user named {name!r} exists", f"用户 {name!r} 已存在", rule="unique", field="name"
        )
    user = User(name=name, role=parsed.value, **scope)
    payload = {"role": parsed.value, **{k: v for k, v in scope.items() if v is not None}}
    record(session=session, actor=actor, event_type="user.created", subject=user, payload=payload)
    return user


def get_user(*, session: Session, name: str) -> User:
    """The user called ``name``."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(
            f"no user named {name!r}", f"用户 {name!r} 不存在", rule="exists", field="name"
        )
    return user


def list_users(*, session: Session) -> list[User]:
    """All users, oldest first."""
    return list(session.scalars(select(User).order_by(User.id)))


def actor_for(user: User) -> Actor:
    """The actor a user's requests act as."""
    return Actor(
        user_id=user.id,
        name=user.name,
        role=Role(user.role),
        region_code=user.region_code,
        body_id=user.body_id,
        lab_id=user.lab_id,
        organization_id=user.organization_id,
        person_id=user.person_id,
    )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    *, session: Session, actor: Actor, user_name: str, name: str = "", ttl_days: int = 365
) -> tuple[ApiToken, str]:
    """Issue a token for ``user_name``; returns the row and the token text, shown once."""
    user = get_user(session=session, name=user_name)
    if actor.user_id != user.id:
        permissions.require_national(actor, "create a token for another user")
    if ttl_days < 1:
        raise InvalidInput(
            "ttl_days must be at least 1", "有效天数至少为1", rule="minimum", field="ttl_days"
        )
    secret = secrets.token_urlsafe(32)
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=ttl_days)
    token = ApiToken(user_id=user.id, name=name, secret_hash=_digest(secret), expires_at=expires)
    payload = {"user_id": user.id, "name": name, "expires_at": expires}
    record(session=session, actor=actor, event_type="token.created", subject=token, payload=payload)
    return token, f"{TOKEN_PREFIX}_{token.id}_{secret}"


def revoke_token(*, session: Session, actor: Actor, token_id: int) -> ApiToken:
    """Revoke a token at once; revoking twice is refused as a conflict."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(
            f"no token {token_id}", f"令牌 {token_id} 不存在", rule="exists", field="token_id"
        )
    if actor.user_id != token.user_id:
        permissions.require_national(actor, "revoke another user's token")
    if token.revoked_at is not None:
        raise Conflict(
            f"token {token_id} is already revoked",
            f"令牌 {token_id} 已被撤销",
            rule="state",
            field="token_id",
        )
    token.revoked_at = dt.datetime.now(dt.UTC)
    record(
        session=session,
        actor=actor,
        event_type="token.revoked",
        subject=token,
        payload={"user_id": token.user_id},
    )
    return token


def list_tokens(*, session: Session, user_name: str | None = None) -> list[ApiToken]:
    """Tokens (never their secrets), optionally of one user."""
    query = select(ApiToken).order_by(ApiToken.id)
    if user_name is not None:
        query = query.where(ApiToken.user_id == get_user(session=session, name=user_name).id)
    return list(session.scalars(query))


def authenticate(*, session: Session, token: str) -> Actor:
    """The actor behind a bearer token; any fault is the same 401 so nothing leaks."""
    failure = Unauthenticated(
        "the bearer token is unknown, expired or revoked",
        "令牌无效、已过期或已被撤销",
        rule="token",
    )
    prefix, _, rest = token.partition("_")
    token_id, _, secret = rest.partition("_")
    if prefix != TOKEN_PREFIX or not token_id.isdigit() or not secret:
        raise failure
    row = session.get(ApiToken, int(token_id))
    if row is None or not hmac.compare_digest(row.secret_hash, _digest(secret)):
        raise failure
    if row.revoked_at is not None or row.expires_at <= dt.datetime.now(dt.UTC):
        raise failure
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise failure
    return actor_for(user)
