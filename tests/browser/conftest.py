"""A real server and a real headless Chromium for the browser tests.

The server is qualicert's own app under uvicorn, in a thread, on a free loopback port, over a
tiny demo database made for this test session. The browser is Debian's ``chromium`` driven by
Playwright through ``executable_path`` (Playwright's own browser download is never used).
Where no Chromium is installed the tests are skipped with a message saying how to get one;
``make test`` installs it first where it can. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from qualicert import migrations
from qualicert.config import Settings
from qualicert.db import make_engine, make_session_factory
from qualicert.demo import generate
from qualicert.demo.scales import Scale
from qualicert.web.app import create_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
SCALE = Scale("browser", organizations=60, bodies=3, labs=2, auditors_per_body=10, certificates=12)


def chromium_path() -> str | None:
    """Debian's Chromium (or ``QUALICERT_CHROMIUM``), when installed."""
    given = os.environ.get("QUALICERT_CHROMIUM")
    if given:
        return given if Path(given).exists() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


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


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a running qualicert with tiny demo data, shared by the session."""
    with serving(tmp_path_factory.mktemp("browser-server")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium, or a skip saying why there is none.

    Module scope: Playwright's sync API keeps an event loop running in this thread while it is
    open, which other tests in the same worker (those calling ``asyncio.run``) must not see.
    """
    path = chromium_path()
    if path is None:
        pytest.skip(
            "browser tests need Chromium: `apt-get install chromium` (Debian) or set "
            "QUALICERT_CHROMIUM to a Chromium executable; `make test` installs it as root"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=path, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()


@pytest.fixture
def artifacts() -> Path:
    """The folder that keeps the screenshots of the browser tests."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser page (own cookies); a screenshot of it is kept after the test."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    yield tab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
