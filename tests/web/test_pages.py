"""The public pages through HTTP: search, certificate, log check, verify, directories, language.

The data is the demo generator's, at a tiny scale: certificates issued through the whole
lifecycle, with suspensions, withdrawals and signers, as a visitor would find them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select, text

from qualicert.certification.models import Certificate, StatusChange
from qualicert.demo import generate
from qualicert.demo.scales import Scale
from qualicert.ledger.models import Event
from qualicert.registry.models import Organization
from tests.certification.builders import certified, world

pytestmark = pytest.mark.db

TODAY = dt.date(2026, 11, 24)
TINY = Scale("tiny", organizations=80, bodies=3, labs=2, auditors_per_body=10, certificates=16)


@pytest.fixture
def demo(factory: Any) -> dict[str, Any]:
    """A tiny demo; returns a suspended certificate and its holder."""
    generate.generate(factory, scale=TINY, seed=11, today=TODAY)
    with factory() as s:
        cert = s.scalars(select(Certificate).order_by(Certificate.id)).first()
        suspended = s.scalar(select(Certificate).where(Certificate.status == "suspended"))
        chosen = suspended or cert
        assert chosen is not None
        holder = s.get(Organization, chosen.organization_id)
        assert holder is not None
        return {
            "number": chosen.number,
            "body": chosen.body_id,
            "status": chosen.status,
            "id": chosen.id,
            "holder": holder.name,
            "holder_en": holder.name_en,
            "uscc": holder.uscc,
        }


def verdict(html: str) -> str | None:
    found = re.search(r'data-verdict="(\w+)"', html)
    return found.group(1) if found else None


def test_home_is_chinese_with_figures_and_a_checkpoint(client, demo):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    assert "查询与验证认证证书" in page.text
    assert re.search(r'id="fig-active">[1-9]', page.text)
    assert re.search(r"\u2014 \S+ [A-Za-z0-9+/]+=*", page.text)  # the checkpoint's signature line


def test_english_is_remembered_and_switches_back(client, demo):
    english = client.get("/search?lang=en")
    assert '<html lang="en">' in english.text
    assert client.cookies.get("lang") == "en"
    assert '<html lang="en">' in client.get("/verify").text
    link = re.search(r'id="switch-language" href="([^"]+)"', english.text)
    assert link and "lang=zh" in link.group(1)
    assert '<html lang="zh-CN">' in client.get(link.group(1)).text


@pytest.mark.parametrize("part", ["holder3", "holder2", "uscc", "number", "english"])
def test_search_finds_a_certificate_by_any_part(client, demo, part):
    queries = {
        "holder3": demo["holder"][2:5],  # three characters from inside the Chinese name
        "holder2": demo["holder"][:2],  # two characters: too short for a trigram index
        "uscc": demo["uscc"].lower(),
        "number": demo["number"],
        "english": (demo["holder_en"] or demo["holder"]).split()[0].upper(),
    }
    page = client.get("/search", params={"q": queries[part]})
    assert page.status_code == 200
    assert f">{demo['number']}</a>" in page.text


def test_search_filters_and_pages_keep_the_query(client, demo):
    page = client.get("/search", params={"q": demo["holder"][:2], "status": demo["status"]})
    assert f">{demo['number']}</a>" in page.text
    other = "withdrawn" if demo["status"] != "withdrawn" else "active"
    filtered = client.get("/search", params={"q": demo["number"], "status": other})
    assert f">{demo['number']}</a>" not in filtered.text
    assert "没有找到符合条件的证书" in filtered.text
    approval = client.get(f"/api/v1/bodies/{demo['body']}").json()["approval_number"]
    by_body = client.get("/search", params={"q": demo["number"], "body": approval.lower()})
    assert f">{demo['number']}</a>" in by_body.text
    unknown = client.get("/search", params={"q": demo["number"], "body": "CNCA-R-1900-999"})
    assert "没有批准号为 CNCA-R-1900-999 的认证机构" in unknown.text
    huge = client.get("/search", params={"q": demo["number"], "body": "9" * 30})
    assert huge.status_code == 200 and "没有批准号为" in huge.text
    everything = client.get("/search", params={"status": "active"})
    pager = re.search(r'rel="next" href="([^"]+)"', everything.text)
    if pager:
        assert "status=active" in pager.group(1) and "page=2" in pager.group(1)


def test_search_treats_wildcards_and_quotes_as_text(client, demo):
    for q in ["%", '"', "_ _", "100%", 'a"b"c', "*"]:
        page = client.get("/search", params={"q": q})
        assert page.status_code == 200, q
        assert "没有找到符合条件的证书" in page.text, q


def test_certificate_page_shows_fields_history_signers_and_downloads(client, demo, factory):
    page = client.get(f"/certificates/{demo['number']}", params={"body": demo["body"]})
    assert page.status_code == 200
    html = page.text
    assert demo["holder"] in html and demo["uscc"] in html
    for label in ("认证范围", "有效期至", "初次颁证日期", "认证依据", "状态变更记录"):
        assert label in html
    with factory() as s:
        entries = s.scalars(
            select(StatusChange).where(StatusChange.certificate_id == demo["id"])
        ).all()
    assert len(re.findall(r'<td data-label="生效日期">', html)) == len(entries)
    for entry in entries:
        assert f"<code>{entry.reason_code}</code>" in html
    assert "/auditors/" in html  # each signed change links to its signer
    assert f"/api/v1/certificates/{demo['number']}/credential.json?body=" in html
    assert 'id="qr"' in html


def test_unknown_certificate_is_a_plain_not_found(client, demo):
    page = client.get("/certificates/NO-SUCH-0001")
    assert page.status_code == 404
    assert "未查到" in page.text
    for word in ("伪造", "forged", "假"):
        assert word not in page.text


def test_log_check_proves_every_event_and_catches_an_edited_row(client, demo, engine):
    url = f"/certificates/{demo['number']}"
    params = {"body": demo["body"], "check": "log"}
    good = client.get(url, params=params)
    assert re.search(r'id="log-result"[^>]*>已核对：\d+ 条记录', good.text), good.text[-3000:]
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER IF EXISTS events_no_update"))
        else:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        event_id = conn.scalar(
            select(Event.id).where(
                Event.subject_type == "certificates", Event.subject_id == str(demo["id"])
            )
        )
        conn.execute(
            text("UPDATE events SET actor = 'someone-else' WHERE id = :id"), {"id": event_id}
        )
    bad = client.get(url, params=params)
    assert re.search(r'id="log-result"[^>]*>警告：1 条记录', bad.text), bad.text[-3000:]


def test_verify_a_qr_image_a_credential_and_a_tampered_one(client, demo):
    number, body = demo["number"], demo["body"]
    png = client.get(f"/api/v1/certificates/{number}/qr.png", params={"body": body}).content
    scanned = client.post("/verify", files={"image": ("photo.png", png, "image/png")})
    assert verdict(scanned.text) == ("VALID" if demo["status"] == "active" else "NOT_CURRENT")
    vc = client.get(f"/api/v1/certificates/{number}/credential.json", params={"body": body})
    document = vc.json()
    as_file = {"credential": ("c.json", json.dumps(document).encode(), "application/json")}
    assert verdict(client.post("/verify", files=as_file).text) in {"VALID", "NOT_CURRENT"}
    document["credentialSubject"]["certificate"]["scope"] += "。"
    edited = {"credential": ("c.json", json.dumps(document).encode(), "application/json")}
    tampered = client.post("/verify", files=edited)
    assert verdict(tampered.text) == "TAMPERED"
    assert "verdict-TAMPERED" in tampered.text


def test_made_up_number_is_not_found_and_does_not_look_forged(client, demo):
    page = client.get("/verify", params={"number": "CNCA-FAKE-000", "lang": "en"})
    assert verdict(page.text) == "NOT_FOUND"
    assert "verdict-NOT_FOUND" in page.text and "verdict-TAMPERED" not in page.text
    assert "does not show the certificate is false" in page.text


def test_verify_without_input_or_with_garbage_says_what_is_wrong(client, demo):
    empty = client.post("/verify", data={})
    assert empty.status_code == 422
    assert "请提供证书编号" in empty.text
    garbage = client.post("/verify", files={"image": ("x.png", b"not an image", "image/png")})
    assert garbage.status_code == 422
    assert "无法读取该图片" in garbage.text
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buffer, "PNG")
    blank = client.post("/verify", files={"image": ("w.png", buffer.getvalue(), "image/png")})
    assert blank.status_code == 422
    assert "没有识别到二维码" in blank.text
    bad_json = client.post("/verify", files={"credential": ("c.json", b"{", "application/json")})
    assert bad_json.status_code == 422
    assert "不是有效的 JSON" in bad_json.text
    assert verdict(client.post("/verify", data={"payload": "QC1:nonsense"}).text) == "MALFORMED"


def test_directories_list_public_fields_and_link_to_details(client, demo):
    bodies = client.get("/bodies")
    first = re.search(r'href="(/bodies/\d+)"', bodies.text)
    assert first
    body = client.get(f"/bodies/{demo['body']}")
    assert body.status_code == 200 and f">{demo['number']}</a>" in body.text
    auditors = client.get("/auditors")
    person = re.search(r'href="(/auditors/\d+)"', auditors.text)
    assert person
    detail = client.get(person.group(1))
    assert detail.status_code == 200 and "资格" in detail.text
    labs = client.get("/labs")
    lab = re.search(r'href="(/labs/\d+)"', labs.text)
    assert lab and client.get(lab.group(1)).status_code == 200
    assert client.get("/bodies/999999").status_code == 404
    for html in (bodies.text, auditors.text, detail.text):
        assert "@" not in html  # no e-mail addresses or other private contact data


def test_ledger_page_explains_the_audit_and_shows_the_checkpoint(client, demo):
    page = client.get("/ledger", params={"lang": "en"})
    assert page.status_code == 200
    assert "qualicert ledger audit --url" in page.text
    assert re.search(r'id="tree-size">[\d,]+', page.text)


def test_a_number_used_by_two_bodies_leads_to_the_choice(client, factory):
    for _ in range(2):
        certified(world(client, factory), number="SHARED-0001")
    page = client.get("/certificates/SHARED-0001", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/search?q=SHARED-0001"
    choice = client.get(page.headers["location"])
    assert len(re.findall(r'href="/certificates/SHARED-0001\?body=\d+"', choice.text)) == 2
