"""Applications: an organisation applies to a body; the body accepts (opening the audit
programme, with its audit time) or rejects."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor, Role
from qualicert.certification import audit_time
from qualicert.certification.models import Application, Audit, AuditProgramme
from qualicert.certification.schemas import ApplicationCreate, ApplicationDecision
from qualicert.certification.service._common import get_row, require_approved_body
from qualicert.db import paginate, utcnow
from qualicert.errors import Conflict, Forbidden
from qualicert.ledger.service import record
from qualicert.registry.models import Organization, Scheme


def submit_application(*, session: Session, actor: Actor, data: ApplicationCreate) -> Application:
    """File an application (the enterprise itself, or a user of the body it applies to)."""
    org = get_row(session, Organization, data.organization_id, "organisation", "组织")
    own = actor.role is Role.ENTERPRISE and actor.organization_id == org.id
    if not (
        own or permissions.is_national(actor) or permissions.acts_for_body(actor, data.body_id)
    ):
        raise Forbidden(
            f"{actor.name!r} may not apply on behalf of organisation {org.id}",
            f"用户 {actor.name!r} 无权代表组织 {org.id} 提出申请",
            rule="scope",
        )
    get_row(session, Scheme, data.scheme_id, "scheme", "认证方案")
    require_approved_body(session, data.body_id, data.scheme_id)
    app = Application(**data.model_dump(mode="json"), status="submitted")
    record(
        session=session,
        actor=actor,
        event_type="application.submitted",
        subject=app,
        payload=data.model_dump(mode="json"),
    )
    return app


def audit_time_for(session: Session, app: Application) -> dict[str, Any]:
    """The IAF MD 5 audit time of an application, or why the scheme has none."""
    scheme = get_row(session, Scheme, app.scheme_id, "scheme", "认证方案")
    try:
        result = audit_time.calculate(
            standard=scheme.standard,
            employees=app.employees,
            complexity=app.complexity,
            sites=max(1, len(app.sites)),
        )
    except ValueError as exc:
        return {"standard": scheme.standard, "applies": False, "justification": [str(exc)]}
    return {"standard": scheme.standard, "applies": True, **asdict(result)}


def decide_application(
    *, session: Session, actor: Actor, application_id: int, decision: ApplicationDecision
) -> Application:
    """Accept (opening the audit programme) or reject an application (a user of the body)."""
    app = get_row(session, Application, application_id, "application", "认证申请")
    permissions.require_body(actor, app.body_id, "decide on an application")
    if app.status != "submitted":
        raise Conflict(
            f"application {app.id} is already {app.status}",
            f"认证申请 {app.id} 已处理（{app.status}）",
            rule="state",
            field="status",
        )
    app.decided_at = utcnow()
    app.reason = decision.reason
    if not decision.accept:
        app.status = "rejected"
        record(
            session=session,
            actor=actor,
            event_type="application.rejected",
            subject=app,
            payload={"reason": decision.reason},
        )
        return app
    require_approved_body(session, app.body_id, app.scheme_id)
    app.status = "accepted"
    programme = AuditProgramme(
        body_id=app.body_id,
        application_id=app.id,
        organization_id=app.organization_id,
        scheme_id=app.scheme_id,
        audit_time=audit_time_for(session, app),
        status="open",
    )
    record(
        session=session,
        actor=actor,
        event_type="application.accepted",
        subject=app,
        payload={"reason": decision.reason, "audit_time": programme.audit_time},
        related=[programme],
    )
    return app


def programme_of(*, session: Session, application_id: int) -> AuditProgramme | None:
    """The audit programme opened for an accepted application."""
    query = select(AuditProgramme).where(AuditProgramme.application_id == application_id)
    return session.scalar(query)


def list_applications(
    *,
    session: Session,
    actor: Actor,
    body_id: int | None = None,
    status: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Application], int]:
    """Applications visible to the actor: its body's, its organisation's, or all (regulator)."""
    query = select(Application).order_by(Application.id.desc())
    if actor.role is Role.ENTERPRISE:
        query = query.where(Application.organization_id == actor.organization_id)
    elif not permissions.is_national(actor) and actor.role is not Role.REGIONAL_REGULATOR:
        query = query.where(Application.body_id == actor.body_id)
    if body_id is not None:
        query = query.where(Application.body_id == body_id)
    if status:
        query = query.where(Application.status == status)
    return paginate(session, query, page, page_size)


def can_read(actor: Actor, body_id: int, organization_id: int) -> None:
    """Applications, programmes and audits are seen by the body, the enterprise and regulators."""
    own = actor.role is Role.ENTERPRISE and actor.organization_id == organization_id
    if not (
        own
        or permissions.is_national(actor)
        or actor.role is Role.REGIONAL_REGULATOR
        or permissions.acts_for_body(actor, body_id)
    ):
        raise Forbidden(
            f"{actor.name!r} may not read this body's certification files",
            f"用户 {actor.name!r} 无权查看该认证档案",
            rule="scope",
        )


def get_application(*, session: Session, actor: Actor, application_id: int) -> Application:
    """One application, if the actor may see it."""
    app = get_row(session, Application, application_id, "application", "认证申请")
    can_read(actor, app.body_id, app.organization_id)
    return app


def get_programme(*, session: Session, actor: Actor, programme_id: int) -> AuditProgramme:
    """One audit programme, if the actor may see it."""
    programme = get_row(session, AuditProgramme, programme_id, "audit programme", "审核方案")
    can_read(actor, programme.body_id, programme.organization_id)
    return programme


def get_audit(*, session: Session, actor: Actor, audit_id: int) -> Audit:
    """One audit with its team, if the actor may see it."""
    audit = get_row(session, Audit, audit_id, "audit", "审核")
    programme = get_row(session, AuditProgramme, audit.programme_id, "audit programme", "审核方案")
    can_read(actor, programme.body_id, programme.organization_id)
    return audit
