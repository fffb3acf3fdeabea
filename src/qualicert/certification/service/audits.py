"""Audits: planning against the audit programme and audit time, and checked audit teams.

Rules applied when an audit is planned (each refusal names the rule):

- management systems: stage 1 before stage 2; surveillance and recertification only once a
  certificate exists; the first surveillance within 12 months of the certification decision
  (ISO/IEC 17021-1 9.6.2.2); recertification before expiry (9.6.3);
- products: type testing backed by a passing report of an active lab whose scope covers the
  standard (ISO/IEC 17067 types 1b-5);
- the planned days at least the IAF MD 5 minimum where IAF MD 5 applies.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.certification import audit_time
from qualicert.certification.models import (
    Application,
    Audit,
    AuditProgramme,
    Certificate,
    Decision,
    LabReport,
    TeamMember,
)
from qualicert.certification.schemas import AuditKind, AuditPlan, TeamSet
from qualicert.certification.service import _common as c
from qualicert.errors import Conflict, RuleViolation
from qualicert.ledger.service import record
from qualicert.registry.models import Lab, Person, Scheme

PRODUCT_KINDS = frozenset({"type-test", "factory-inspection", "follow-up", "special"})
SYSTEM_KINDS = frozenset({"stage1", "stage2", "surveillance", "recertification", "special"})
TIMED_KINDS: dict[str, audit_time.AuditKind] = {
    "stage1": "stage1",
    "stage2": "stage2",
    "surveillance": "surveillance",
    "recertification": "recertification",
}
ROLE_GRADES = {
    "lead-auditor": c.LEAD_GRADES,
    "auditor": c.AUDITOR_GRADES,
    "technical-expert": c.EXPERT_GRADES,
}


def _violation(message: str, message_zh: str, rule: str, field: str = "kind") -> RuleViolation:
    return RuleViolation(message, message_zh, rule=rule, field=field)


def _audits(session: Session, programme_id: int, kind: str) -> list[Audit]:
    query = select(Audit).where(Audit.programme_id == programme_id, Audit.kind == kind)
    return list(session.scalars(query))


def _grant_date(session: Session, programme: AuditProgramme) -> dt.date | None:
    query = select(Decision.decided_on).where(
        Decision.programme_id == programme.id, Decision.kind == "grant"
    )
    return session.scalar(query)


def _check_sequence(session: Session, programme: AuditProgramme, plan: AuditPlan) -> None:
    kind = plan.kind.value
    if kind == "stage2" and not _audits(session, programme.id, "stage1"):
        raise _violation(
            "a stage 2 audit needs a stage 1 audit first (ISO/IEC 17021-1 9.3.1)",
            "第二阶段审核前须先进行第一阶段审核",
            "audit_sequence",
        )
    if kind not in {"surveillance", "recertification"}:
        return
    cert = session.get(Certificate, programme.certificate_id) if programme.certificate_id else None
    if cert is None:
        raise _violation(
            f"a {kind} audit needs a certificate first",
            "监督或再认证审核须在颁证之后",
            "audit_sequence",
        )
    granted = _grant_date(session, programme)
    first = not _audits(session, programme.id, "surveillance")
    if kind == "surveillance" and first and granted is not None:
        due = c.add_years(granted, 1)
        if plan.start_date > due:
            raise _violation(
                f"the first surveillance audit must take place within 12 months of the "
                f"certification decision ({granted}), by {due} (ISO/IEC 17021-1 9.6.2.2)",
                f"初次监督审核应在认证决定（{granted}）后12个月内，即 {due} 前进行",
                "surveillance_due",
                "start_date",
            )
    if kind == "recertification" and plan.start_date >= cert.expiry_date:
        raise _violation(
            f"recertification must take place before expiry ({cert.expiry_date}) "
            "(ISO/IEC 17021-1 9.6.3.1.1)",
            f"再认证审核应在证书到期（{cert.expiry_date}）前完成",
            "recertification_due",
            "start_date",
        )


def _check_lab_report(session: Session, programme: AuditProgramme, plan: AuditPlan) -> None:
    if plan.kind is not AuditKind.TYPE_TEST:
        return
    if plan.lab_report_id is None:
        raise _violation(
            "type testing needs the lab's test report (lab_report_id)",
            "型式试验须提供检验检测机构的检测报告",
            "lab_report",
            "lab_report_id",
        )
    report = c.get_row(session, LabReport, plan.lab_report_id, "lab report", "检测报告")
    lab = c.get_row(session, Lab, report.lab_id, "lab", "检验检测机构")
    problems = [
        (
            lab.status != "active",
            f"lab {lab.name} is {lab.status}",
            f"检验检测机构状态为 {lab.status}",
        ),
        (
            report.standard not in lab.scope,
            f"{report.standard} is not in the scope of {lab.name}",
            f"{report.standard} 不在 {lab.name} 的资质范围内",
        ),
        (
            report.organization_id != programme.organization_id,
            "the test report is about another organisation",
            "检测报告不属于该申请组织",
        ),
        (report.conclusion != "pass", "the test report does not conclude pass", "检测结论不合格"),
    ]
    for failed, message, message_zh in problems:
        if failed:
            raise _violation(message, message_zh, "lab_report", "lab_report_id")


def _check_days(session: Session, programme: AuditProgramme, plan: AuditPlan) -> list[str]:
    if not programme.audit_time.get("applies"):
        return list(programme.audit_time.get("justification", []))
    app = c.get_row(session, Application, programme.application_id, "application", "认证申请")
    scheme = c.get_row(session, Scheme, programme.scheme_id, "scheme", "认证方案")
    required = audit_time.calculate(
        standard=scheme.standard,
        employees=app.employees,
        complexity=app.complexity,
        sites=max(1, len(app.sites)),
    )
    kind = TIMED_KINDS.get(plan.kind.value)
    if kind is not None:
        try:
            audit_time.check_plan(plan.planned_days, required, kind)
        except audit_time.BelowMinimum as exc:
            raise RuleViolation(
                str(exc), exc.message_zh, rule="audit_time", field="planned_days"
            ) from exc
    return list(required.justification)


def plan_audit(*, session: Session, actor: Actor, programme_id: int, plan: AuditPlan) -> Audit:
    """Plan an audit of a programme (a user of the body), checked against the rules above."""
    programme = c.get_row(session, AuditProgramme, programme_id, "audit programme", "审核方案")
    permissions.require_body(actor, programme.body_id, "plan an audit")
    scheme = c.get_row(session, Scheme, programme.scheme_id, "scheme", "认证方案")
    c.require_approved_body(session, programme.body_id, programme.scheme_id)
    allowed = PRODUCT_KINDS if scheme.kind == "product" else SYSTEM_KINDS
    if plan.kind.value not in allowed:
        raise _violation(
            f"a {scheme.kind} scheme has no {plan.kind.value} audits "
            f"(allowed: {', '.join(sorted(allowed))})",
            f"该类认证方案没有 {plan.kind.value} 类审核",
            "audit_kind",
        )
    _check_sequence(session, programme, plan)
    _check_lab_report(session, programme, plan)
    audit = Audit(
        body_id=programme.body_id,
        programme_id=programme.id,
        kind=plan.kind.value,
        start_date=plan.start_date,
        end_date=plan.end_date,
        planned_days=plan.planned_days,
        lab_report_id=plan.lab_report_id,
        justification=_check_days(session, programme, plan),
        status="planned",
    )
    record(
        session=session,
        actor=actor,
        event_type="audit.planned",
        subject=audit,
        payload={
            **plan.model_dump(mode="json"),
            "programme_id": programme.id,
            "justification": audit.justification,
        },
    )
    return audit


def _check_member(
    session: Session, audit: Audit, scheme_id: int, person_id: int, role: str
) -> Person:
    field = f"members.person_id={person_id}"
    person = c.get_row(session, Person, person_id, "person", "人员")
    c.require_active(person, field)
    days = c.days_between(audit.start_date, audit.end_date)
    c.require_qualified(person, scheme_id, ROLE_GRADES[role], days, field)
    clash = session.scalar(
        select(TeamMember).where(
            TeamMember.person_id == person_id,
            TeamMember.audit_id != audit.id,
            and_(TeamMember.start_date <= audit.end_date, TeamMember.end_date >= audit.start_date),
        )
    )
    if clash is not None:
        raise RuleViolation(
            f"{person.name} ({person.registration_number}) is already booked on audit "
            f"{clash.audit_id} from {clash.start_date} to {clash.end_date}",
            f"{person.name}（{person.registration_number}）已安排在 {clash.start_date} 至 "
            f"{clash.end_date} 的审核 {clash.audit_id} 中",
            rule="double_booking",
            field=field,
        )
    return person


def _check_sectors(session: Session, audit: Audit, scheme_id: int, people: list[Person]) -> None:
    programme = c.get_row(
        session, AuditProgramme, audit.programme_id, "audit programme", "审核方案"
    )
    app = c.get_row(session, Application, programme.application_id, "application", "认证申请")
    covered: set[int] = set()
    for person in people:
        for q in person.qualifications:
            if q.scheme_id == scheme_id and q.valid_from <= audit.start_date <= q.valid_to:
                covered.update(q.sectors)
    missing = sorted(set(app.sectors) - covered)
    if missing:
        raise RuleViolation(
            f"nobody on the team is qualified for IAF sector(s) {missing} of the application",
            f"审核组成员均不具备申请所涉 IAF 专业代码 {missing} 的能力",
            rule="sector_competence",
            field="members",
        )


def set_team(*, session: Session, actor: Actor, audit_id: int, team: TeamSet) -> Audit:
    """Set an audit's team: one lead auditor, everyone active, qualified and free on the dates."""
    audit = c.get_row(session, Audit, audit_id, "audit", "审核")
    permissions.require_body(actor, audit.body_id, "set an audit team")
    if audit.status not in {"planned", "team-set"}:
        raise Conflict(
            f"audit {audit.id} is {audit.status}; its team can no longer change",
            f"审核 {audit.id} 状态为 {audit.status}，不能再调整审核组",
            rule="state",
            field="status",
        )
    leads = [m for m in team.members if m.role.value == "lead-auditor"]
    if len(leads) != 1:
        raise RuleViolation(
            f"an audit team has exactly one lead auditor, not {len(leads)}",
            f"审核组应有且仅有一名审核组长，实际为 {len(leads)} 名",
            rule="lead_auditor",
            field="members",
        )
    programme = c.get_row(
        session, AuditProgramme, audit.programme_id, "audit programme", "审核方案"
    )
    people = [
        _check_member(session, audit, programme.scheme_id, m.person_id, m.role.value)
        for m in team.members
    ]
    _check_sectors(session, audit, programme.scheme_id, people)
    replaced = list(audit.team)
    audit.team = [
        TeamMember(
            person_id=m.person_id,
            role=m.role.value,
            start_date=audit.start_date,
            end_date=audit.end_date,
        )
        for m in team.members
    ]
    audit.status = "team-set"
    record(
        session=session,
        actor=actor,
        event_type="audit.team_set",
        subject=audit,
        payload={"members": [m.model_dump(mode="json") for m in team.members]},
        related=[*replaced, *audit.team],
    )
    return audit


def lead_auditor(audit: Audit) -> int | None:
    """The person id of an audit's lead auditor."""
    return next((m.person_id for m in audit.team if m.role == "lead-auditor"), None)
