"""What the public pages share: page arithmetic, query cleaning, a message page."""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from starlette.responses import HTMLResponse

from qualicert.web.pages import texts
from qualicert.web.pages.rendering import language, render

PAGE_SIZE = 20
MAX_PAGE = 10_000
MAX_QUERY = 100


def page_number(raw: str | None) -> int:
    """A page number from the query string; anything unreadable is the first page."""
    try:
        return min(max(int(raw or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """How many pages ``total`` rows fill (at least one)."""
    return max(1, math.ceil(total / size))


def clean_query(raw: str | None) -> str:
    """The search text as typed, trimmed and cut to a sane length."""
    return " ".join((raw or "").split())[:MAX_QUERY]


def message_page(request: Request, heading_key: str, message: str, status: int) -> HTMLResponse:
    """A page with one message, such as "not found", in the visitor's language."""
    heading = texts.text(heading_key, language(request))
    context: dict[str, Any] = {"heading": heading, "message": message}
    return render(request, "message.html", context, status_code=status)
