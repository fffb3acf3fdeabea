"""Rate limiting of anonymous callers: the token buckets, the client address, and the real app."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import Headers

from qualicert.config import Settings
from qualicert.web.app import create_app
from qualicert.web.ratelimit import (
    Buckets,
    RateLimitMiddleware,
    TokenCache,
    client_key,
    database_token_check,
)
from tests import factories
from tests.helpers import assert_problem

ANON = "/api/v1/reason-codes"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def scope(peer: str, forwarded: str | None = None) -> dict[str, object]:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": "http", "path": "/", "client": (peer, 1234), "headers": headers}


# The buckets (pure: the time is an argument)


def test_a_bucket_allows_the_burst_then_refuses_until_a_token_is_back():
    buckets = Buckets(rate=0.5, burst=3)
    decisions = [buckets.take("a", 0.0) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    refused = decisions[-1]
    assert (refused.limit, refused.retry_after, refused.reset, refused.window) == (3, 2, 6, 6)
    assert not buckets.take("a", 1.9).allowed
    assert buckets.take("a", 2.0).allowed
    assert buckets.take("b", 2.0).remaining == 2, "each client has its own bucket"


def test_a_bucket_never_holds_more_than_the_burst():
    buckets = Buckets(rate=10, burst=2)
    buckets.take("a", 0.0)
    assert buckets.take("a", 3600.0).remaining == 1


def test_idle_buckets_are_dropped_and_the_number_kept_is_bounded():
    buckets = Buckets(rate=1, burst=2, max_clients=100)
    for i in range(50):
        buckets.take(f"10.0.0.{i}", 0.0)
    assert len(buckets) == 50
    buckets.take("late", 2.0)  # 2 s: every earlier bucket is full again, so like a new one
    assert len(buckets) == 1
    for i in range(1000):
        buckets.take(f"10.1.{i // 256}.{i % 256}", 3.0)
    assert len(buckets) == 100


def test_bad_bucket_parameters_are_refused():
    with pytest.raises(ValueError, match="rate"):
        Buckets(rate=0, burst=1)


# The client address


def test_the_client_is_the_peer_and_an_ipv6_client_its_slash_64():
    assert client_key(scope("203.0.113.7"), _headers(), ()) == "203.0.113.7"
    a = client_key(scope("2001:db8:1:2:aaaa::1"), _headers(), ())
    b = client_key(scope("2001:db8:1:2:bbbb::9"), _headers(), ())
    assert a == b == "2001:db8:1:2::/64"
    assert client_key(scope("testclient"), _headers(), ()) == "testclient"


def test_x_forwarded_for_counts_only_from_a_trusted_proxy():
    proxies = Settings(rate_limit_trusted_proxies="10.0.0.0/8, 192.0.2.1").trusted_proxies
    spoofed = "198.51.100.1"
    forwarded = f"{spoofed}, 203.0.113.9, 10.1.1.1"
    untrusted = scope("203.0.113.50", forwarded)
    assert client_key(untrusted, _headers(untrusted), proxies) == "203.0.113.50"
    via_two = scope("192.0.2.1", forwarded)
    assert client_key(via_two, _headers(via_two), proxies) == "203.0.113.9"
    garbage = scope("192.0.2.1", "not-an-address")
    assert client_key(garbage, _headers(garbage), proxies) == "192.0.2.1"


def test_a_bad_trusted_proxy_setting_is_refused():
    with pytest.raises(ValueError, match=r"10\.0\.0\.300"):
        Settings(rate_limit_trusted_proxies="10.0.0.300")


def _headers(s: dict[str, object] | None = None) -> Headers:
    return Headers(scope=s or scope("127.0.0.1"))


# Valid tokens are remembered


def test_a_valid_token_is_checked_once_a_minute_and_an_invalid_one_each_time():
    seen: list[str] = []

    async def check(token: str) -> bool:
        seen.append(token)
        return token == "good"

    clock = Clock()
    cache = TokenCache(check, ttl=60, clock=clock)
    answers = [asyncio.run(cache(t)) for t in ("good", "good", "bad", "bad")]
    assert answers == [True, True, False, False]
    assert seen == ["good", "bad", "bad"]
    clock.now += 61
    assert asyncio.run(cache("good"))
    assert seen[-1] == "good"


# Through the real application


@pytest.fixture
def limited(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=database_url,
        var_dir=tmp_path / "var",
        environment="test",
        jobs_interval_seconds=0,
        rate_limit_per_minute=1,
        rate_limit_burst=3,
    )
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.db.engine.dispose()


def test_an_anonymous_caller_gets_429_with_retry_after_after_the_burst(limited):
    answers = [limited.get(ANON) for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert [r.headers["ratelimit-remaining"] for r in answers] == ["2", "1", "0"]
    assert answers[0].headers["ratelimit-limit"] == "3"
    assert answers[0].headers["ratelimit-policy"] == "3;w=180"
    refused = limited.get("/api/v1/certificates/ANY-1")
    body = assert_problem(refused, 429, rule="rate_limit")
    assert refused.headers["retry-after"] == "60"
    assert refused.headers["ratelimit-remaining"] == "0"
    assert refused.headers["cache-control"] == "no-store"
    assert "60 s" in body["detail"] and "60 秒" in body["detail_zh"]
    assert limited.get("/").status_code == 429, "public pages are limited too"


def test_static_files_and_log_tiles_are_not_limited(limited):
    for _ in range(5):
        assert limited.get("/static/site.css").status_code == 200
        assert limited.get("/ledger/tile/0/000").status_code == 404  # an empty log: not 429
    assert "ratelimit-limit" not in limited.get("/static/site.css").headers
    assert limited.get(ANON).status_code == 200


def test_authenticated_callers_are_not_limited_and_a_bad_token_is(
    limited, factory: sessionmaker[Session]
):
    token = factories.bearer(factories.token(factory, "regulator"))
    for _ in range(6):
        r = limited.get(ANON, headers=token)
        assert r.status_code == 200
        assert "ratelimit-limit" not in r.headers
    bad = {"Authorization": "Bearer qct_1_not-the-secret"}
    assert [limited.get(ANON, headers=bad).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert limited.get(ANON, headers=token).status_code == 200


def test_each_address_has_its_own_bucket(limited):
    for _ in range(3):
        limited.get(ANON)
    assert limited.get(ANON).status_code == 429
    other = TestClient(limited.app, client=("198.51.100.20", 4000))
    assert other.get(ANON).status_code == 200


def test_a_bucket_refills_with_time(app, database_url):
    clock = Clock()
    wrapped = RateLimitMiddleware(
        app,
        buckets=Buckets(rate=1, burst=2),
        authenticated=TokenCache(database_token_check(app.state.db), clock=clock),
        clock=clock,
    )
    client = TestClient(wrapped)
    assert [client.get(ANON).status_code for _ in range(3)] == [200, 200, 429]
    clock.now += 1
    assert client.get(ANON).status_code == 200
    assert client.get(ANON).status_code == 429


def test_limit_zero_turns_it_off(client):
    """The test settings leave the limiter off (QUALICERT_RATE_LIMIT_PER_MINUTE=0)."""
    answers = [client.get(ANON) for _ in range(100)]
    assert {r.status_code for r in answers} == {200}
    assert "ratelimit-limit" not in answers[-1].headers
