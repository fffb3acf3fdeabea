"""Demo certificates issued through the certification services, with real audits and signers.

For each certificate: an application, its acceptance (with the IAF MD 5 audit time), a
stage 1 and a stage 2 audit with a checked team, the lead auditor's signed reports and a
grant decision by a decision maker who was not on the team. Then some certificates are
suspended, reinstated, withdrawn, cancelled or transferred, and the lifecycle jobs expire
those past their validity, so histories look like real ones.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts.actor import system_actor
from qualicert.certification import audit_time, service
from qualicert.certification import schemas as cs
from qualicert.certification.models import Certificate
from qualicert.certification.service import jobs
from qualicert.db import transaction
from qualicert.demo.phases import Factory, Tick
from qualicert.errors import QualicertError
from qualicert.registry.models import CertificationBody, Organization, Person, Scheme

ACTOR = system_actor("demo")
OUTCOMES = (
    ("active", 0.80),
    ("suspended", 0.07),
    ("reinstated", 0.04),
    ("withdrawn", 0.04),
    ("cancelled", 0.03),
    ("transferred", 0.02),
)


@dataclass
class Staff:
    """Who can audit and decide for one body and scheme."""

    leads: list[Person] = field(default_factory=list)
    auditors: list[Person] = field(default_factory=list)
    deciders: list[Person] = field(default_factory=list)


@dataclass
class Pool:
    """Bodies, their staff by scheme, candidate clients, and everyone's booked days."""

    staff: dict[tuple[int, int], Staff]
    schemes: dict[int, Scheme]
    organisations: list[tuple[int, int]]
    booked: dict[int, set[dt.date]] = field(default_factory=lambda: defaultdict(set))


def _valid(person: Person, scheme_id: int, grade: str, day: dt.date) -> bool:
    return any(
        q.scheme_id == scheme_id and q.grade == grade and q.valid_from <= day <= q.valid_to
        for q in person.qualifications
    )


def load_pool(session: Session, today: dt.date) -> Pool:
    """Approved bodies' active people by (body, management-system scheme) and active clients."""
    schemes = {s.id: s for s in session.scalars(select(Scheme)) if s.kind == "management-system"}
    bodies = {
        b.id: b
        for b in session.scalars(
            select(CertificationBody).where(CertificationBody.status == "approved")
        )
    }
    staff: dict[tuple[int, int], Staff] = defaultdict(Staff)
    people = session.scalars(
        select(Person).where(Person.status == "active", Person.body_id.in_(list(bodies)))
    )
    for person in people:
        for q in person.qualifications:
            body = bodies.get(int(person.body_id or 0))
            if body is None or q.scheme_id not in schemes or q.scheme_id not in body.scheme_ids:
                continue
            key = (int(person.body_id or 0), q.scheme_id)
            target = {
                "lead-auditor": staff[key].leads,
                "auditor": staff[key].auditors,
                "decision-maker": staff[key].deciders,
            }.get(q.grade)
            if (
                target is not None
                and person not in target
                and _valid(person, q.scheme_id, q.grade, today)
            ):
                target.append(person)
    usable = {k: v for k, v in staff.items() if v.leads and v.deciders}
    orgs = [
        (o.id, o.employees or 10)
        for o in session.scalars(
            select(Organization).where(Organization.status == "active").order_by(Organization.id)
        )
    ]
    return Pool(staff=usable, schemes=schemes, organisations=orgs)


def _free_day(pool: Pool, people: list[Person], start: dt.date) -> dt.date | None:
    for shift in range(0, 60, 3):
        day = start + dt.timedelta(days=shift)
        span = {day, day + dt.timedelta(days=1)}
        if all(not (pool.booked[p.id] & span) for p in people):
            for p in people:
                pool.booked[p.id] |= span
            return day
    return None


def _audit(
    session: Session,
    programme: int,
    kind: str,
    day: dt.date,
    days: float,
    team: list[tuple[Person, str]],
) -> int:
    plan = cs.AuditPlan(
        kind=cs.AuditKind(kind),
        start_date=day,
        end_date=day + dt.timedelta(days=1),
        planned_days=days,
    )
    audit = service.plan_audit(session=session, actor=ACTOR, programme_id=programme, plan=plan)
    members = [cs.TeamMemberIn(person_id=p.id, role=cs.TeamRole(r)) for p, r in team]
    service.set_team(
        session=session, actor=ACTOR, audit_id=audit.id, team=cs.TeamSet(members=members)
    )
    lead = team[0][0]
    service.sign_report(
        session=session,
        actor=ACTOR,
        audit_id=audit.id,
        report=cs.ReportSign(
            findings=[],
            recommendation=cs.Recommendation.GRANT,
            signed_by=lead.id,
            signed_on=day + dt.timedelta(days=2),
            summary="审核组建议推荐认证",
        ),
    )
    return audit.id


def _days(standard: str, employees: int) -> audit_time.AuditTime:
    """IAF MD 5 time; for standards it does not cover, the demo bodies use the QMS table."""
    try:
        return audit_time.calculate(standard=standard, employees=employees)
    except audit_time.AuditTimeError:
        return audit_time.calculate(standard="ISO 9001:2015", employees=employees)


def _team(rng: random.Random, staff: Staff) -> list[tuple[Person, str]]:
    lead = rng.choice(staff.leads)
    helpers = [p for p in staff.auditors if p.id != lead.id]
    return [(lead, "lead-auditor")] + ([(rng.choice(helpers), "auditor")] if helpers else [])


def _since(person: Person, scheme_id: int) -> dt.date:
    """The first day from which every qualification of ``person`` for the scheme holds."""
    return max(q.valid_from for q in person.qualifications if q.scheme_id == scheme_id)


def _decision_day(
    rng: random.Random, people: list[Person], scheme_id: int, today: dt.date
) -> dt.date | None:
    """A decision day in the last 3.5 years, late enough for everyone's qualifications."""
    earliest = max(_since(p, scheme_id) for p in people) + dt.timedelta(days=61)
    first = max(earliest, today - dt.timedelta(days=1300))
    last = today - dt.timedelta(days=30)
    if first > last:
        return None
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _certify_one(
    session: Session,
    pool: Pool,
    rng: random.Random,
    org: tuple[int, int],
    key: tuple[int, int],
    today: dt.date,
) -> Certificate | None:
    """Application to grant for one client; ``None`` when nobody is free or impartial."""
    staff, scheme = pool.staff[key], pool.schemes[key[1]]
    team = _team(rng, staff)
    on_team = {p.id for p, _ in team}
    deciders = [d for d in staff.deciders if d.id not in on_team]
    if not deciders:
        return None
    decider = rng.choice(deciders)
    decided = _decision_day(rng, [*(p for p, _ in team), decider], key[1], today)
    lead = team[0][0]
    sectors = sorted(next(q.sectors for q in lead.qualifications if q.scheme_id == key[1]))[:1]
    people = [p for p, _ in team]
    if decided is None:
        return None
    stage1 = _free_day(pool, people, decided - dt.timedelta(days=60))
    stage2 = _free_day(pool, people, decided - dt.timedelta(days=25))
    if stage1 is None or stage2 is None:
        return None
    app = service.submit_application(
        session=session,
        actor=ACTOR,
        data=cs.ApplicationCreate(
            organization_id=org[0],
            body_id=key[0],
            scheme_id=key[1],
            employees=org[1],
            scope=rng.choice(SCOPES),
            sectors=sectors,
        ),
    )
    service.decide_application(
        session=session,
        actor=ACTOR,
        application_id=app.id,
        decision=cs.ApplicationDecision(accept=True),
    )
    programme = service.programme_of(session=session, application_id=app.id)
    assert programme is not None
    days = _days(scheme.standard, org[1])
    _audit(session, programme.id, "stage1", stage1, days.stage1_days, team)
    stage2_id = _audit(session, programme.id, "stage2", stage2, days.stage2_days, team)
    decision = service.decide(
        session=session,
        actor=ACTOR,
        data=cs.DecisionCreate(
            audit_id=stage2_id,
            kind=cs.DecisionKind.GRANT,
            signed_by=decider.id,
            decided_on=decided,
            reason="审核组推荐，经评定符合认证要求",
        ),
    )
    return session.get(Certificate, decision.certificate_id) if decision.certificate_id else None


def _status(
    session: Session,
    cert: Certificate,
    move: str,
    code: str,
    reason: str,
    day: dt.date,
    signer: Person,
) -> None:
    service.change_status(
        session=session,
        actor=ACTOR,
        certificate_id=cert.id,
        request=cs.TransitionRequest(
            transition=move,
            reason_code=code,
            reason=reason,
            effective_date=day,
            signed_by=signer.id,
        ),
    )


def _transfer(
    session: Session, pool: Pool, rng: random.Random, cert: Certificate, day: dt.date
) -> bool:
    others = [k for k in pool.staff if k[1] == cert.scheme_id and k[0] != cert.body_id]
    if not others:
        return False
    key = rng.choice(others)
    review = cs.TransferReview(
        to_body_id=key[0],
        reviewed_by=rng.choice(pool.staff[key].deciders).id,
        reviewed_on=day,
        findings="转换前评审：证书有效，无未关闭的不符合项",
    )
    service.transfer(session=session, actor=ACTOR, certificate_id=cert.id, review=review)
    return True


def _outcome(
    session: Session, pool: Pool, rng: random.Random, cert: Certificate, today: dt.date
) -> str:
    """Give a certificate a history: suspend, reinstate, withdraw, cancel or transfer."""
    outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
    span = max(1, (today - cert.issue_date).days)
    day = cert.issue_date + dt.timedelta(days=rng.randint(1, span))
    signer = rng.choice(pool.staff[(cert.body_id, cert.scheme_id)].deciders)
    if outcome in {"suspended", "reinstated"}:
        _status(
            session,
            cert,
            "suspend",
            rng.choice(("S01", "S02", "S04", "S05")),
            "监督审核发现体系运行存在严重不符合",
            day,
            signer,
        )
        if outcome == "reinstated":
            later = min(today, day + dt.timedelta(days=rng.randint(20, 90)))
            _status(session, cert, "reinstate", "R01", "纠正措施已验证有效", later, signer)
    elif outcome == "withdrawn":
        _status(
            session,
            cert,
            "withdraw",
            rng.choice(("W02", "W03")),
            "获证组织发生重大质量问题，撤销证书",
            day,
            signer,
        )
    elif outcome == "cancelled":
        _status(
            session, cert, "cancel", rng.choice(("C01", "C02")), "获证组织申请注销", day, signer
        )
    elif outcome == "transferred" and not _transfer(session, pool, rng, cert, day):
        outcome = "active"
    return outcome


def certify(
    factory: Factory, rng: random.Random, count: int, today: dt.date, tick: Tick
) -> dict[str, int]:
    """Issue up to ``count`` certificates with histories; return how many of each outcome."""
    with factory() as session:
        pool = load_pool(session, today)
    keys = sorted(pool.staff)
    clients = rng.sample(pool.organisations, min(count, len(pool.organisations)))
    counts: dict[str, int] = defaultdict(int)
    for org in clients if keys else []:
        key = rng.choice(keys)
        try:
            with transaction(factory) as session:
                cert = _certify_one(session, pool, rng, org, key, today)
                outcome = _outcome(session, pool, rng, cert, today) if cert else "skipped"
        except QualicertError:
            outcome = "skipped"  # a clash the demo did not foresee; nothing of it was kept
        counts[outcome] += 1
        tick(1)
    with transaction(factory) as session:
        counts["expired"] = jobs.run(
            session=session, actor=ACTOR, today=today, batch=10 * count + 10
        ).expired
    return dict(counts)


SCOPES = (
    "精密机械零部件的设计、生产和服务",
    "电线电缆的生产",
    "软件开发和信息系统集成服务",
    "建筑工程施工总承包",
    "食品包装材料的生产",
    "物业管理服务",
    "医疗器械的销售和售后服务",
    "汽车零部件（制动器总成）的生产",
    "化工原料的仓储和销售",
    "教育培训服务",
)
