"""``qualicert demo``: fill an empty database with deterministic, realistic demo data.

Phases, in order, each a progress task and each written through the services users call::

    schemes -> certification bodies -> labs -> auditors -> organisations -> suspensions
    -> users -> certificates (application, audits, signed reports, decision, history)

Scales are in :mod:`qualicert.demo.scales` (``small``, ``medium``, ``national``).

Determinism: every value drawn (names, USCCs, numbers, scopes, who is suspended) is a
function of the seed alone; dates are offsets from ``today`` (the day of generation unless
given). Timestamps the services set themselves (``created_at``) are the clock's.

A second run is refused: :func:`generate` raises :class:`~qualicert.errors.Conflict` when
:func:`has_data` finds registry rows, so demo data never mix with real data.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from rich.progress import Progress
from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.demo import phases, rows
from qualicert.demo.catalogue import scheme_rows
from qualicert.demo.certificates import certify
from qualicert.demo.organisations import organisation_rows
from qualicert.demo.phases import Factory, Tick, rng_for
from qualicert.demo.scales import SCALES, Scale, resolve
from qualicert.demo.users import create_users
from qualicert.errors import Conflict
from qualicert.ledger.service import count as count_events
from qualicert.registry.models import CertificationBody, Lab, Organization, Person, Scheme

__all__ = ["SCALES", "Scale", "Summary", "generate", "has_data"]


SUSPENDED_SHARE = {"body": 0.03, "lab": 0.02, "person": 0.02}
SUSPENDED_FIELD = {
    "body": "suspended_bodies",
    "lab": "suspended_labs",
    "person": "suspended_people",
}
REASONS: dict[str, tuple[str, ...]] = {
    "body": ("监督检查发现认证活动不符合认证规则，暂停批准 (suspended after supervision)",),
    "lab": ("能力验证结果不满意，暂停资质 (unsatisfactory proficiency testing)",),
    "person": (
        "未按规定完成年度确认 (annual confirmation not completed)",
        "审核记录不完整，暂停注册资格待核查 (incomplete audit records under review)",
    ),
}


@dataclass(frozen=True)
class Summary:
    """What :func:`generate` made.

    Attributes
    ----------
    scale, seed
        The scale's name and the seed.
    schemes, bodies, labs, people, qualifications, organizations, users
        Rows created of each kind.
    suspended_bodies, suspended_labs, suspended_people
        How many of those were then suspended.
    abnormal, deregistered
        Organisations listed as abnormal, and deregistered.
    certificates
        Certificates issued through the lifecycle, by their state afterwards (``active``,
        ``suspended``, ``reinstated``, ``withdrawn``, ``cancelled``, ``transferred``,
        ``expired`` by the jobs, and ``skipped`` where no impartial team was free).
    events
        Events in the ledger afterwards.
    seconds
        Wall-clock time taken.
    """

    scale: str
    seed: int
    schemes: int
    bodies: int
    labs: int
    people: int
    qualifications: int
    organizations: int
    users: int
    suspended_bodies: int
    suspended_labs: int
    suspended_people: int
    abnormal: int
    deregistered: int
    certificates: dict[str, int]
    events: int
    seconds: float

    @property
    def issued(self) -> int:
        """Certificates issued (all outcomes but skipped; expired ones are counted once)."""
        return sum(n for k, n in self.certificates.items() if k not in {"skipped", "expired"})

    def describe(self) -> str:
        """A few lines for the terminal."""
        lines = [
            f"demo data (scale {self.scale}, seed {self.seed}) in {self.seconds:.1f} s:",
            f"  {self.schemes:>9,} schemes",
            f"  {self.bodies:>9,} certification bodies ({self.suspended_bodies} suspended)",
            f"  {self.labs:>9,} labs ({self.suspended_labs} suspended)",
            f"  {self.people:>9,} auditors with {self.qualifications:,} qualifications"
            f" ({self.suspended_people} suspended)",
            f"  {self.organizations:>9,} organisations ({self.abnormal:,} abnormal,"
            f" {self.deregistered:,} deregistered)",
            f"  {self.users:>9,} users (no tokens)",
            f"  {self.issued:>9,} certificates through audits and decisions ("
            + ", ".join(f"{n} {k}" for k, n in sorted(self.certificates.items()) if n)
            + ")",
            f"  {self.events:>9,} events in the ledger",
        ]
        return "\n".join(lines)


def has_data(session: Session) -> bool:
    """True when the registry holds any scheme, body, lab, person or organisation."""
    models = (Scheme, CertificationBody, Lab, Person, Organization)
    return any(session.scalar(select(m.id).limit(1)) is not None for m in models)


def _share(count: int, share: float) -> int:
    """About ``share`` of ``count``, at least one when there are any."""
    return min(count, max(1, round(count * share)))


class _Run:
    """One generation: the plan, the seed, the day and the progress tasks, phase by phase."""

    def __init__(
        self, factory: Factory, plan: Scale, seed: int, today: dt.date, progress: Progress | None
    ) -> None:
        self.factory, self.plan, self.seed, self.today = factory, plan, seed, today
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.certified: dict[str, int] = {}

    def task(self, description: str, total: int) -> Tick:
        """Add a progress task and return the function that advances it."""
        progress = self.progress
        if progress is None:
            return lambda n: None
        task = progress.add_task(description, total=total)
        return lambda n: progress.advance(task, n)

    def registry(self) -> tuple[list[rows.BodyRef], list[int]]:
        """Schemes, certification bodies and labs."""
        schemes = phases.create_schemes(self.factory, self.task("schemes", len(scheme_rows())))
        items = rows.body_rows(rng_for(self.seed, "bodies"), self.plan.bodies, schemes, self.today)
        bodies = phases.create_bodies(
            self.factory, items, schemes, self.task("certification bodies", len(items))
        )
        lab_items = rows.lab_rows(rng_for(self.seed, "labs"), self.plan.labs, self.today)
        labs = phases.create_labs(self.factory, lab_items, self.task("labs", len(lab_items)))
        self.counts.update(schemes=len(schemes), bodies=len(bodies), labs=len(labs))
        return bodies, labs

    def people(self, bodies: list[rows.BodyRef]) -> list[int]:
        """Each body's auditors: between half and one and a half times the scale's mean."""
        mean, floor = self.plan.auditors_per_body, rows.DECISION_MAKERS_PER_BODY
        sizes = rng_for(self.seed, "staff")
        staff = [
            (b, sizes.randint(max(floor, mean // 2), max(floor, mean * 3 // 2))) for b in bodies
        ]
        tick = self.task("auditors", sum(n for _, n in staff))
        rng = rng_for(self.seed, "people")
        people, qualifications = phases.create_people(self.factory, rng, staff, self.today, tick)
        self.counts.update(people=len(people), qualifications=qualifications)
        return people

    def organisations(self) -> None:
        """The organisations, with their status changes."""
        rng = rng_for(self.seed, "organisations")
        items = organisation_rows(rng, self.plan.organizations, self.today)
        tick = self.task("organisations", self.plan.organizations)
        counts = phases.create_organisations(self.factory, items, tick)
        self.counts.update(
            organizations=sum(counts.values()),
            abnormal=counts["abnormal"],
            deregistered=counts["deregistered"],
        )

    def suspensions(self, ids: dict[str, list[int]]) -> None:
        """Suspend a few bodies, labs and people (:data:`SUSPENDED_SHARE`)."""
        chosen = {}
        for kind, share in SUSPENDED_SHARE.items():
            rng = rng_for(self.seed, f"suspend-{kind}")
            chosen[kind] = (rng, sorted(rng.sample(ids[kind], _share(len(ids[kind]), share))))
        tick = self.task("suspensions", sum(len(c[1]) for c in chosen.values()))
        for kind, (rng, picked) in chosen.items():
            done = phases.suspend(self.factory, kind, picked, REASONS[kind], rng, self.today)
            self.counts[SUSPENDED_FIELD[kind]] = done
            tick(done)

    def users(self, bodies: list[rows.BodyRef], labs: list[int]) -> None:
        """The demo users (:mod:`qualicert.demo.users`)."""
        plan = self.plan
        admins, lab_users = bodies[: plan.body_admins], min(plan.lab_users, len(labs))
        active = (
            self.counts["organizations"] - self.counts["abnormal"] - self.counts["deregistered"]
        )
        enterprises = min(plan.enterprise_users, active)
        total = 1 + plan.regional_regulators + len(admins) + lab_users + enterprises
        self.counts["users"] = create_users(
            self.factory,
            regions=plan.regional_regulators,
            bodies=admins,
            labs=lab_users,
            enterprises=enterprises,
            tick=self.task("users", total),
        )

    def certificates(self) -> None:
        """Certificates through the lifecycle services (:mod:`qualicert.demo.certificates`)."""
        if not self.plan.certificates:
            return
        tick = self.task("certificates", self.plan.certificates)
        rng = rng_for(self.seed, "certificates")
        self.certified = certify(self.factory, rng, self.plan.certificates, self.today, tick)


def _refuse_filled(factory: Factory) -> None:
    with factory() as session:
        if has_data(session):
            raise Conflict(
                "the database already holds registry data; demo data go into an empty database",
                "数据库中已有登记数据；演示数据只能写入空数据库",
                rule="demo_not_empty",
            )


def generate(
    factory: Factory,
    *,
    scale: str | Scale,
    seed: int,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> Summary:
    """Fill an empty database with demo data at ``scale``; refuse a database with data.

    Parameters
    ----------
    factory
        Sessions on the database to fill.
    scale
        ``small``, ``medium``, ``national`` or a :class:`Scale`.
    seed
        The same seed gives the same data.
    progress
        A rich progress display; each phase adds a task to it and advances it.
    today
        The day dates are counted back from (default: today).

    Raises
    ------
    ValueError
        An unknown scale name.
    Conflict
        The database already holds registry data (see :func:`has_data`).
    """
    plan = resolve(scale)
    _refuse_filled(factory)
    started = time.perf_counter()
    run = _Run(factory, plan, seed, today or dt.date.today(), progress)
    bodies, labs = run.registry()
    people = run.people(bodies)
    run.organisations()
    run.suspensions({"body": [b.id for b in bodies], "lab": labs, "person": people})
    run.users(bodies, labs)
    run.certificates()
    with factory() as session:
        events = count_events(session=session)
    return Summary(
        scale=plan.name,
        seed=seed,
        events=events,
        seconds=time.perf_counter() - started,
        certificates=run.certified,
        **run.counts,
    )
