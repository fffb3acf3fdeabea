"""The closed set of verification verdicts, each with its message in English and Chinese.

::

    VALID           signature good, issuer known, certificate current
    NOT_CURRENT     genuine, but suspended, withdrawn, cancelled or expired (with the date)
    TAMPERED        the signature does not match the content: it was changed after signing
    UNKNOWN_ISSUER  signed with a key that no approved body published (or not in force then)
    NOT_FOUND       no such certificate in the registry; says nothing about forgery
    MALFORMED       not a credential this platform can read (a damaged or foreign code)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Verdict(enum.StrEnum):
    """What a verification found."""

    VALID = "VALID"
    NOT_CURRENT = "NOT_CURRENT"
    TAMPERED = "TAMPERED"
    UNKNOWN_ISSUER = "UNKNOWN_ISSUER"
    NOT_FOUND = "NOT_FOUND"
    MALFORMED = "MALFORMED"


STATUS_ZH = {"suspended": "暂停", "withdrawn": "撤销", "cancelled": "注销", "expired": "过期"}

MESSAGES: dict[Verdict, tuple[str, str]] = {
    Verdict.VALID: (
        "Certificate {number} is genuine and valid.",
        "证书 {number} 真实有效。",
    ),
    Verdict.NOT_CURRENT: (
        "Certificate {number} is genuine but not valid now: {status} since {date}.",
        "证书 {number} 真实，但目前无效：自 {date} 起{status_zh}。",
    ),
    Verdict.TAMPERED: (
        "The credential was changed after it was signed: its content does not match the "
        "issuing body's signature. Do not rely on it.",
        "该证书凭证在签发后被改动，内容与发证机构的签名不符，请勿采信。",
    ),
    Verdict.UNKNOWN_ISSUER: (
        "The credential is signed with a key that no approved certification body published "
        "for it. Do not rely on it.",
        "该凭证所用的签名密钥不属于已公布的认证机构密钥，请勿采信。",
    ),
    Verdict.NOT_FOUND: (
        "No certificate numbered {number} is in the registry. Check that the number was "
        "entered correctly, or ask the certification body; this alone does not show the "
        "certificate is false.",
        "登记系统中暂未查到编号为 {number} 的证书。请核对编号是否输入正确，或向认证机构咨询；"
        "仅凭这一结果不能认定证书虚假。",
    ),
    Verdict.MALFORMED: (
        "This is not a readable qualicert credential ({reason}). Scan the code again or "
        "enter the certificate number instead.",
        "无法识别该凭证（{reason}）。请重新扫描，或改为输入证书编号查询。",
    ),
}


@dataclass(frozen=True)
class Result:
    """One verification: the verdict, its messages and what was learnt on the way.

    Attributes
    ----------
    verdict : Verdict
    number : str or None
        The certificate number the credential or the request names.
    status : str or None
        The certificate's status when known (``active``, ``suspended``, ...).
    date : datetime.date or None
        Since when the certificate is not current (NOT_CURRENT only).
    details : dict
        Extra facts: the body, the key id, the snapshot date of an offline check.
    """

    verdict: Verdict
    message: str
    message_zh: str
    number: str | None = None
    status: str | None = None
    date: dt.date | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "verdict": self.verdict.value,
            "message": self.message,
            "message_zh": self.message_zh,
            "number": self.number,
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
            "details": self.details,
        }


def result(
    verdict: Verdict,
    *,
    number: str | None = None,
    status: str | None = None,
    date: dt.date | None = None,
    reason: str = "",
    details: Mapping[str, Any] | None = None,
) -> Result:
    """A :class:`Result` with its messages filled in."""
    en, zh = MESSAGES[verdict]
    values = {
        "number": number or "",
        "status": status or "",
        "status_zh": STATUS_ZH.get(status or "", status or ""),
        "date": date.isoformat() if date else "",
        "reason": reason,
    }
    text, text_zh = en.format(**values), zh.format(**values)
    return Result(verdict, text, text_zh, number, status, date, dict(details or {}))
