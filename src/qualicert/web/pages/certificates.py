"""``/certificates/{number}``: every field, the status history, the QR code, the downloads,
and the "check the log" action, which proves each of the certificate's events in the signed
transparency log on the server and says whether every proof held.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from qualicert.certification import service as certification
from qualicert.certification.service import log_check
from qualicert.errors import Conflict, NotFound
from qualicert.web.deps import DbDep
from qualicert.web.pages.common import message_page
from qualicert.web.pages.rendering import language, render

router = APIRouter()


@router.get("/certificates/{number}", response_model=None)
def certificate_page(
    request: Request, number: str, db: DbDep, body: int | None = None, check: str = ""
) -> Response:
    """The public page of one certificate (``?body=`` when two bodies use the number)."""
    name, key = request.app.state.log_key
    try:
        with db.session() as session:
            cert = certification.find(session=session, number=number, body_id=body)
            result = (
                log_check.check(session=session, certificate=cert, log_name=name, log_key=key)
                if check == "log"
                else None
            )
            context: dict[str, Any] = {
                "c": certification.public_view(session=session, certificate=cert),
                "history": certification.public_history(session=session, certificate=cert),
                "api": f"/api/v1/certificates/{quote(cert.number, safe='')}",
                "body_query": f"?body={cert.body_id}",
                "check": result,
                "leaves": result.leaf_indices
                if result
                else log_check.leaf_indices(session=session, certificate=cert),
            }
    except Conflict:  # several bodies use this number: let the visitor choose
        return RedirectResponse(f"/search?q={quote(number, safe='')}", status_code=303)
    except NotFound as exc:
        text = exc.message_zh if language(request) == "zh" else exc.message
        return message_page(request, "not_found_title", text, 404)
    return render(request, "certificate.html", context)
