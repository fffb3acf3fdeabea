"""Who may change what. Every service calls one of these before it writes.

======================  ==========================================================
role                    may write
======================  ==========================================================
regulator, system       everything
regional-regulator      organisations and labs in its GB/T 2260 region (and below)
body-admin              its own body's contact details, its people, its users
body-staff              its own body's people; organisations it certifies
lab-staff               its own lab's scope and contact details
enterprise              its own organisation's contact details
auditor                 nothing in the registry
======================  ==========================================================

A refusal raises :class:`~qualicert.errors.Forbidden` naming the action and the scope, before
anything is written, so the transaction changes nothing.
"""

from __future__ import annotations

from qualicert.accounts.actor import Actor, Role
from qualicert.errors import Forbidden
from qualicert.registry.reference import region_contains

NATIONAL = frozenset({Role.REGULATOR, Role.SYSTEM})
BODY_ROLES = frozenset({Role.BODY_ADMIN, Role.BODY_STAFF})


def refuse(actor: Actor, action: str, scope: str, scope_zh: str) -> Forbidden:
    """The error for ``actor`` attempting ``action`` outside its scope."""
    return Forbidden(
        f"{actor.role.value} {actor.name!r} may not {action} for {scope}",
        f"用户 {actor.name!r}（{actor.role.value}）无权对{scope_zh}执行此操作：{action}",
        rule="scope",
    )


def is_national(actor: Actor) -> bool:
    """True for the national regulator and the platform itself."""
    return actor.role in NATIONAL


def require_national(actor: Actor, action: str) -> None:
    """Only the national regulator may do this."""
    if not is_national(actor):
        raise refuse(actor, action, "the national registry", "全国登记信息")


def in_region(actor: Actor, region_code: str) -> bool:
    """True when the actor regulates ``region_code`` (nationally or as its regional regulator)."""
    if is_national(actor):
        return True
    return (
        actor.role is Role.REGIONAL_REGULATOR
        and actor.region_code is not None
        and region_contains(actor.region_code, region_code)
    )


def require_region(actor: Actor, region_code: str, action: str) -> None:
    """The national regulator, or the regional regulator of ``region_code``."""
    if not in_region(actor, region_code):
        raise refuse(actor, action, f"region {region_code}", f"行政区划 {region_code}")


def acts_for_body(actor: Actor, body_id: int | None, *, admin: bool = False) -> bool:
    """True when the actor works for certification body ``body_id`` (as admin if asked)."""
    roles = {Role.BODY_ADMIN} if admin else BODY_ROLES
    return body_id is not None and actor.role in roles and actor.body_id == body_id


def require_body(actor: Actor, body_id: int | None, action: str, *, admin: bool = False) -> None:
    """The national regulator, or a user of certification body ``body_id``."""
    if not (is_national(actor) or acts_for_body(actor, body_id, admin=admin)):
        raise refuse(actor, action, f"certification body {body_id}", f"认证机构 {body_id}")


def require_lab(actor: Actor, lab_id: int, region_code: str, action: str) -> None:
    """A regulator of the lab's region, or staff of lab ``lab_id``."""
    own = actor.role is Role.LAB_STAFF and actor.lab_id == lab_id
    if not (own or in_region(actor, region_code)):
        raise refuse(actor, action, f"lab {lab_id}", f"检验检测机构 {lab_id}")


def require_organization(actor: Actor, organization_id: int, region_code: str, action: str) -> None:
    """A regulator of the organisation's region, or the enterprise's own user."""
    own = actor.role is Role.ENTERPRISE and actor.organization_id == organization_id
    if not (own or in_region(actor, region_code)):
        raise refuse(actor, action, f"organisation {organization_id}", f"组织 {organization_id}")
