"""Credentials and verification through HTTP and the command line, on a certified certificate."""

from __future__ import annotations

import copy
import datetime as dt
import json
import stat

import pytest
from typer.testing import CliRunner

from qualicert.accounts.actor import system_actor
from qualicert.cli import app as cli
from qualicert.config import get_settings
from qualicert.credentials import keys, qr, trust, verify
from qualicert.db import transaction
from tests.certification import builders as b

NUMBER = "CERT-2026-0001"
NOT_FORGERY = ("forg", "fake", "tamper", "伪造", "篡改", "假冒")


@pytest.fixture
def world(client, factory):
    w = b.world(client, factory)
    b.certified(w, number=NUMBER)
    return w


def check(client, **body):
    r = client.post("/api/v1/verify", json=body)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_vc_verifies_and_names_the_issuing_leaf(client, world, settings):
    vc = client.get(f"/api/v1/certificates/{NUMBER}/credential.json").json()
    assert vc["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert vc["credentialSubject"]["certificate"]["number"] == NUMBER
    assert isinstance(vc["credentialSubject"]["certificate"]["ledgerLeafIndex"], int)
    assert check(client, credential=vc)["verdict"] == "VALID"
    key_dir = settings.var_dir / "keys" / "bodies" / str(world.body_id)
    [key_file] = key_dir.iterdir()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_changed_scope_in_the_vc_is_tampered(client, world):
    vc = client.get(f"/api/v1/certificates/{NUMBER}/credential.json").json()
    scope = vc["credentialSubject"]["certificate"]["scope"]
    vc["credentialSubject"]["certificate"]["scope"] = scope[:-1] + "售"
    assert check(client, credential=vc)["verdict"] == "TAMPERED"


def test_the_qr_png_scans_and_verifies(client, world):
    png = client.get(f"/api/v1/certificates/{NUMBER}/qr.png")
    assert png.headers["content-type"] == "image/png"
    [text] = qr.read_image(png.content)
    assert text.startswith("QC1:")
    assert check(client, qr=text)["verdict"] == "VALID"
    svg = client.get(f"/api/v1/certificates/{NUMBER}/qr.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    txt = client.get(f"/api/v1/certificates/{NUMBER}/qr.txt").text.strip()
    assert check(client, qr=txt)["verdict"] == "VALID"


def test_an_unknown_number_is_not_found_without_suggesting_forgery(client, world):
    found = client.get("/api/v1/verify/NO-SUCH-0001").json()
    assert found["verdict"] == "NOT_FOUND"
    text = (found["message"] + found["message_zh"]).lower()
    assert not [w for w in NOT_FORGERY if w in text]
    assert client.get(f"/api/v1/verify/{NUMBER}").json()["verdict"] == "VALID"


def test_a_suspended_certificate_is_not_current_with_the_date(client, world):
    vc = client.get(f"/api/v1/certificates/{NUMBER}/credential.json").json()
    world.post(
        f"/api/v1/certificates/{NUMBER}/status",
        {"transition": "suspend", "reason_code": "S01", "signed_by": world.decider,
         "effective_date": "2026-06-15"},
        200,
    )  # fmt: skip
    for outcome in (check(client, credential=vc), client.get(f"/api/v1/verify/{NUMBER}").json()):
        assert outcome["verdict"] == "NOT_CURRENT"
        assert (outcome["status"], outcome["date"]) == ("suspended", "2026-06-15")
        assert "2026-06-15" in outcome["message"] and "暂停" in outcome["message_zh"]


def test_rotation_keeps_old_credentials_verifying(client, world, factory, settings):
    old = client.get(f"/api/v1/certificates/{NUMBER}/qr.txt").text.strip()
    with transaction(factory) as s:
        keys.rotate(session=s, actor=system_actor("test"), body_id=world.body_id,
                    var_dir=settings.var_dir)  # fmt: skip
    new = client.get(f"/api/v1/certificates/{NUMBER}/qr.txt").text.strip()
    assert qr.decode(old).signed.kid != qr.decode(new).signed.kid
    assert check(client, qr=old)["verdict"] == "VALID"
    assert check(client, qr=new)["verdict"] == "VALID"
    published = trust.open_trust_list(client.get("/api/v1/trust-list").text)
    [body] = [x for x in published.data["bodies"] if x["id"] == world.body_id]
    assert [k["valid_to"] is None for k in body["keys"]] == [False, True]


def test_exactly_one_of_qr_or_credential(client, world):
    r = client.post("/api/v1/verify", json={})
    assert r.status_code == 422
    assert r.json()["errors"][0]["rule"] == "one_of"


def test_offline_with_the_trust_list_and_its_status_snapshot(client, world, settings):
    payload = client.get(f"/api/v1/certificates/{NUMBER}/qr.txt").text.strip()
    vkey = client.get("/ledger/key").text.strip()
    listed = trust.open_trust_list(client.get("/api/v1/trust-list").text, vkey)
    assert listed.pinned
    assert verify.verify_qr(payload, verify.OfflineTrust(listed)).verdict.value == "VALID"
    world.post(
        f"/api/v1/certificates/{NUMBER}/status",
        {"transition": "suspend", "reason_code": "S01", "signed_by": world.decider},
        200,
    )
    again = trust.open_trust_list(client.get("/api/v1/trust-list").text, vkey)
    outcome = verify.verify_qr(payload, verify.OfflineTrust(again))
    assert (outcome.verdict.value, outcome.status) == ("NOT_CURRENT", "suspended")
    forged = client.get("/api/v1/trust-list").text.replace('"approved"', '"approvee"', 1)
    with pytest.raises(ValueError, match="signature"):
        trust.open_trust_list(forged, vkey)


def test_cli_exports_the_trust_list_and_verifies_a_qr_image_offline(
    client, world, settings, database_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("QUALICERT_DATABASE_URL", database_url)
    monkeypatch.setenv("QUALICERT_VAR_DIR", str(settings.var_dir))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        image = tmp_path / "qr.png"
        image.write_bytes(client.get(f"/api/v1/certificates/{NUMBER}/qr.png").content)
        listed = tmp_path / "trust.txt"
        assert runner.invoke(cli, ["trust-list", "export", "--out", str(listed)]).exit_code == 0
        args = ["verify", "--image", str(image), "--offline", "--trust-list", str(listed), "--json"]
        done = runner.invoke(cli, args)
        assert done.exit_code == 0, done.output
        assert json.loads(done.output.splitlines()[-1])["verdict"] == "VALID"
        vc = client.get(f"/api/v1/certificates/{NUMBER}/credential.json").json()
        bad = copy.deepcopy(vc)
        bad["validUntil"] = "2039-03-31T23:59:59+08:00"
        (tmp_path / "vc.json").write_text(json.dumps(bad), "utf-8")
        online = runner.invoke(cli, ["verify", "--file", str(tmp_path / "vc.json")])
        assert online.exit_code == 1
        assert "TAMPERED" in online.output
    finally:
        get_settings.cache_clear()


def test_the_trust_list_lists_keys_and_is_signed_by_the_log(client, world):
    client.get(f"/api/v1/certificates/{NUMBER}/qr.txt")
    text = client.get("/api/v1/trust-list").text
    listed = trust.open_trust_list(text, client.get("/ledger/key").text.strip())
    [body] = [x for x in listed.data["bodies"] if x["id"] == world.body_id]
    assert body["status"] == "approved" and len(body["keys"]) == 1
    assert listed.key(body["keys"][0]["kid"]) is not None
    assert dt.datetime.fromisoformat(listed.as_of.replace("Z", "+00:00"))
