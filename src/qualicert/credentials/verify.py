"""Verification of QR and VC credentials and of certificate numbers, online and offline.

The same steps run against either source of trust (:class:`Trust`): the database
(:class:`OnlineTrust`) or a signed trust list (:class:`OfflineTrust`)::

    parse ──bad──> MALFORMED
    key id published? ──no──> UNKNOWN_ISSUER
    signature good? ──no──> TAMPERED
    key belongs to the named body and was in force when signing? ──no──> UNKNOWN_ISSUER
    certificate known? ──no──> NOT_FOUND        (online only; offline cannot know)
    status active and not past expiry? ──no──> NOT_CURRENT (status, date)
    VALID
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.certification.models import Certificate
from qualicert.credentials import dataintegrity, qr, vc
from qualicert.credentials.facts import CHINA, Facts
from qualicert.credentials.models import BodyKey
from qualicert.credentials.trust import PublishedKey, TrustList
from qualicert.credentials.verdicts import Result, Verdict, result

__all__ = ["OfflineTrust", "OnlineTrust", "Result", "Verdict", "verify_qr", "verify_vc"]
from qualicert.registry.models import CertificationBody


@dataclass(frozen=True)
class Standing:
    """A certificate's status, since when, and its expiry when known."""

    status: str
    since: dt.date | None
    expiry: dt.date | None = None


class Trust(Protocol):
    """Where keys and certificate status come from."""

    def key(self, kid: str) -> PublishedKey | None:
        """The published key ``kid``."""

    def standing(self, body_id: int, number: str) -> Standing | None:
        """The certificate's status; ``None`` when the registry has no such certificate."""


def _published(row: BodyKey, approval: str) -> PublishedKey:
    return PublishedKey(
        row.key_id, row.body_id, approval, row.public_key, row.valid_from, row.valid_to
    )


@dataclass(frozen=True)
class OnlineTrust:
    """Keys and status from the database."""

    session: Session

    def key(self, kid: str) -> PublishedKey | None:
        """The key row ``kid`` with its body's approval number (one query)."""
        found = self.session.execute(
            select(BodyKey, CertificationBody.approval_number)
            .join(CertificationBody, CertificationBody.id == BodyKey.body_id)
            .where(BodyKey.key_id == kid)
        ).first()
        return _published(*found) if found else None

    def standing(self, body_id: int, number: str) -> Standing | None:
        """The registered certificate's status."""
        cert = self.session.scalar(
            select(Certificate).where(Certificate.body_id == body_id, Certificate.number == number)
        )
        return Standing(cert.status, cert.status_since, cert.expiry_date) if cert else None


@dataclass(frozen=True)
class OfflineTrust:
    """Keys and status from a verified trust list (its status snapshot)."""

    trust_list: TrustList

    def key(self, kid: str) -> PublishedKey | None:
        """The key ``kid`` in the list."""
        return self.trust_list.key(kid)

    def standing(self, body_id: int, number: str) -> Standing | None:
        """The snapshot's status (a certificate not listed was active)."""
        status, since = self.trust_list.status(body_id, number)
        return Standing(status, since)


def _today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def _judge(
    facts: Facts, key: PublishedKey, signed_at: dt.datetime, trust: Trust, today: dt.date
) -> Result:
    where = {"body_id": facts.body_id, "body": facts.body_approval, "kid": key.kid}
    if key.body_id != facts.body_id or key.approval_number != facts.body_approval:
        return result(Verdict.UNKNOWN_ISSUER, number=facts.number, details=where)
    in_force = key.valid_from - dt.timedelta(minutes=1) <= signed_at and (
        key.valid_to is None or signed_at <= key.valid_to + dt.timedelta(minutes=1)
    )
    if not in_force:
        return result(Verdict.UNKNOWN_ISSUER, number=facts.number, details=where)
    standing = trust.standing(facts.body_id, facts.number)
    return judge_standing(standing, facts.number, today, where, facts.valid_to)


def judge_standing(
    standing: Standing | None,
    number: str,
    today: dt.date,
    where: Mapping[str, Any],
    valid_to: dt.date | None = None,
) -> Result:
    """NOT_FOUND, NOT_CURRENT or VALID from a certificate's standing and expiry."""
    if standing is None:
        return result(Verdict.NOT_FOUND, number=number, details=where)
    if standing.status != "active":
        return result(
            Verdict.NOT_CURRENT,
            number=number,
            status=standing.status,
            date=standing.since,
            details=where,
        )
    ends = [d for d in (standing.expiry, valid_to) if d is not None]
    if ends and today > min(ends):
        return result(
            Verdict.NOT_CURRENT, number=number, status="expired", date=min(ends), details=where
        )
    return result(Verdict.VALID, number=number, status="active", details=where)


def verify_qr(text: str, trust: Trust, today: dt.date | None = None) -> Result:
    """Verify a ``QC1:`` payload."""
    try:
        decoded = qr.decode(text)
    except ValueError as exc:
        return result(Verdict.MALFORMED, reason=str(exc))
    key = trust.key(decoded.signed.kid.hex())
    if key is None:
        return result(Verdict.UNKNOWN_ISSUER, number=decoded.facts.number)
    if not decoded.signed.verify(key.public_key):
        return result(Verdict.TAMPERED, number=decoded.facts.number)
    return _judge(decoded.facts, key, decoded.issued_at, trust, today or _today())


def verify_vc(secured: Mapping[str, Any], trust: Trust, today: dt.date | None = None) -> Result:
    """Verify a W3C VC with an eddsa-jcs-2022 proof."""
    try:
        kid, facts, created = vc.key_id_of(secured), vc.facts_of(secured), vc.created_of(secured)
    except ValueError as exc:
        return result(Verdict.MALFORMED, reason=str(exc))
    key = trust.key(kid)
    if key is None:
        return result(Verdict.UNKNOWN_ISSUER, number=facts.number)
    if not dataintegrity.verify(secured, key.public_key):
        return result(Verdict.TAMPERED, number=facts.number)
    return _judge(facts, key, created, trust, today or _today())


def verify_number(
    *, session: Session, number: str, body_id: int | None = None, today: dt.date | None = None
) -> Result:
    """Look a certificate number up (no credential): VALID, NOT_CURRENT or NOT_FOUND.

    One query for the four columns the verdict needs (no ORM entity: this is the hot path of
    public verification).
    """
    query = select(
        Certificate.body_id, Certificate.status, Certificate.status_since, Certificate.expiry_date
    ).where(Certificate.number == number)
    if body_id is not None:
        query = query.where(Certificate.body_id == body_id)
    rows = session.execute(query.limit(2)).all()
    if len(rows) != 1:
        extra = {"ambiguous": True} if rows else {}
        return result(Verdict.NOT_FOUND, number=number, details=extra)
    found_body, status, since, expiry = rows[0]
    standing = Standing(status, since, expiry)
    return judge_standing(standing, number, today or _today(), {"body_id": found_body})
