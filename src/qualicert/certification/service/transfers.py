"""Certificate transfer to another certification body (IAF MD 2)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.certification.models import Certificate
from qualicert.certification.schemas import TransferReview
from qualicert.certification.service import _common as c
from qualicert.certification.service.certificates import apply_transition
from qualicert.errors import Conflict, RuleViolation
from qualicert.ledger.service import record
from qualicert.registry.models import Person


def transfer(
    *, session: Session, actor: Actor, certificate_id: int, review: TransferReview
) -> Certificate:
    """Transfer to another body after its pre-transfer review (IAF MD 2); never while suspended."""
    cert = c.get_row(session, Certificate, certificate_id, "certificate", "证书")
    permissions.require_body(actor, review.to_body_id, "accept a certificate transfer")
    if review.to_body_id == cert.body_id:
        raise RuleViolation(
            "a transfer goes to another body",
            "证书转换须转至其他认证机构",
            rule="transfer_target",
            field="to_body_id",
        )
    c.require_approved_body(session, review.to_body_id, cert.scheme_id)
    reviewer = c.get_row(session, Person, review.reviewed_by, "person", "人员")
    c.require_active(reviewer, "reviewed_by")
    c.require_qualified(
        reviewer, cert.scheme_id, c.DECISION_GRADES, [review.reviewed_on], "reviewed_by"
    )
    number = review.new_number or cert.number
    if session.scalar(
        select(Certificate.id).where(
            Certificate.body_id == review.to_body_id, Certificate.number == number
        )
    ):
        raise Conflict(
            f"number {number} is already used by the receiving body",
            f"接收机构已使用证书编号 {number}",
            rule="unique",
            field="new_number",
        )
    details = {
        "from_body_id": cert.body_id,
        "to_body_id": review.to_body_id,
        "old_number": cert.number,
        "new_number": number,
        "review": review.model_dump(mode="json"),
    }
    apply_transition(
        session=session,
        actor=actor,
        certificate=cert,
        transition="transfer",
        reason_code="T01",
        reason=review.findings,
        effective_date=review.reviewed_on,
        signer_id=reviewer.id,
        details=details,
    )
    cert.body_id = review.to_body_id
    cert.number = number
    record(
        session=session,
        actor=actor,
        event_type="certificate.transferred",
        subject=cert,
        signer_person_id=reviewer.id,
        payload=details,
    )
    return cert
