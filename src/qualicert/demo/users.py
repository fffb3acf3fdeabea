"""Demo users: regulators, body administrators, lab staff and enterprise users (no tokens).

Names say who they are: ``demo-regulator`` (the national regulator; ``qualicert demo``
prints a token for it), ``regulator-guangdong``, ``admin-cnca-r-2002-001``,
``lab-<CMA number>``, ``enterprise-<USCC>``. A user whose name is taken is left as it is,
so the CLI's own regulator may exist before the demo runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from qualicert.accounts import service as accounts
from qualicert.accounts.actor import system_actor
from qualicert.accounts.models import User
from qualicert.db import transaction
from qualicert.demo.places import ORGANISATION_WEIGHTS
from qualicert.demo.rows import BodyRef
from qualicert.registry.models import Lab, Organization
from qualicert.registry.reference import region_index

ACTOR = system_actor("demo")
REGULATOR = "demo-regulator"


def regional_provinces(count: int) -> list[str]:
    """The ``count`` provinces with the most organisations (their GB/T 2260 codes)."""
    ranked = sorted(ORGANISATION_WEIGHTS, key=lambda p: -ORGANISATION_WEIGHTS[p])
    return [f"{p}0000" for p in ranked[:count]]


def slug(text: str) -> str:
    """``Inner Mongolia`` -> ``inner-mongolia``."""
    return "-".join(text.lower().replace("'", "").split())


def user_specs(
    session: Session, *, regions: int, bodies: list[BodyRef], labs: int, enterprises: int
) -> list[dict[str, Any]]:
    """The ``create_user`` arguments of every demo user, in a fixed order."""
    specs: list[dict[str, Any]] = [{"name": REGULATOR, "role": "regulator"}]
    for code in regional_provinces(regions):
        name = slug(str(region_index()[code]["name_en"]))
        specs.append(
            {"name": f"regulator-{name}", "role": "regional-regulator", "region_code": code}
        )
    for body in bodies:
        specs.append(
            {
                "name": f"admin-{body.approval_number.lower()}",
                "role": "body-admin",
                "body_id": body.id,
            }
        )
    for lab in session.scalars(select(Lab).order_by(Lab.id).limit(labs)):
        specs.append({"name": f"lab-{lab.cma_number}", "role": "lab-staff", "lab_id": lab.id})
    active = select(Organization).where(Organization.status == "active").order_by(Organization.id)
    for org in session.scalars(active.limit(enterprises)):
        specs.append(
            {
                "name": f"enterprise-{org.uscc.lower()}",
                "role": "enterprise",
                "organization_id": org.id,
            }
        )
    return specs


def create_users(
    factory: sessionmaker[Session],
    *,
    regions: int,
    bodies: list[BodyRef],
    labs: int,
    enterprises: int,
    tick: Callable[[int], None],
) -> int:
    """Create the demo users that do not exist yet; returns how many were created."""
    created = 0
    with transaction(factory) as session:
        specs = user_specs(
            session, regions=regions, bodies=bodies, labs=labs, enterprises=enterprises
        )
        taken = set(session.scalars(select(User.name)))
        for spec in specs:
            if spec["name"] not in taken:
                accounts.create_user(session=session, actor=ACTOR, **spec)
                created += 1
            tick(1)
    return created
