"""Data to export: demo certificates with real histories, a certificate suspended twice, uploads."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from qualicert.certification import service
from qualicert.certification.models import Certificate
from qualicert.db import transaction
from qualicert.demo import generate
from qualicert.demo.certificates import certify
from qualicert.demo.scales import Scale
from qualicert.registry.models import CertificationBody
from tests import factories
from tests.certification import builders as b
from tests.certification import bulk_samples as s

TODAY = dt.date(2026, 11, 24)
TINY = Scale("tiny", organizations=120, bodies=4, labs=2, auditors_per_body=12)


def demo(factory: sessionmaker[Session]) -> None:
    """Demo bodies, people and organisations, and certificates issued through the lifecycle."""
    generate.generate(factory, scale=TINY, seed=7, today=TODAY)
    certify(factory, random.Random(3), 40, TODAY, lambda n: None)


def suspended_twice(client: TestClient, factory: sessionmaker[Session]) -> str:
    """A certificate issued, suspended and reinstated twice (different reasons and dates),
    then transferred to another body under a new number, which is returned."""
    w = b.world(client, factory)
    _, _, cert = b.certified(w)
    url = f"/api/v1/certificates/{cert['number']}/status"
    for transition, code, reason, day in (
        ("suspend", "S01", "未接受监督审核", "2027-04-15"),
        ("reinstate", "R01", "", "2027-05-10"),
        ("suspend", "S02", "监督审核发现严重不符合", "2027-08-01"),
        ("reinstate", "R01", "整改完成", "2027-09-01"),
    ):
        change = {"transition": transition, "reason_code": code, "reason": reason}
        w.post(url, change | {"signed_by": w.decider, "effective_date": day}, 200)
    with transaction(factory) as session:
        other = factories.body(session, scheme_ids=[w.scheme_id])
        grade = [b.qual(w.scheme_id, "decision-maker")]
        reviewer = factories.person(session, body_id=other.id, qualifications=grade)
        ids = (other.id, reviewer.id)
    review = {
        "to_body_id": ids[0],
        "reviewed_by": ids[1],
        "reviewed_on": "2027-10-01",
        "findings": "证书有效，无未关闭的不符合项",
        "new_number": "MOVED-1",
    }
    receiving = factories.bearer(factories.token(factory, "body-staff", body_id=ids[0]))
    r = client.post(
        f"/api/v1/certificates/{cert['number']}/transfer", json=review, headers=receiving
    )
    assert r.status_code == 200, r.text
    return "MOVED-1"


def uploaded(factory: sessionmaker[Session], count: int, suspended: int = 0) -> s.Body:
    """``count`` certificates from a bulk upload, the first ``suspended`` of them suspended."""
    body = s.approved_body(factory)
    data = s.rows(body, count)
    for row in data[:suspended]:
        row |= {"status": "suspended", "reason_code": "S02", "status_date": "2025-03-01"}
    report = s.run(factory, body, s.csv_bytes(data))
    assert report.created == count, report
    return body


def expected(factory: sessionmaker[Session]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Certificate and history rows built from the service's public view and history."""
    certificates: list[dict[str, Any]] = []
    histories: list[dict[str, Any]] = []
    with factory() as session:
        for cert in session.scalars(select(Certificate).order_by(Certificate.id)):
            view = service.public_view(session=session, certificate=cert)
            certificates.append(_certificate(view))
            entries = service.public_history(session=session, certificate=cert)
            rows = service.history(session=session, certificate_id=cert.id)
            for entry, row in zip(entries, rows, strict=True):
                body = session.get(CertificationBody, row.body_id)
                assert body is not None
                histories.append(_entry(view, entry, body.approval_number))
    return certificates, histories


def _certificate(view: dict[str, Any]) -> dict[str, Any]:
    holder, body, scheme = view["holder"], view["body"], view["scheme"]
    same = ("standard", "scope", "scope_en", "sectors", "issue_date", "expiry_date")
    same += ("original_issue_date", "status", "status_since")
    return {
        "number": view["number"],
        "body_approval_number": body["approval_number"],
        "body_name": body["name"],
        "body_name_en": body["name_en"],
        "holder_name": holder["name"],
        "holder_name_en": holder["name_en"],
        "holder_uscc": holder["uscc"],
        "holder_region_code": holder["region_code"],
        "scheme_code": scheme["code"],
        "sites": [{k: v for k, v in site.items() if v is not None} for site in view["sites"]],
        **{name: view[name] for name in same},
    }


def _entry(view: dict[str, Any], entry: dict[str, Any], entry_body: str) -> dict[str, Any]:
    signer = entry["signed_by"] or {}
    same = ("transition", "from_status", "status", "reason_code", "reason", "effective_date")
    return {
        "certificate_number": view["number"],
        "body_approval_number": view["body"]["approval_number"],
        "body_name": view["body"]["name"],
        "entry_body_approval_number": entry_body,
        **{name: entry[name] for name in same},
        "signed_by_registration_number": signer.get("registration_number"),
        "signed_by_name": signer.get("name"),
        "recorded_at": entry["recorded_at"],
    }


def by_certificate(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Rows grouped by certificate, keeping their order within each (a stable sort)."""
    return sorted(rows, key=lambda r: (r["body_approval_number"], r[key]))
