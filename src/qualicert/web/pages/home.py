"""The home page: one search box, headline figures and the latest checkpoint of the log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from qualicert.certification.service import listing
from qualicert.ledger import service as ledger
from qualicert.registry import service as registry
from qualicert.web.api.ledger import signed_checkpoint
from qualicert.web.deps import DbDep
from qualicert.web.pages.rendering import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DbDep) -> HTMLResponse:
    """Search box, figures (certificates by status, organisations, bodies, events), checkpoint."""
    checkpoint = signed_checkpoint(request, db)
    with db.session() as session:
        by_status = listing.count_by_status(session=session)
        figures = {
            "active": by_status.get("active", 0),
            "certificates": sum(by_status.values()),
            "organizations": registry.list_organizations(session=session, page_size=1)[1],
            "bodies": registry.list_bodies(session=session, page_size=1)[1],
            "events": ledger.count(session=session),
        }
    return render(request, "home.html", {"figures": figures, "checkpoint": checkpoint})
