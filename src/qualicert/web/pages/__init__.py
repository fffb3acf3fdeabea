"""Server-rendered public pages (Jinja2), Chinese by default, English on request."""

from fastapi import APIRouter

from qualicert.web.pages import certificates, directories, home, ledger, search, verify

router = APIRouter(include_in_schema=False)
for module in (home, search, certificates, verify, directories, ledger):
    router.include_router(module.router)
