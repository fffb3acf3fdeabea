"""Reference code lists shipped with the platform (public, read-only)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from qualicert.registry import reference

router = APIRouter(prefix="/reference", tags=["reference"])


@router.get("/regions")
def regions() -> list[dict[str, Any]]:
    """GB/T 2260 region codes."""
    return reference.regions()


@router.get("/iaf-sectors")
def iaf_sectors() -> list[dict[str, Any]]:
    """The 39 IAF sectors."""
    return reference.iaf_sectors()


@router.get("/standards")
def standards() -> list[dict[str, Any]]:
    """Management-system standards commonly certified."""
    return reference.standards()


@router.get("/ccc-categories")
def ccc_categories() -> list[dict[str, Any]]:
    """CCC product categories."""
    return reference.ccc_categories()


@router.get("/industries")
def industries() -> list[dict[str, Any]]:
    """GB/T 4754 industry sections."""
    return reference.industries()
