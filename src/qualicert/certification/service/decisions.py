"""Certification decisions: signed by a qualified decision maker who was not on the team.

- ``grant``: needs the signed report of the stage 2 audit (management systems) or of the
  factory inspection and a type test (products), with every major nonconformity closed; it
  issues the certificate;
- ``renew``: needs a signed recertification report; a new expiry;
- ``extend-scope`` / ``reduce-scope``: change the certificate's scope;
- ``refuse``: closes the programme without a certificate.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts.actor import Actor
from qualicert.certification.models import Audit, AuditProgramme, Certificate, Decision
from qualicert.certification.schemas import DecisionCreate
from qualicert.certification.service import _common as c
from qualicert.certification.service import certificates
from qualicert.certification.service.reports import open_majors, report_of
from qualicert.errors import RuleViolation
from qualicert.ledger.service import record
from qualicert.registry.models import Person, Scheme

BASIS = {
    "grant": {"stage2", "factory-inspection"},
    "renew": {"recertification"},
    "extend-scope": {"special", "surveillance", "recertification"},
    "reduce-scope": {"special", "surveillance", "recertification"},
    "refuse": {"stage1", "stage2", "factory-inspection", "type-test"},
}


def _team_ids(session: Session, programme_id: int) -> set[int]:
    audits = session.scalars(select(Audit).where(Audit.programme_id == programme_id))
    return {m.person_id for audit in audits for m in audit.team}


def _check_signer(
    session: Session, signer: Person, programme: AuditProgramme, decided_on: dt.date
) -> None:
    c.require_active(signer, "signed_by")
    c.require_qualified(signer, programme.scheme_id, c.DECISION_GRADES, [decided_on], "signed_by")
    if signer.id in _team_ids(session, programme.id):
        raise RuleViolation(
            f"{signer.name} ({signer.registration_number}) was on the audit team of this "
            "programme and may not make the decision (impartiality, ISO/IEC 17021-1 9.5.1.2)",
            f"{signer.name}（{signer.registration_number}）参加了该审核，不得作出认证决定（公正性）",
            rule="impartiality",
            field="signed_by",
        )


def _check_basis(session: Session, audit: Audit, kind: str, scheme: Scheme) -> None:
    if audit.kind not in BASIS[kind]:
        raise RuleViolation(
            f"a {kind} decision cannot rest on a {audit.kind} audit "
            f"(needs one of {', '.join(sorted(BASIS[kind]))})",
            f"{kind} 决定不能以 {audit.kind} 审核为依据",
            rule="decision_basis",
            field="audit_id",
        )
    report = report_of(session=session, audit_id=audit.id)
    if report is None:
        raise RuleViolation(
            f"audit {audit.id} has no signed report; a decision needs one",
            f"审核 {audit.id} 尚无已签署的审核报告",
            rule="report_required",
            field="audit_id",
        )
    majors = open_majors(report) if kind != "refuse" else []
    if majors:
        raise RuleViolation(
            f"major nonconformities are still open: {'; '.join(majors)}",
            "仍有未关闭的严重不符合项",
            rule="open_nonconformity",
            field="audit_id",
        )
    if kind == "grant" and scheme.kind == "product":
        tests = session.scalars(
            select(Audit).where(Audit.programme_id == audit.programme_id, Audit.kind == "type-test")
        )
        if not any(report_of(session=session, audit_id=t.id) for t in tests):
            raise RuleViolation(
                "a product certificate needs a reported type test",
                "产品认证须有已完成的型式试验",
                rule="type_test_required",
                field="audit_id",
            )


def decide(*, session: Session, actor: Actor, data: DecisionCreate) -> Decision:
    """Record a signed decision and apply it (issue, renew or change the certificate)."""
    audit = c.get_row(session, Audit, data.audit_id, "audit", "审核")
    programme = c.get_row(
        session, AuditProgramme, audit.programme_id, "audit programme", "审核方案"
    )
    signer = c.resolve_signer(session, actor, audit.body_id, data.signed_by, "make a decision")
    decided_on = data.decided_on or dt.date.today()
    scheme = c.get_row(session, Scheme, programme.scheme_id, "scheme", "认证方案")
    _check_signer(session, signer, programme, decided_on)
    _check_basis(session, audit, data.kind.value, scheme)
    decision = Decision(
        body_id=audit.body_id,
        programme_id=programme.id,
        audit_id=audit.id,
        kind=data.kind.value,
        signed_by=signer.id,
        decided_on=decided_on,
        reason=data.reason,
    )
    record(
        session=session,
        actor=actor,
        event_type=f"decision.{data.kind.value}",
        subject=decision,
        signer_person_id=signer.id,
        payload={
            "audit_id": audit.id,
            "programme_id": programme.id,
            "reason": data.reason,
            "decided_on": decided_on,
        },
    )
    cert = _apply(session, actor, programme, decision, data, scheme)
    if cert is not None and decision.certificate_id != cert.id:
        decision.certificate_id = cert.id
        record(
            session=session,
            actor=actor,
            event_type="decision.certificate_linked",
            subject=decision,
            signer_person_id=signer.id,
            payload={"certificate": cert.number},
        )
    return decision


def _apply(
    session: Session,
    actor: Actor,
    programme: AuditProgramme,
    decision: Decision,
    data: DecisionCreate,
    scheme: Scheme,
) -> Certificate | None:
    kind = data.kind.value
    if kind == "refuse":
        programme.status = "closed"
        record(
            session=session,
            actor=actor,
            event_type="programme.closed",
            subject=programme,
            signer_person_id=decision.signed_by,
            payload={"reason": "certification refused"},
        )
        return None
    if kind == "grant":
        return certificates.issue(
            session=session,
            actor=actor,
            programme=programme,
            decision=decision,
            scheme=scheme,
            number=data.number,
        )
    cert = certificates.certificate_of(session=session, programme=programme)
    transition = {"renew": "renew", "extend-scope": "extend_scope", "reduce-scope": "reduce_scope"}[
        kind
    ]
    code = {"renew": "N01", "extend-scope": "X01", "reduce-scope": "X02"}[kind]
    return certificates.apply_transition(
        session=session,
        actor=actor,
        certificate=cert,
        transition=transition,
        reason_code=code,
        reason=data.reason,
        effective_date=decision.decided_on,
        signer_id=decision.signed_by,
        scope=data.scope,
        validity_years=scheme.validity_years,
    )
