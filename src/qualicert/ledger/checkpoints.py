"""Signed checkpoints of the log (C2SP tlog-checkpoint), and proofs from storage.

The log never signs two checkpoints that disagree: before signing a new size it recomputes,
from storage, the root at the size of the last checkpoint it signed and refuses to sign if
that differs from what it signed then.
"""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.errors import Conflict, InvalidInput
from qualicert.ledger import merkle, note
from qualicert.ledger.log import state
from qualicert.ledger.models import Checkpoint
from qualicert.ledger.store import prefetched, preload, size


def latest(*, session: Session) -> Checkpoint | None:
    """The newest checkpoint signed."""
    return session.scalar(select(Checkpoint).order_by(Checkpoint.size.desc()).limit(1))


def sign_current(*, session: Session, name: str, key: Ed25519PrivateKey) -> Checkpoint:
    """The checkpoint of the current tree, signing a new one when the tree has grown."""
    current = state(session)
    last = latest(session=session)
    if last is not None and last.size == current.size:
        return last
    if last is not None:
        again = prefetched(session, lambda reader: merkle.root(reader, last.size))
        if again != last.root_hash:
            raise Conflict(
                f"the stored tree no longer matches the checkpoint signed at size {last.size}; "
                "refusing to sign an inconsistent checkpoint",
                "存储的日志与已签名的检查点不一致，拒绝签名",
                rule="log_inconsistent",
            )
    body = note.Checkpoint(origin=name, size=current.size, root_hash=current.root_hash)
    signed = note.sign_note(body.format(), name, key)
    row = Checkpoint(
        size=current.size,
        root_hash=current.root_hash,
        note=signed,
        signed_at=dt.datetime.now(dt.UTC),
    )
    session.add(row)
    session.flush()
    return row


def _check_size(value: int, field: str, upper: int) -> None:
    if not 0 <= value <= upper:
        raise InvalidInput(
            f"{field} {value} is outside the log (size {upper})",
            f"{field} {value} 超出日志范围（大小 {upper}）",
            rule="range",
            field=field,
        )


def inclusion(*, session: Session, leaf_index: int, tree_size: int) -> tuple[bytes, list[bytes]]:
    """Root of ``tree_size`` and the inclusion proof of ``leaf_index`` in it.

    One read: the log's size and every node the proof needs come in one statement.
    """
    if not 0 <= leaf_index < tree_size:
        _check_size(tree_size, "tree_size", size(session))
        raise InvalidInput(
            f"leaf_index {leaf_index} is not below tree_size {tree_size}",
            f"leaf_index {leaf_index} 应小于 tree_size {tree_size}",
            rule="range",
            field="leaf_index",
        )

    def compute(reader: merkle.NodeReader) -> tuple[bytes, list[bytes]]:
        return merkle.root(reader, tree_size), merkle.inclusion_proof(reader, leaf_index, tree_size)

    current, tree = preload(session, compute)
    _check_size(tree_size, "tree_size", current)
    return compute(tree)


def consistency(*, session: Session, first: int, second: int) -> tuple[bytes, bytes, list[bytes]]:
    """Roots of ``first`` and ``second`` and the consistency proof between them (one read)."""
    if not 0 <= first <= second:
        _check_size(second, "second", size(session))
        raise InvalidInput(
            f"first {first} must be between 0 and second {second}",
            f"first {first} 应在 0 与 second {second} 之间",
            rule="range",
            field="first",
        )

    def compute(reader: merkle.NodeReader) -> tuple[bytes, bytes, list[bytes]]:
        return (
            merkle.root(reader, first),
            merkle.root(reader, second),
            merkle.consistency_proof(reader, first, second),
        )

    current, tree = preload(session, compute)
    _check_size(second, "second", current)
    return compute(tree)
