"""``qualicert serve``: run the platform over HTTP with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from qualicert.cli._common import console, settings
from qualicert.cli.db import upgrade_database
from qualicert.web.app import create_app


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Upgrade the schema if needed and serve the API and pages."""
    conf = settings()
    upgrade_database()
    host = host or conf.host
    port = port or conf.port
    console.print(f"serving on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(conf), host=host, port=port, log_level="info")
