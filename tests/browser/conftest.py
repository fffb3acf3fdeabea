"""A real server and a real headless Chromium for the browser tests.

The server is qualicert's own app under uvicorn, in a thread, on a free loopback port, over a
tiny demo database made for this test session. The browser is Debian's ``chromium`` driven by
Playwright through ``executable_path`` (Playwright's own browser download is never used).
Where no Chromium is installed the tests are skipped with a message saying how to get one;
``make test`` installs it first where it can. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.servers import serving

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


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
