"""/api/v1/opendata: every certificate and status history as CSV, JSON Lines or Parquet; free.

``/opendata/{certificates,histories}.{csv,jsonl,parquet}`` stream the current data chunk by
chunk from one query; ``/opendata/snapshots`` lists the daily snapshots and
``/opendata/snapshots/{date}/{file}`` serves their files from disk (immutable, so cached for a
year). No token is needed. See docs/opendata.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, StreamingResponse

from qualicert.config import Settings
from qualicert.statistics import columns, opendata, snapshots
from qualicert.web.deps import Database, DbDep, PagingDep, get_settings

router = APIRouter(prefix="/opendata", tags=["open data"])
SettingsDep = Annotated[Settings, Depends(get_settings)]

IMMUTABLE = "public, max-age=31536000, immutable"
BASE = "/api/v1/opendata/snapshots"
TEXT = "text/plain; charset=utf-8"
DOWNLOAD = {
    "content": {fmt.media_type.split(";")[0]: {} for fmt in columns.Format},
    "description": "The data set, streamed.",
}


def _files(snapshot: snapshots.Snapshot) -> dict[str, Any]:
    day = snapshot.day.isoformat()
    return {
        "date": day,
        "checksums_url": f"{BASE}/{day}/{snapshots.SUMS}",
        "files": [
            {"name": f.name, "size": f.size, "sha256": f.sha256, "url": f"{BASE}/{day}/{f.name}"}
            for f in snapshot.files
        ],
    }


@router.get("/snapshots")
def list_snapshots(settings: SettingsDep, paging: PagingDep) -> dict[str, Any]:
    """The daily snapshots, newest first, each file with its size and SHA-256."""
    found, total = snapshots.page_of(
        folder=settings.opendata_dir, page=paging.page, page_size=paging.page_size
    )
    return {
        "items": [_files(s) for s in found],
        "total": total,
        "page": paging.page,
        "page_size": paging.page_size,
    }


@router.get("/snapshots/{date}/{file}", response_class=FileResponse)
def snapshot_file(date: str, file: str, settings: SettingsDep) -> FileResponse:
    """One file of a snapshot (a data file, its ``.sha256`` or ``SHA256SUMS``), never changed."""
    path = snapshots.file_path(folder=settings.opendata_dir, day=date, name=file)
    return FileResponse(
        path, media_type=_media_type(path), filename=file, headers={"Cache-Control": IMMUTABLE}
    )


def _media_type(path: Path) -> str:
    """The data format's media type; checksum files are plain text."""
    suffix = path.suffix.removeprefix(".")
    if suffix in {f.value for f in columns.Format}:
        return columns.Format(suffix).media_type
    return TEXT


@router.get("/{name}", response_class=StreamingResponse, responses={200: DOWNLOAD})
def download(name: str, db: DbDep) -> StreamingResponse:
    """``certificates.csv``, ``histories.parquet``...: the current data, streamed."""
    dataset, fmt = columns.parse_name(name)
    return StreamingResponse(
        _stream(db, dataset, fmt),
        media_type=fmt.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _stream(db: Database, dataset: columns.Dataset, fmt: columns.Format) -> Iterator[bytes]:
    """The export in one read transaction held while the response is sent."""
    with db.session() as session:
        yield from opendata.stream(session=session, dataset=dataset, format=fmt)
