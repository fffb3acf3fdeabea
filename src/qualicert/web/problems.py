"""RFC 9457 problem details for every error the API returns.

Each response is ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` (English), ``detail_zh`` (Chinese), ``instance`` (the request path) and
``errors``: a list of ``{field, rule, message, message_zh}``, one per thing that failed.
A malformed body gets 422 naming the rule, never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from qualicert.db import UnrecordedChange
from qualicert.errors import Problem, QualicertError

log = logging.getLogger("qualicert.web")
MEDIA_TYPE = "application/problem+json"

ZH_BY_TYPE = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段",
    "json_invalid": "请求体不是有效的 JSON",
    "string_too_short": "文本太短",
    "string_too_long": "文本太长",
    "string_pattern_mismatch": "格式不符合要求",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "enum": "取值不在允许范围内",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "too_long": "条目太多",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "string_type": "应为文本",
}
STATUS_TITLES = {404: "Not found", 405: "Method not allowed", 401: "Unauthenticated"}


def problem_response(
    request: Request,
    status: int,
    title: str,
    problems: Sequence[Problem],
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A problem+json response listing ``problems`` (the first one is the ``detail``).

    Never stored by a cache (``Cache-Control: no-store``): an error says nothing lasting.
    """
    first = problems[0]
    body: dict[str, Any] = {
        "type": f"/problems/{first.rule}",
        "title": title,
        "status": status,
        "detail": first.message,
        "detail_zh": first.message_zh,
        "instance": request.url.path,
        "errors": [p.as_dict() for p in problems],
    }
    headers = {"Cache-Control": "no-store", **(headers or {})}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:] or parts
    return ".".join(parts)


def validation_problems(errors: Sequence[Any]) -> list[Problem]:
    """Problems from Pydantic errors, with the messages our own validators give in zh."""
    problems = []
    for error in errors:
        ctx = error.get("ctx") or {}
        rule = str(error.get("type", "invalid"))
        message = str(ctx.get("message") or error.get("msg", "invalid value"))
        zh = str(ctx.get("message_zh") or ZH_BY_TYPE.get(rule, "输入无效"))
        field = "body" if rule == "json_invalid" else _field(error.get("loc", ()))
        problems.append(Problem(rule, f"{field}: {message}" if field else message, zh, field))
    return problems


async def _qualicert_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QualicertError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem_response(request, exc.status, exc.title, exc.problems, headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(request, 422, "Invalid input", validation_problems(exc.errors()))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = STATUS_TITLES.get(exc.status_code, "HTTP error")
    detail = str(exc.detail)
    problem = Problem(f"http_{exc.status_code}", detail, detail)
    return problem_response(request, exc.status_code, title, [problem], exc.headers)


async def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
    problem = Problem(
        "out_of_range",
        "a value is out of the range the database can store (an id, a page or a number too "
        "large); nothing was changed",
        "数值超出数据库可存储的范围（编号、页码或数字过大等），未做任何更改",
    )
    return problem_response(request, 422, "Invalid input", [problem])


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    internal = "an internal error occurred; nothing was changed"
    if isinstance(exc, UnrecordedChange):
        internal = "a change was refused because it had no event; nothing was changed"
    problem = Problem("internal", internal, "服务器内部错误，未做任何更改")
    return problem_response(request, 500, "Internal error", [problem])


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(QualicertError, _qualicert_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(Exception, _unexpected)
