"""Demo certification bodies, labs and auditors as service inputs (pure; no database).

Each builder takes a seeded :class:`random.Random` and returns the fields of the matching
``...Create`` schema, so the same seed gives the same rows. Dates are offsets from
``today``, so the data look current whenever they are generated.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qualicert.demo import codes, names
from qualicert.demo.places import BODY_WEIGHTS, ORGANISATION_WEIGHTS, PlacePicker
from qualicert.demo.words import LAB_STANDARDS

FIRST_APPROVAL_YEAR = 2002
FOREIGN_SHARE = 0.05
ACCREDITED_SHARE = 0.85
CNAS_LAB_SHARE = 0.6
DECISION_MAKERS_PER_BODY = 2
QUALIFICATION_DAYS = 3 * 365  # a CCAA registration lasts three years

# Chance that a body's approved scope holds a scheme (QMS always).
SCOPE_CHANCE: dict[str, float] = {
    "EMS": 0.85, "OHSMS": 0.8, "FSMS": 0.25, "ISMS": 0.3, "ENMS": 0.2, "MDQMS": 0.08,
    "IATF": 0.04, "ITSMS": 0.2, "SCSMS": 0.05, "ABMS": 0.1, "HACCP": 0.2, "EC": 0.15,
    "SERVICE-AS": 0.25,
}  # fmt: skip
CCC_DESIGNATED_SHARE = 0.12

GRADES = ("auditor", "lead-auditor", "technical-expert", "decision-maker")
GRADE_WEIGHTS = (55, 35, 5, 5)
# IAF sectors, the common ones repeated so that they are drawn more often.
SECTOR_POOL = (*range(1, 40), 17, 17, 18, 18, 19, 19, 28, 28, 29, 33, 35, 3, 12, 14, 22)


@dataclass(frozen=True)
class SchemeRef:
    """A created scheme: its id, code and kind."""

    id: int
    code: str
    kind: str


@dataclass(frozen=True)
class BodyRef:
    """A created body and the schemes its auditors may hold (its non-product scope)."""

    id: int
    approval_number: str
    schemes: tuple[SchemeRef, ...]


def body_scope(rng: random.Random, schemes: Sequence[SchemeRef]) -> list[SchemeRef]:
    """The schemes a body is approved for: QMS, common systems, sometimes CCC products."""
    designated = rng.random() < CCC_DESIGNATED_SHARE
    products = [s for s in schemes if s.kind == "product"]
    chosen = (
        set(rng.sample(products, rng.randint(1, min(4, len(products))))) if designated else set()
    )
    for scheme in schemes:
        if scheme.code == "QMS" or rng.random() < SCOPE_CHANCE.get(scheme.code, 0.0):
            chosen.add(scheme)
    return [s for s in schemes if s in chosen]


def body_rows(
    rng: random.Random, count: int, schemes: Sequence[SchemeRef], today: dt.date
) -> list[dict[str, Any]]:
    """``count`` bodies with unique approval numbers rising with the approval year."""
    picker = PlacePicker(BODY_WEIGHTS)
    serials = {True: 0, False: 0}
    accredited = 0
    seen: set[str] = set()
    rows = []
    for index in range(count):
        foreign = rng.random() < FOREIGN_SHARE
        serials[foreign] += 1
        year = FIRST_APPROVAL_YEAR + index * (today.year - FIRST_APPROVAL_YEAR) // count
        where = picker.pick(rng)
        name = names.body_name(rng, where)
        while name.zh in seen:
            name = names.body_name(rng, where)
        seen.add(name.zh)
        scope = body_scope(rng, schemes)
        accreditation = None
        if rng.random() < ACCREDITED_SHARE:
            accredited += 1
            product_only = all(s.kind == "product" for s in scope)
            accreditation = codes.accreditation_number(accredited, product=product_only)
        rows.append(
            {
                "approval_number": codes.approval_number(serials[foreign], year, foreign=foreign),
                "name": name.zh,
                "name_en": name.en,
                "accreditation_number": accreditation,
                "region_code": where.code,
                "address": names.address(rng, where),
                "website": names.website(name.en),
                "approved_on": dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                "scheme_ids": [s.id for s in scope],
            }
        )
    return rows


def lab_rows(rng: random.Random, count: int, today: dt.date) -> list[dict[str, Any]]:
    """``count`` labs, each with a CMA number and most with a CNAS accreditation."""
    picker = PlacePicker(ORGANISATION_WEIGHTS)
    cnas_start = rng.randint(100, 999)
    seen: set[str] = set()
    rows = []
    for index in range(count):
        where = picker.pick(rng)
        name = names.lab_name(rng, where)
        while name.zh in seen:
            name = names.lab_name(rng, where)
        seen.add(name.zh)
        year = rng.randint(2010, today.year - 1)
        issuer = "00" if rng.random() < 0.1 else where.province
        cnas = rng.random() < CNAS_LAB_SHARE
        rows.append(
            {
                "name": name.zh,
                "name_en": name.en,
                "cma_number": codes.cma_number(year, issuer, rng.randint(1, 40), index + 1),
                "cnas_number": codes.lab_accreditation_number(cnas_start + index) if cnas else None,
                "region_code": where.code,
                "address": names.address(rng, where),
                "scope": rng.sample(LAB_STANDARDS, rng.randint(2, 6)),
            }
        )
    return rows


def _qualification(
    rng: random.Random, scheme: SchemeRef, grade: str, today: dt.date
) -> dict[str, Any]:
    """One qualification, valid three years; about one in twenty has lapsed."""
    back = rng.randint(0, QUALIFICATION_DAYS)
    if rng.random() < 0.05:
        back += QUALIFICATION_DAYS + 1
    valid_from = today - dt.timedelta(days=back)
    sectors = sorted(
        set(rng.choices(SECTOR_POOL, k=rng.randint(1, 8 if grade != "auditor" else 4)))
    )
    return {
        "scheme_id": scheme.id,
        "grade": grade,
        "sectors": sectors,
        "valid_from": valid_from,
        "valid_to": valid_from + dt.timedelta(days=QUALIFICATION_DAYS),
    }


def person_rows(
    rng: random.Random, body: BodyRef, count: int, first_index: int, salt: int, today: dt.date
) -> list[dict[str, Any]]:
    """``count`` people employed by ``body``; the first two are its decision makers (QMS)."""
    rows = []
    for k in range(count):
        decider = k < DECISION_MAKERS_PER_BODY
        grade = "decision-maker" if decider else rng.choices(GRADES, weights=GRADE_WEIGHTS)[0]
        held = rng.sample(body.schemes, min(len(body.schemes), rng.choice((1, 1, 2, 2, 3))))
        if decider and body.schemes[0] not in held:
            held[0] = body.schemes[0]
        quals = [_qualification(rng, scheme, grade, today) for scheme in held]
        name = names.person_name(rng)
        year = quals[0]["valid_from"].year
        code = held[0].code.split("-")[0]  # SERVICE-AS -> SERVICE
        number = codes.registration_number(year, code, first_index + k, salt)
        rows.append(
            {
                "registration_number": number,
                "name": name.zh,
                "name_en": name.en,
                "body_id": body.id,
                "qualifications": quals,
            }
        )
    return rows
