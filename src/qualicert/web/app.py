"""The FastAPI application: ``create_app(settings)`` wires the database, routes and errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from qualicert import __version__
from qualicert.accounts.actor import system_actor
from qualicert.certification.service import jobs
from qualicert.config import Settings, get_settings
from qualicert.db import make_engine, make_session_factory
from qualicert.ledger import keys
from qualicert.statistics import snapshots
from qualicert.subscriptions import jobs as subscription_jobs
from qualicert.web import problems, ratelimit
from qualicert.web.api import ledger as ledger_api
from qualicert.web.api import router as api_router
from qualicert.web.deps import Database
from qualicert.web.pages import router as pages_router

HERE = Path(__file__).resolve().parent
log = logging.getLogger("qualicert.web")

DESCRIPTION = """
Open API of qualicert, the national quality-certification platform: the registry of
certification bodies, labs, auditors, organisations and schemes; every change of state as a
public event. Reads of public data need no token; every write needs a bearer token.
Errors are RFC 9457 problem+json naming the field and the rule that failed.
"""


def _run_jobs(
    db: Database, opendata_dir: Path | None = None, settings: Settings | None = None
) -> None:
    """Apply overdue withdrawals and expiries until none is left (each batch commits), send
    subscribers their due webhooks and e-mail (with ``settings``), then write the day's open
    data snapshot into ``opendata_dir`` when it is missing."""
    while True:
        with db.session() as session:
            result = jobs.run(session=session, actor=system_actor("jobs"))
        if not (result.withdrawn or result.expired):
            break
    if settings is not None:
        subscription_jobs.run(factory=db.factory, settings=settings)
    if opendata_dir is not None:
        snapshots.ensure(factory=db.factory, folder=opendata_dir)


async def _job_timer(
    db: Database, interval: int, opendata_dir: Path, settings: Settings | None = None
) -> None:
    while True:
        try:
            await run_in_threadpool(_run_jobs, db, opendata_dir, settings)
        except Exception:  # a failed run is logged and retried at the next tick
            log.exception("lifecycle jobs failed")
        await asyncio.sleep(interval)


def _lifespan(settings: Settings) -> Any:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = None
        if settings.jobs_interval_seconds > 0:
            timer = _job_timer(
                app.state.db, settings.jobs_interval_seconds, settings.opendata_dir, settings
            )
            task = asyncio.create_task(timer)
        yield
        if task is not None:
            task.cancel()

    return lifespan


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (read from the environment when not given)."""
    settings = settings or get_settings()
    settings.check_secure()
    engine = make_engine(settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    app = FastAPI(
        title="qualicert",
        version=__version__,
        description=DESCRIPTION,
        docs_url="/docs",
        openapi_url="/api/v1/openapi.json",
        lifespan=_lifespan(settings),
    )
    app.state.settings = settings
    app.state.log_key = keys.load_or_create(
        keys.log_key_path(settings.var_dir), settings.log_origin
    )
    app.state.db = Database(engine=engine, factory=make_session_factory(engine))
    problems.install(app)
    ratelimit.install(app, settings, app.state.db)
    app.include_router(api_router)
    app.include_router(ledger_api.tiles_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
