"""Credentials of a registered certificate, signed with the issuing body's current key.

Credentials are made on request (they are cheap), each time with the body's key in force,
so a key rotation takes effect at once while credentials made before it still verify.
Unless a time is given, a credential is dated when the current key or the certificate's last
change came into force, whichever is later: Ed25519 signatures are deterministic, so the same
registry state gives the same bytes, which HTTP caches and ETags can rely on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from qualicert.accounts.actor import Actor
from qualicert.certification.models import Certificate
from qualicert.credentials import keys, qr, vc
from qualicert.credentials.facts import Facts
from qualicert.credentials.models import BodyKey
from qualicert.ledger import service as ledger
from qualicert.registry.models import CertificationBody, Organization, Scheme


def issuing_leaf(*, session: Session, certificate: Certificate) -> int | None:
    """The leaf index of the first event about the certificate (its issue or import)."""
    events = ledger.history(
        session=session, subject_type="certificates", subject_id=str(certificate.id)
    )
    if not events:
        return None
    return ledger.leaf_index_of(session=session, event_ids=[events[0].id]).get(events[0].id)


def facts_for(*, session: Session, certificate: Certificate) -> Facts:
    """What the credentials of ``certificate`` state (with the full scope)."""
    org = session.get(Organization, certificate.organization_id)
    body = session.get(CertificationBody, certificate.body_id)
    scheme = session.get(Scheme, certificate.scheme_id)
    if org is None or body is None or scheme is None:
        raise LookupError(f"certificate {certificate.number} lacks its holder, body or scheme")
    return Facts(
        number=certificate.number,
        holder_name=org.name,
        uscc=org.uscc,
        scheme=scheme.code,
        standard=certificate.standard,
        scope=certificate.scope,
        valid_from=certificate.issue_date,
        valid_to=certificate.expiry_date,
        body_id=body.id,
        body_approval=body.approval_number,
        leaf_index=issuing_leaf(session=session, certificate=certificate),
    )


def _signing_key(
    session: Session, actor: Actor, certificate: Certificate, var_dir: Path
) -> tuple[BodyKey, Ed25519PrivateKey, dt.datetime]:
    """The body's key in force, its private half, and the credential's date (see above)."""
    row = keys.ensure_key(
        session=session, actor=actor, body_id=certificate.body_id, var_dir=var_dir
    )
    return row, keys.load_private(var_dir, row), max(row.valid_from, certificate.updated_at)


def qr_payload(
    *,
    session: Session,
    actor: Actor,
    certificate: Certificate,
    var_dir: Path,
    now: dt.datetime | None = None,
) -> str:
    """The ``QC1:`` payload of ``certificate`` (scope cut to fit QR version 20 if needed)."""
    facts = facts_for(session=session, certificate=certificate)
    row, private, dated = _signing_key(session, actor, certificate, var_dir)
    return qr.fitted_payload(facts, private, bytes.fromhex(row.key_id), now or dated)


def credential(
    *,
    session: Session,
    actor: Actor,
    certificate: Certificate,
    var_dir: Path,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The W3C VC 2.0 of ``certificate`` with its eddsa-jcs-2022 proof."""
    facts = facts_for(session=session, certificate=certificate)
    row, private, dated = _signing_key(session, actor, certificate, var_dir)
    return vc.sign(facts, private, row.key_id, now or dated)
