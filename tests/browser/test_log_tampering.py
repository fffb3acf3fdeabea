"""The in-browser log check catches an event row edited in the server's database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.browser.servers import serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server of this module alone, since its database gets edited."""
    folder = tmp_path_factory.mktemp("tampered-server")
    with serving(folder) as base:
        yield base, folder / "qualicert.db"


def test_an_edited_event_fails_the_check_in_the_browser(page, own_server):
    base, database = own_server
    items = httpx.get(f"{base}/api/v1/certificates", params={"page_size": 1}).json()["items"]
    number = items[0]["number"]
    with sqlite3.connect(database) as conn:
        conn.execute("DROP TRIGGER IF EXISTS events_no_update")
        cert_id = conn.execute("SELECT id FROM certificates WHERE number = ?", (number,)).fetchone()
        conn.execute(
            "UPDATE events SET actor = 'someone-else' "
            "WHERE subject_type = 'certificates' AND subject_id = ?",
            (str(cert_id[0]),),
        )
    page.goto(f"{base}/certificates/{number}")
    page.click("#check-in-browser")
    page.wait_for_function("document.getElementById('browser-result').textContent.length > 0")
    text = page.text_content("#browser-result") or ""
    assert text.startswith("警告"), text
    assert "verdict-TAMPERED" in (page.get_attribute("#browser-result", "class") or "")
