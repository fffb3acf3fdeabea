"""What a subscription may watch, and which watched targets an event concerns.

A target is ``(kind, id)``: a certificate, an organisation or a certification body, all public
rows. An event concerns:

==========================  ===========================================================
event subject               targets
==========================  ===========================================================
``certificates``            the certificate, its holder organisation and its body (both
                            bodies of a transfer: ``from_body_id`` and ``to_body_id``)
``organizations``           the organisation
``certification_bodies``    the body
==========================  ===========================================================

Other subjects (status-history rows that repeat a certificate event, applications, audits,
users, tokens) reach no subscriber.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.certification.models import Certificate
from qualicert.errors import Conflict, InvalidInput, NotFound
from qualicert.registry.models import CertificationBody, Organization
from qualicert.registry.uscc import normalise
from qualicert.subscriptions.models import KINDS

Target = tuple[str, int]
SUBJECT_KINDS = {
    "certificates": "certificate",
    "organizations": "organization",
    "certification_bodies": "body",
}
MODELS: dict[str, Any] = {
    "certificate": Certificate,
    "organization": Organization,
    "body": CertificationBody,
}
KIND_ZH = {"certificate": "证书", "organization": "组织", "body": "认证机构"}
BODY_KEYS = ("body_id", "from_body_id", "to_body_id")


@dataclass(frozen=True)
class CertificateRef:
    """What the matcher needs of a certificate: its number, holder and body."""

    number: str
    organization_id: int
    body_id: int


def check_kind(kind: str) -> str:
    """``kind`` when it is a target kind; else :class:`InvalidInput` naming ``target_kind``."""
    if kind not in KINDS:
        allowed = ", ".join(KINDS)
        raise InvalidInput(
            f"target_kind {kind!r} is not one of {allowed}",
            f"关注对象类型 {kind!r} 无效，可选：{allowed}",
            rule="target_kind",
            field="target_kind",
        )
    return kind


def _missing(kind: str, key: int | str) -> NotFound:
    return NotFound(
        f"no {kind} {key!r} is registered",
        f"未查到{KIND_ZH[kind]} {key!r}",
        rule="exists",
        field="target_id",
    )


def resolve(session: Session, kind: str, key: int | str) -> tuple[int, str]:
    """The id and label of the target ``key`` of ``kind``.

    ``key`` is the row id, or a certificate number, a USCC or an approval number.
    Raises :class:`NotFound` naming ``target_id`` when there is no such row.
    """
    check_kind(kind)
    row: Any = None
    if isinstance(key, int):
        row = session.get(MODELS[kind], key)
    elif kind == "certificate":
        rows = list(session.scalars(select(Certificate).where(Certificate.number == key).limit(2)))
        if len(rows) > 1:
            raise Conflict(
                f"several bodies use certificate number {key!r}; give the certificate's id",
                f"多个机构使用证书编号 {key!r}，请给出证书的 id",
                rule="ambiguous",
                field="target_id",
            )
        row = rows[0] if rows else None
    elif kind == "organization":
        row = session.scalar(select(Organization).where(Organization.uscc == normalise(key)))
    else:
        approval = key.strip().upper()
        row = session.scalar(
            select(CertificationBody).where(CertificationBody.approval_number == approval)
        )
    if row is None:
        raise _missing(kind, key)
    return int(row.id), label_of(kind, row)


def label_of(kind: str, row: Any) -> str:
    """How a target is named to people: a certificate's number, else the name."""
    return str(row.number if kind == "certificate" else row.name)


def labels(session: Session, targets: Iterable[Target]) -> dict[Target, str]:
    """Labels of many targets, one query per kind; targets that vanished are left out."""
    by_kind: dict[str, set[int]] = {}
    for kind, target_id in targets:
        by_kind.setdefault(kind, set()).add(target_id)
    found: dict[Target, str] = {}
    for kind, ids in by_kind.items():
        model = MODELS[kind]
        for row in session.scalars(select(model).where(model.id.in_(sorted(ids)))):
            found[(kind, int(row.id))] = label_of(kind, row)
    return found


def certificates(session: Session, ids: Iterable[int]) -> dict[int, CertificateRef]:
    """Number, holder and body of each certificate, by id (one query)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = select(
        Certificate.id, Certificate.number, Certificate.organization_id, Certificate.body_id
    ).where(Certificate.id.in_(wanted))
    return {int(i): CertificateRef(str(n), int(o), int(b)) for i, n, o, b in session.execute(query)}


def subject_kind(subject_type: str) -> str | None:
    """The target kind of an event subject, or None when no subscriber can watch it."""
    return SUBJECT_KINDS.get(subject_type)


def concerned(
    subject_type: str,
    subject_id: str,
    payload: Mapping[str, Any],
    cert: CertificateRef | None,
) -> set[Target]:
    """The targets an event concerns (see the table above)."""
    kind = subject_kind(subject_type)
    if kind is None or not subject_id.isdigit():
        return set()
    found: set[Target] = {(kind, int(subject_id))}
    if kind != "certificate":
        return found
    if cert is not None:
        found |= {("organization", cert.organization_id), ("body", cert.body_id)}
    organization = payload.get("organization_id")
    if isinstance(organization, int):
        found.add(("organization", organization))
    found |= {("body", payload[k]) for k in BODY_KEYS if isinstance(payload.get(k), int)}
    return found
