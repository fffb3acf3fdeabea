"""POST /api/v1/bodies/{body_id}/certificates/import: a body uploads its certificates in bulk.

The file is the raw request body (``Content-Type: text/csv``, the XLSX media type or
``application/x-ndjson``) or the ``file`` part of a multipart form. It is spooled to a
temporary file as it arrives (memory stays bounded), then imported by
:func:`qualicert.certification.bulk.import_certificates`.

- 200: the report (in partial mode it lists the refused rows too);
- 422 problem+json: rows were refused and nothing was applied; ``errors`` lists row, field,
  rule and message of each (the first 1,000), and ``report`` carries the counts (the report
  without its error list, which is ``errors``).
"""

from __future__ import annotations

import tempfile
from typing import IO, Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from qualicert.certification import bulk
from qualicert.errors import InvalidInput
from qualicert.web.deps import ActorDep, DbDep
from qualicert.web.problems import MEDIA_TYPE

router = APIRouter(tags=["certificates"])

SPOOL_BYTES = 8 * 1024 * 1024
MEDIA_FORMATS = {
    "text/csv": "csv",
    "application/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
}
EXAMPLE_ERRORS = [
    {
        "row": 7,
        "field": "uscc",
        "rule": "uscc_check_digit",
        "message": "uscc: the check digit is wrong",
        "message_zh": "uscc：校验码错误",
    }
]


@router.post(
    "/bodies/{body_id}/certificates/import",
    responses={
        422: {
            "description": "Rows were refused and nothing was applied (problem+json).",
            "content": {MEDIA_TYPE: {"example": {"status": 422, "errors": EXAMPLE_ERRORS}}},
        }
    },
)
async def import_certificates(
    body_id: int,
    request: Request,
    db: DbDep,
    actor: ActorDep,
    partial: Annotated[
        bool, Query(description="Apply the valid rows and report the others.")
    ] = False,
    format: Annotated[
        str | None, Query(description="csv, xlsx or jsonl; guessed from the file when absent.")
    ] = None,
) -> JSONResponse:
    """Create or update the body's certificates from a CSV, XLSX or JSON Lines file.

    Columns may use the IAF CertSearch (IAF MD 28) names or the CNCA Chinese ones; see
    docs/bulk-intake.md. Re-uploading a certificate number updates that certificate.
    """
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        upload, hint = await _receive(request, spool)
        report = await run_in_threadpool(
            bulk.import_certificates,
            factory=db.factory,
            actor=actor,
            body_id=body_id,
            source=upload,
            format=format or hint,
            partial=partial,
        )
    if report.applied:
        return JSONResponse(report.as_dict())
    return _refused(request, report)


async def _receive(request: Request, spool: IO[bytes]) -> tuple[IO[bytes], str | None]:
    """The uploaded file and the format its media type or name suggests."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=10)
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise InvalidInput(
                "send the file as the multipart part named 'file' (or as the request body)",
                "请以名为 file 的表单字段（或直接以请求体）上传文件",
                rule="required",
                field="file",
            )
        suffix = (part.filename or "").rpartition(".")[2].lower()
        named = suffix if suffix in {"csv", "xlsx", "jsonl", "ndjson"} else None
        return part.file, MEDIA_FORMATS.get((part.content_type or "").lower()) or named
    async for chunk in request.stream():
        spool.write(chunk)
    spool.seek(0)
    return spool, MEDIA_FORMATS.get(media)


def _refused(request: Request, report: bulk.ImportReport) -> JSONResponse:
    """422 problem+json: which rows broke which rules; nothing was applied."""
    body: dict[str, Any] = {
        "type": "/problems/rows_refused",
        "title": "Rows refused",
        "status": 422,
        "detail": f"{report.refused} of {report.rows_read} rows were refused; nothing was "
        "applied (fix them, or import with partial=true to apply the valid rows)",
        "detail_zh": f"共 {report.rows_read} 行，其中 {report.refused} 行未通过校验，"
        "未做任何更改（请修正后重新上传，或使用 partial=true 只导入有效行）",
        "instance": request.url.path,
        "errors": [e.as_dict() for e in report.errors],
        "report": {k: v for k, v in report.as_dict().items() if k != "errors"},
    }
    return JSONResponse(body, status_code=422, media_type=MEDIA_TYPE)
