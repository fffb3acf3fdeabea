"""Rendering a page: the templates, the visitor's language and the words in it.

The language comes from ``?lang=zh|en`` (which is then remembered in a cookie for a year),
else from that cookie, else Chinese. Every page links to the other language with ``?lang=``,
so switching works with JavaScript off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from qualicert.web.pages import texts

COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")


def language(request: Request) -> str:
    """The language to answer in: ``zh`` or ``en``."""
    asked = request.query_params.get("lang") or request.cookies.get(COOKIE)
    return asked if asked in texts.LANGUAGES else texts.DEFAULT_LANGUAGE


def url_with(request: Request, **changes: object) -> str:
    """This page's address with some query parameters changed (``None`` drops one)."""
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = str(value)
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` in the visitor's language; remember a language asked for."""
    lang = language(request)
    other = "en" if lang == "zh" else "zh"
    words = {
        "lang": lang,
        "html_lang": texts.HTML_LANG[lang],
        "other_lang": other,
        "switch_url": url_with(request, lang=other),
        "t": lambda key, **values: texts.text(key, lang, **values),
        "status_label": lambda status: texts.status_label(status, lang),
        "transition_label": lambda name: texts.transition_label(name, lang),
        "verdict_label": lambda verdict: texts.verdict_label(verdict, lang),
        "url_with": lambda **changes: url_with(request, **changes),
    }
    response = templates.TemplateResponse(
        request, template, {**context, **words}, status_code=status_code
    )
    if request.query_params.get("lang") in texts.LANGUAGES:
        response.set_cookie(COOKIE, lang, max_age=ONE_YEAR, samesite="lax", httponly=True)
    return response
