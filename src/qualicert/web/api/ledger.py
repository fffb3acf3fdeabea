"""The transparency log over HTTP: C2SP tiles, the signed checkpoint, its key, and proofs.

``/ledger/...`` follows C2SP tlog-tiles so any CDN can serve it (full tiles and full entry
bundles never change and are cached as immutable); ``/api/v1/ledger/proofs/...`` answers
inclusion and consistency proofs from storage.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response
from sqlalchemy.exc import IntegrityError

from qualicert.errors import NotFound
from qualicert.ledger import checkpoints, log, note, tiles
from qualicert.ledger import service as ledger
from qualicert.ledger.models import Checkpoint
from qualicert.web.deps import Database, DbDep

router = APIRouter(prefix="/ledger", tags=["ledger"])
tiles_router = APIRouter(prefix="/ledger", tags=["ledger"], include_in_schema=True)

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=5"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _key(request: Request) -> tuple[str, Any]:
    key: tuple[str, Any] = request.app.state.log_key
    return key


def signed_checkpoint(request: Request, db: Database) -> Checkpoint:
    """The checkpoint of the tree as it is now, signed afresh when the log has grown."""
    name, key = _key(request)
    try:
        with db.session() as session:
            row = checkpoints.sign_current(session=session, name=name, key=key)
    except IntegrityError:  # another request signed the same size first
        with db.session() as session:
            latest = checkpoints.latest(session=session)
            assert latest is not None
            row = latest
    return row


@tiles_router.get("/checkpoint", response_class=PlainTextResponse)
def checkpoint(request: Request, db: DbDep) -> Response:
    """The latest checkpoint, signed with the log's key (signed afresh when the log grew)."""
    signed = signed_checkpoint(request, db).note
    return PlainTextResponse(signed, headers={"Cache-Control": SHORT})


@tiles_router.get("/key", response_class=PlainTextResponse)
def verifier_key(request: Request) -> Response:
    """The log's verifier key in the C2SP signed-note vkey format."""
    name, key = _key(request)
    vkey = note.verifier_for(name, key).vkey
    return PlainTextResponse(vkey + "\n", headers={"Cache-Control": "public, max-age=3600"})


@tiles_router.get("/tile/{path:path}")
def tile(path: str, db: DbDep) -> Response:
    """A hash tile ``tile/<L>/<N>[.p/<W>]`` or an entry bundle ``tile/entries/<N>[.p/<W>]``."""
    try:
        wanted = tiles.parse_tile_path(f"tile/{path}")
    except ValueError as exc:
        raise NotFound(str(exc), "无此日志分片", rule="tile", field="path") from exc
    with db.session() as session:
        size = log.state(session).size
        level = 0 if wanted.level == tiles.ENTRIES else int(wanted.level)
        _require_tile(size, level, wanted.index, wanted.width)
        if wanted.level == tiles.ENTRIES:
            first = wanted.index * tiles.TILE_WIDTH
            data = tiles.entry_bundle(
                ledger.leaf_bytes(session=session, start=first, end=first + wanted.width)
            )
        else:
            data = tiles.tile_bytes(log.StoredTree(session), level, wanted.index, wanted.width)
    cache = SHORT if wanted.is_partial else IMMUTABLE
    return Response(data, media_type="application/octet-stream", headers={"Cache-Control": cache})


def _require_tile(size: int, level: int, index: int, width: int) -> None:
    try:
        exists = tiles.tile_for(size, level, index)
    except ValueError as exc:
        raise NotFound(str(exc), "无此日志分片", rule="tile", field="path") from exc
    if exists.width < width:
        raise NotFound(
            f"tile {index} at level {level} has only {exists.width} hashes yet",
            "该日志分片尚未写满",
            rule="tile",
            field="path",
        )


@router.get("/proofs/inclusion")
def inclusion_proof(
    db: DbDep, leaf_index: Annotated[int, Query(ge=0)], tree_size: Annotated[int, Query(ge=1)]
) -> dict[str, Any]:
    """RFC 9162 inclusion proof of a leaf in the tree of ``tree_size`` (hashes in base64)."""
    with db.session() as session:
        root, proof = checkpoints.inclusion(
            session=session, leaf_index=leaf_index, tree_size=tree_size
        )
    return {
        "leaf_index": leaf_index,
        "tree_size": tree_size,
        "root_hash": _b64(root),
        "proof": [_b64(p) for p in proof],
    }


@router.get("/proofs/consistency")
def consistency_proof(
    db: DbDep, first: Annotated[int, Query(ge=0)], second: Annotated[int, Query(ge=0)]
) -> dict[str, Any]:
    """RFC 9162 consistency proof between two tree sizes (hashes in base64)."""
    with db.session() as session:
        first_root, second_root, proof = checkpoints.consistency(
            session=session, first=first, second=second
        )
    return {
        "first": first,
        "second": second,
        "first_root": _b64(first_root),
        "second_root": _b64(second_root),
        "proof": [_b64(p) for p in proof],
    }


@router.get("/state")
def log_state(db: DbDep) -> dict[str, Any]:
    """The current tree size and root (unsigned; the signed form is /ledger/checkpoint)."""
    with db.session() as session:
        current = log.state(session)
        return {"tree_size": current.size, "root_hash": _b64(current.root_hash)}
