"""Build a certification world through the HTTP API: a body with its people, a client, a flow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from qualicert.db import transaction
from tests import factories

D = dt.date


def qual(scheme_id: int, grade: str, sectors: list[int] | None = None) -> dict[str, Any]:
    return {
        "scheme_id": scheme_id,
        "grade": grade,
        "sectors": sectors or [17, 18, 19],
        "valid_from": "2020-01-01",
        "valid_to": "2030-12-31",
    }


@dataclass
class World:
    """Ids and tokens of a body ready to certify an organisation under a QMS scheme."""

    client: TestClient
    factory: sessionmaker[Session]
    scheme_id: int
    body_id: int
    org_id: int
    lead: int
    auditor: int
    decider: int
    spare_lead: int
    staff: dict[str, str]

    def post(self, path: str, json: Any, expect: int | None = None) -> Any:
        r = self.client.post(path, json=json, headers=self.staff)
        if expect is not None:
            assert r.status_code == expect, r.text
        return r

    def put(self, path: str, json: Any, expect: int | None = None) -> Any:
        r = self.client.put(path, json=json, headers=self.staff)
        if expect is not None:
            assert r.status_code == expect, r.text
        return r


def world(client: TestClient, factory: sessionmaker[Session]) -> World:
    """A QMS scheme, an approved body with it in scope, three people, a client organisation."""
    with transaction(factory) as s:
        scheme = factories.scheme(s, standard="ISO 9001:2015")
        body = factories.body(s, scheme_ids=[scheme.id])
        people = [
            factories.person(s, body_id=body.id, qualifications=[qual(scheme.id, g)])
            for g in ("lead-auditor", "auditor", "decision-maker", "lead-auditor")
        ]
        org = factories.organization(s, name="苏州恒信精密机械有限公司", region_code="320500")
        ids = (scheme.id, body.id, org.id, *(p.id for p in people))
    staff = factories.bearer(factories.token(factory, "body-staff", body_id=ids[1]))
    return World(client, factory, ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], staff)


def accepted_programme(w: World, employees: int = 50) -> int:
    app = w.post(
        "/api/v1/applications",
        {
            "organization_id": w.org_id,
            "body_id": w.body_id,
            "scheme_id": w.scheme_id,
            "scope": "精密机械零部件的设计和生产",
            "employees": employees,
            "sectors": [18],
        },
        201,
    ).json()
    done = w.post(f"/api/v1/applications/{app['id']}/decision", {"accept": True}, 200).json()
    return int(done["programme_id"])


def audit(
    w: World,
    programme: int,
    kind: str,
    start: D,
    days: float = 2.0,
    team: list[tuple[int, str]] | None = None,
) -> int:
    end = start + dt.timedelta(days=1)
    row = w.post(
        f"/api/v1/programmes/{programme}/audits",
        {
            "kind": kind,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "planned_days": days,
        },
        201,
    ).json()
    members = team or [(w.lead, "lead-auditor"), (w.auditor, "auditor")]
    w.put(
        f"/api/v1/audits/{row['id']}/team",
        {"members": [{"person_id": p, "role": r} for p, r in members]},
        200,
    )
    return int(row["id"])


def report(
    w: World, audit_id: int, findings: list[dict[str, Any]] | None = None, signer: int | None = None
) -> Any:
    return w.post(
        f"/api/v1/audits/{audit_id}/report",
        {
            "findings": findings or [],
            "recommendation": "grant",
            "signed_by": signer if signer is not None else w.lead,
        },
    )


def certified(
    w: World, number: str = "CERT-2026-0001", shift_days: int = 0
) -> tuple[int, int, dict[str, Any]]:
    """Run stage 1, stage 2 and a grant decision; return (programme, stage 2 audit, certificate)."""
    programme = accepted_programme(w)
    shift = dt.timedelta(days=shift_days)
    s1 = audit(w, programme, "stage1", D(2026, 3, 2) + shift, days=1.5)
    assert report(w, s1).status_code == 201
    s2 = audit(w, programme, "stage2", D(2026, 3, 16) + shift, days=3.5)
    assert report(w, s2).status_code == 201
    decision = w.post(
        "/api/v1/decisions",
        {
            "audit_id": s2,
            "kind": "grant",
            "signed_by": w.decider,
            "number": number,
            "decided_on": "2026-04-01",
        },
        201,
    ).json()
    assert decision["decided_on"] == "2026-04-01"
    cert = w.client.get(f"/api/v1/certificates/{number}").json()
    assert decision["certificate_id"]
    return programme, s2, cert
