"""Demo generation through the services: deterministic, complete, searchable, run once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.progress import Progress
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from qualicert import migrations
from qualicert.accounts.models import User
from qualicert.db import make_engine, make_session_factory
from qualicert.demo import generate, scales
from qualicert.demo.generate import SCALES, Scale
from qualicert.errors import Conflict
from qualicert.ledger.models import Event
from qualicert.registry import service, uscc
from qualicert.registry.models import (
    CertificationBody,
    Lab,
    Organization,
    Person,
    Qualification,
    Scheme,
)

TODAY = dt.date(2025, 6, 1)
TINY = Scale("tiny", organizations=80, bodies=4, labs=3, auditors_per_body=3, body_admins=2)

CONTENT = {
    Organization: ("uscc", "name", "name_en", "region_code", "address", "employees",
                   "industry_code", "status", "status_since"),
    CertificationBody: ("approval_number", "name", "name_en", "accreditation_number",
                        "region_code", "address", "website", "approved_on", "status"),
    Lab: ("cma_number", "name", "name_en", "cnas_number", "region_code", "address", "scope",
          "status"),
    Person: ("registration_number", "name", "name_en", "body_id", "status"),
    Qualification: ("person_id", "scheme_id", "grade", "sectors", "valid_from", "valid_to"),
    Scheme: ("code", "name", "name_en", "kind", "iso17067_type", "standard"),
    User: ("name", "role", "region_code", "body_id", "lab_id", "organization_id"),
    Event: ("event_type", "subject_type", "subject_id", "actor", "payload"),
}  # fmt: skip


def content(factory: sessionmaker[Session]) -> dict[str, list[tuple[Any, ...]]]:
    """The generated values of every table (not the clock's timestamps), in id order."""
    with factory() as session:
        return {
            model.__tablename__: [
                tuple(row)
                for row in session.execute(
                    select(*(getattr(model, c) for c in columns)).order_by(model.id)
                )
            ]
            for model, columns in CONTENT.items()
        }


@pytest.fixture
def other_factory(tmp_path: Path) -> sessionmaker[Session]:
    """A second, empty SQLite database."""
    url = f"sqlite:///{tmp_path / 'other.db'}"
    migrations.upgrade(url)
    return make_session_factory(make_engine(url))


def test_the_same_seed_gives_the_same_data(factory, other_factory):
    generate.generate(factory, scale=TINY, seed=11, today=TODAY)
    generate.generate(other_factory, scale=TINY, seed=11, today=TODAY)
    first, second = content(factory), content(other_factory)
    assert first == second
    assert len(first["organizations"]) == TINY.organizations


def test_another_seed_gives_other_data(factory, other_factory):
    generate.generate(factory, scale=TINY, seed=1, today=TODAY)
    generate.generate(other_factory, scale=TINY, seed=2, today=TODAY)
    names = [{row[1] for row in content(f)["organizations"]} for f in (factory, other_factory)]
    assert len(names[0] & names[1]) < TINY.organizations // 4


def test_a_second_run_is_refused_and_changes_nothing(factory):
    with factory() as session:
        assert not generate.has_data(session)
    generate.generate(factory, scale=TINY, seed=3, today=TODAY)
    with factory() as session:
        assert generate.has_data(session)
    before = content(factory)
    with pytest.raises(Conflict) as refused:
        generate.generate(factory, scale=TINY, seed=4, today=TODAY)
    assert refused.value.rule == "demo_not_empty"
    assert content(factory) == before


def test_each_phase_reports_progress_to_the_end(factory):
    progress = Progress(console=Console(file=io.StringIO()))
    generate.generate(factory, scale=TINY, seed=5, today=TODAY, progress=progress)
    described = {task.description: task for task in progress.tasks}
    assert {"schemes", "certification bodies", "labs", "auditors", "organisations"} <= set(
        described
    )
    assert all(task.completed == task.total for task in progress.tasks), [
        (t.description, t.completed, t.total) for t in progress.tasks
    ]


def test_an_unknown_scale_names_the_choices(factory):
    with pytest.raises(ValueError, match="small, medium, national"):
        generate.generate(factory, scale="huge", seed=1)


def test_scales_match_their_documentation():
    table = scales.__doc__ or ""
    for name, scale in SCALES.items():
        row = next(line for line in table.splitlines() if line.startswith(name))
        numbers = [int(n.replace(",", "")) for n in re.findall(r"[\d,]+\d|\d", row)]
        assert numbers[:5] == [
            scale.organizations,
            scale.bodies,
            scale.labs,
            scale.auditors_per_body,
            scale.regional_regulators,
        ]
    assert SCALES["small"].organizations == 3_000
    assert SCALES["medium"].organizations == 50_000
    assert SCALES["national"].organizations == 1_000_000


def count(session: Session, model: type[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_small_scale_is_complete_valid_and_searchable(factory):
    # The registry of the small scale; certificates are tested in test_certificates.py.
    plan = dataclasses.replace(SCALES["small"], certificates=0)
    summary = generate.generate(factory, scale=plan, seed=2018)
    assert (summary.organizations, summary.bodies, summary.labs) == (3_000, 40, 60)
    with factory() as session:
        assert count(session, Organization) == plan.organizations
        assert count(session, CertificationBody) == plan.bodies
        assert count(session, Lab) == plan.labs
        assert count(session, Person) == summary.people
        assert plan.bodies * 7 <= summary.people <= plan.bodies * 23
        assert count(session, Event) == summary.events
        assert summary.events >= summary.organizations + summary.people + summary.users
        codes = list(session.scalars(select(Organization.uscc)))
        assert all(uscc.is_valid(code) for code in codes)
        assert len(set(codes)) == len(codes)
        org = session.scalars(select(Organization).order_by(Organization.id)).first()
        assert org is not None
        found, _ = service.list_organizations(session=session, q=org.name[2:6], page_size=500)
        assert org in found
        found, _ = service.list_organizations(session=session, q=org.name_en.split()[1].lower())
        assert org.id in [o.id for o in found]
        statuses = dict(
            session.execute(
                select(Organization.status, func.count()).group_by(Organization.status)
            ).all()
        )
        assert statuses.get("abnormal", 0) == summary.abnormal > 0
        assert statuses.get("deregistered", 0) == summary.deregistered > 0
        assert summary.suspended_bodies >= 1
        assert summary.suspended_people >= 1
        roles = set(session.scalars(select(User.role)))
    assert {"regulator", "regional-regulator", "body-admin", "enterprise"} <= roles
    assert "3,000 organisations" in summary.describe()
