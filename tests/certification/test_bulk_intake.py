"""Bulk intake end to end on the database: round trips, all-or-nothing, partial, re-upload."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from qualicert.accounts.actor import Actor, Role
from qualicert.certification.bulk import MAX_ERRORS, import_certificates
from qualicert.certification.bulk.apply import Writer
from qualicert.certification.bulk.fields import CertificateRow
from qualicert.certification.bulk.report import ErrorLog
from qualicert.certification.models import Certificate, StatusChange
from qualicert.db import transaction, utcnow
from qualicert.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from qualicert.ledger.models import Event
from qualicert.ledger.service import record
from qualicert.registry.models import Organization
from qualicert.registry.service import change_body_status
from tests import factories
from tests.certification import bulk_samples as s
from tests.helpers import snapshot


@pytest.fixture
def body(factory):
    return s.approved_body(factory)


def test_csv_round_trip_creates_certificates_holders_history_and_events(factory, body):
    report = s.run(factory, body, s.csv_bytes(s.rows(body, 3)))
    assert (report.rows_read, report.created, report.updated, report.refused) == (3, 3, 0, 0)
    assert report.applied and report.organizations_created == 3
    cert = s.certificate(factory, body, "BULK-00002")
    assert cert.source == "imported" and cert.status == "active"
    assert cert.scheme_id == body.scheme_id
    assert cert.standard == "GB/T 19001-2016/ISO 9001:2015"
    assert (cert.issue_date, cert.expiry_date) == (dt.date(2024, 1, 15), dt.date(2027, 1, 14))
    assert cert.original_issue_date == dt.date(2018, 1, 15)
    assert cert.sectors == [33, 35]
    assert cert.sites == [{"name": "总部", "address": "北京市海淀区中关村大街1号"}]
    with factory() as session:
        org = session.get(Organization, cert.organization_id)
        assert org is not None
        assert (org.name, org.region_code) == ("北京样例科技有限公司2", "110108")
        assert org.name_en == "Sample Technology Co., Ltd. 2"
    (entry,) = s.history(factory, cert.id)
    assert (entry.transition, entry.reason_code, entry.to_status) == ("issue", "I02", "active")
    assert entry.effective_date == dt.date(2024, 1, 15)


def test_one_event_per_action(factory, body):
    """A new certificate and its issue entry share one event; a holder has its own."""
    before = s.count(factory, Event)
    s.run(factory, body, s.csv_bytes(s.rows(body, 4)))
    assert s.count(factory, Event, subject_type="certificates") == 4
    assert s.count(factory, Event, subject_type="certificate_status_changes") == 0
    assert s.count(factory, Event, subject_type="organizations") == 4
    assert s.count(factory, Event) - before == 8
    created = s.events(factory, "certificate.imported")
    payloads = [json.loads(e.payload) for e in created]
    assert {p["number"] for p in payloads} == {f"BULK-{i:05d}" for i in range(1, 5)}
    assert all(e.actor == "system:bulk-test" for e in created)
    assert {p["history"]["transition"] for p in payloads} == {"issue"}
    assert {p["history"]["reason_code"] for p in payloads} == {"I02"}
    assert payloads[0]["history"]["effective_date"] == "2024-01-15"


def test_a_status_change_in_the_file_has_its_own_event(factory, body):
    data = s.rows(body, 1)
    data[0] |= {"status": "suspended", "reason_code": "S02", "status_date": "2025-01-10"}
    s.run(factory, body, s.csv_bytes(data))
    (event,) = s.events(factory, "certificate.history")
    payload = json.loads(event.payload)
    assert (payload["transition"], payload["to"]) == ("suspend", "suspended")
    assert event.subject_type == "certificate_status_changes"


@pytest.mark.parametrize("writer", ["xlsx", "jsonl"])
def test_xlsx_and_jsonl_round_trips(factory, body, writer):
    data = s.rows(body, 3)
    data[0]["sectors"] = [17, 19] if writer == "jsonl" else 17
    raw = s.xlsx_bytes(data) if writer == "xlsx" else s.jsonl_bytes(data)
    report = s.run(factory, body, raw, fmt=None)
    assert (report.format, report.created, report.refused) == (writer, 3, 0), report.errors
    first = s.certificate(factory, body, "BULK-00001")
    assert first.sectors == ([17, 19] if writer == "jsonl" else [17])


def test_chinese_headers_and_values(factory, body):
    data = s.rows(body, 2, status="有效", issue_date="2024年1月15日")
    report = s.run(factory, body, s.csv_bytes(data, s.ZH, encoding="gb18030"))
    assert (report.created, report.refused) == (2, 0), report.errors
    assert s.certificate(factory, body, "BULK-00001").issue_date == dt.date(2024, 1, 15)


def test_one_bad_row_changes_nothing_and_is_named(engine, factory, body):
    data = s.rows(body, 5)
    data[2]["uscc"] = data[2]["uscc"][:17] + ("0" if data[2]["uscc"][17] != "0" else "1")
    before = snapshot(engine)
    report = s.run(factory, body, s.csv_bytes(data))
    assert snapshot(engine) == before
    assert not report.applied
    assert (report.rows_read, report.refused, report.created) == (5, 1, 0)
    (error,) = report.errors
    assert (error.row, error.field, error.rule) == (4, "uscc", "uscc_check_digit")
    assert "校验码" in error.message_zh


def test_partial_mode_applies_the_valid_rows_and_lists_the_rest(factory, body):
    data = s.rows(body, 4)
    data[1]["expiry_date"] = "2020-01-01"
    data[3]["scheme"] = body.other
    report = s.run(factory, body, s.csv_bytes(data), partial=True)
    assert report.applied and (report.created, report.refused) == (2, 2)
    assert [(e.row, e.field, e.rule) for e in report.errors] == [
        (3, "expiry_date", "date_order"),
        (5, "scheme", "body_scope"),
    ]
    assert s.count(factory, Certificate, body_id=body.id) == 2


def test_reupload_updates_instead_of_duplicating(factory, body):
    s.run(factory, body, s.csv_bytes(s.rows(body, 3)))
    again = s.rows(body, 3)
    again[0]["scope"] = "计算机软件的开发、技术服务和系统集成"
    again[1]["expiry_date"] = "2027-06-30"
    report = s.run(factory, body, s.csv_bytes(again))
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert report.organizations_created == 0
    assert s.count(factory, Certificate, body_id=body.id) == 3
    assert s.certificate(factory, body, "BULK-00001").scope.endswith("系统集成")
    (update, _) = s.events(factory, "certificate.updated")
    assert json.loads(update.payload)["changes"] == {
        "scope": ["计算机软件的开发和技术服务", "计算机软件的开发、技术服务和系统集成"]
    }
    assert s.count(factory, StatusChange) == 3  # no status change, no new history


def test_a_status_change_by_reupload_writes_history(factory, body):
    s.run(factory, body, s.csv_bytes(s.rows(body, 2)))
    changed = s.rows(body, 2)
    changed[0] |= {
        "status": "暂停",
        "reason_code": "S02",
        "reason": "监督审核发现严重不符合",
        "status_date": "2025-03-01",
    }
    report = s.run(factory, body, s.csv_bytes(changed))
    assert (report.updated, report.unchanged, report.history_entries) == (1, 1, 1)
    cert = s.certificate(factory, body, "BULK-00001")
    assert (cert.status, cert.status_since) == ("suspended", dt.date(2025, 3, 1))
    issue, suspend = s.history(factory, cert.id)
    assert issue.transition == "issue"
    assert (suspend.transition, suspend.from_status, suspend.to_status) == (
        "suspend",
        "active",
        "suspended",
    )
    assert (suspend.reason_code, suspend.reason) == ("S02", "监督审核发现严重不符合")
    back = s.rows(body, 2)
    back[0] |= {"status_date": "2025-04-01"}
    assert s.run(factory, body, s.csv_bytes(back)).updated == 1
    last = s.history(factory, cert.id)[-1]
    assert (last.transition, last.reason_code) == ("reinstate", "R01")


def test_an_illegal_transition_is_refused_naming_the_current_state(engine, factory, body):
    first = s.rows(body, 2)
    first[0] |= {"status": "withdrawn", "reason_code": "W03"}
    s.run(factory, body, s.csv_bytes(first))
    before = snapshot(engine)
    report = s.run(factory, body, s.csv_bytes(s.rows(body, 2)))
    assert snapshot(engine) == before
    (error,) = report.errors
    assert (error.row, error.field, error.rule) == (2, "status", "lifecycle")
    assert "withdrawn" in error.message


def test_a_new_certificate_that_is_not_active_gets_issue_then_its_transition(factory, body):
    data = s.rows(body, 1, status="cancelled", reason_code="C01", status_date="2025-05-05")
    s.run(factory, body, s.csv_bytes(data))
    cert = s.certificate(factory, body, "BULK-00001")
    assert (cert.status, cert.status_since) == ("cancelled", dt.date(2025, 5, 5))
    assert [h.transition for h in s.history(factory, cert.id)] == ["issue", "cancel"]


def test_duplicates_in_the_file_are_refused(factory, body):
    data = s.rows(body, 3)
    data[2]["number"] = data[0]["number"]
    report = s.run(factory, body, s.csv_bytes(data))
    (error,) = report.errors
    assert (error.row, error.field, error.rule) == (4, "number", "duplicate")
    assert "row 2" in error.message


def test_scheme_by_standard_and_an_existing_holder(factory, body):
    with transaction(factory) as session:
        org = factories.organization(session, uscc=factories.uscc("110108", serial=900_001))
        org_id = org.id
    data = s.rows(body, 1)
    del data[0]["scheme"]
    data[0]["standard"] = "ISO 9001:2015"
    report = s.run(factory, body, s.csv_bytes(data))
    assert (report.created, report.organizations_created) == (1, 0)
    cert = s.certificate(factory, body, "BULK-00001")
    assert (cert.scheme_id, cert.organization_id) == (body.scheme_id, org_id)


def test_batches_split_the_file_and_the_error_list_is_capped(factory, body):
    report = s.run(factory, body, s.csv_bytes(s.rows(body, 7)), batch_rows=3)
    assert report.created == 7
    bad = s.rows(body, MAX_ERRORS + 20, uscc="91110108MA01ABCD1Z")
    report = s.run(factory, body, s.csv_bytes(bad))
    assert report.refused == MAX_ERRORS + 20
    assert (len(report.errors), report.errors_omitted) == (MAX_ERRORS, 20)


def test_another_bodys_user_may_not_import_and_nothing_changes(engine, factory, body):
    with transaction(factory) as session:
        other = factories.body(session)
        outsider = factories.user(session, "body-admin", body_id=other.id)
        enterprise = Actor(user_id=None, name="x", role=Role.ENTERPRISE, organization_id=1)
    before = snapshot(engine)
    for actor in (outsider, enterprise):
        with pytest.raises(Forbidden):
            s.run(factory, body, s.csv_bytes(s.rows(body, 2)), actor=actor)
    assert snapshot(engine) == before


def test_the_bodys_own_staff_may_import(factory, body):
    with transaction(factory) as session:
        staff = factories.user(session, "body-staff", body_id=body.id)
    report = s.run(factory, body, s.csv_bytes(s.rows(body, 1)), actor=staff)
    assert report.created == 1
    (event,) = s.events(factory, "certificate.imported")
    assert event.actor_user_id == staff.user_id


def test_a_suspended_body_may_not_import(factory, body):
    with transaction(factory) as session:
        change_body_status(
            session=session, actor=s.SYSTEM, body_id=body.id, change=factories.status("suspended")
        )
    with pytest.raises(RuleViolation) as caught:
        s.run(factory, body, s.csv_bytes(s.rows(body, 1)))
    assert caught.value.rule == "body_status"


def test_a_file_without_a_required_column_is_refused_whole(factory, body):
    data = [{k: v for k, v in r.items() if k != "status"} for r in s.rows(body, 2)]
    with pytest.raises(InvalidInput) as caught:
        s.run(factory, body, s.csv_bytes(data))
    assert (caught.value.rule, caught.value.field) == ("missing_column", "status")


def test_import_inside_the_callers_transaction(factory, body):
    with transaction(factory) as session:
        report = import_certificates(
            session=session,
            actor=s.SYSTEM,
            body_id=body.id,
            source=io.BytesIO(s.csv_bytes(s.rows(body, 2))),
        )
        assert report.created == 2
        assert session.scalar(select(Certificate.id).where(Certificate.number == "BULK-00002"))
    with pytest.raises(ValueError, match="exactly one"):
        import_certificates(actor=s.SYSTEM, body_id=body.id, source=b"")  # type: ignore[arg-type]


def test_a_change_between_the_passes_is_caught_when_applying(factory, body):
    s.run(factory, body, s.csv_bytes(s.rows(body, 1, status="withdrawn", reason_code="W03")))
    row = CertificateRow.model_validate(s.row(body, 1)).clean(2, body.scheme_id, "ISO 9001:2015")
    for partial in (False, True):
        log = ErrorLog()
        with transaction(factory) as session:
            writer = Writer(session, s.SYSTEM, body.id, partial, log, dt.date.today(), utcnow())
            if not partial:
                with pytest.raises(Conflict) as caught:
                    writer.apply([row])
                assert "row 2" in caught.value.message
                continue
            counts = writer.apply([row])
        assert (counts.updated, counts.unchanged, log.refused_rows) == (0, 0, 1)
        assert log.errors[0].rule == "lifecycle"
    assert s.certificate(factory, body, "BULK-00001").status == "withdrawn"


def test_a_certificate_issued_on_the_platform_is_not_changed_by_upload(engine, factory, body):
    with transaction(factory) as session:
        org = factories.organization(session, uscc=factories.uscc("110108", serial=900_001))
        cert = Certificate(
            body_id=body.id,
            number="BULK-00001",
            organization_id=org.id,
            scheme_id=body.scheme_id,
            standard="GB/T 19001-2016/ISO 9001:2015",
            scope="计算机软件的开发和技术服务",
            scope_en="Development of computer software and technical services",
            sites=[{"name": "总部", "address": "北京市海淀区中关村大街1号"}],
            sectors=[35, 33],
            issue_date=dt.date(2024, 1, 15),
            expiry_date=dt.date(2027, 1, 14),
            original_issue_date=dt.date(2018, 1, 15),
            status="active",
            status_since=dt.date(2024, 1, 15),
            source="issued",
        )
        record(
            session=session,
            actor=s.SYSTEM,
            event_type="certificate.issued",
            subject=cert,
            payload={"number": cert.number},
        )
    same = s.run(factory, body, s.csv_bytes(s.rows(body, 1)))
    assert (same.unchanged, same.refused) == (1, 0)
    before = snapshot(engine)
    for change in ({"scope": "软件开发"}, {"status": "suspended", "reason_code": "S04"}):
        report = s.run(factory, body, s.csv_bytes(s.rows(body, 1, **change)))
        (error,) = report.errors
        assert (error.row, error.field, error.rule) == (2, "number", "issued_on_platform")
    assert snapshot(engine) == before
