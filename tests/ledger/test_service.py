"""The one event path: every change of state is one event, in the same transaction.

A change without an event is refused by the guard in ``qualicert.db``; the events table
refuses UPDATE and DELETE through triggers on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import rfc8785
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from qualicert.accounts import service as accounts
from qualicert.db import UnrecordedChange, transaction
from qualicert.errors import Conflict
from qualicert.ledger import service as ledger
from qualicert.ledger.models import Event
from qualicert.registry import schemas, service
from qualicert.registry.models import Organization
from tests import factories
from tests.helpers import snapshot

SYSTEM = factories.SYSTEM


def events(session) -> list[Event]:
    return list(session.scalars(select(Event).order_by(Event.id)))


# Canonical JSON --------------------------------------------------------------------------


def test_canonical_json_sorts_keys_and_drops_whitespace():
    assert ledger.canonical_json({"b": 1, "a": [1, "二"]}) == '{"a":[1,"二"],"b":1}'


def test_canonical_json_orders_keys_by_utf16_code_units_as_rfc8785_says():
    # U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB01 in UTF-16
    # although its code point is larger (RFC 8785 section 3.2.3).
    assert ledger.canonical_json({"\ufb01": 1, "\U0001f600": 2}) == '{"\U0001f600":2,"\ufb01":1}'


def test_canonical_json_keeps_chinese_unescaped():
    assert ledger.canonical_json({"name": "浙江吉利控股集团有限公司"}) == (
        '{"name":"浙江吉利控股集团有限公司"}'
    )


def test_canonical_json_writes_dates_as_iso_and_times_as_utc():
    shanghai = dt.timezone(dt.timedelta(hours=8))
    payload = {"d": dt.date(2018, 1, 17), "t": dt.datetime(2018, 1, 17, 8, 0, tzinfo=shanghai)}
    assert ledger.canonical_json(payload) == '{"d":"2018-01-17","t":"2018-01-17T00:00:00Z"}'


def test_canonical_json_writes_whole_floats_as_integers_and_sets_sorted():
    assert ledger.canonical_json({"n": 3.0, "s": {"b", "a"}}) == '{"n":3,"s":["a","b"]}'


def test_event_payload_is_the_rfc8785_form_of_what_was_given(session):
    org = factories.organization(session, name="杭州测试有限公司", region_code="330106")
    (event,) = events(session)
    payload = json.loads(event.payload)
    assert payload["name"] == "杭州测试有限公司"
    assert event.payload == rfc8785.dumps(payload).decode()
    assert payload["uscc"] == org.uscc


def test_event_body_and_canonical_bytes(session):
    factories.scheme(session, code="QMS")
    (event,) = events(session)
    body = event.body()
    assert body["type"] == "scheme.created"
    assert body["subject"] == {"type": "schemes", "id": str(event.subject_id)}
    assert body["actor"] == "system:factory"
    assert body["time"].endswith("Z")
    assert body["payload"]["code"] == "QMS"
    assert event.canonical_bytes() == rfc8785.dumps(body)


# Exactly one event per change ------------------------------------------------------------


def test_every_create_writes_exactly_one_event(session):
    scheme = factories.scheme(session)
    body = factories.body(session, scheme_ids=[scheme.id])
    lab = factories.lab(session)
    person = factories.person(
        session, body_id=body.id, qualifications=[factories.qualification(scheme.id)]
    )
    org = factories.organization(session)
    found = [(e.event_type, e.subject_type, e.subject_id) for e in events(session)]
    assert found == [
        ("scheme.created", "schemes", str(scheme.id)),
        ("body.created", "certification_bodies", str(body.id)),
        ("lab.created", "labs", str(lab.id)),
        ("person.created", "people", str(person.id)),
        ("organization.created", "organizations", str(org.id)),
    ]


def test_every_update_writes_exactly_one_event(session):
    scheme = factories.scheme(session)
    body = factories.body(session)
    lab = factories.lab(session)
    person = factories.person(session)
    org = factories.organization(session)
    before = len(events(session))
    actor = SYSTEM
    service.update_scheme(
        session=session, actor=actor, scheme_id=scheme.id, data=schemas.SchemeUpdate(name="新")
    )
    service.update_body(
        session=session,
        actor=actor,
        body_id=body.id,
        data=schemas.BodyUpdate(address="北京", scheme_ids=[scheme.id]),
    )
    service.update_lab(
        session=session, actor=actor, lab_id=lab.id, data=schemas.LabUpdate(scope=[])
    )
    service.update_person(
        session=session,
        actor=actor,
        person_id=person.id,
        data=schemas.PersonUpdate(qualifications=[factories.qualification(scheme.id)]),
    )
    service.update_organization(
        session=session,
        actor=actor,
        organization_id=org.id,
        data=schemas.OrganizationUpdate(employees=120),
    )
    new = events(session)[before:]
    assert [e.event_type for e in new] == [
        "scheme.updated",
        "body.updated",
        "lab.updated",
        "person.updated",
        "organization.updated",
    ]


def test_every_status_change_writes_exactly_one_event(session):
    body = factories.body(session)
    lab = factories.lab(session)
    person = factories.person(session)
    org = factories.organization(session)
    before = len(events(session))
    change = factories.status("suspended")
    service.change_body_status(session=session, actor=SYSTEM, body_id=body.id, change=change)
    service.change_lab_status(session=session, actor=SYSTEM, lab_id=lab.id, change=change)
    service.change_person_status(session=session, actor=SYSTEM, person_id=person.id, change=change)
    service.change_organization_status(
        session=session,
        actor=SYSTEM,
        organization_id=org.id,
        change=factories.status("abnormal", effective_date=dt.date(2024, 5, 1)),
    )
    new = events(session)[before:]
    assert [e.event_type for e in new] == [
        "body.status_changed",
        "lab.status_changed",
        "person.status_changed",
        "organization.status_changed",
    ]
    assert json.loads(new[-1].payload) == {
        "effective_date": "2024-05-01",
        "from": "active",
        "reason": "测试原因",
        "to": "abnormal",
    }


def test_an_update_payload_lists_old_and_new_values(session):
    org = factories.organization(session, address="旧地址")
    service.update_organization(
        session=session,
        actor=SYSTEM,
        organization_id=org.id,
        data=schemas.OrganizationUpdate(address="新地址", employees=None),
    )
    event = events(session)[-1]
    assert json.loads(event.payload) == {"changes": {"address": ["旧地址", "新地址"]}}


def test_an_update_that_changes_nothing_writes_no_event(session):
    org = factories.organization(session, address="同一地址")
    service.update_organization(
        session=session,
        actor=SYSTEM,
        organization_id=org.id,
        data=schemas.OrganizationUpdate(address="同一地址"),
    )
    assert len(events(session)) == 1


def test_events_name_the_acting_user(session):
    actor = factories.user(session, "regional-regulator", region_code="330000")
    org = factories.organization(session, actor=actor, region_code="330106")
    event = ledger.history(session=session, subject_type="organizations", subject_id=str(org.id))
    assert (event[0].actor, event[0].actor_user_id) == (f"user:{actor.user_id}", actor.user_id)


def test_record_keeps_the_signing_person(session):
    person = factories.person(session)
    org = factories.organization(session)
    org.address = "签字后的地址"
    event = ledger.record(
        session=session,
        actor=SYSTEM,
        event_type="organization.updated",
        subject=org,
        payload={"changes": {"address": [None, "签字后的地址"]}},
        signer_person_id=person.id,
    )
    assert event.signer_person_id == person.id
    assert event.body()["signer"] == person.id


# The guard: no change without an event ---------------------------------------------------


def bare_organization(**over) -> Organization:
    """An organisation row built without its service (so without an event)."""
    fields = {
        "uscc": factories.uscc(),
        "name": "绕过事件的公司",
        "region_code": "110108",
        "status_since": dt.date.today(),
    }
    return Organization(**(fields | over))


def add_without_event(factory, row) -> None:
    with transaction(factory) as session:
        session.add(row)
        session.flush()


def test_adding_a_row_without_an_event_is_refused(engine, factory):
    before = snapshot(engine)
    with pytest.raises(UnrecordedChange):
        add_without_event(factory, bare_organization())
    assert snapshot(engine) == before


def test_changing_a_row_without_an_event_is_refused(engine, factory):
    with transaction(factory) as session:
        org_id = factories.organization(session).id
    before = snapshot(engine)
    with pytest.raises(UnrecordedChange), transaction(factory) as session:
        session.get(Organization, org_id).name = "悄悄改名"
    assert snapshot(engine) == before


def test_deleting_a_row_without_an_event_is_refused(engine, factory):
    with transaction(factory) as session:
        org_id = factories.organization(session).id
    before = snapshot(engine)
    with pytest.raises(UnrecordedChange), transaction(factory) as session:
        session.delete(session.get(Organization, org_id))
    assert snapshot(engine) == before


def test_an_event_covers_its_rows_only_until_the_transaction_ends(factory):
    with transaction(factory) as session:
        org = factories.organization(session)
    org.name = "事后修改"
    with pytest.raises(UnrecordedChange):
        add_without_event(factory, org)


def test_loading_and_reading_rows_needs_no_event(factory):
    with transaction(factory) as session:
        org_id = factories.organization(session).id
    with transaction(factory) as session:
        assert session.get(Organization, org_id).name.startswith("北京")


def create_then_fail(factory) -> None:
    with transaction(factory) as session:
        factories.organization(session)
        assert ledger.count(session=session) == 1
        raise RuntimeError("later step failed")


def test_a_failure_after_the_event_rolls_back_both(engine, factory):
    before = snapshot(engine)
    with pytest.raises(RuntimeError, match="later step failed"):
        create_then_fail(factory)
    assert snapshot(engine) == before


def test_a_unique_violation_caught_at_flush_is_a_conflict_and_leaves_no_event(engine, factory):
    with transaction(factory) as session:
        org = factories.organization(session)
    before = snapshot(engine)
    twin = bare_organization(uscc=org.uscc, name="重复")
    with pytest.raises(Conflict) as info, transaction(factory) as session:
        ledger.record(
            session=session,
            actor=SYSTEM,
            event_type="organization.created",
            subject=twin,
            payload={},
        )
    assert info.value.rule == "integrity"
    assert snapshot(engine) == before


# Append-only in the database itself ------------------------------------------------------


@pytest.fixture
def one_event(factory) -> int:
    with transaction(factory) as session:
        factories.scheme(session)
        return events(session)[0].id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET actor = 'someone else'",
        "UPDATE events SET payload = '{}' WHERE id = 1",
        "DELETE FROM events",
    ],
)
def test_sql_update_and_delete_of_events_are_refused(engine, one_event, statement):
    before = snapshot(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    assert snapshot(engine) == before


def test_orm_update_and_delete_of_events_are_refused(engine, factory, one_event):
    before = snapshot(engine)
    with pytest.raises(DBAPIError, match="append-only"), transaction(factory) as session:
        session.execute(update(Event).values(event_type="rewritten"))
    with pytest.raises(DBAPIError, match="append-only"), transaction(factory) as session:
        session.execute(delete(Event).where(Event.id == one_event))
    assert snapshot(engine) == before


def test_appending_events_still_works_after_a_refused_rewrite(engine, factory, one_event):
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text("DELETE FROM events"))
    with transaction(factory) as session:
        factories.scheme(session)
        assert ledger.count(session=session) == 2


# Reading the record ----------------------------------------------------------------------


def test_history_of_one_subject_oldest_first(session):
    org = factories.organization(session)
    factories.organization(session)
    service.change_organization_status(
        session=session, actor=SYSTEM, organization_id=org.id, change=factories.status("abnormal")
    )
    found = ledger.history(session=session, subject_type="organizations", subject_id=str(org.id))
    assert [e.event_type for e in found] == ["organization.created", "organization.status_changed"]


def test_list_events_newest_first_with_filters_and_pages(session):
    for _ in range(3):
        factories.organization(session)
    factories.scheme(session)
    rows, total = ledger.list_events(session=session, page_size=2)
    assert total == 4
    assert [e.event_type for e in rows] == ["scheme.created", "organization.created"]
    rows, total = ledger.list_events(
        session=session, event_type="organization.created", page=2, page_size=2
    )
    assert (total, len(rows)) == (3, 1)
    rows, total = ledger.list_events(session=session, subject_type="schemes")
    assert total == 1


def test_tokens_are_events_too(session):
    factories.user(session, "regulator")
    assert [e.event_type for e in events(session)] == ["user.created"]
    user = accounts.list_users(session=session)[0]
    accounts.create_token(session=session, actor=SYSTEM, user_name=user.name)
    assert [e.event_type for e in events(session)] == ["user.created", "token.created"]


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(alphabet=st.characters(codec="ascii"), max_size=6), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@settings(suppress_health_check=[HealthCheck.too_slow])  # recursive JSON draws on a busy machine
@given(
    st.dictionaries(
        st.text(alphabet=st.characters(codec="ascii"), max_size=8), json_values, max_size=6
    )
)
def test_fast_canonical_json_equals_rfc8785(payload):
    import rfc8785

    from qualicert.ledger.service import canonical_json

    assert canonical_json(payload) == rfc8785.dumps(payload).decode("utf-8")


wide_scalars = (
    json_scalars
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.datetimes(timezones=st.just(dt.UTC))
    | st.integers()
)
wide_values = st.recursive(
    wide_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.frozensets(st.text(max_size=3), max_size=3)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


def _reference(value):
    """The conversion canonical_json documents, written plainly, for rfc8785 to serialise."""
    if isinstance(value, dict):
        return {str(k): _reference(v) for k, v in value.items()}
    if isinstance(value, frozenset):
        return sorted((_reference(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_reference(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # busy machines
@given(st.dictionaries(st.text(max_size=8), wide_values, max_size=6))
def test_canonical_json_equals_rfc8785_on_either_path(payload):
    try:
        expected = rfc8785.dumps(_reference(payload)).decode("utf-8")
    except rfc8785.IntegerDomainError:
        with pytest.raises(rfc8785.IntegerDomainError):
            ledger.canonical_json(payload)
        return
    assert ledger.canonical_json(payload) == expected


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # busy machines
@given(
    st.lists(
        st.tuples(st.text(max_size=5) | st.integers(0, 10**9).map(str), json_values), max_size=5
    ),
    st.sampled_from(["organizations", "certificate_status_changes"]),
    st.none() | st.integers(1, 10**6),
)
def test_leaf_bytes_of_a_batch_equal_each_events_leaf_bytes(items, subject_type, signer):
    from qualicert.ledger.models import leaf_bytes, leaf_bytes_many

    when = dt.datetime(2026, 3, 4, 5, 6, 7, 89, tzinfo=dt.UTC)
    ids = [i for i, _ in items]
    texts = [ledger.canonical_json({"v": v}) for _, v in items]
    batch = leaf_bytes_many("x.created", subject_type, ids, "user:张三", signer, when, texts)
    assert batch == [
        leaf_bytes("x.created", subject_type, i, "user:张三", signer, when, t)
        for i, t in zip(ids, texts, strict=True)
    ]
