"""Public reads of certificates: search, the public view and the public history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from qualicert.certification import search
from qualicert.certification.models import Certificate, StatusChange
from qualicert.db import paginate
from qualicert.registry.models import CertificationBody, Organization, Person, Scheme
from qualicert.registry.reference import region_prefix


def list_certificates(
    *,
    session: Session,
    q: str | None = None,
    status: str | None = None,
    scheme: str | None = None,
    body_id: int | None = None,
    region: str | None = None,
    organization_id: int | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Certificate], int]:
    """Certificates by number, holder name (zh or en) or USCC, with filters."""
    query = select(Certificate).order_by(Certificate.id.desc())
    match = search.matching(session=session, q=q) if q else None
    if match is not None:
        query = query.where(match)
    if status:
        query = query.where(Certificate.status == status)
    if scheme:
        codes = select(Scheme.id).where(or_(Scheme.code == scheme, Scheme.standard == scheme))
        query = query.where(Certificate.scheme_id.in_(codes))
    if body_id is not None:
        query = query.where(Certificate.body_id == body_id)
    if organization_id is not None:
        query = query.where(Certificate.organization_id == organization_id)
    if region:
        in_region = select(Organization.id).where(
            Organization.region_code.startswith(region_prefix(region), autoescape=True)
        )
        query = query.where(Certificate.organization_id.in_(in_region))
    return paginate(session, query, page, page_size)


def public_view(*, session: Session, certificate: Certificate) -> dict[str, Any]:
    """Every field a certificate must show (ISO/IEC 17021-1 8.2.2), with holder, body, scheme."""
    org = session.get(Organization, certificate.organization_id)
    body = session.get(CertificationBody, certificate.body_id)
    scheme = session.get(Scheme, certificate.scheme_id)
    assert org is not None
    assert body is not None
    assert scheme is not None
    return {
        "number": certificate.number,
        "status": certificate.status,
        "status_since": certificate.status_since,
        "holder": {
            "uscc": org.uscc,
            "name": org.name,
            "name_en": org.name_en,
            "region_code": org.region_code,
            "address": org.address,
        },
        "body": {
            "id": body.id,
            "approval_number": body.approval_number,
            "name": body.name,
            "name_en": body.name_en,
            "status": body.status,
        },
        "scheme": {
            "code": scheme.code,
            "name": scheme.name,
            "name_en": scheme.name_en,
            "kind": scheme.kind,
        },
        "standard": certificate.standard,
        "scope": certificate.scope,
        "scope_en": certificate.scope_en,
        "sites": certificate.sites,
        "sectors": certificate.sectors,
        "issue_date": certificate.issue_date,
        "expiry_date": certificate.expiry_date,
        "original_issue_date": certificate.original_issue_date,
        "source": certificate.source,
    }


def _signer(session: Session, person_id: int | None) -> dict[str, Any] | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None:
        return None
    return {
        "person_id": person.id,
        "name": person.name,
        "registration_number": person.registration_number,
    }


def public_history(*, session: Session, certificate: Certificate) -> list[dict[str, Any]]:
    """What changed, when, why (reason code and text) and who signed, oldest first."""
    query = (
        select(StatusChange)
        .where(StatusChange.certificate_id == certificate.id)
        .order_by(StatusChange.id)
    )
    return [
        {
            "transition": e.transition,
            "from_status": e.from_status,
            "status": e.to_status,
            "effective_date": e.effective_date,
            "reason_code": e.reason_code,
            "reason": e.reason,
            "signed_by": _signer(session, e.signed_by),
            "details": e.details,
            "recorded_at": e.recorded_at,
        }
        for e in session.scalars(query)
    ]
