"""Certification schemes: defined and changed by the national regulator only."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from qualicert.errors import Conflict, Forbidden, NotFound
from qualicert.registry import schemas, service
from tests import factories

SYSTEM = factories.SYSTEM


def test_a_scheme_has_default_validity_and_surveillance(session):
    scheme = factories.scheme(session, code="ISO9001", iso17067_type="1a")
    assert (scheme.validity_years, scheme.surveillance_interval_months) == (3, 12)
    assert service.get_scheme_by_code(session=session, code="ISO9001").id == scheme.id
    assert service.get_scheme_by_code(session=session, code="NONE") is None


def test_a_duplicate_code_is_a_conflict(session):
    factories.scheme(session, code="CCC")
    with pytest.raises(Conflict) as info:
        factories.scheme(session, code="CCC")
    assert info.value.field == "code"


@pytest.mark.parametrize("code", ["iso9001", "-X", "", "A" * 33, "ISO 9001"])
def test_malformed_codes_are_refused_by_the_schema(code):
    with pytest.raises(ValidationError):
        schemas.SchemeCreate(code=code, name="x", kind="product", standard="GB 1")


def test_an_unknown_kind_is_refused_by_the_schema():
    with pytest.raises(ValidationError):
        schemas.SchemeCreate(code="X", name="x", kind="voluntary", standard="GB 1")


def test_only_the_national_regulator_defines_and_changes_schemes(session):
    scheme = factories.scheme(session)
    zhejiang = factories.user(session, "regional-regulator", region_code="330000")
    with pytest.raises(Forbidden):
        factories.scheme(session, actor=zhejiang)
    with pytest.raises(Forbidden):
        service.update_scheme(
            session=session,
            actor=zhejiang,
            scheme_id=scheme.id,
            data=schemas.SchemeUpdate(name="x"),
        )


def test_the_regulator_updates_the_standard_edition(session):
    scheme = factories.scheme(session, standard="ISO 9001:2008")
    service.update_scheme(
        session=session,
        actor=SYSTEM,
        scheme_id=scheme.id,
        data=schemas.SchemeUpdate(standard="ISO 9001:2015", validity_years=3),
    )
    assert scheme.standard == "ISO 9001:2015"


def test_an_unknown_scheme_is_not_found(session):
    with pytest.raises(NotFound):
        service.get_scheme(session=session, scheme_id=404)


def test_list_is_ordered_by_code_searchable_and_filtered_by_kind(session):
    factories.scheme(session, code="ISO14001", name="环境管理体系认证", standard="ISO 14001:2015")
    factories.scheme(session, code="CCC-01", name="电线电缆", kind="product", standard="GB/T 5023")
    factories.scheme(session, code="ISO9001", name="质量管理体系认证")

    def codes(**filters):
        return [s.code for s in service.list_schemes(session=session, **filters)[0]]

    assert codes() == ["CCC-01", "ISO14001", "ISO9001"]
    assert codes(q="环境") == ["ISO14001"]
    assert codes(q="14001:2015") == ["ISO14001"]
    assert codes(kind="product") == ["CCC-01"]
