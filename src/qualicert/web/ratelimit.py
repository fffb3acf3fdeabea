"""Rate limiting of anonymous callers: a token bucket per client address, as ASGI middleware.

The public API is free and has no captcha; what keeps one caller from starving the others is
a token bucket per client address (an IPv6 client by its /64, which one host usually holds
whole). A bucket holds ``burst`` tokens and refills at ``rate`` tokens a second; each request
takes one::

    request ──/static/ or /ledger/tile/?──────────────> pass (CDN-able, immutable)
            ──valid bearer token?───────────────────> pass (authenticated callers)
            ──a token in the client's bucket?──yes──> pass, with RateLimit-* headers
                                              ──no───> 429 problem+json, Retry-After

The headers follow the IETF draft *RateLimit header fields for HTTP*: ``RateLimit-Limit``
(the burst), ``RateLimit-Remaining`` (whole tokens left), ``RateLimit-Reset`` (seconds until
the bucket is full again) and ``RateLimit-Policy`` (``burst;w=seconds to refill``).

The client is the peer address, or, when the peer is a trusted proxy, the right-most address of
``X-Forwarded-For`` that is not itself a trusted proxy. A bucket idle long enough to be full
again equals a new one and is dropped; at most ``max_clients`` buckets are kept (the least
recently used goes first), so memory stays bounded whatever the number of addresses.
:class:`Buckets` does no I/O and takes the time as an argument; the middleware reads an
injected clock.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qualicert.accounts import service as accounts
from qualicert.config import IPNetwork, Settings
from qualicert.errors import Problem, Unauthenticated
from qualicert.web.deps import Database
from qualicert.web.deps import _bearer as bearer_token
from qualicert.web.problems import problem_response

EXEMPT_PREFIXES = ("/static/", "/ledger/tile/")
Clock = Callable[[], float]
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Decision:
    """What a bucket said about one request."""

    allowed: bool
    limit: int
    remaining: int
    reset: int
    retry_after: int
    window: int

    def headers(self) -> list[tuple[bytes, bytes]]:
        """The RateLimit header fields (and Retry-After when refused)."""
        fields = [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset).encode()),
            (b"ratelimit-policy", f"{self.limit};w={self.window}".encode()),
        ]
        if not self.allowed:
            fields.append((b"retry-after", str(self.retry_after).encode()))
        return fields


class Buckets:
    """Token buckets keyed by client, least recently used first; pure (``now`` is given)."""

    def __init__(self, *, rate: float, burst: int, max_clients: int = 100_000) -> None:
        if rate <= 0 or burst < 1 or max_clients < 1:
            raise ValueError(f"rate {rate} must be > 0, burst {burst} and max_clients >= 1")
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self.full_after = burst / rate
        self._state: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._state)

    def take(self, key: str, now: float) -> Decision:
        """Take one token from ``key``'s bucket at time ``now`` (seconds) if it has one."""
        self._evict(now)
        tokens, last = self._state.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + max(0.0, now - last) * self.rate)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._state[key] = (tokens, now)
        return Decision(
            allowed=allowed,
            limit=self.burst,
            remaining=int(tokens),
            reset=math.ceil((self.burst - tokens) / self.rate),
            retry_after=0 if allowed else max(1, math.ceil((1.0 - tokens) / self.rate)),
            window=math.ceil(self.full_after),
        )

    def _evict(self, now: float) -> None:
        """Drop buckets full again by now, and the least recently used beyond the cap."""
        while self._state:
            key, (_, last) = next(iter(self._state.items()))
            if now - last < self.full_after and len(self._state) < self.max_clients:
                return
            del self._state[key]


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: Address, proxies: Sequence[IPNetwork]) -> bool:
    return any(address in network for network in proxies)


def client_key(scope: Scope, headers: Headers, proxies: Sequence[IPNetwork]) -> str:
    """The bucket key of the caller: its address (IPv6 by /64), through trusted proxies."""
    peer = scope.get("client")
    text = str(peer[0]) if peer else ""
    address = _address(text)
    if address is not None and proxies and _trusted(address, proxies):
        forwarded = headers.get("x-forwarded-for", "")
        for hop in reversed(forwarded.split(",") if forwarded else []):
            found = _address(hop)
            if found is None:
                break
            address = found
            if not _trusted(found, proxies):
                break
    if address is None:
        return text
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class TokenCache:
    """Whether a bearer token is valid, remembered for ``ttl`` seconds (valid ones only).

    ``check`` does the I/O (a database lookup); it is called at most once a ``ttl`` per valid
    token, so authenticated callers cost nothing more than anonymous ones.
    """

    def __init__(
        self,
        check: Callable[[str], Awaitable[bool]],
        *,
        ttl: float = 60.0,
        clock: Clock = time.monotonic,
        max_entries: int = 10_000,
    ) -> None:
        self._check = check
        self._ttl = ttl
        self._clock = clock
        self._max = max_entries
        self._valid_until: OrderedDict[bytes, float] = OrderedDict()

    async def __call__(self, token: str) -> bool:
        """True when ``token`` authenticates a user."""
        digest = hashlib.sha256(token.encode()).digest()
        now = self._clock()
        if self._valid_until.get(digest, -math.inf) > now:
            return True
        self._valid_until.pop(digest, None)
        if not await self._check(token):
            return False
        self._valid_until[digest] = now + self._ttl
        while len(self._valid_until) > self._max:
            self._valid_until.popitem(last=False)
        return True


def database_token_check(db: Database) -> Callable[[str], Awaitable[bool]]:
    """``check`` for :class:`TokenCache`: the token authenticates a user (a thread does the I/O)."""

    def check(token: str) -> bool:
        try:
            with db.session() as session:
                accounts.authenticate(session=session, token=token)
        except Unauthenticated:
            return False
        return True

    async def run(token: str) -> bool:
        return await run_in_threadpool(check, token)

    return run


class RateLimitMiddleware:
    """Pure ASGI middleware limiting anonymous callers (see the module docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        buckets: Buckets,
        authenticated: Callable[[str], Awaitable[bool]],
        trusted_proxies: Sequence[IPNetwork] = (),
        clock: Clock = time.monotonic,
    ) -> None:
        self.app = app
        self.buckets = buckets
        self.authenticated = authenticated
        self.trusted_proxies = tuple(trusted_proxies)
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass, pass with RateLimit headers, or answer 429."""
        if scope["type"] != "http" or str(scope["path"]).startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = bearer_token(request)
        if token is not None and await self.authenticated(token):
            await self.app(scope, receive, send)
            return
        key = client_key(scope, request.headers, self.trusted_proxies)
        decision = self.buckets.take(key, self.clock())
        if not decision.allowed:
            await self._too_many(scope, receive, send, decision)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *decision.headers()]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _too_many(
        self, scope: Scope, receive: Receive, send: Send, decision: Decision
    ) -> None:
        wait = decision.retry_after
        problem = Problem(
            "rate_limit",
            f"too many requests from this address without a token; retry in {wait} s "
            f"(at most {decision.limit} at once, refilled at {self.buckets.rate * 60:g} a minute)",
            f"该地址未携带令牌的请求过多，请 {wait} 秒后重试"
            f"（最多连续 {decision.limit} 次，每分钟恢复 {self.buckets.rate * 60:g} 次）",
        )
        headers = {k.decode(): v.decode() for k, v in decision.headers()}
        response = problem_response(Request(scope), 429, "Too many requests", [problem], headers)
        await response(scope, receive, send)


def install(app: Starlette, settings: Settings, db: Database) -> None:
    """Add the middleware to ``app`` unless ``rate_limit_per_minute`` is 0."""
    if settings.rate_limit_per_minute <= 0:
        return
    app.add_middleware(
        RateLimitMiddleware,
        buckets=Buckets(rate=settings.rate_limit_per_minute / 60, burst=settings.rate_limit_burst),
        authenticated=TokenCache(database_token_check(db)),
        trusted_proxies=settings.trusted_proxies,
    )
