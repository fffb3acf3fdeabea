"""The certification lifecycle through HTTP, as a body, its auditors and the public use it."""

from __future__ import annotations

import datetime as dt

from tests.certification import builders as b
from tests.helpers import snapshot


def test_audit_time_for_50_person_qms_is_5_days(client):
    r = client.get("/api/v1/audit-time", params={"standard": "ISO 9001:2015", "employees": 50})
    assert r.status_code == 200
    assert r.json()["initial_days"] == 5.0


def test_audit_time_bad_standard_is_a_problem(client):
    r = client.get("/api/v1/audit-time", params={"standard": "ISO 0000", "employees": 50})
    assert r.status_code == 422
    assert "ISO 9001:2015" in r.json()["detail"]


def test_grant_issues_a_certificate_with_history(client, factory):
    w = b.world(client, factory)
    _, _, cert = b.certified(w)
    assert cert["status"] == "active"
    assert cert["expiry_date"] == "2029-03-31"
    assert cert["holder"]["name"] == "苏州恒信精密机械有限公司"
    history = client.get("/api/v1/certificates/CERT-2026-0001/history").json()["history"]
    assert [(h["transition"], h["reason_code"]) for h in history] == [("issue", "I01")]
    assert history[0]["signed_by"]["person_id"] == w.decider


def test_no_certificate_without_signed_stage2_report(client, factory, engine):
    w = b.world(client, factory)
    programme = b.accepted_programme(w)
    s1 = b.audit(w, programme, "stage1", dt.date(2026, 3, 2), days=1.5)
    b.report(w, s1)
    s2 = b.audit(w, programme, "stage2", dt.date(2026, 3, 16), days=3.5)
    before = snapshot(engine)
    r = w.post("/api/v1/decisions", {"audit_id": s2, "kind": "grant", "signed_by": w.decider})
    assert r.status_code == 422
    assert r.json()["errors"][0]["rule"] == "report_required"
    assert snapshot(engine) == before


def test_decision_maker_on_the_team_is_refused_for_impartiality(client, factory, engine):
    w = b.world(client, factory)
    programme = b.accepted_programme(w)
    s1 = b.audit(w, programme, "stage1", dt.date(2026, 3, 2), days=1.5)
    b.report(w, s1)
    # the lead auditor also holds a decision-maker qualification, but audited this client
    s2 = b.audit(
        w,
        programme,
        "stage2",
        dt.date(2026, 3, 16),
        days=3.5,
        team=[(w.spare_lead, "lead-auditor"), (w.auditor, "auditor")],
    )
    b.report(w, s2, signer=w.spare_lead)
    regulator = b.factories.bearer(b.factories.token(factory, "regulator"))
    quals = [b.qual(w.scheme_id, "auditor"), b.qual(w.scheme_id, "decision-maker")]
    r = client.patch(
        f"/api/v1/people/{w.auditor}", json={"qualifications": quals}, headers=regulator
    )
    assert r.status_code == 200, r.text
    before = snapshot(engine)
    r = w.post("/api/v1/decisions", {"audit_id": s2, "kind": "grant", "signed_by": w.auditor})
    assert r.status_code == 422
    assert r.json()["errors"][0]["rule"] == "impartiality"
    assert snapshot(engine) == before


def test_suspended_auditor_cannot_join_a_team(client, factory, engine):
    w = b.world(client, factory)
    regulator = b.factories.bearer(b.factories.token(factory, "regulator"))
    r = client.post(
        f"/api/v1/people/{w.auditor}/status",
        json={"status": "suspended", "reason": "complaint under review"},
        headers=regulator,
    )
    assert r.status_code == 200
    programme = b.accepted_programme(w)
    row = w.post(
        f"/api/v1/programmes/{programme}/audits",
        {
            "kind": "stage1",
            "start_date": "2026-03-02",
            "end_date": "2026-03-03",
            "planned_days": 1.5,
        },
        201,
    ).json()
    before = snapshot(engine)
    r = w.put(
        f"/api/v1/audits/{row['id']}/team",
        {
            "members": [
                {"person_id": w.lead, "role": "lead-auditor"},
                {"person_id": w.auditor, "role": "auditor"},
            ]
        },
    )
    assert r.status_code == 422
    problem = r.json()
    assert problem["errors"][0]["rule"] == "person_status"
    assert "suspended" in problem["detail"]
    assert snapshot(engine) == before


def test_double_booking_is_refused_naming_the_person(client, factory):
    w = b.world(client, factory)
    p1 = b.accepted_programme(w)
    b.audit(w, p1, "stage1", dt.date(2026, 3, 2), days=1.5)
    p2 = b.accepted_programme(w)
    row = w.post(
        f"/api/v1/programmes/{p2}/audits",
        {
            "kind": "stage1",
            "start_date": "2026-03-03",
            "end_date": "2026-03-03",
            "planned_days": 1.5,
        },
        201,
    ).json()
    r = w.put(
        f"/api/v1/audits/{row['id']}/team",
        {"members": [{"person_id": w.lead, "role": "lead-auditor"}]},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["rule"] == "double_booking"


def test_plan_below_audit_time_minimum_is_refused_quoting_the_rule(client, factory):
    w = b.world(client, factory)
    programme = b.accepted_programme(w)
    r = w.post(
        f"/api/v1/programmes/{programme}/audits",
        {
            "kind": "stage2",
            "start_date": "2026-03-02",
            "end_date": "2026-03-02",
            "planned_days": 0.5,
        },
    )
    assert r.status_code == 422  # stage 1 first
    s1 = b.audit(w, programme, "stage1", dt.date(2026, 3, 2), days=1.5)
    assert s1
    r = w.post(
        f"/api/v1/programmes/{programme}/audits",
        {
            "kind": "stage2",
            "start_date": "2026-03-16",
            "end_date": "2026-03-16",
            "planned_days": 0.5,
        },
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["rule"] == "audit_time"
    assert "IAF MD 5" in r.json()["detail"]


def test_illegal_transition_names_the_current_state(client, factory, engine):
    w = b.world(client, factory)
    b.certified(w)
    url = "/api/v1/certificates/CERT-2026-0001/status"
    ok = w.post(
        url,
        {
            "transition": "withdraw",
            "reason_code": "W02",
            "reason": "重大质量事故",
            "signed_by": w.decider,
        },
    )
    assert ok.status_code == 200, ok.text
    before = snapshot(engine)
    r = w.post(url, {"transition": "reinstate", "reason_code": "R01", "signed_by": w.decider})
    assert r.status_code == 409
    assert "withdrawn" in r.json()["detail"]
    assert snapshot(engine) == before


def test_suspend_reinstate_history_shows_signers_and_reasons(client, factory):
    w = b.world(client, factory)
    b.certified(w)
    url = "/api/v1/certificates/CERT-2026-0001/status"
    w.post(
        url,
        {
            "transition": "suspend",
            "reason_code": "S01",
            "reason": "未接受监督审核",
            "signed_by": w.decider,
            "effective_date": "2027-04-15",
        },
        200,
    )
    w.post(
        url,
        {
            "transition": "reinstate",
            "reason_code": "R01",
            "signed_by": w.decider,
            "effective_date": "2027-05-10",
        },
        200,
    )
    history = client.get("/api/v1/certificates/CERT-2026-0001/history").json()["history"]
    assert [h["status"] for h in history] == ["active", "suspended", "active"]
    assert history[1]["reason_code"] == "S01"
    assert history[1]["reason"] == "未接受监督审核"
    assert all(h["signed_by"]["person_id"] == w.decider for h in history)


def test_wrong_reason_code_is_refused(client, factory):
    w = b.world(client, factory)
    b.certified(w)
    r = w.post(
        "/api/v1/certificates/CERT-2026-0001/status",
        {"transition": "suspend", "reason_code": "W01", "signed_by": w.decider},
    )
    assert r.status_code == 409
    assert r.json()["errors"][0]["field"] == "reason_code"


def test_first_surveillance_within_12_months(client, factory):
    w = b.world(client, factory)
    programme, _, _ = b.certified(w)
    late = w.post(
        f"/api/v1/programmes/{programme}/audits",
        {
            "kind": "surveillance",
            "start_date": "2027-04-02",
            "end_date": "2027-04-02",
            "planned_days": 2,
        },
    )
    assert late.status_code == 422
    assert late.json()["errors"][0]["rule"] == "surveillance_due"
    on_time = w.post(
        f"/api/v1/programmes/{programme}/audits",
        {
            "kind": "surveillance",
            "start_date": "2027-03-20",
            "end_date": "2027-03-20",
            "planned_days": 2,
        },
    )
    assert on_time.status_code == 201, on_time.text


def test_jobs_expire_and_withdraw(client, factory):
    from qualicert.accounts.actor import system_actor
    from qualicert.certification.service import jobs
    from qualicert.db import transaction

    w = b.world(client, factory)
    b.certified(w, number="A-1")
    b.certified(w, number="A-2", shift_days=3)
    w.post(
        "/api/v1/certificates/A-1/status",
        {
            "transition": "suspend",
            "reason_code": "S04",
            "signed_by": w.decider,
            "effective_date": "2026-05-01",
        },
        200,
    )
    with transaction(factory) as s:
        first = jobs.run(session=s, actor=system_actor("jobs"), today=dt.date(2026, 12, 1))
    with transaction(factory) as s:
        again = jobs.run(session=s, actor=system_actor("jobs"), today=dt.date(2026, 12, 1))
    assert (first.withdrawn, first.expired, again.withdrawn) == (1, 0, 0)
    with transaction(factory) as s:
        late = jobs.run(session=s, actor=system_actor("jobs"), today=dt.date(2029, 4, 1))
    assert late.expired == 1
    statuses = {n: client.get(f"/api/v1/certificates/{n}").json()["status"] for n in ("A-1", "A-2")}
    assert statuses == {"A-1": "withdrawn", "A-2": "expired"}


def test_other_body_cannot_change_a_certificate(client, factory, engine):
    w = b.world(client, factory)
    b.certified(w)
    with b.transaction(factory) as s:
        other = b.factories.body(s)
        other_id = other.id
    intruder = b.factories.bearer(b.factories.token(factory, "body-admin", body_id=other_id))
    before = snapshot(engine)
    r = client.post(
        "/api/v1/certificates/CERT-2026-0001/status",
        headers=intruder,
        json={"transition": "suspend", "reason_code": "S02", "signed_by": w.decider},
    )
    assert r.status_code == 403
    assert snapshot(engine) == before


def test_search_certificates_by_part_of_chinese_name(client, factory):
    w = b.world(client, factory)
    b.certified(w)
    r = client.get("/api/v1/certificates", params={"q": "恒信精密"})
    assert [c["number"] for c in r.json()["items"]] == ["CERT-2026-0001"]
    assert client.get("/api/v1/certificates", params={"q": "不存在的公司"}).json()["total"] == 0


def test_unknown_certificate_is_404(client):
    r = client.get("/api/v1/certificates/NOPE-1")
    assert r.status_code == 404
    assert r.json()["errors"][0]["rule"] == "exists"


def test_audit_shows_team_justification_and_report(client, factory):
    w = b.world(client, factory)
    programme = b.accepted_programme(w)
    audit_id = b.audit(w, programme, "stage1", dt.date(2026, 3, 2), days=1.5)
    b.report(w, audit_id)
    body = client.get(f"/api/v1/audits/{audit_id}", headers=w.staff).json()
    assert {m["role"] for m in body["team"]} == {"lead-auditor", "auditor"}
    assert any("IAF MD 5" in line for line in body["justification"])
    assert body["report"]["signed_by"] == w.lead
    assert client.get(f"/api/v1/audits/{audit_id}").status_code == 401


def test_only_the_lead_auditor_signs_the_report(client, factory):
    w = b.world(client, factory)
    programme = b.accepted_programme(w)
    audit_id = b.audit(w, programme, "stage1", dt.date(2026, 3, 2), days=1.5)
    r = b.report(w, audit_id, signer=w.auditor)
    assert r.status_code == 422
    assert r.json()["errors"][0]["rule"] == "signer"


def test_application_to_a_suspended_body_is_refused(client, factory):
    w = b.world(client, factory)
    regulator = b.factories.bearer(b.factories.token(factory, "regulator"))
    r = client.post(
        f"/api/v1/bodies/{w.body_id}/status",
        headers=regulator,
        json={"status": "suspended", "reason": "监督检查"},
    )
    assert r.status_code == 200
    r = w.post(
        "/api/v1/applications",
        {
            "organization_id": w.org_id,
            "body_id": w.body_id,
            "scheme_id": w.scheme_id,
            "scope": "设计和生产",
            "employees": 10,
        },
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["rule"] == "body_status"


def test_transfer_to_another_body_after_review(client, factory):
    w = b.world(client, factory)
    b.certified(w)
    with b.transaction(factory) as s:
        other = b.factories.body(s, scheme_ids=[w.scheme_id])
        reviewer = b.factories.person(
            s, body_id=other.id, qualifications=[b.qual(w.scheme_id, "decision-maker")]
        )
        ids = (other.id, reviewer.id)
    receiving = b.factories.bearer(b.factories.token(factory, "body-staff", body_id=ids[0]))
    review = {
        "to_body_id": ids[0],
        "reviewed_by": ids[1],
        "reviewed_on": "2026-06-01",
        "findings": "证书有效，无未关闭的不符合项",
        "new_number": "NEW-1",
    }
    r = client.post("/api/v1/certificates/CERT-2026-0001/transfer", json=review, headers=receiving)
    assert r.status_code == 200, r.text
    assert r.json()["body"]["id"] == ids[0]
    history = client.get("/api/v1/certificates/NEW-1/history").json()["history"]
    assert history[-1]["transition"] == "transfer"
    assert history[-1]["details"]["old_number"] == "CERT-2026-0001"


def test_transfer_is_refused_while_suspended(client, factory):
    w = b.world(client, factory)
    b.certified(w)
    w.post(
        "/api/v1/certificates/CERT-2026-0001/status",
        {"transition": "suspend", "reason_code": "S04", "signed_by": w.decider},
        200,
    )
    with b.transaction(factory) as s:
        other = b.factories.body(s, scheme_ids=[w.scheme_id])
        reviewer = b.factories.person(
            s, body_id=other.id, qualifications=[b.qual(w.scheme_id, "decision-maker")]
        )
        ids = (other.id, reviewer.id)
    receiving = b.factories.bearer(b.factories.token(factory, "body-staff", body_id=ids[0]))
    review = {
        "to_body_id": ids[0],
        "reviewed_by": ids[1],
        "reviewed_on": "2026-06-01",
        "findings": "转换前评审",
    }
    r = client.post("/api/v1/certificates/CERT-2026-0001/transfer", json=review, headers=receiving)
    assert r.status_code == 409
    assert "suspended" in r.json()["detail"]
