"""Directories of certification bodies, labs and auditors: public fields only.

A body's page lists the certificates it issued with their status; an auditor's page their
qualifications (scheme, grade, IAF sectors, validity) and status; a lab's page its numbers,
scope and status. Nothing private (e-mail, user accounts, keys) is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from qualicert.certification import service as certification
from qualicert.certification.service import listing
from qualicert.errors import NotFound
from qualicert.registry import service as registry
from qualicert.web.deps import DbDep
from qualicert.web.pages import texts
from qualicert.web.pages.common import (
    PAGE_SIZE,
    clean_query,
    message_page,
    page_count,
    page_number,
)
from qualicert.web.pages.rendering import language, render

router = APIRouter()


def _directory(
    request: Request,
    heading_key: str,
    lister: Callable[..., tuple[list[Any], int]],
    columns: list[str],
    link: Callable[[Any], str],
    db: DbDep,
) -> HTMLResponse:
    q = clean_query(request.query_params.get("q"))
    page = page_number(request.query_params.get("page"))
    with db.session() as session:
        rows, total = lister(session=session, q=q or None, page=page, page_size=PAGE_SIZE)
        context = {
            "heading": texts.text(heading_key, language(request)),
            "q": q,
            "rows": rows,
            "total": total,
            "page": page,
            "pages": page_count(total),
            "columns": columns,
            "link": link,
            "cell": lambda row, col: getattr(row, col, "") or "",
        }
        return render(request, "directory.html", context)


def _scheme_codes(session: Session) -> dict[int, str]:
    return {s.id: s.code for s in registry.list_schemes(session=session, page_size=500)[0]}


def _missing(request: Request, exc: NotFound) -> HTMLResponse:
    text = exc.message_zh if language(request) == "zh" else exc.message
    return message_page(request, "not_found_title", text, 404)


@router.get("/bodies", response_class=HTMLResponse)
def bodies(request: Request, db: DbDep) -> HTMLResponse:
    """Certification bodies by name or approval number."""
    columns = ["name", "approval_number", "accreditation_number"]
    return _directory(
        request, "nav_bodies", registry.list_bodies, columns, lambda b: f"/bodies/{b.id}", db
    )


@router.get("/bodies/{body_id}", response_class=HTMLResponse)
def body_page(request: Request, body_id: int, db: DbDep) -> HTMLResponse:
    """A body, its scope and the certificates it issued, newest first."""
    page = page_number(request.query_params.get("page"))
    try:
        with db.session() as session:
            body = registry.get_body(session=session, body_id=body_id)
            found, total = certification.list_certificates(
                session=session, body_id=body_id, page=page, page_size=PAGE_SIZE
            )
            context = {
                "b": body,
                "counts": listing.count_by_status(session=session, body_id=body_id),
                "schemes": _scheme_codes(session),
                "rows": listing.summaries(session=session, certificates=found),
                "page": page,
                "pages": page_count(total),
            }
            return render(request, "body.html", context)
    except NotFound as exc:
        return _missing(request, exc)


@router.get("/labs", response_class=HTMLResponse)
def labs(request: Request, db: DbDep) -> HTMLResponse:
    """Inspection and testing labs by name, CMA or CNAS number."""
    columns = ["name", "cma_number", "cnas_number"]
    return _directory(
        request, "nav_labs", registry.list_labs, columns, lambda lab: f"/labs/{lab.id}", db
    )


@router.get("/labs/{lab_id}", response_class=HTMLResponse)
def lab_page(request: Request, lab_id: int, db: DbDep) -> HTMLResponse:
    """A lab's qualification numbers, scope and status."""
    try:
        with db.session() as session:
            lab = registry.get_lab(session=session, lab_id=lab_id)
            return render(request, "lab.html", {"lab": lab})
    except NotFound as exc:
        return _missing(request, exc)


@router.get("/auditors", response_class=HTMLResponse)
def auditors(request: Request, db: DbDep) -> HTMLResponse:
    """Registered auditors and decision makers by name or registration number."""
    columns = ["name", "registration_number"]
    return _directory(
        request,
        "nav_auditors",
        registry.list_people,
        columns,
        lambda p: f"/auditors/{p.id}",
        db,
    )


@router.get("/auditors/{person_id}", response_class=HTMLResponse)
def auditor_page(request: Request, person_id: int, db: DbDep) -> HTMLResponse:
    """An auditor's qualifications and status."""
    try:
        with db.session() as session:
            person = registry.get_person(session=session, person_id=person_id)
            employer = (
                registry.get_body(session=session, body_id=person.body_id)
                if person.body_id
                else None
            )
            context = {"p": person, "employer": employer, "schemes": _scheme_codes(session)}
            return render(request, "person.html", context)
    except NotFound as exc:
        return _missing(request, exc)
