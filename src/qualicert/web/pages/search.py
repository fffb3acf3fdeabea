"""``/search``: certificates by number, any part of a holder's name (zh or en) or USCC.

A plain GET form, so it works with JavaScript off and every result page has an address
that can be shared. Filters: scheme, status, region (GB/T 2260 prefix) and body.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from qualicert.certification import lifecycle
from qualicert.certification import service as certification
from qualicert.certification.service import listing
from qualicert.errors import QualicertError
from qualicert.registry import service as registry
from qualicert.web.deps import DbDep
from qualicert.web.pages import texts
from qualicert.web.pages.common import PAGE_SIZE, clean_query, page_count, page_number
from qualicert.web.pages.rendering import language, render

router = APIRouter()
STATUSES = [s.value for s in lifecycle.Status]


def _filters(request: Request) -> dict[str, Any]:
    params = request.query_params
    return {
        "q": clean_query(params.get("q")),
        "scheme": params.get("scheme", "")[:32],
        "status": params.get("status", "") if params.get("status") in STATUSES else "",
        "region": "".join(ch for ch in params.get("region", "") if ch.isdigit())[:6],
        "body": clean_query(params.get("body"))[:32],
        "page": page_number(params.get("page")),
    }


def _body_id(session: Session, given: str) -> int | None:
    """A body given by id (as body pages link) or by approval number (as people type it)."""
    if not given:
        return None
    if given.isdigit() and len(given) <= 9:  # an id fits the database's integer
        return int(given)
    return registry.body_id_for(session=session, approval_number=given)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, db: DbDep) -> HTMLResponse:
    """One page of matching certificates, newest first, with the filters kept."""
    f = _filters(request)
    searched = any(f[k] for k in ("q", "scheme", "status", "region", "body"))
    rows: list[listing.Summary] = []
    total, error = 0, ""
    with db.session() as session:
        body_id = _body_id(session, f["body"])
        if f["body"] and body_id is None:
            error = texts.text("unknown_body", language(request), body=f["body"])
        elif searched:
            try:
                found, total = certification.list_certificates(
                    session=session,
                    q=f["q"] or None,
                    status=f["status"] or None,
                    scheme=f["scheme"] or None,
                    body_id=body_id,
                    region=f["region"] or None,
                    page=f["page"],
                    page_size=PAGE_SIZE,
                )
                rows = listing.summaries(session=session, certificates=found)
            except QualicertError as exc:
                error = exc.message_zh if language(request) == "zh" else exc.message
        schemes, _ = registry.list_schemes(session=session, page_size=200)
        context = {
            **f,
            "searched": searched,
            "rows": rows,
            "total": total,
            "pages": page_count(total),
            "error": error,
            "schemes": schemes,
            "statuses": STATUSES,
        }
        return render(request, "search.html", context)
