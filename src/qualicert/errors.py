"""Errors every domain raises, and how each maps to an HTTP status.

::

    QualicertError                 500  base; never raised directly
    ├── NotFound                   404  no such row
    ├── Conflict                   409  a duplicate or a stale state
    ├── Forbidden                  403  outside the acting user's scope
    │   └── Unauthenticated        401  no valid token at all
    ├── InvalidInput               422  a field failed a rule (USCC check digit, region code...)
    └── RuleViolation              422  a business rule refused the change (suspended body...)

Each error carries a stable ``rule`` code, the ``field`` when one is at fault, and a message
in English and in Chinese, so the HTTP layer (RFC 9457 problem+json) and the CLI both say
exactly what failed and why. Raising one inside a service aborts its transaction: a refused
request changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: the field (dotted path) and the rule it broke."""

    rule: str
    message: str
    message_zh: str
    field: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """JSON-ready form used in problem+json ``errors`` lists."""
        return {
            "field": self.field,
            "rule": self.rule,
            "message": self.message,
            "message_zh": self.message_zh,
        }


@dataclass
class QualicertError(Exception):
    """Base of every error the platform raises on purpose."""

    message: str
    message_zh: str = ""
    rule: str = "error"
    field: str | None = None
    problems: list[Problem] = dc_field(default_factory=list)

    status = 500
    title = "Internal error"

    def __post_init__(self) -> None:
        super().__init__(self.message)
        if not self.message_zh:
            self.message_zh = self.message
        if not self.problems:
            self.problems = [Problem(self.rule, self.message, self.message_zh, self.field)]

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{where}{self.message}"


class NotFound(QualicertError):
    """The named row does not exist."""

    status = 404
    title = "Not found"


class Conflict(QualicertError):
    """The change collides with what exists (a duplicate key, a stale state)."""

    status = 409
    title = "Conflict"


class Forbidden(QualicertError):
    """The acting user may not do this for that body, lab, region or organisation."""

    status = 403
    title = "Forbidden"


class Unauthenticated(Forbidden):
    """No valid, unexpired, unrevoked token was presented."""

    status = 401
    title = "Unauthenticated"


class InvalidInput(QualicertError):
    """A field's value breaks a rule of its format."""

    status = 422
    title = "Invalid input"


class RuleViolation(QualicertError):
    """A business rule refuses the change."""

    status = 422
    title = "Rule violation"
