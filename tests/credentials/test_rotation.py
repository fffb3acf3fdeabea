"""Rotation of a body's signing key through HTTP and the command line."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from qualicert.cli import app as cli
from qualicert.config import get_settings
from qualicert.credentials import keys, qr, trust
from qualicert.credentials.models import BodyKey
from qualicert.db import transaction
from qualicert.ledger.models import Event
from tests import factories
from tests.certification import builders as b
from tests.helpers import assert_problem

NUMBER = "CERT-2026-0001"


@pytest.fixture
def world(client, factory):
    w = b.world(client, factory)
    b.certified(w, number=NUMBER)
    return w


def rows(engine):
    """The body keys and events: what a rotation would change."""
    with engine.connect() as conn:
        return [
            conn.execute(select(t).order_by(t.c.id)).all()
            for t in (BodyKey.__table__, Event.__table__)
        ]


def as_role(factory, role, **scope):
    return factories.bearer(factories.token(factory, role, **scope))


def check(client, **body):
    r = client.post("/api/v1/verify", json=body)
    assert r.status_code == 200, r.text
    return r.json()


def credentials(client):
    vc = client.get(f"/api/v1/certificates/{NUMBER}/credential.json").json()
    text = client.get(f"/api/v1/certificates/{NUMBER}/qr.txt").text.strip()
    return vc, text


def kid_of(vc, text):
    from_vc = vc["proof"]["verificationMethod"].rsplit("#", 1)[1]
    assert qr.decode(text).signed.kid.hex() == from_vc
    return from_vc


def test_old_credentials_still_verify_after_rotation_and_new_ones_use_the_new_key(client, world):
    old_vc, old_qr = credentials(client)
    old_kid = kid_of(old_vc, old_qr)
    rotated = client.post(f"/api/v1/bodies/{world.body_id}/keys/rotate", headers=world.staff)
    assert rotated.status_code == 201, rotated.text
    new = rotated.json()
    assert new["in_force"] and new["valid_to"] is None and new["algorithm"] == "Ed25519"
    assert new["key_id"] != old_kid
    assert keys.key_id(base64.b64decode(new["public_key"])) == new["key_id"]

    new_vc, new_qr = credentials(client)
    assert kid_of(new_vc, new_qr) == new["key_id"]
    for credential in (old_vc, new_vc):
        assert check(client, credential=credential)["verdict"] == "VALID"
    for text in (old_qr, new_qr):
        assert check(client, qr=text)["verdict"] == "VALID"

    listed = client.get(f"/api/v1/bodies/{world.body_id}/keys").json()
    assert [(k["key_id"], k["in_force"]) for k in listed] == [
        (old_kid, False),
        (new["key_id"], True),
    ]
    assert listed[0]["valid_to"] is not None
    assert listed[0]["valid_to"] <= listed[1]["valid_from"]
    published = trust.open_trust_list(client.get("/api/v1/trust-list").text)
    assert published.key(old_kid) is not None and published.key(new["key_id"]) is not None


def test_the_rotation_is_on_the_public_record_with_who_did_it(client, world):
    client.get(f"/api/v1/certificates/{NUMBER}/qr.txt")
    me = client.get("/api/v1/me", headers=world.staff).json()
    client.post(f"/api/v1/bodies/{world.body_id}/keys/rotate", headers=world.staff)
    events = client.get("/api/v1/events", params={"type": "body_key.retired"}).json()["items"]
    assert [e["actor"] for e in events] == [f"user:{me['user_id']}"]
    created = client.get("/api/v1/events", params={"type": "body_key.created"}).json()["items"]
    assert len(created) == 2


def test_the_regulator_may_rotate_any_body_key(client, world, factory):
    regulator = as_role(factory, "regulator")
    r = client.post(f"/api/v1/bodies/{world.body_id}/keys/rotate", headers=regulator)
    assert r.status_code == 201, r.text
    assert len(client.get(f"/api/v1/bodies/{world.body_id}/keys").json()) == 1


def test_another_body_user_is_refused_and_nothing_changes(client, world, factory, engine):
    client.get(f"/api/v1/certificates/{NUMBER}/qr.txt")
    with transaction(factory) as s:
        other = factories.body(s, approval_number="CNCA-R-2010-099").id
    refused = [as_role(factory, role, body_id=other) for role in ("body-admin", "body-staff")]
    refused.append(as_role(factory, "enterprise", organization_id=world.org_id))
    before = rows(engine)
    for headers in refused:
        r = client.post(f"/api/v1/bodies/{world.body_id}/keys/rotate", headers=headers)
        assert_problem(r, 403, rule="scope")
    assert_problem(client.post(f"/api/v1/bodies/{world.body_id}/keys/rotate"), 401)
    assert rows(engine) == before


def test_an_unknown_body_is_not_found(client, factory):
    regulator = as_role(factory, "regulator")
    assert_problem(client.get("/api/v1/bodies/999/keys"), 404)
    assert_problem(client.post("/api/v1/bodies/999/keys/rotate", headers=regulator), 404)


def test_cli_rotates_and_lists_keys(client, world, settings, database_url, monkeypatch):
    old_vc, _ = credentials(client)
    monkeypatch.setenv("QUALICERT_DATABASE_URL", database_url)
    monkeypatch.setenv("QUALICERT_VAR_DIR", str(settings.var_dir))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        done = runner.invoke(cli, ["keys", "rotate", "--body", str(world.body_id)])
        assert done.exit_code == 0, done.output
        listed = runner.invoke(cli, ["keys", "list", "--body", str(world.body_id), "--json"])
        assert listed.exit_code == 0, listed.output
        rows = json.loads(listed.output)
        assert [r["in_force"] for r in rows] == [False, True]
        assert rows[1]["key_id"] in done.output
        table = runner.invoke(cli, ["keys", "list", "--body", str(world.body_id)])
        assert table.exit_code == 0 and "key id" in table.output
        missing = runner.invoke(cli, ["keys", "rotate", "--body", "999"])
        assert missing.exit_code == 1
        assert "999" in missing.output
    finally:
        get_settings.cache_clear()
    assert check(client, credential=old_vc)["verdict"] == "VALID"
    new_vc, new_qr = credentials(client)
    assert kid_of(new_vc, new_qr) == rows[1]["key_id"]
