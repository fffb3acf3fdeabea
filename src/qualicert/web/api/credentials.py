"""Signed credentials over HTTP: a certificate's VC and QR, the trust list, verification.

Verification always answers 200 with a verdict (VALID, NOT_CURRENT, TAMPERED,
UNKNOWN_ISSUER, NOT_FOUND, MALFORMED) and its messages in English and Chinese: a verdict is
the answer, not an error.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict

from qualicert.accounts.actor import system_actor
from qualicert.certification import service as certification
from qualicert.credentials import qr, trust, verify
from qualicert.credentials import service as credentials
from qualicert.errors import InvalidInput
from qualicert.ledger import note
from qualicert.web import caching
from qualicert.web.deps import DbDep, get_settings

router = APIRouter(tags=["credentials"])
ACTOR = system_actor("credentials")


def _payload(request: Request, db: DbDep, number: str, body: int | None) -> str:
    var_dir = get_settings(request).var_dir
    with db.session() as session:
        cert = certification.find(session=session, number=number, body_id=body)
        return credentials.qr_payload(
            session=session, actor=ACTOR, certificate=cert, var_dir=var_dir
        )


@router.get("/certificates/{number}/credential.json")
def credential(number: str, request: Request, db: DbDep, body: int | None = None) -> Response:
    """The W3C Verifiable Credential 2.0 with an eddsa-jcs-2022 proof by the issuing body."""
    var_dir = get_settings(request).var_dir
    with db.session() as session:
        cert = certification.find(session=session, number=number, body_id=body)
        signed = credentials.credential(
            session=session, actor=ACTOR, certificate=cert, var_dir=var_dir
        )
    return caching.cached_json(request, signed)


@router.get("/certificates/{number}/qr.txt", response_class=PlainTextResponse)
def qr_text(number: str, request: Request, db: DbDep, body: int | None = None) -> Response:
    """The QR payload ``QC1:...`` (COSE_Sign1, zlib, base45)."""
    text = _payload(request, db, number, body) + "\n"
    return caching.cached(request, text.encode("ascii"), "text/plain; charset=utf-8")


@router.get("/certificates/{number}/qr.png", response_class=Response)
def qr_png(number: str, request: Request, db: DbDep, body: int | None = None) -> Response:
    """The QR code as PNG (error level Q, version 20 at most)."""
    return caching.cached(request, qr.png(_payload(request, db, number, body)), "image/png")


@router.get("/certificates/{number}/qr.svg", response_class=Response)
def qr_svg(number: str, request: Request, db: DbDep, body: int | None = None) -> Response:
    """The QR code as SVG."""
    svg = qr.svg(_payload(request, db, number, body)).encode("utf-8")
    return caching.cached(request, svg, "image/svg+xml")


@router.get("/trust-list", response_class=PlainTextResponse)
def trust_list(request: Request, db: DbDep) -> Response:
    """The signed trust list: a C2SP signed note (log key) whose text is RFC 8785 JSON."""
    name, key = request.app.state.log_key
    with db.session() as session:
        data = trust.build(session=session, log_vkey=note.verifier_for(name, key).vkey)
    return PlainTextResponse(
        trust.sign(data, name, key), headers={"Cache-Control": "public, max-age=60"}
    )


@router.get("/verify/{number}")
def verify_number(number: str, request: Request, db: DbDep, body: int | None = None) -> Response:
    """Look a certificate number up: VALID, NOT_CURRENT (with the date) or NOT_FOUND."""
    with db.session() as session:
        found = verify.verify_number(session=session, number=number, body_id=body)
    return caching.cached_json(request, found.as_dict())


class VerifyRequest(BaseModel):
    """A QR payload (``QC1:...``) or a VC JSON object: exactly one of them."""

    model_config = ConfigDict(extra="forbid")
    qr: str | None = None
    credential: dict[str, Any] | None = None


@router.post("/verify")
def verify_credential(request: VerifyRequest, db: DbDep) -> dict[str, Any]:
    """Check a credential's signature against the published body keys, then its status."""
    if (request.qr is None) == (request.credential is None):
        raise InvalidInput(
            "send exactly one of qr or credential",
            "请提供 qr 或 credential 其中之一",
            rule="one_of",
            field="qr",
        )
    with db.session() as session:
        online = verify.OnlineTrust(session)
        if request.qr is not None:
            return verify.verify_qr(request.qr, online).as_dict()
        assert request.credential is not None
        return verify.verify_vc(request.credential, online).as_dict()
