"""Certificate search by substring, on the index of the database in use (FTS5 or pg_trgm)."""

from __future__ import annotations

import pytest

from qualicert.certification import search
from qualicert.certification import service as certification
from qualicert.db import transaction
from qualicert.registry import schemas
from qualicert.registry import service as registry
from tests.certification.builders import certified, world

pytestmark = pytest.mark.db


def numbers(factory, q: str) -> list[str]:
    with factory() as s:
        rows, total = certification.list_certificates(session=s, q=q)
        assert total == len(rows)
        return [r.number for r in rows]


@pytest.fixture
def one(client, factory):
    w = world(client, factory)
    certified(w, number="QMS-2026-0042")
    return w


@pytest.mark.parametrize(
    "q",
    [
        "恒信精密",
        "苏州恒信精密机械有限公司",
        "恒信",
        "精密机",
        "QMS-2026-0042",
        "2026-004",
        "  恒信精密  ",
    ],
)
def test_any_part_of_the_name_or_number_finds_it(one, factory, q):
    assert numbers(factory, q) == ["QMS-2026-0042"]


@pytest.mark.parametrize("q", ["恒信粗糙", "上海", "QMS-2027", "%", "_", '"', "恒%信", "*"])
def test_other_text_finds_nothing(one, factory, q):
    assert numbers(factory, q) == []


def test_the_holder_uscc_finds_it_in_any_case(one, factory):
    with factory() as s:
        org = registry.get_organization(session=s, organization_id=one.org_id)
        uscc = org.uscc
    assert numbers(factory, uscc) == ["QMS-2026-0042"]
    assert numbers(factory, uscc.lower()) == ["QMS-2026-0042"]


def test_a_renamed_holder_is_found_by_its_new_name_only(one, factory, system):
    data = schemas.OrganizationUpdate(name="苏州远航智能装备有限公司", name_en="Yuanhang Robotics")
    with transaction(factory) as s:
        registry.update_organization(session=s, actor=system, organization_id=one.org_id, data=data)
    assert numbers(factory, "远航智能") == ["QMS-2026-0042"]
    assert numbers(factory, "yuanhang robot") == ["QMS-2026-0042"]
    assert numbers(factory, "恒信精密") == []


def test_query_helpers():
    assert search.normalise("  a \t b  ") == "a b"
    assert search.like_pattern("50%_\\") == "%50\\%\\_\\\\%"
    assert search.fts_phrase('a"b') == '"a""b"'
