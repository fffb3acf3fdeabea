"""Registering many organisations at once: same checks, one event each, all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from qualicert.errors import Conflict, Forbidden, InvalidInput
from qualicert.ledger.models import Event, LogLeaf
from qualicert.registry import schemas, service
from qualicert.registry.models import Organization
from tests import factories
from tests.helpers import snapshot


def items(n: int, region: str = "330106") -> list[schemas.OrganizationCreate]:
    return [
        schemas.OrganizationCreate(
            uscc=factories.uscc(region), name=f"杭州批量登记测试有限公司{i}", region_code=region
        )
        for i in range(n)
    ]


def test_many_organisations_each_with_its_event_and_leaf(factory, system):
    with factories.transaction(factory) as s:
        ids = service.register_organizations(session=s, actor=system, data=items(25))
    with factory() as s:
        names = s.scalars(select(Organization.name).where(Organization.id.in_(ids))).all()
        events = s.scalar(select(func.count()).where(Event.event_type == "organization.created"))
        leaves = s.scalar(select(func.count()).select_from(LogLeaf))
    assert len(names) == 25
    assert events == 25
    assert leaves == 25
    with factory() as s:
        assert service.list_organizations(session=s, q="批量登记")[1] == 25


def test_a_duplicate_in_the_batch_or_the_registry_changes_nothing(factory, system, engine):
    batch = items(3)
    before = snapshot(engine)
    with pytest.raises(InvalidInput, match="twice"), factories.transaction(factory) as s:
        service.register_organizations(session=s, actor=system, data=[*batch, batch[0]])
    assert snapshot(engine) == before
    with factories.transaction(factory) as s:
        service.register_organizations(session=s, actor=system, data=batch[:1])
    before = snapshot(engine)
    with pytest.raises(Conflict), factories.transaction(factory) as s:
        service.register_organizations(session=s, actor=system, data=batch)
    assert snapshot(engine) == before


def test_a_regional_regulator_registers_only_in_its_region(factory, engine):
    with factories.transaction(factory) as s:
        zhejiang = factories.user(s, "regional-regulator", region_code="330000")
    before = snapshot(engine)
    with pytest.raises(Forbidden), factories.transaction(factory) as s:
        service.register_organizations(
            session=s, actor=zhejiang, data=[*items(2), *items(1, "110108")]
        )
    assert snapshot(engine) == before
