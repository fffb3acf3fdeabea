"""A real qualicert server for the browser tests: the app under uvicorn in a thread, on a free
loopback port, over a tiny demo database made for it."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from qualicert import migrations
from qualicert.config import Settings
from qualicert.db import make_engine, make_session_factory
from qualicert.demo import generate
from qualicert.demo.scales import Scale
from qualicert.web.app import create_app

SCALE = Scale("browser", organizations=60, bodies=3, labs=2, auditors_per_body=10, certificates=12)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Run qualicert with a tiny demo database in ``folder``; yield its base URL."""
    url = f"sqlite:///{folder / 'qualicert.db'}"
    migrations.upgrade(url)
    engine = make_engine(url)
    generate.generate(make_session_factory(engine), scale=SCALE, seed=5, today=dt.date.today())
    engine.dispose()
    settings = Settings(
        database_url=url, var_dir=folder, jobs_interval_seconds=0, rate_limit_per_minute=0
    )
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)
