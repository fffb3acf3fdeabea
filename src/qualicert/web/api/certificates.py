"""/api/v1/certificates: public search, view and status history; status changes and transfers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from qualicert.certification import lifecycle, service
from qualicert.certification.schemas import TransferReview, TransitionRequest
from qualicert.web import caching
from qualicert.web.deps import ActorDep, DbDep, PagingDep

router = APIRouter(tags=["certificates"])


@router.get("/certificates")
def list_certificates(
    db: DbDep,
    paging: PagingDep,
    q: str | None = None,
    status: str | None = None,
    scheme: str | None = None,
    body: int | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """Search by number, holder name (any part, zh or en) or USCC; filter by status and more."""
    with db.session() as session:
        rows, total = service.list_certificates(
            session=session,
            q=q,
            status=status,
            scheme=scheme,
            body_id=body,
            region=region,
            page=paging.page,
            page_size=paging.page_size,
        )
        items = [service.public_view(session=session, certificate=r) for r in rows]
    return {"items": items, "total": total, "page": paging.page, "page_size": paging.page_size}


@router.get("/certificates/{number}")
def get_certificate(number: str, request: Request, db: DbDep, body: int | None = None) -> Response:
    """One certificate (``?body=`` when two bodies use the same number); ETag, cacheable."""
    with db.session() as session:
        cert = service.find(session=session, number=number, body_id=body)
        view = service.public_view(session=session, certificate=cert)
    return caching.cached_json(request, view)


@router.get("/certificates/{number}/history")
def get_history(number: str, request: Request, db: DbDep, body: int | None = None) -> Response:
    """What changed, when, why and who signed; ETag, cacheable."""
    with db.session() as session:
        cert = service.find(session=session, number=number, body_id=body)
        entries = service.public_history(session=session, certificate=cert)
        view = {"number": cert.number, "status": cert.status, "history": entries}
    return caching.cached_json(request, view)


@router.post("/certificates/{number}/status")
def change_status(
    number: str, request: TransitionRequest, db: DbDep, actor: ActorDep, body: int | None = None
) -> dict[str, Any]:
    """Suspend, reinstate, withdraw or cancel, with a reason code and a signer."""
    with db.session() as session:
        cert = service.find(session=session, number=number, body_id=body)
        cert = service.change_status(
            session=session, actor=actor, certificate_id=cert.id, request=request
        )
        return service.public_view(session=session, certificate=cert)


@router.post("/certificates/{number}/transfer")
def transfer(
    number: str, review: TransferReview, db: DbDep, actor: ActorDep, body: int | None = None
) -> dict[str, Any]:
    """The receiving body records its pre-transfer review and takes the certificate over."""
    with db.session() as session:
        cert = service.find(session=session, number=number, body_id=body)
        cert = service.transfer(session=session, actor=actor, certificate_id=cert.id, review=review)
        return service.public_view(session=session, certificate=cert)


@router.get("/reason-codes")
def reason_codes() -> list[dict[str, Any]]:
    """The published reason codes for status changes."""
    return [
        {
            "code": r.code,
            "transitions": sorted(t.value for t in r.transitions),
            "text": r.text,
            "text_zh": r.text_zh,
        }
        for r in lifecycle.REASON_CODES.values()
    ]
