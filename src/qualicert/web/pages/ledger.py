"""``/ledger``: how the transparency log works and how anyone can audit it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from qualicert.web.api.ledger import signed_checkpoint
from qualicert.web.deps import DbDep
from qualicert.web.pages.rendering import render

router = APIRouter()


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(request: Request, db: DbDep) -> HTMLResponse:
    """The explanation, the audit command and the current signed checkpoint."""
    base_url = str(request.base_url).rstrip("/")
    context = {"checkpoint": signed_checkpoint(request, db), "base_url": base_url}
    return render(request, "ledger.html", context)
