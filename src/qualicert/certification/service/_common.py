"""Checks the certification services share: who acts for a body, who signs, who is qualified."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor, Role
from qualicert.errors import InvalidInput, NotFound, RuleViolation
from qualicert.registry.models import CertificationBody, Person, Qualification

RowT = TypeVar("RowT")

LEAD_GRADES = frozenset({"lead-auditor"})
AUDITOR_GRADES = frozenset({"lead-auditor", "auditor"})
EXPERT_GRADES = frozenset({"lead-auditor", "auditor", "technical-expert"})
DECISION_GRADES = frozenset({"decision-maker"})


def get_row(session: Session, model: type[RowT], row_id: int, what: str, what_zh: str) -> RowT:
    """The row or a 404 naming it."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(
            f"no {what} with id {row_id}", f"{what_zh} {row_id} 不存在", rule="exists", field="id"
        )
    return row


def require_body_user(actor: Actor, body_id: int, action: str) -> None:
    """The national regulator or a user of the body (auditors sign via ``resolve_signer``)."""
    permissions.require_body(actor, body_id, action)


def resolve_signer(
    session: Session, actor: Actor, body_id: int, signed_by: int | None, action: str
) -> Person:
    """The person who signs: an auditor's own account signs for itself; a body user or the
    platform names the signer explicitly. Anyone else is refused."""
    if actor.role is Role.AUDITOR:
        if signed_by is not None and signed_by != actor.person_id:
            raise RuleViolation(
                f"an auditor account signs only for itself (person {actor.person_id})",
                f"审核员账户只能以本人（人员 {actor.person_id}）名义签署",
                rule="signer",
                field="signed_by",
            )
        signed_by = actor.person_id
    else:
        permissions.require_body(actor, body_id, action)
    if signed_by is None:
        raise InvalidInput(
            "name the person who signs (signed_by)",
            "必须指定签署人（signed_by）",
            rule="required",
            field="signed_by",
        )
    person = session.get(Person, signed_by)
    if person is None:
        raise InvalidInput(
            f"signed_by {signed_by} is not a registered person",
            f"签署人 {signed_by} 未登记",
            rule="exists",
            field="signed_by",
        )
    return person


def require_active(person: Person, field: str) -> None:
    """Refuse a suspended or banned person, naming them."""
    if person.status != "active":
        raise RuleViolation(
            f"{person.name} ({person.registration_number}) is {person.status} and may not act",
            f"{person.name}（{person.registration_number}）状态为 {person.status}，"
            "不得从事认证活动",
            rule="person_status",
            field=field,
        )


def qualification(
    person: Person, scheme_id: int, grades: frozenset[str], on: dt.date
) -> Qualification | None:
    """A qualification of ``person`` for the scheme, in one of ``grades``, valid ``on`` that day."""
    for q in person.qualifications:
        if q.scheme_id == scheme_id and q.grade in grades and q.valid_from <= on <= q.valid_to:
            return q
    return None


def require_qualified(
    person: Person, scheme_id: int, grades: frozenset[str], dates: Iterable[dt.date], field: str
) -> Qualification:
    """Refuse a person not qualified in ``grades`` for the scheme on every one of ``dates``."""
    found = None
    for day in dates:
        found = qualification(person, scheme_id, grades, day)
        if found is None:
            wanted = " or ".join(sorted(grades))
            raise RuleViolation(
                f"{person.name} ({person.registration_number}) holds no valid {wanted} "
                f"qualification for scheme {scheme_id} on {day}",
                f"{person.name}（{person.registration_number}）在 {day} 不具备该认证方案的"
                f"有效资格（{wanted}）",
                rule="qualification",
                field=field,
            )
    assert found is not None
    return found


def require_approved_body(session: Session, body_id: int, scheme_id: int) -> CertificationBody:
    """The body must be approved (not suspended or revoked) with the scheme in its scope."""
    body = get_row(session, CertificationBody, body_id, "certification body", "认证机构")
    if body.status != "approved":
        raise RuleViolation(
            f"certification body {body.approval_number} is {body.status} and may not certify",
            f"认证机构 {body.approval_number} 状态为 {body.status}，不得从事认证活动",
            rule="body_status",
            field="body_id",
        )
    if scheme_id not in body.scheme_ids:
        raise RuleViolation(
            f"scheme {scheme_id} is not in the approved scope of {body.approval_number}",
            f"认证方案 {scheme_id} 不在认证机构 {body.approval_number} 的批准范围内",
            rule="body_scope",
            field="scheme_id",
        )
    return body


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day from ``start`` to ``end`` inclusive."""
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
