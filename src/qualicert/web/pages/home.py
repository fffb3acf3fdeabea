"""The home page: one search box over the registry, and what the platform offers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from qualicert.ledger import service as ledger
from qualicert.registry import service
from qualicert.web.deps import DbDep

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, db: DbDep, q: Annotated[str | None, Query(max_length=100)] = None
) -> HTMLResponse:
    """Search organisations and bodies by part of a name, USCC or approval number."""
    with db.session() as session:
        orgs, org_total = (
            service.list_organizations(session=session, q=q, page_size=20) if q else ([], 0)
        )
        bodies, _ = service.list_bodies(session=session, q=q, page_size=10) if q else ([], 0)
        figures = {
            "organizations": service.list_organizations(session=session, page_size=1)[1],
            "bodies": service.list_bodies(session=session, page_size=1)[1],
            "events": ledger.count(session=session),
        }
        context = {
            "q": q or "",
            "orgs": orgs,
            "org_total": org_total,
            "bodies": bodies,
            "figures": figures,
        }
        return templates.TemplateResponse(request, "home.html", context)
