"""Auditors and decision makers: employer, qualifications, suspension and bans."""

from __future__ import annotations

import datetime as dt

import pytest

from qualicert.db import transaction
from qualicert.errors import Conflict, Forbidden, InvalidInput
from qualicert.registry import schemas, service
from tests import factories
from tests.helpers import snapshot

SYSTEM = factories.SYSTEM


def change_status(session, actor, person, status):
    return service.change_person_status(
        session=session, actor=actor, person_id=person.id, change=factories.status(status)
    )


def update(session, actor, person, **fields):
    return service.update_person(
        session=session, actor=actor, person_id=person.id, data=schemas.PersonUpdate(**fields)
    )


@pytest.fixture
def employer(session):
    return factories.body(session)


@pytest.fixture
def admin(session, employer):
    return factories.user(session, "body-admin", body_id=employer.id)


@pytest.fixture
def employee(session, employer):
    return factories.person(session, body_id=employer.id)


# Registration ----------------------------------------------------------------------------


def test_a_person_is_registered_with_qualifications(session, employer):
    qms = factories.scheme(session)
    person = factories.person(
        session,
        body_id=employer.id,
        qualifications=[
            factories.qualification(qms.id, grade="lead-auditor", sectors=[29]),
            factories.qualification(qms.id, grade="decision-maker"),
        ],
    )
    assert person.status == "active"
    assert [(q.grade, q.sectors) for q in person.qualifications] == [
        ("lead-auditor", [29]),
        ("decision-maker", [17, 19]),
    ]


def test_body_staff_register_people_for_their_own_body_only(session, employer):
    staff = factories.user(session, "body-staff", body_id=employer.id)
    assert factories.person(session, actor=staff, body_id=employer.id).body_id == employer.id
    other = factories.body(session)
    with pytest.raises(Forbidden):
        factories.person(session, actor=staff, body_id=other.id)
    with pytest.raises(Forbidden):
        factories.person(session, actor=staff)


def test_an_unknown_employer_is_refused(session):
    with pytest.raises(InvalidInput) as info:
        factories.person(session, body_id=404)
    assert info.value.field == "body_id"


def test_a_qualification_in_an_unknown_scheme_is_refused(session):
    with pytest.raises(InvalidInput) as info:
        factories.person(session, qualifications=[factories.qualification(404)])
    assert info.value.field == "qualifications.0.scheme_id"


def test_a_qualification_ending_before_it_starts_is_refused(engine, factory):
    with transaction(factory) as session:
        qms = factories.scheme(session)
    before = snapshot(engine)
    backwards = factories.qualification(qms.id, valid_to=dt.date(2019, 12, 31))
    with pytest.raises(InvalidInput) as info, transaction(factory) as session:
        factories.person(session, qualifications=[backwards])
    assert (info.value.rule, info.value.field) == ("date_order", "qualifications.0.valid_to")
    assert snapshot(engine) == before


def test_a_duplicate_registration_number_is_a_conflict(session):
    factories.person(session, registration_number="2021-N1QMS-1234567")
    with pytest.raises(Conflict) as info:
        factories.person(session, registration_number="2021-N1QMS-1234567")
    assert info.value.field == "registration_number"


# Changes ---------------------------------------------------------------------------------


def test_a_new_qualification_list_replaces_the_old(session, admin, employee):
    qms, ems = factories.scheme(session), factories.scheme(session)
    update(session, admin, employee, qualifications=[factories.qualification(qms.id)])
    update(session, admin, employee, qualifications=[factories.qualification(ems.id)])
    assert [q.scheme_id for q in employee.qualifications] == [ems.id]


def test_body_staff_change_their_own_people(session, employer, employee):
    staff = factories.user(session, "body-staff", body_id=employer.id)
    update(session, staff, employee, name="张三", name_en="Zhang San")
    assert (employee.name, employee.name_en) == ("张三", "Zhang San")


def test_a_body_may_not_take_over_another_bodys_person(session, admin):
    stranger = factories.person(session, body_id=factories.body(session).id)
    with pytest.raises(Forbidden):
        update(session, admin, stranger, name="x")


def test_a_body_may_not_move_its_person_to_another_body(session, admin, employee):
    other = factories.body(session)
    with pytest.raises(Forbidden):
        update(session, admin, employee, body_id=other.id)


def test_the_regulator_moves_a_person_between_bodies(session, employee):
    other = factories.body(session)
    update(session, SYSTEM, employee, body_id=other.id)
    assert employee.body_id == other.id


# Status: suspension by the employer, bans by the national regulator only ------------------


def test_the_body_admin_suspends_and_reinstates_its_own_employee(session, admin, employee):
    change_status(session, admin, employee, "suspended")
    assert employee.status == "suspended"
    change_status(session, admin, employee, "active")
    assert employee.status == "active"


def test_the_body_admin_may_not_ban(engine, factory):
    with transaction(factory) as session:
        body = factories.body(session)
        admin = factories.user(session, "body-admin", body_id=body.id)
        employee = factories.person(session, body_id=body.id)
    before = snapshot(engine)
    with pytest.raises(Forbidden) as info, transaction(factory) as session:
        change_status(session, admin, employee, "banned")
    assert "banned" in info.value.message
    assert snapshot(engine) == before


def test_the_body_admin_may_not_suspend_another_bodys_person(session, admin):
    stranger = factories.person(session, body_id=factories.body(session).id)
    with pytest.raises(Forbidden):
        change_status(session, admin, stranger, "suspended")


@pytest.mark.parametrize("role", ["body-staff", "regional-regulator"])
def test_other_roles_may_not_suspend(session, employer, employee, role):
    scope = {"body_id": employer.id} if role == "body-staff" else {"region_code": "110000"}
    actor = factories.user(session, role, **scope)
    with pytest.raises(Forbidden):
        change_status(session, actor, employee, "suspended")


def test_the_regulator_bans_and_a_ban_is_final(session, admin, employee):
    regulator = factories.user(session, "regulator")
    change_status(session, regulator, employee, "banned")
    assert employee.status == "banned"
    for status, actor in (("active", regulator), ("suspended", admin), ("suspended", regulator)):
        with pytest.raises(Conflict) as info:
            change_status(session, actor, employee, status)
        assert info.value.rule == "state"


# Search and filters ----------------------------------------------------------------------


def test_search_and_filters(session, employer):
    qms, ems = factories.scheme(session), factories.scheme(session)
    factories.person(
        session,
        name="王小明",
        registration_number="2019-N1QMS-1000001",
        body_id=employer.id,
        qualifications=[factories.qualification(qms.id, grade="lead-auditor")],
    )
    factories.person(
        session, name="李小红", qualifications=[factories.qualification(ems.id, grade="auditor")]
    )
    suspended = factories.person(session, name="赵大勇")
    change_status(session, SYSTEM, suspended, "suspended")

    def found(**filters):
        return [p.name for p in service.list_people(session=session, **filters)[0]]

    assert found(q="小") == ["王小明", "李小红"]
    assert found(q="N1QMS-1000001") == ["王小明"]
    assert found(body_id=employer.id) == ["王小明"]
    assert found(scheme_id=ems.id) == ["李小红"]
    assert found(grade="lead-auditor") == ["王小明"]
    assert found(scheme_id=qms.id, grade="auditor") == []
    assert found(status="suspended") == ["赵大勇"]
