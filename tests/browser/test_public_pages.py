"""A visitor in a real Chromium: search in Chinese, read a certificate, switch language,
verify an uploaded QR image, see TAMPERED for an edited credential and a plain NOT_FOUND.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def known(server: str) -> dict[str, Any]:
    """A certificate of the demo with its holder, read through the open API."""
    items = httpx.get(f"{server}/api/v1/certificates", params={"page_size": 50}).json()["items"]
    chosen = next((c for c in items if c["status"] == "active"), items[0])
    return chosen


def test_search_by_part_of_a_chinese_name_and_read_the_history(page, server, known):
    part = known["holder"]["name"][2:6]
    page.goto(server + "/")
    assert page.get_attribute("html", "lang") == "zh-CN"
    page.fill("#q", part)
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=*")
    link = page.locator(f"table.results a:text-is('{known['number']}')")
    assert link.count() >= 1
    link.first.click()
    page.wait_for_selector("#cert-number")
    assert page.text_content("#cert-number") == known["number"]
    rows = page.locator("#history tbody tr")
    assert rows.count() >= 1
    assert "颁发" in rows.first.inner_text()
    assert page.locator("#history a[href^='/auditors/']").count() >= 1
    page.click("#check-log")
    page.wait_for_selector("#log-result")
    assert page.text_content("#log-result").startswith("已核对")


def test_switching_language_is_remembered(page, server):
    page.goto(server + "/search")
    page.click("#switch-language")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "Search" in page.inner_text("nav")
    page.goto(server + "/bodies")
    assert page.get_attribute("html", "lang") == "en"
    page.click("#switch-language")
    page.wait_for_function("document.documentElement.lang === 'zh-CN'")


def _verdict(page: Any) -> str:
    page.wait_for_selector("#verdict")
    return str(page.get_attribute("#verdict", "data-verdict"))


def test_verify_an_uploaded_qr_image(page, server, known, tmp_path: Path):
    image = httpx.get(f"{server}/api/v1/certificates/{known['number']}/qr.png").content
    photo = tmp_path / "qr.png"
    photo.write_bytes(image)
    page.goto(server + "/verify")
    page.set_input_files("#image", str(photo))
    page.click("#verify-submit")
    assert _verdict(page) == "VALID"
    colour = page.eval_on_selector("#verdict", "e => getComputedStyle(e).borderLeftColor")
    assert colour == "rgb(26, 127, 55)"  # the green of VALID


def test_an_edited_credential_is_tampered(page, server, known, tmp_path: Path):
    document = httpx.get(f"{server}/api/v1/certificates/{known['number']}/credential.json").json()
    text = json.dumps(document, ensure_ascii=False)
    original = document["credentialSubject"]["certificate"]["scope"]
    edited = text.replace(original, original[:-1] + ("甲" if original[-1] != "甲" else "乙"), 1)
    assert edited != text
    file = tmp_path / "credential.json"
    file.write_text(edited, "utf-8")
    page.goto(server + "/verify")
    page.set_input_files("#credential", str(file))
    page.click("#verify-submit")
    assert _verdict(page) == "TAMPERED"
    colour = page.eval_on_selector("#verdict", "e => getComputedStyle(e).borderLeftColor")
    assert colour == "rgb(207, 34, 46)"  # the red kept for TAMPERED


def test_a_made_up_number_is_not_found_without_suggesting_forgery(page, server):
    page.goto(server + "/verify?lang=en")
    page.fill("#number", "CNCA-MADE-UP-0001")
    page.press("#number", "Enter")
    assert _verdict(page) == "NOT_FOUND"
    message = page.text_content("#verdict-message") or ""
    assert "does not show the certificate is false" in message
    colour = page.eval_on_selector("#verdict", "e => getComputedStyle(e).borderLeftColor")
    assert colour != "rgb(207, 34, 46)"


def test_search_and_certificate_work_on_a_phone_with_javascript_off(
    browser, server, known, artifacts
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    phone = context.new_page()
    phone.goto(f"{server}/search?q={known['number']}")
    phone.click(f"a:text-is('{known['number']}')")
    phone.wait_for_selector("#cert-number")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"the page scrolls sideways on a phone ({width}px)"
    phone.screenshot(path=str(artifacts / "phone-certificate.png"), full_page=True)
    context.close()


def test_the_log_check_also_runs_in_the_browser(page, server, known):
    page.goto(f"{server}/certificates/{known['number']}")
    page.click("#check-in-browser")
    page.wait_for_function("document.getElementById('browser-result').textContent.length > 0")
    text = page.text_content("#browser-result") or ""
    assert text.startswith("本浏览器已自行核对"), text
    assert "verdict-VALID" in (page.get_attribute("#browser-result", "class") or "")
