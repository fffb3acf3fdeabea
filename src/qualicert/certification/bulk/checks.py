"""Rules of a row beyond its own fields: dates in order, the holder's region, the scheme in
the body's scope, and status changes that the lifecycle allows.

A status in the file that differs from the certificate's current status is a transition of
the state machine in :mod:`qualicert.certification.lifecycle`::

    file status   transition    reason code when the row gives none
    active        reinstate     R01 (the cause of the suspension was resolved)
    suspended     suspend       required: S01-S05
    withdrawn     withdraw      required: W01-W04
    cancelled     cancel        required: C01-C03
    expired       expire        E01 (validity ended without recertification)

A reason is filled in only where the transition itself implies it; a suspension, withdrawal
or cancellation is published with its cause, which only the body can state.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor
from qualicert.certification import lifecycle
from qualicert.certification.bulk.fields import CertificateRow, CleanRow
from qualicert.certification.bulk.report import RowError
from qualicert.certification.lifecycle import Status, Transition
from qualicert.errors import NotFound, RuleViolation
from qualicert.registry import reference
from qualicert.registry.models import BodyScheme, CertificationBody, Scheme

TRANSITION_TO: dict[Status, Transition] = {
    Status.ACTIVE: Transition.REINSTATE,
    Status.SUSPENDED: Transition.SUSPEND,
    Status.WITHDRAWN: Transition.WITHDRAW,
    Status.CANCELLED: Transition.CANCEL,
    Status.EXPIRED: Transition.EXPIRE,
}
DEFAULT_REASON = {Transition.REINSTATE: "R01", Transition.EXPIRE: "E01"}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SchemeRef:
    """A scheme in the importing body's approved scope."""

    id: int
    code: str
    standard: str


@dataclass(frozen=True)
class BodyScope:
    """The importing body and the schemes it may certify, by code and by standard."""

    body_id: int
    by_code: dict[str, SchemeRef]
    other_codes: frozenset[str]

    def resolve(self, row: CertificateRow) -> SchemeRef | RowError:
        """The row's scheme, by code or else by standard (with edition)."""
        if row.scheme:
            return self._by_code(row.scheme, row.standard)
        if row.standard:
            return self._by_standard(row.standard)
        return _error(
            "scheme",
            "missing",
            "give the scheme code or the standard",
            "须填写认证项目代码或认证依据",
        )

    def _by_code(self, code: str, standard: str | None) -> SchemeRef | RowError:
        found = self.by_code.get(code.casefold())
        if found is None:
            return _scheme_error(code, self.other_codes)
        if standard and not _same_standard(found.standard, standard):
            return _error(
                "standard",
                "standard_mismatch",
                f"standard {standard!r} is not that of scheme {found.code} ({found.standard})",
                f"认证依据 {standard!r} 与认证项目 {found.code}（{found.standard}）不符",
            )
        return found

    def _by_standard(self, standard: str) -> SchemeRef | RowError:
        matches = [s for s in self.by_code.values() if _same_standard(s.standard, standard)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            codes = ", ".join(sorted(s.code for s in matches))
            return _error(
                "scheme",
                "scheme_ambiguous",
                f"standard {standard!r} fits several schemes ({codes}); give the scheme code",
                f"认证依据 {standard!r} 对应多个认证项目（{codes}），请填写认证项目代码",
            )
        return _error(
            "standard",
            "body_scope",
            f"no scheme for {standard!r} is in the approved scope of the body",
            f"认证依据 {standard!r} 不在本机构批准的认证范围内",
        )


def _norm(text: str) -> str:
    return _SPACES.sub("", text).casefold()


def _same_standard(scheme_standard: str, given: str) -> bool:
    """The given text names the scheme's standard and edition, ignoring case and spaces:
    ``GB/T 19001-2016/ISO 9001:2015`` fits a scheme on ``ISO 9001:2015``."""
    return _norm(scheme_standard) in _norm(given)


def _error(field: str, rule: str, message: str, message_zh: str, row: int = 0) -> RowError:
    return RowError(row, field, rule, f"{field}: {message}", f"{field}：{message_zh}")


def _scheme_error(code: str, other_codes: frozenset[str]) -> RowError:
    if code.casefold() in other_codes:
        return _error(
            "scheme",
            "body_scope",
            f"scheme {code} is not in the approved scope of the body",
            f"认证项目 {code} 不在本机构批准的认证范围内",
        )
    return _error(
        "scheme", "exists", f"no scheme with code {code!r}", f"认证项目代码 {code!r} 不存在"
    )


def load_scope(*, session: Session, actor: Actor, body_id: int) -> BodyScope:
    """Check that the actor acts for an approved body; its schemes by code."""
    permissions.require_body(actor, body_id, "import certificates")
    body = session.get(CertificationBody, body_id)
    if body is None:
        raise NotFound(
            f"no certification body with id {body_id}",
            f"认证机构 {body_id} 不存在",
            rule="exists",
            field="body_id",
        )
    if body.status != "approved":
        raise RuleViolation(
            f"certification body {body.approval_number} is {body.status} and may not certify",
            f"认证机构 {body.approval_number} 状态为 {body.status}，不得从事认证活动",
            rule="body_status",
            field="body_id",
        )
    in_scope = set(
        session.scalars(select(BodyScheme.scheme_id).where(BodyScheme.body_id == body_id))
    )
    by_code: dict[str, SchemeRef] = {}
    others: set[str] = set()
    for scheme_id, code, standard in session.execute(
        select(Scheme.id, Scheme.code, Scheme.standard)
    ):
        if scheme_id in in_scope:
            by_code[code.casefold()] = SchemeRef(scheme_id, code, standard)
        else:
            others.add(code.casefold())
    return BodyScope(body_id=body_id, by_code=by_code, other_codes=frozenset(others))


def row_errors(row: CertificateRow) -> list[RowError]:
    """Rules across fields: date order, the USCC's region, a known reason code."""
    errors = []
    if row.original_issue_date and row.original_issue_date > row.issue_date:
        errors.append(
            _error(
                "original_issue_date",
                "date_order",
                f"the original issue date {row.original_issue_date} is after the "
                f"issue date {row.issue_date}",
                "初次获证日期晚于颁证日期",
            )
        )
    if row.issue_date > row.expiry_date:
        errors.append(
            _error(
                "expiry_date",
                "date_order",
                f"the expiry date {row.expiry_date} is before the issue date {row.issue_date}",
                "证书到期日期早于颁证日期",
            )
        )
    if row.status_date and row.status_date < row.first_issued:
        errors.append(
            _error(
                "status_date",
                "date_order",
                f"the status date {row.status_date} is before the certificate was "
                f"first issued ({row.first_issued})",
                "状态变更日期早于初次获证日期",
            )
        )
    if not reference.known_region(row.uscc[2:8]):
        errors.append(
            _error(
                "uscc",
                "uscc_region",
                f"characters 3-8 of {row.uscc} ({row.uscc[2:8]}) are not a known GB/T 2260 region",
                f"统一社会信用代码第3至8位 {row.uscc[2:8]} 不是已知的行政区划代码",
            )
        )
    if row.reason_code and row.reason_code not in lifecycle.REASON_CODES:
        errors.append(
            _error(
                "reason_code",
                "reason_code",
                f"reason code {row.reason_code!r} is not published; see /api/v1/reason-codes",
                f"原因代码 {row.reason_code!r} 不在公布的代码表中",
            )
        )
    return errors


@dataclass(frozen=True)
class Move:
    """A status change a row asks for, checked against the lifecycle."""

    transition: Transition
    from_status: Status
    to_status: Status
    reason_code: str
    effective_date: dt.date


def plan_move(current: Status, row: CleanRow, today: dt.date) -> Move | RowError | None:
    """The transition from ``current`` to the row's status, or why it is not allowed."""
    target = Status(row.status)
    if target is current:
        return None
    transition = TRANSITION_TO[target]
    try:
        lifecycle.next_status(current, transition)
        code = row.reason_code or DEFAULT_REASON.get(transition)
        if code is None:
            return _reason_required(target, transition)
        lifecycle.check_reason(transition, code)
    except lifecycle.IllegalTransition as exc:
        field = "reason_code" if exc.rule == "reason_code" else "status"
        return _error(field, exc.rule, exc.message, exc.message_zh)
    return Move(transition, current, target, code, _effective(row, transition, today))


def _reason_required(target: Status, transition: Transition) -> RowError:
    fitting = ", ".join(c for c, r in lifecycle.REASON_CODES.items() if transition in r.transitions)
    return _error(
        "reason_code",
        "reason_code_required",
        f"a change to {target.value} needs a reason code ({fitting})",
        f"变更为 {target.value} 须填写原因代码（{fitting}）",
    )


def _effective(row: CleanRow, transition: Transition, today: dt.date) -> dt.date:
    if row.status_date:
        return row.status_date
    if transition is Transition.EXPIRE:
        return row.expiry_date + dt.timedelta(days=1)
    return today
