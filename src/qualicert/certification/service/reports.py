"""Audit reports signed by the lead auditor, and labs' test reports behind product certificates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.certification.models import Audit, AuditReport, LabReport
from qualicert.certification.schemas import LabReportCreate, ReportSign
from qualicert.certification.service import _common as c
from qualicert.certification.service.audits import lead_auditor
from qualicert.errors import Conflict, RuleViolation
from qualicert.ledger.service import record
from qualicert.registry.models import Lab, Organization


def sign_report(
    *, session: Session, actor: Actor, audit_id: int, report: ReportSign
) -> AuditReport:
    """The lead auditor signs an audit's report with its findings (only once)."""
    audit = c.get_row(session, Audit, audit_id, "audit", "审核")
    signer = c.resolve_signer(session, actor, audit.body_id, report.signed_by, "sign a report")
    lead = lead_auditor(audit)
    if lead is None:
        raise RuleViolation(
            f"audit {audit.id} has no team yet; set one before reporting",
            f"审核 {audit.id} 尚未组建审核组",
            rule="team_required",
            field="audit_id",
        )
    if signer.id != lead:
        raise RuleViolation(
            f"{signer.name} ({signer.registration_number}) is not the lead auditor of audit "
            f"{audit.id}; only the lead auditor signs its report",
            f"{signer.name}（{signer.registration_number}）不是审核 {audit.id} 的审核组长，"
            "无权签署审核报告",
            rule="signer",
            field="signed_by",
        )
    c.require_active(signer, "signed_by")
    if session.scalar(select(AuditReport.id).where(AuditReport.audit_id == audit.id)):
        raise Conflict(
            f"audit {audit.id} already has a signed report",
            f"审核 {audit.id} 的报告已签署",
            rule="state",
            field="audit_id",
        )
    signed_on = report.signed_on or max(audit.end_date, dt.date.today())
    if signed_on < audit.end_date:
        raise RuleViolation(
            f"a report cannot be signed ({signed_on}) before the audit ends ({audit.end_date})",
            "报告签署日期不得早于审核结束日期",
            rule="date_order",
            field="signed_on",
        )
    row = AuditReport(
        body_id=audit.body_id,
        audit_id=audit.id,
        signed_by=signer.id,
        signed_on=signed_on,
        recommendation=report.recommendation.value,
        findings=[f.model_dump(mode="json") for f in report.findings],
        summary=report.summary,
    )
    audit.status = "reported"
    record(
        session=session,
        actor=actor,
        event_type="audit.report_signed",
        subject=row,
        signer_person_id=signer.id,
        related=[audit],
        payload={
            "audit_id": audit.id,
            "recommendation": row.recommendation,
            "findings": row.findings,
            "signed_on": signed_on,
        },
    )
    return row


def report_of(*, session: Session, audit_id: int) -> AuditReport | None:
    """The signed report of an audit, if any."""
    return session.scalar(select(AuditReport).where(AuditReport.audit_id == audit_id))


def open_majors(report: AuditReport) -> list[str]:
    """Descriptions of major nonconformities not yet closed."""
    return [
        f["description"]
        for f in report.findings
        if f.get("grade") == "major" and not f.get("closed_on")
    ]


def add_lab_report(
    *, session: Session, actor: Actor, lab_id: int, data: LabReportCreate
) -> LabReport:
    """A lab records a test report (its own staff, or a regulator of its region)."""
    lab = c.get_row(session, Lab, lab_id, "lab", "检验检测机构")
    permissions.require_lab(actor, lab.id, lab.region_code, "issue a test report")
    c.get_row(session, Organization, data.organization_id, "organisation", "组织")
    if lab.status != "active":
        raise RuleViolation(
            f"lab {lab.name} is {lab.status} and may not issue reports",
            f"检验检测机构 {lab.name} 状态为 {lab.status}，不得出具报告",
            rule="lab_status",
            field="lab_id",
        )
    row = LabReport(lab_id=lab.id, **data.model_dump())
    record(
        session=session,
        actor=actor,
        event_type="lab_report.issued",
        subject=row,
        payload={"lab_id": lab.id, **data.model_dump(mode="json")},
    )
    return row
