"""/api/v1/applications, /programmes, /audits, /decisions: how a certificate comes to exist."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from qualicert.certification import service
from qualicert.certification.schemas import (
    ApplicationCreate,
    ApplicationDecision,
    ApplicationRead,
    AuditPlan,
    AuditRead,
    DecisionCreate,
    DecisionRead,
    LabReportCreate,
    LabReportRead,
    ProgrammeRead,
    ReportRead,
    ReportSign,
    TeamSet,
)
from qualicert.certification.service import applications as apps
from qualicert.registry.schemas import Page
from qualicert.web.deps import ActorDep, DbDep, PagingDep

router = APIRouter(tags=["certification"])


@router.post("/applications", status_code=status.HTTP_201_CREATED)
def submit_application(data: ApplicationCreate, db: DbDep, actor: ActorDep) -> ApplicationRead:
    """An organisation applies to a body for a scheme."""
    with db.session() as session:
        row = service.submit_application(session=session, actor=actor, data=data)
        return ApplicationRead.model_validate(row)


@router.get("/applications")
def list_applications(
    db: DbDep,
    actor: ActorDep,
    paging: PagingDep,
    body: int | None = None,
    status: str | None = None,
) -> Page[ApplicationRead]:
    """Applications the token may see."""
    with db.session() as session:
        rows, total = service.list_applications(
            session=session,
            actor=actor,
            body_id=body,
            status=status,
            page=paging.page,
            page_size=paging.page_size,
        )
        items = [ApplicationRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.get("/applications/{application_id}")
def get_application(application_id: int, db: DbDep, actor: ActorDep) -> dict[str, Any]:
    """One application and the programme opened for it."""
    with db.session() as session:
        row = apps.get_application(session=session, actor=actor, application_id=application_id)
        programme = service.programme_of(session=session, application_id=row.id)
        return {
            **ApplicationRead.model_validate(row).model_dump(mode="json"),
            "programme_id": programme.id if programme else None,
        }


@router.post("/applications/{application_id}/decision")
def decide_application(
    application_id: int, decision: ApplicationDecision, db: DbDep, actor: ActorDep
) -> dict[str, Any]:
    """The body accepts (opening the audit programme with its audit time) or rejects."""
    with db.session() as session:
        row = service.decide_application(
            session=session, actor=actor, application_id=application_id, decision=decision
        )
        programme = service.programme_of(session=session, application_id=row.id)
        return {
            **ApplicationRead.model_validate(row).model_dump(mode="json"),
            "programme_id": programme.id if programme else None,
        }


@router.get("/programmes/{programme_id}")
def get_programme(programme_id: int, db: DbDep, actor: ActorDep) -> ProgrammeRead:
    """An audit programme with its audit time and justification."""
    with db.session() as session:
        row = apps.get_programme(session=session, actor=actor, programme_id=programme_id)
        return ProgrammeRead.model_validate(row)


@router.post("/programmes/{programme_id}/audits", status_code=status.HTTP_201_CREATED)
def plan_audit(programme_id: int, plan: AuditPlan, db: DbDep, actor: ActorDep) -> AuditRead:
    """Plan an audit; below the IAF MD 5 minimum or out of sequence is refused."""
    with db.session() as session:
        row = service.plan_audit(session=session, actor=actor, programme_id=programme_id, plan=plan)
        return AuditRead.model_validate(row)


@router.get("/audits/{audit_id}")
def get_audit(audit_id: int, db: DbDep, actor: ActorDep) -> dict[str, Any]:
    """An audit with its plan, justification, team and signed report."""
    with db.session() as session:
        row = apps.get_audit(session=session, actor=actor, audit_id=audit_id)
        report = service.report_of(session=session, audit_id=row.id)
        members = [{"person_id": m.person_id, "role": m.role} for m in row.team]
        return {
            **AuditRead.model_validate(row).model_dump(mode="json"),
            "team": members,
            "report": ReportRead.model_validate(report).model_dump(mode="json") if report else None,
        }


@router.put("/audits/{audit_id}/team")
def set_team(audit_id: int, team: TeamSet, db: DbDep, actor: ActorDep) -> dict[str, Any]:
    """Set the audit team; each violation is refused naming the person and the rule."""
    with db.session() as session:
        row = service.set_team(session=session, actor=actor, audit_id=audit_id, team=team)
        members = [{"person_id": m.person_id, "role": m.role} for m in row.team]
        return {**AuditRead.model_validate(row).model_dump(mode="json"), "team": members}


@router.post("/audits/{audit_id}/report", status_code=status.HTTP_201_CREATED)
def sign_report(audit_id: int, report: ReportSign, db: DbDep, actor: ActorDep) -> ReportRead:
    """The lead auditor signs the audit report."""
    with db.session() as session:
        row = service.sign_report(session=session, actor=actor, audit_id=audit_id, report=report)
        return ReportRead.model_validate(row)


@router.post("/decisions", status_code=status.HTTP_201_CREATED)
def decide(data: DecisionCreate, db: DbDep, actor: ActorDep) -> DecisionRead:
    """A decision maker who was not on the team signs a decision."""
    with db.session() as session:
        return DecisionRead.model_validate(service.decide(session=session, actor=actor, data=data))


@router.post("/labs/{lab_id}/reports", status_code=status.HTTP_201_CREATED)
def add_lab_report(lab_id: int, data: LabReportCreate, db: DbDep, actor: ActorDep) -> LabReportRead:
    """A lab records a test report backing a product certificate."""
    with db.session() as session:
        row = service.add_lab_report(session=session, actor=actor, lab_id=lab_id, data=data)
        return LabReportRead.model_validate(row)
