"""``/verify``: check a certificate by number, QR payload, QR image or credential file.

The verdict is shown in words and in a colour of its own; NOT_FOUND is neutral, never the red
of TAMPERED, so "we do not know this number" never reads as "this is forged". The forms work
with JavaScript off (a GET for the number, a multipart POST for the rest).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from qualicert.credentials import qr, verify
from qualicert.credentials.verdicts import Result
from qualicert.web.deps import DbDep
from qualicert.web.pages import texts
from qualicert.web.pages.common import clean_query
from qualicert.web.pages.rendering import language, render

router = APIRouter()
MAX_UPLOAD = 5 * 1024 * 1024


@router.get("/verify", response_class=HTMLResponse)
def verify_form(request: Request, db: DbDep, number: str = "") -> HTMLResponse:
    """The form; with ``?number=`` also the verdict for that number."""
    number = clean_query(number)
    result = None
    if number:
        with db.session() as session:
            result = verify.verify_number(session=session, number=number)
    return render(request, "verify.html", {"result": result, "number": number, "payload": ""})


async def _read(upload: UploadFile | None) -> bytes:
    if upload is None or not upload.filename:
        return b""
    return await upload.read(MAX_UPLOAD + 1)


def _judge(db: DbDep, payload: str, image: bytes, credential: bytes) -> Result | str:
    """The verdict, or the key of a message saying why there is none."""
    if len(image) > MAX_UPLOAD or len(credential) > MAX_UPLOAD:
        return "verify_too_large"
    if image and not payload:
        try:
            found = [text for text in qr.read_image(image) if text.strip()]
        except (OSError, ValueError):  # Pillow cannot read it as an image
            return "verify_not_image"
        if not found:
            return "verify_no_qr"
        payload = found[0]
    with db.session() as session:
        trust = verify.OnlineTrust(session)
        if payload:
            return verify.verify_qr(payload.strip(), trust)
        if credential:
            try:
                document = json.loads(credential)
            except (UnicodeDecodeError, ValueError):
                return "verify_bad_json"
            if not isinstance(document, dict):
                return "verify_bad_json"
            return verify.verify_vc(document, trust)
    return "verify_nothing"


@router.post("/verify", response_class=HTMLResponse)
async def verify_upload(request: Request, db: DbDep) -> HTMLResponse:
    """Verify a pasted QR payload, an uploaded QR image or an uploaded credential JSON."""
    form = await request.form()
    payload = str(form.get("payload") or "")[:10_000]
    image = form.get("image")
    credential = form.get("credential")
    image_bytes = await _read(image if isinstance(image, UploadFile) else None)
    vc_bytes = await _read(credential if isinstance(credential, UploadFile) else None)
    outcome = await run_in_threadpool(_judge, db, payload, image_bytes, vc_bytes)
    context: dict[str, Any] = {"number": "", "payload": payload, "result": None, "error": ""}
    if isinstance(outcome, Result):
        context["result"] = outcome
    else:
        context["error"] = texts.text(outcome, language(request))
    status = 200 if context["result"] else 422
    return render(request, "verify.html", context, status_code=status)
