"""POST /api/v1/toolbox/{spc,capability,sampling,msa,pareto,fmea,trace}: the quality toolbox.

Computations for enterprises: nothing is stored, so no token is needed (DESIGN: writes need
one). Each endpoint parses a JSON body (``toolbox_models``, which bounds its size), calls
:mod:`qualicert.toolbox` and answers the result as JSON (numpy arrays as lists, NaN as
``null``), or for ``spc``, ``capability`` and ``pareto`` with ``?format=png`` or ``svg`` the
chart. A toolbox ``ValueError`` is a 422 problem+json naming the field; a body over
:data:`~qualicert.web.api.toolbox_models.MAX_BODY_BYTES` is a 413 before it is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.types import Message

from qualicert.errors import InvalidInput
from qualicert.toolbox import capability, charts, fmea, msa, pareto, sampling
from qualicert.toolbox.trace import Genealogy
from qualicert.web import toolbox_calls as calls
from qualicert.web.api import toolbox_models as m
from qualicert.web.results import jsonable, refusals

Format = Literal["json", "png", "svg"]
FormatQuery = Annotated[Format, Query(description="json (the analysis) or png / svg (the chart).")]
MEDIA = {"png": "image/png", "svg": "image/svg+xml"}
CHART_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/png": {}, "image/svg+xml": {}}, "description": "JSON or chart"},
    413: {"description": f"The body is over {m.MAX_BODY_BYTES} bytes."},
    422: {"description": "Bad input, naming the field (problem+json)."},
}
RESPONSES = {k: v for k, v in CHART_RESPONSES.items() if k != 200}


class PayloadTooLarge(InvalidInput):
    """The request body is larger than the toolbox accepts."""

    status = 413
    title = "Payload too large"


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the request body is larger than {m.MAX_BODY_BYTES} bytes; send less data "
        "(limits: docs/api.md, section Toolbox)",
        f"请求体超过 {m.MAX_BODY_BYTES} 字节，请减少数据量",
        rule="body_too_large",
        field="body",
    )


async def _bounded(request: Request) -> Request:
    """``request``, refused with 413 when its body is over the limit (read at most once)."""
    length = request.headers.get("content-length")
    if length is not None:
        if length.isdigit() and int(length) > m.MAX_BODY_BYTES:
            raise _too_large()
        return request
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > m.MAX_BODY_BYTES:
            raise _too_large()

    async def replay() -> Message:
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    return Request(request.scope, replay)


class BoundedRoute(APIRoute):
    """A route whose body is checked against the size limit before it is parsed."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The usual handler, behind the size check."""
        handler = super().get_route_handler()

        async def bounded(request: Request) -> Response:
            return await handler(await _bounded(request))

        return bounded


router = APIRouter(prefix="/toolbox", tags=["toolbox"], route_class=BoundedRoute)


def _answer(result: Any, fmt: Format, draw: Callable[[str], bytes], name: str) -> Response:
    """The analysis as JSON, or the chart ``draw(fmt)`` as an image."""
    if fmt == "json":
        return JSONResponse(jsonable(result))
    with refusals(("format",), "format"):
        image = draw(fmt)
    disposition = f'inline; filename="{name}.{fmt}"'
    return Response(image, media_type=MEDIA[fmt], headers={"content-disposition": disposition})


SPC_WORDS = {
    "counts": "counts", "defectives": "counts", "sample": "counts", "sizes": "sizes",
    "size": "sizes", "stages": "stages", "exclude": "exclude", "center": "center",
    "target": "center", "sigma": "sigma", "sigma_z": "sigma", "nsigmas": "nsigmas",
    "rules": "rules", "lam": "lam", "k": "k", "h": "h", "headstart": "headstart",
    "span": "span", "sigma_method": "sigma_method", "chart": "chart",
}  # fmt: skip


@router.post("/spc", responses=CHART_RESPONSES)
def spc_chart(body: m.SpcRequest, format: FormatQuery = "json") -> Response:
    """A control chart (Shewhart, EWMA, CUSUM, Laney) with limits and run-rule violations."""
    attribute = body.chart in calls.ATTRIBUTE_CHARTS
    with refusals(SPC_WORDS, "counts" if attribute else "data"):
        name, values = body.measurements()
    words = {**SPC_WORDS, "data": name, "values": name, "subgroups": name, "subgroup": name}
    with refusals(words, "counts" if attribute else name):
        result = calls.control_chart(
            body.chart, data=values, counts=body.counts, sizes=body.sizes, options=body.options()
        )
        return _answer(result, format, lambda f: charts.render(result, f, title=body.title), "spc")


CAPABILITY_WORDS = (
    "lsl", "usl", "target", "subgroup_size", "within", "transform", "boxcox_lambda", "method",
    "distribution", "confidence_level",
)  # fmt: skip


@router.post("/capability", responses=CHART_RESPONSES)
def capability_analysis(body: m.CapabilityRequest, format: FormatQuery = "json") -> Response:
    """Cp, Cpk, Cpm, Pp, Ppk, Ppm with confidence intervals, PPM, yield and sigma level."""
    with refusals((), "data"):
        name, values = body.measurements()
    words = {**dict.fromkeys(("data", "values", "subgroups"), name), **_same(CAPABILITY_WORDS)}
    with refusals(words, name):
        result = capability.analyze(
            values, body.lsl, body.usl, body.target, body.subgroup_size, body.within,
            transform=body.transform, boxcox_lambda=body.boxcox_lambda, method=body.method,
            distribution=body.distribution,
        )  # fmt: skip
        report = {
            **jsonable(result),
            "intervals": jsonable(calls.capability_intervals(result, body.confidence_level)),
        }
        return _answer(report, format, lambda f: _histogram(values, result, body.title, f), name)


def _histogram(
    values: Any, result: capability.CapabilityResult, title: str | None, fmt: str
) -> bytes:
    return charts.render_capability(
        values, result.lsl, result.usl, result.target, fmt,
        sigma_within=result.sigma_within, title=title or "Process capability",
    )  # fmt: skip


def _same(names: tuple[str, ...]) -> dict[str, str]:
    return {name: name for name in names}


@router.post("/sampling", responses=RESPONSES)
def sampling_plan(body: m.SamplingRequest) -> Response:
    """An ISO 2859-1 (GB/T 2828.1) plan: code letter, n, Ac, Re, Pa at the AQL, AOQL, OC."""
    with refusals(("lot_size", "aql", "level", "severity", "p"), "aql"):
        plan = sampling.plan(body.lot_size, body.aql, level=body.level, severity=body.severity)
        return JSONResponse(jsonable(calls.sampling_report(plan, body.p)))


@router.post("/msa", responses=RESPONSES)
def gage_rr(body: m.MsaRequest) -> Response:
    """A crossed gauge R&R study (ANOVA or average and range): %GRR, ndc, AIAG verdict."""
    words = {"part": "parts", "operator": "operators", **_same(tuple(m.MsaRequest.model_fields))}
    with refusals(words, "values"):
        result = msa.gage_rr(
            body.parts, body.operators, body.values, body.tolerance, body.method,
            body.alpha_interaction, body.study_multiplier,
        )  # fmt: skip
        return JSONResponse(jsonable(result))


PARETO_WORDS = {
    "category": "categories", "count": "counts", "weight": "weights",
    **_same(("categories", "counts", "weights", "threshold", "other_threshold", "other_label")),
}  # fmt: skip


@router.post("/pareto", responses=CHART_RESPONSES)
def pareto_analysis(body: m.ParetoRequest, format: FormatQuery = "json") -> Response:
    """Categories ranked with cumulative percentages and the vital few."""
    with refusals(PARETO_WORDS, "categories"):
        result = pareto.analyze(
            body.categories, body.counts, body.weights, body.other_threshold,
            threshold=body.threshold, other_label=body.other_label,
        )  # fmt: skip
        return _answer(result, format, lambda f: _pareto_chart(result, body.title, f), "pareto")


def _pareto_chart(result: pareto.ParetoResult, title: str | None, fmt: str) -> bytes:
    return charts.render_pareto(
        result.categories, result.counts, fmt,
        title=title or "Pareto chart", threshold=result.threshold / 100,
    )  # fmt: skip


def _numbered(plural: str) -> Callable[[str], str | None]:
    """Name ``rows.2.severity`` for a message "row 3: severity ..." (``plural="rows"``)."""
    pattern = re.compile(rf"^{plural[:-1]} (\d+)(?::? (severity|occurrence|detection)\b)?")

    def locate(message: str) -> str | None:
        found = pattern.match(message)
        if found is None:
            return None
        where = f"{plural}.{int(found.group(1)) - 1}"
        return f"{where}.{found.group(2)}" if found.group(2) else where

    return locate


@router.post("/fmea", responses=RESPONSES)
def fmea_evaluation(body: m.FmeaRequest) -> Response:
    """AIAG-VDA action priority (H, M, L) and RPN of each row, sorted by priority."""
    with refusals(("kind",), "rows", _numbered("rows")):
        rows = [row.model_dump() for row in body.rows]
        return JSONResponse(jsonable(fmea.evaluate(rows, kind=body.kind)))


def _trace_field(message: str) -> str | None:
    """``edges.N`` for a bad edge, ``lots`` for an unknown start lot."""
    if re.match(r"lot .* is not in the genealogy", message):
        return "lots"
    return _numbered("edges")(message)


@router.post("/trace", responses=RESPONSES)
def lot_trace(body: m.TraceRequest) -> Response:
    """Forward or backward trace of a lot, or the recall scope of suspect lots."""
    words = {"lots": "lots", "direction": "direction", "shipped": "shipped"}
    with refusals(words, "edges", _trace_field):
        genealogy = Genealogy.from_edges(body.edges)
        return JSONResponse(
            jsonable(calls.trace(genealogy, body.direction, body.lots, body.shipped))
        )
