"""Strong ETags and Cache-Control for public reads: certificates, verification, credentials.

The ETag is the SHA-256 of the exact response bytes, base64url without padding, in quotes, so
two answers with the same tag are byte for byte the same (a *strong* validator, RFC 9110
8.8.1). A request whose ``If-None-Match`` lists that tag (or ``*``) gets ``304 Not Modified``
with no body. Both answers carry ``Cache-Control: public, max-age=N``
(``QUALICERT_CACHE_MAX_AGE_SECONDS``), so browsers and CDNs may keep them for N seconds.

Only successful answers go through here: problems (404, 422, 429...) are raised as errors and
rendered by :mod:`qualicert.web.problems`, never with these headers.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from qualicert.web.deps import get_settings


def etag(body: bytes) -> str:
    """The strong entity tag of ``body``: ``"<base64url(SHA-256(body))>"``."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b"=")
    return f'"{digest.decode("ascii")}"'


def none_match(if_none_match: str | None, tag: str) -> bool:
    """True when ``If-None-Match`` names ``tag`` or is ``*`` (weak comparison, RFC 9110 13.1.2)."""
    if not if_none_match:
        return False
    listed = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in listed or tag in listed


def cached(request: Request, body: bytes, media_type: str) -> Response:
    """``body`` with its ETag and Cache-Control, or 304 when the client holds it already."""
    tag = etag(body)
    max_age = get_settings(request).cache_max_age_seconds
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}"}
    if none_match(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def cached_json(request: Request, content: Any) -> Response:
    """``content`` as the JSON FastAPI would send, through :func:`cached`."""
    body = JSONResponse(jsonable_encoder(content)).body
    return cached(request, bytes(body), "application/json")
