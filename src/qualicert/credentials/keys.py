"""Certification bodies' signing keys: rows in ``body_keys``, private halves in files.

The private key of body ``B`` with key id ``K`` is ``<var_dir>/keys/bodies/B/K.key``, a C2SP
signer key created with mode 0600 and refused when others can read it (as the log's key,
:mod:`qualicert.ledger.keys`). The key id is the hex of the first 8 bytes of SHA-256 of the
raw public key. Every new or retired key is an event (``body_key.created``,
``body_key.retired``). Rotation on request is for someone who may act for the body (its
admin or staff) or the national regulator; the platform itself makes a body's first key when a
credential is first asked for.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.credentials.models import BodyKey
from qualicert.db import utcnow
from qualicert.ledger import note
from qualicert.ledger.service import record
from qualicert.registry.service import get_body


def key_id(public_key: bytes) -> str:
    """Hex of the first 8 bytes of SHA-256 of a raw Ed25519 public key."""
    return hashlib.sha256(public_key).digest()[:8].hex()


def key_path(var_dir: Path, body_id: int, kid: str) -> Path:
    """Where the private key ``kid`` of body ``body_id`` is kept."""
    return var_dir / "keys" / "bodies" / str(body_id) / f"{kid}.key"


def _write(path: Path, body_id: int, private: Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(note.signer_key(f"qualicert-body-{body_id}", private) + "\n")


def load_private(var_dir: Path, row: BodyKey) -> Ed25519PrivateKey:
    """The private key of ``row``; PermissionError when its file is readable by others."""
    path = key_path(var_dir, row.body_id, row.key_id)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PermissionError(f"{path} is readable by others (mode {mode:o}); run chmod 600 {path}")
    _, private = note.parse_signer_key(path.read_text("ascii").strip())
    if key_id(private.public_key().public_bytes_raw()) != row.key_id:
        raise ValueError(f"{path} does not hold key {row.key_id}")
    return private


def _create(session: Session, actor: Actor, body_id: int, var_dir: Path) -> BodyKey:
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes_raw()
    row = BodyKey(body_id=body_id, key_id=key_id(public), public_key=public, valid_from=utcnow())
    _write(key_path(var_dir, body_id, row.key_id), body_id, private)
    record(
        session=session,
        actor=actor,
        event_type="body_key.created",
        subject=row,
        payload={"body_id": body_id, "key_id": row.key_id, "public_key": public.hex()},
    )
    return row


def current_key(*, session: Session, body_id: int) -> BodyKey | None:
    """The body's key in force (no ``valid_to``), newest first."""
    query = (
        select(BodyKey)
        .where(BodyKey.body_id == body_id, BodyKey.valid_to.is_(None))
        .order_by(BodyKey.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def ensure_key(*, session: Session, actor: Actor, body_id: int, var_dir: Path) -> BodyKey:
    """The body's current key, created when it has none."""
    return current_key(session=session, body_id=body_id) or _create(
        session, actor, body_id, var_dir
    )


def rotate(*, session: Session, actor: Actor, body_id: int, var_dir: Path) -> BodyKey:
    """A new key for the body; the old one stops signing now but stays published.

    Raises
    ------
    NotFound
        When there is no body ``body_id``.
    Forbidden
        When ``actor`` may not act for the body (nor is the national regulator).
    """
    get_body(session=session, body_id=body_id)
    permissions.require_body(actor, body_id, "rotate the signing key")
    old = current_key(session=session, body_id=body_id)
    if old is not None:
        old.valid_to = utcnow()
        record(
            session=session,
            actor=actor,
            event_type="body_key.retired",
            subject=old,
            payload={"body_id": body_id, "key_id": old.key_id, "valid_to": old.valid_to},
        )
    return _create(session, actor, body_id, var_dir)


def body_keys(*, session: Session, body_id: int) -> list[BodyKey]:
    """The body's published keys, oldest first; NotFound when there is no such body."""
    get_body(session=session, body_id=body_id)
    query = select(BodyKey).where(BodyKey.body_id == body_id).order_by(BodyKey.id)
    return list(session.scalars(query))


def public_keys(*, session: Session) -> list[BodyKey]:
    """Every published body key, retired ones included, by body then age."""
    return list(session.scalars(select(BodyKey).order_by(BodyKey.body_id, BodyKey.id)))
