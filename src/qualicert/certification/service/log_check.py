"""Check a certificate's records against the transparency log, as any visitor may ask.

Every event about a certificate (its issue, each status change, each history entry) is a
leaf of the log. The check signs or takes the current checkpoint, verifies that checkpoint's
signature with the log's public key, then for each event rebuilds its leaf from the event
row, asks storage for an inclusion proof in the checkpoint's tree and verifies that proof
with the pure RFC 9162 algorithm. A row edited by hand no longer hashes to its leaf, so its
proof fails here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from qualicert.certification.models import Certificate, StatusChange
from qualicert.ledger import checkpoints, merkle, note
from qualicert.ledger import service as ledger
from qualicert.ledger.models import Event


@dataclass(frozen=True)
class EventCheck:
    """One event of the certificate and whether its inclusion proof verified."""

    event_type: str
    occurred_at: dt.datetime
    leaf_index: int | None
    verified: bool


@dataclass(frozen=True)
class LogCheck:
    """The outcome: the signed checkpoint used and each event's proof."""

    tree_size: int
    root_hash: bytes
    checkpoint_verified: bool
    events: list[EventCheck]

    @property
    def failed(self) -> int:
        """How many events could not be proven."""
        return sum(1 for e in self.events if not e.verified)

    @property
    def leaf_indices(self) -> list[int]:
        """The leaf index of each event that has one, oldest first."""
        return [e.leaf_index for e in self.events if e.leaf_index is not None]

    @property
    def ok(self) -> bool:
        """The checkpoint's signature holds and every event is proven."""
        return self.checkpoint_verified and self.failed == 0 and bool(self.events)


def certificate_events(*, session: Session, certificate: Certificate) -> list[Event]:
    """The events about the certificate and its history entries, oldest first."""
    entry_ids = select(StatusChange.id).where(StatusChange.certificate_id == certificate.id)
    entries = [str(i) for i in session.scalars(entry_ids)]
    query = (
        select(Event)
        .where(
            or_(
                (Event.subject_type == Certificate.__tablename__)
                & (Event.subject_id == str(certificate.id)),
                (Event.subject_type == StatusChange.__tablename__) & Event.subject_id.in_(entries),
            )
        )
        .order_by(Event.id)
    )
    return list(session.scalars(query))


def leaf_indices(*, session: Session, certificate: Certificate) -> list[int]:
    """The log leaf index of each of the certificate's events, oldest first."""
    events = certificate_events(session=session, certificate=certificate)
    indices = ledger.leaf_index_of(session=session, event_ids=[e.id for e in events])
    return [indices[e.id] for e in events if e.id in indices]


def _prove(session: Session, event: Event, index: int | None, size: int, root: bytes) -> bool:
    if index is None or index >= size:
        return False
    _, proof = checkpoints.inclusion(session=session, leaf_index=index, tree_size=size)
    leaf = merkle.leaf_hash(event.canonical_bytes())
    return merkle.verify_inclusion(leaf_hash=leaf, index=index, size=size, proof=proof, root=root)


def check(
    *, session: Session, certificate: Certificate, log_name: str, log_key: Ed25519PrivateKey
) -> LogCheck:
    """Prove each of the certificate's events in the latest signed checkpoint."""
    signed = checkpoints.sign_current(session=session, name=log_name, key=log_key)
    verifier = note.verifier_for(log_name, log_key)
    try:
        opened, _ = note.open_checkpoint(signed.note, [verifier])
        checkpoint_ok = opened.size == signed.size and opened.root_hash == signed.root_hash
    except ValueError:
        checkpoint_ok = False
    events = certificate_events(session=session, certificate=certificate)
    indices = ledger.leaf_index_of(session=session, event_ids=[e.id for e in events])
    results = [
        EventCheck(
            event_type=e.event_type,
            occurred_at=e.occurred_at,
            leaf_index=indices.get(e.id),
            verified=_prove(session, e, indices.get(e.id), signed.size, signed.root_hash),
        )
        for e in events
    ]
    return LogCheck(signed.size, signed.root_hash, checkpoint_ok, results)
