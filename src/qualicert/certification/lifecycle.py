"""The certificate status lifecycle: a pure state machine (ISO/IEC 17021-1 9.6, 17065 7.11).

States x events (a blank cell is an illegal transition, refused naming the current state)::

               suspend  reinstate  withdraw   cancel     expire   renew  extend  reduce     transfer
    active     susp.               withdrawn  cancelled  expired  active active  active     active
    suspended           active     withdrawn  cancelled  expired                 suspended
    withdrawn  (final: 撤销)
    cancelled  (final: 注销)
    expired    (final)

(``susp.`` = suspended; ``extend`` / ``reduce`` = ``extend_scope`` / ``reduce_scope``.)

- ``suspend``: the certificate is temporarily invalid (normally at most six months; a longer
  suspension leads to withdrawal, applied by the daily job with reason ``W01``).
- ``withdraw`` (撤销): revoked for cause; ``cancel`` (注销): ended at the holder's request or
  because the holder or product is gone. Both are final.
- ``expire``: the validity ended without recertification (applied by the daily job, ``E01``).
- ``renew``: recertification decided before expiry; a new expiry date.
- ``transfer``: to another body under IAF MD 2; never while suspended.

Every transition carries a reason code from :data:`REASON_CODES`, an effective date and a signer.
Issuance is the first entry of a history (reason ``I01`` after a decision, ``I02`` for a
certificate recorded from a body's bulk upload); it is not a transition between states.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """Public status values of a certificate."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Transition(StrEnum):
    """Events that change (or keep) a certificate's status."""

    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    WITHDRAW = "withdraw"
    CANCEL = "cancel"
    EXPIRE = "expire"
    RENEW = "renew"
    EXTEND_SCOPE = "extend_scope"
    REDUCE_SCOPE = "reduce_scope"
    TRANSFER = "transfer"


A, S, W, C, E = Status.ACTIVE, Status.SUSPENDED, Status.WITHDRAWN, Status.CANCELLED, Status.EXPIRED
T = Transition

TABLE: dict[Status, dict[Transition, Status]] = {
    A: {
        T.SUSPEND: S,
        T.WITHDRAW: W,
        T.CANCEL: C,
        T.EXPIRE: E,
        T.RENEW: A,
        T.EXTEND_SCOPE: A,
        T.REDUCE_SCOPE: A,
        T.TRANSFER: A,
    },
    S: {T.REINSTATE: A, T.WITHDRAW: W, T.CANCEL: C, T.EXPIRE: E, T.REDUCE_SCOPE: S},
    W: {},
    C: {},
    E: {},
}

FINAL = frozenset(state for state, moves in TABLE.items() if not moves)


@dataclass(frozen=True)
class ReasonCode:
    """A published reason for a transition, in English and Chinese."""

    code: str
    transitions: frozenset[Transition]
    text: str
    text_zh: str


def _rc(code: str, transitions: set[Transition], text: str, text_zh: str) -> ReasonCode:
    return ReasonCode(code, frozenset(transitions), text, text_zh)


REASON_CODES: dict[str, ReasonCode] = {
    r.code: r
    for r in (
        _rc(
            "S01",
            {T.SUSPEND},
            "surveillance or recertification audit not allowed at the required frequency",
            "未按规定频次接受监督审核或再认证审核",
        ),
        _rc(
            "S02",
            {T.SUSPEND},
            "serious nonconformity: the certified system or product no longer "
            "meets the requirements",
            "获证管理体系或产品持续或严重不满足认证要求",
        ),
        _rc(
            "S03",
            {T.SUSPEND},
            "misuse of the certificate or the certification mark",
            "不当使用认证证书或认证标志",
        ),
        _rc(
            "S04",
            {T.SUSPEND},
            "voluntary suspension requested by the holder",
            "获证组织主动请求暂停",
        ),
        _rc(
            "S05",
            {T.SUSPEND},
            "failure to implement corrective actions in time",
            "未在规定期限内完成纠正措施",
        ),
        _rc(
            "R01",
            {T.REINSTATE},
            "the issue that led to suspension has been resolved",
            "导致暂停的问题已得到解决",
        ),
        _rc(
            "W01",
            {T.WITHDRAW},
            "suspension not resolved within the time allowed (six months)",
            "暂停期满（6个月）仍未恢复",
        ),
        _rc(
            "W02",
            {T.WITHDRAW},
            "major quality or safety incident, or serious violation of law",
            "发生重大质量安全事故或严重违法行为",
        ),
        _rc(
            "W03",
            {T.WITHDRAW},
            "certification obtained by fraud or false information",
            "以欺骗等不正当手段获得认证",
        ),
        _rc("W04", {T.WITHDRAW}, "ordered by the regulator", "监管部门责令撤销"),
        _rc("C01", {T.CANCEL}, "cancelled at the holder's request", "获证组织申请注销"),
        _rc(
            "C02",
            {T.CANCEL},
            "the holder has closed or been deregistered",
            "获证组织已关闭或注销登记",
        ),
        _rc(
            "C03",
            {T.CANCEL},
            "the certified product is no longer produced or the scheme ended",
            "认证产品停产或认证制度终止",
        ),
        _rc("E01", {T.EXPIRE}, "validity ended without recertification", "有效期届满未再认证"),
        _rc("N01", {T.RENEW}, "renewed after a recertification audit", "经再认证审核换发证书"),
        _rc("X01", {T.EXTEND_SCOPE}, "scope extended after an audit", "经审核扩大认证范围"),
        _rc(
            "X02",
            {T.REDUCE_SCOPE},
            "scope reduced: part no longer meets the requirements",
            "部分范围不再满足要求，缩小认证范围",
        ),
        _rc(
            "X03",
            {T.REDUCE_SCOPE},
            "scope reduced at the holder's request",
            "应获证组织申请缩小认证范围",
        ),
        _rc(
            "T01",
            {T.TRANSFER},
            "transferred to another accredited body (IAF MD 2)",
            "按 IAF MD 2 转换至其他认证机构",
        ),
    )
}


class IllegalTransition(ValueError):
    """A transition the table does not allow from the current state, or a wrong reason code."""

    def __init__(self, message: str, message_zh: str, rule: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh
        self.rule = rule


def next_status(current: Status, transition: Transition) -> Status:
    """The status after ``transition`` from ``current``; raises :class:`IllegalTransition`."""
    target = TABLE[current].get(transition)
    if target is None:
        allowed = ", ".join(TABLE[current]) or "none: the status is final"
        raise IllegalTransition(
            f"cannot {transition.value} a certificate that is {current.value} "
            f"(allowed from {current.value}: {allowed})",
            f"证书当前状态为 {current.value}，不能执行 {transition.value}",
            "lifecycle",
        )
    return target


def check_reason(transition: Transition, reason_code: str) -> ReasonCode:
    """The reason code, if it is published and fits the transition."""
    reason = REASON_CODES.get(reason_code)
    if reason is None or transition not in reason.transitions:
        fitting = ", ".join(c for c, r in REASON_CODES.items() if transition in r.transitions)
        raise IllegalTransition(
            f"reason code {reason_code!r} does not fit {transition.value}; use one of {fitting}",
            f"原因代码 {reason_code!r} 不适用于 {transition.value}，可选：{fitting}",
            "reason_code",
        )
    return reason
