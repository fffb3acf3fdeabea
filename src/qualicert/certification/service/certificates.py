"""Certificates: issue and status transitions with their public history.

Transfers are in :mod:`.transfers`, lookups by number in :mod:`.lookups`.

Every transition goes through :func:`apply_transition`, which asks the pure state machine in
:mod:`qualicert.certification.lifecycle`, writes the history entry and the event together.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.certification import lifecycle
from qualicert.certification.models import (
    Application,
    AuditProgramme,
    Certificate,
    Decision,
    StatusChange,
)
from qualicert.certification.schemas import TransitionRequest
from qualicert.certification.service import _common as c
from qualicert.errors import Conflict, InvalidInput, RuleViolation
from qualicert.ledger.service import record
from qualicert.registry.models import CertificationBody, Scheme


def _number(session: Session, body: CertificationBody, scheme: Scheme, day: dt.date) -> str:
    count = session.scalar(select(func.count()).where(Certificate.body_id == body.id)) or 0
    return f"{body.approval_number[-3:]}{day:%y}{scheme.code[:6]}{count + 1:06d}"


def _expiry(issue: dt.date, years: int) -> dt.date:
    return c.add_years(issue, years) - dt.timedelta(days=1)


def issue(
    *,
    session: Session,
    actor: Actor,
    programme: AuditProgramme,
    decision: Decision,
    scheme: Scheme,
    number: str | None,
) -> Certificate:
    """Issue the certificate a grant decision calls for."""
    if programme.certificate_id is not None:
        raise Conflict(
            "this programme already has a certificate",
            "该审核方案已颁发证书",
            rule="state",
            field="audit_id",
        )
    app = c.get_row(session, Application, programme.application_id, "application", "认证申请")
    body = c.get_row(
        session, CertificationBody, programme.body_id, "certification body", "认证机构"
    )
    number = number or _number(session, body, scheme, decision.decided_on)
    if session.scalar(
        select(Certificate.id).where(Certificate.body_id == body.id, Certificate.number == number)
    ):
        raise Conflict(
            f"certificate number {number} is already used by this body",
            f"证书编号 {number} 已被本机构使用",
            rule="unique",
            field="number",
        )
    day = decision.decided_on
    cert = Certificate(
        body_id=body.id,
        number=number,
        organization_id=programme.organization_id,
        scheme_id=scheme.id,
        standard=scheme.standard,
        scope=app.scope,
        scope_en=app.scope_en,
        sites=app.sites,
        sectors=app.sectors,
        issue_date=day,
        expiry_date=_expiry(day, scheme.validity_years),
        original_issue_date=day,
        status="active",
        status_since=day,
        source="issued",
    )
    entry = StatusChange(
        body_id=body.id,
        transition="issue",
        from_status=None,
        to_status="active",
        reason_code="I01",
        reason=decision.reason,
        effective_date=day,
        signed_by=decision.signed_by,
        details={"decision": "grant"},
    )
    record(
        session=session,
        actor=actor,
        event_type="certificate.issued",
        subject=cert,
        signer_person_id=decision.signed_by,
        payload=certificate_payload(cert),
    )
    entry.certificate_id = cert.id
    programme.certificate_id = cert.id
    record(
        session=session,
        actor=actor,
        event_type="certificate.history",
        subject=entry,
        signer_person_id=decision.signed_by,
        related=[programme],
        payload={"certificate": number, "transition": "issue", "reason_code": "I01"},
    )
    return cert


def certificate_payload(cert: Certificate) -> dict[str, Any]:
    """The fields of a certificate an event records."""
    return {
        "number": cert.number,
        "body_id": cert.body_id,
        "organization_id": cert.organization_id,
        "scheme_id": cert.scheme_id,
        "standard": cert.standard,
        "scope": cert.scope,
        "sites": cert.sites,
        "sectors": cert.sectors,
        "issue_date": cert.issue_date,
        "expiry_date": cert.expiry_date,
        "original_issue_date": cert.original_issue_date,
        "status": cert.status,
    }


def certificate_of(*, session: Session, programme: AuditProgramme) -> Certificate:
    """The certificate of a programme, or a rule violation when none was issued."""
    if programme.certificate_id is None:
        raise RuleViolation(
            "this programme has no certificate yet",
            "该审核方案尚未颁发证书",
            rule="certificate_required",
            field="audit_id",
        )
    return c.get_row(session, Certificate, programme.certificate_id, "certificate", "证书")


def apply_transition(
    *,
    session: Session,
    actor: Actor,
    certificate: Certificate,
    transition: str,
    reason_code: str,
    reason: str,
    effective_date: dt.date,
    signer_id: int | None,
    scope: str | None = None,
    validity_years: int | None = None,
    details: dict[str, Any] | None = None,
) -> Certificate:
    """Move a certificate through the state machine and write its history entry and event."""
    try:
        move = lifecycle.Transition(transition)
    except ValueError as exc:
        allowed = ", ".join(t.value for t in lifecycle.Transition)
        raise InvalidInput(
            f"transition {transition!r} is not one of {allowed}",
            f"状态变更 {transition!r} 无效，可选：{allowed}",
            rule="transition",
            field="transition",
        ) from exc
    try:
        current = lifecycle.Status(certificate.status)
        target = lifecycle.next_status(current, move)
        lifecycle.check_reason(move, reason_code)
    except lifecycle.IllegalTransition as exc:
        raise Conflict(
            exc.message,
            exc.message_zh,
            rule=exc.rule,
            field="reason_code" if exc.rule == "reason_code" else "transition",
        ) from exc
    extra = dict(details or {})
    if move in {lifecycle.Transition.EXTEND_SCOPE, lifecycle.Transition.REDUCE_SCOPE}:
        if not scope:
            raise InvalidInput(
                "a scope change needs the new scope",
                "变更范围须给出新的认证范围",
                rule="required",
                field="scope",
            )
        extra["scope"] = [certificate.scope, scope]
        certificate.scope = scope
    if move is lifecycle.Transition.RENEW:
        years = validity_years or 3
        extra["expiry_date"] = [certificate.expiry_date.isoformat()]
        certificate.issue_date = effective_date
        certificate.expiry_date = _expiry(max(effective_date, certificate.expiry_date), years)
        extra["expiry_date"].append(certificate.expiry_date.isoformat())
    entry = StatusChange(
        certificate_id=certificate.id,
        body_id=certificate.body_id,
        transition=move.value,
        from_status=current.value,
        to_status=target.value,
        reason_code=reason_code,
        reason=reason,
        effective_date=effective_date,
        signed_by=signer_id,
        details=extra,
    )
    if target.value != certificate.status:
        certificate.status_since = effective_date
    certificate.status = target.value
    record(
        session=session,
        actor=actor,
        event_type=f"certificate.{move.value}",
        subject=certificate,
        signer_person_id=signer_id,
        related=[entry],
        payload={
            "number": certificate.number,
            "from": current.value,
            "to": target.value,
            "reason_code": reason_code,
            "reason": reason,
            "effective_date": effective_date,
            "details": extra,
        },
    )
    return certificate


def _signer_for(
    session: Session, actor: Actor, cert: Certificate, signed_by: int | None
) -> int | None:
    """National actors may act without a personal signer; a body names its decision maker."""
    if permissions.is_national(actor) and signed_by is None:
        return None
    signer = c.resolve_signer(session, actor, cert.body_id, signed_by, "change a certificate")
    c.require_active(signer, "signed_by")
    c.require_qualified(signer, cert.scheme_id, c.DECISION_GRADES, [dt.date.today()], "signed_by")
    if signer.body_id != cert.body_id:
        raise RuleViolation(
            f"{signer.name} does not work for the issuing body",
            f"{signer.name} 不属于发证机构",
            rule="signer",
            field="signed_by",
        )
    return signer.id


def change_status(
    *, session: Session, actor: Actor, certificate_id: int, request: TransitionRequest
) -> Certificate:
    """Suspend, reinstate, withdraw or cancel a certificate (its body, or a regulator)."""
    cert = c.get_row(session, Certificate, certificate_id, "certificate", "证书")
    if request.transition in {"renew", "extend_scope", "transfer"}:
        raise RuleViolation(
            f"{request.transition} needs an audit and a decision, not a status change",
            "该变更须经审核和认证决定",
            rule="needs_decision",
            field="transition",
        )
    signer = _signer_for(session, actor, cert, request.signed_by)
    return apply_transition(
        session=session,
        actor=actor,
        certificate=cert,
        transition=request.transition,
        reason_code=request.reason_code,
        reason=request.reason,
        effective_date=request.effective_date or dt.date.today(),
        signer_id=signer,
        scope=request.scope,
    )
