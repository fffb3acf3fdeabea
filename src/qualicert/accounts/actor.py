"""Who is acting: the user behind a request, or the platform itself for local operations.

An :class:`Actor` is resolved once per request (from a bearer token) or per CLI command and
passed to every service function, which checks it against the scope of the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The roles a user can hold; each role but ``regulator`` is tied to one scope."""

    REGULATOR = "regulator"
    REGIONAL_REGULATOR = "regional-regulator"
    BODY_ADMIN = "body-admin"
    BODY_STAFF = "body-staff"
    LAB_STAFF = "lab-staff"
    ENTERPRISE = "enterprise"
    AUDITOR = "auditor"
    SYSTEM = "system"  # the platform itself (CLI, jobs, demo); never assigned to a user


@dataclass(frozen=True)
class Actor:
    """The acting user and the scope their role gives them."""

    user_id: int | None
    name: str
    role: Role
    region_code: str | None = None
    body_id: int | None = None
    lab_id: int | None = None
    organization_id: int | None = None
    person_id: int | None = None

    @property
    def label(self) -> str:
        """How the event log names this actor: ``user:<id>`` or ``system:<name>``."""
        if self.user_id is None:
            return f"system:{self.name}"
        return f"user:{self.user_id}"


def system_actor(name: str = "cli") -> Actor:
    """The platform acting on its own behalf: the local CLI, scheduled jobs, demo data."""
    return Actor(user_id=None, name=name, role=Role.SYSTEM)
