"""Server-rendered pages (Jinja2), Chinese by default."""

from fastapi import APIRouter

from qualicert.web.pages import home

router = APIRouter(include_in_schema=False)
router.include_router(home.router)
