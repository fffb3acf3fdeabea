"""ETag and Cache-Control on certificate, verification and credential answers."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from qualicert.accounts.actor import system_actor
from qualicert.config import Settings
from qualicert.credentials import keys
from qualicert.db import transaction
from qualicert.web.app import create_app
from qualicert.web.caching import etag, none_match
from tests.certification import builders as b
from tests.helpers import assert_problem

NUMBER = "CERT-2026-0001"
PUBLIC = [
    f"/api/v1/certificates/{NUMBER}",
    f"/api/v1/certificates/{NUMBER}/history",
    f"/api/v1/verify/{NUMBER}",
    f"/api/v1/certificates/{NUMBER}/credential.json",
    f"/api/v1/certificates/{NUMBER}/qr.txt",
    f"/api/v1/certificates/{NUMBER}/qr.png",
    f"/api/v1/certificates/{NUMBER}/qr.svg",
]


@pytest.fixture
def world(client, factory):
    w = b.world(client, factory)
    b.certified(w, number=NUMBER)
    return w


def sha256_tag(content: bytes) -> str:
    return (
        '"' + base64.urlsafe_b64encode(hashlib.sha256(content).digest()).decode().rstrip("=") + '"'
    )


def test_the_tag_is_sha256_of_the_bytes_in_base64url():
    assert etag(b"") == '"47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"'
    assert re.fullmatch(r'"[A-Za-z0-9_-]{43}"', etag("认证".encode()))


def test_if_none_match_lists_weak_tags_and_star():
    tag = etag(b"x")
    assert none_match(tag, tag)
    assert none_match(f'"other", W/{tag}', tag)
    assert none_match("*", tag)
    assert not none_match('"other"', tag)
    assert not none_match(None, tag)


@pytest.mark.parametrize("path", PUBLIC)
def test_public_reads_carry_a_strong_etag_and_revalidate_to_304(client, world, path):
    first = client.get(path)
    assert first.status_code == 200, first.text
    tag = first.headers["etag"]
    assert tag == sha256_tag(first.content)
    assert first.headers["cache-control"] == "public, max-age=60"
    again = client.get(path)
    assert again.headers["etag"] == tag, "the same state gives the same bytes"
    not_modified = client.get(path, headers={"If-None-Match": tag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified.headers["etag"] == tag
    assert not_modified.headers["cache-control"] == "public, max-age=60"
    stale = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert (stale.status_code, stale.content) == (200, first.content)


def test_a_status_change_changes_the_tag(client, world):
    paths = [f"/api/v1/certificates/{NUMBER}", f"/api/v1/verify/{NUMBER}"]
    before = {p: client.get(p).headers["etag"] for p in paths}
    world.post(
        f"/api/v1/certificates/{NUMBER}/status",
        {"transition": "suspend", "reason_code": "S01", "signed_by": world.decider},
        200,
    )
    for path in paths:
        answer = client.get(path, headers={"If-None-Match": before[path]})
        assert answer.status_code == 200
        assert answer.headers["etag"] != before[path]
    assert client.get(paths[1]).json()["verdict"] == "NOT_CURRENT"


def test_the_cached_credential_still_verifies_and_a_rotation_changes_it(
    client, world, factory, settings
):
    path = f"/api/v1/certificates/{NUMBER}/credential.json"
    first = client.get(path)
    check = client.post("/api/v1/verify", json={"credential": first.json()}).json()
    assert check["verdict"] == "VALID"
    with transaction(factory) as s:
        keys.rotate(
            session=s, actor=system_actor("test"), body_id=world.body_id, var_dir=settings.var_dir
        )
    rotated = client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert rotated.status_code == 200
    assert (
        rotated.json()["proof"]["verificationMethod"] != first.json()["proof"]["verificationMethod"]
    )


def test_a_not_found_verdict_is_an_answer_and_cacheable(client, world):
    answer = client.get("/api/v1/verify/NO-SUCH-0001")
    assert answer.json()["verdict"] == "NOT_FOUND"
    assert answer.headers["etag"] == sha256_tag(answer.content)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/certificates/NO-SUCH-0001",
        "/api/v1/certificates/NO-SUCH-0001/history",
        "/api/v1/certificates/NO-SUCH-0001/credential.json",
        "/api/v1/certificates/NO-SUCH-0001/qr.png",
        "/api/v1/verify/X?body=not-a-number",
    ],
)
def test_problems_are_never_cached(client, path):
    answer = client.get(path, headers={"If-None-Match": "*"})
    assert answer.status_code in (404, 422)
    assert_problem(answer, answer.status_code)
    assert "etag" not in answer.headers
    assert answer.headers["cache-control"] == "no-store"


@pytest.fixture
def short_lived(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=database_url,
        var_dir=tmp_path / "var",
        environment="test",
        jobs_interval_seconds=0,
        cache_max_age_seconds=5,
    )
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.db.engine.dispose()


def test_max_age_is_a_setting(short_lived):
    answer = short_lived.get("/api/v1/verify/NO-SUCH-0001")
    assert answer.headers["cache-control"] == "public, max-age=5"
