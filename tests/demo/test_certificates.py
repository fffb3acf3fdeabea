"""Demo certificates come from the real lifecycle: audits, signed reports, decisions, histories."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from qualicert.certification.models import AuditReport, Certificate, Decision, StatusChange
from qualicert.demo import generate
from qualicert.demo.certificates import certify
from qualicert.demo.scales import Scale

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def filled(factory):
    tiny = Scale("tiny", organizations=120, bodies=4, labs=2, auditors_per_body=12)
    generate.generate(factory, scale=tiny, seed=7, today=TODAY)
    return certify(factory, random.Random(3), 40, TODAY, lambda n: None)


def test_certificates_rest_on_signed_reports_and_impartial_decisions(factory, filled):
    assert sum(v for k, v in filled.items() if k not in {"skipped", "expired"}) >= 20
    with factory() as s:
        certificates = s.scalars(select(Certificate)).all()
        assert certificates
        for cert in certificates:
            decision = s.scalar(select(Decision).where(Decision.certificate_id == cert.id))
            assert decision is not None and decision.kind == "grant"
            report = s.scalar(select(AuditReport).where(AuditReport.audit_id == decision.audit_id))
            assert report is not None
            assert report.signed_by != decision.signed_by


def test_every_certificate_has_a_history_starting_with_its_issue(factory, filled):
    with factory() as s:
        for cert in s.scalars(select(Certificate)):
            entries = s.scalars(
                select(StatusChange)
                .where(StatusChange.certificate_id == cert.id)
                .order_by(StatusChange.id)
            ).all()
            assert entries[0].transition == "issue"
            assert entries[-1].to_status == cert.status or entries[-1].transition == "transfer"


def test_some_certificates_are_not_active(factory, filled):
    with factory() as s:
        statuses = dict(
            s.execute(select(Certificate.status, func.count()).group_by(Certificate.status)).all()
        )
    assert statuses.get("active", 0) > 0
    assert sum(n for status, n in statuses.items() if status != "active") > 0
