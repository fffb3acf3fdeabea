"""Who may change what: the pure permission checks every service calls before it writes."""

from __future__ import annotations

import pytest

from qualicert.accounts import permissions
from qualicert.accounts.actor import Actor, Role, system_actor
from qualicert.errors import Forbidden

REGULATOR = Actor(user_id=1, name="nation", role=Role.REGULATOR)
ZHEJIANG = Actor(user_id=2, name="zhejiang", role=Role.REGIONAL_REGULATOR, region_code="330000")
HANGZHOU = Actor(user_id=3, name="hangzhou", role=Role.REGIONAL_REGULATOR, region_code="330100")
BODY_ADMIN = Actor(user_id=4, name="admin", role=Role.BODY_ADMIN, body_id=7)
BODY_STAFF = Actor(user_id=5, name="staff", role=Role.BODY_STAFF, body_id=7)
LAB_STAFF = Actor(user_id=6, name="lab", role=Role.LAB_STAFF, lab_id=9)
ENTERPRISE = Actor(user_id=7, name="firm", role=Role.ENTERPRISE, organization_id=11)
AUDITOR = Actor(user_id=8, name="auditor", role=Role.AUDITOR, person_id=13)


def test_actor_label_names_the_user_or_the_system():
    assert REGULATOR.label == "user:1"
    assert system_actor("cli").label == "system:cli"


@pytest.mark.parametrize("actor", [REGULATOR, system_actor()])
def test_national_actors_may_do_anything(actor):
    assert permissions.is_national(actor)
    permissions.require_national(actor, "approve a body")
    permissions.require_region(actor, "110000", "change an organisation")
    permissions.require_body(actor, 7, "change a body", admin=True)
    permissions.require_lab(actor, 9, "110000", "change a lab")
    permissions.require_organization(actor, 11, "110000", "change an organisation")


@pytest.mark.parametrize(
    "actor", [ZHEJIANG, BODY_ADMIN, BODY_STAFF, LAB_STAFF, ENTERPRISE, AUDITOR]
)
def test_only_national_actors_pass_require_national(actor):
    with pytest.raises(Forbidden) as info:
        permissions.require_national(actor, "approve a body")
    assert info.value.rule == "scope"
    assert "approve a body" in info.value.message


@pytest.mark.parametrize("region", ["330000", "330100", "330106", "330200"])
def test_provincial_regulator_covers_its_province_and_everything_below(region):
    assert permissions.in_region(ZHEJIANG, region)


@pytest.mark.parametrize("region", ["110000", "110108", "310000", "320000"])
def test_provincial_regulator_does_not_cover_other_provinces(region):
    assert not permissions.in_region(ZHEJIANG, region)


def test_prefecture_regulator_covers_its_counties_but_not_its_province_or_neighbours():
    assert permissions.in_region(HANGZHOU, "330106")
    assert not permissions.in_region(HANGZHOU, "330000")
    assert not permissions.in_region(HANGZHOU, "330200")


def test_refusal_names_the_actor_the_action_and_the_scope_in_both_languages():
    with pytest.raises(Forbidden) as info:
        permissions.require_region(ZHEJIANG, "110108", "change an organisation")
    error = info.value
    assert error.status == 403
    assert "zhejiang" in error.message
    assert "change an organisation" in error.message
    assert "region 110108" in error.message
    assert "行政区划 110108" in error.message_zh


@pytest.mark.parametrize("actor", [BODY_ADMIN, BODY_STAFF])
def test_body_users_act_for_their_own_body(actor):
    permissions.require_body(actor, 7, "register a person")
    with pytest.raises(Forbidden):
        permissions.require_body(actor, 8, "register a person")


def test_only_the_body_admin_passes_an_admin_check():
    permissions.require_body(BODY_ADMIN, 7, "change a body", admin=True)
    with pytest.raises(Forbidden):
        permissions.require_body(BODY_STAFF, 7, "change a body", admin=True)


def test_a_body_check_without_a_body_needs_a_national_actor():
    with pytest.raises(Forbidden):
        permissions.require_body(BODY_ADMIN, None, "register a person")


def test_lab_staff_act_for_their_own_lab_only():
    permissions.require_lab(LAB_STAFF, 9, "310000", "change a lab")
    with pytest.raises(Forbidden):
        permissions.require_lab(LAB_STAFF, 10, "310000", "change a lab")


def test_regional_regulator_acts_for_labs_in_its_region_only():
    permissions.require_lab(ZHEJIANG, 9, "330100", "change a lab")
    with pytest.raises(Forbidden):
        permissions.require_lab(ZHEJIANG, 9, "110000", "change a lab")


def test_enterprise_acts_for_its_own_organisation_only():
    permissions.require_organization(ENTERPRISE, 11, "110108", "change an organisation")
    with pytest.raises(Forbidden):
        permissions.require_organization(ENTERPRISE, 12, "110108", "change an organisation")


@pytest.mark.parametrize("actor", [BODY_ADMIN, LAB_STAFF, ENTERPRISE, AUDITOR])
def test_scoped_roles_regulate_no_region(actor):
    assert not permissions.in_region(actor, "330000")


def test_auditor_may_change_nothing_in_the_registry():
    for check in (
        lambda: permissions.require_body(AUDITOR, 7, "x"),
        lambda: permissions.require_lab(AUDITOR, 9, "310000", "x"),
        lambda: permissions.require_organization(AUDITOR, 11, "110108", "x"),
    ):
        with pytest.raises(Forbidden):
            check()
