"""Demo organisations: a stream of rows ready for ``create_organization``, with statuses.

The rows are a pure function of the random generator: names unique among the generated
organisations, a valid and unique USCC in the organisation's region, a GB/T 4754 class
matching the industry word of its name, a log-normal head count (median about 35, groups
larger) and, for about one in fifty, a later status change: listed as abnormal
(经营异常) or deregistered (注销).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qualicert.demo import codes, names
from qualicert.demo.places import ORGANISATION_WEIGHTS, Place, PlacePicker

ABNORMAL_SHARE = 0.015
DEREGISTERED_SHARE = 0.005
NEWER_CODE_SHARE = 0.6
MAX_EMPLOYEES = 300_000

ABNORMAL_REASONS = (
    "未依照规定公示年度报告 (annual report not published)",
    "通过登记的住所或者经营场所无法联系 (cannot be reached at the registered address)",
)
DEREGISTERED_REASONS = (
    "企业申请注销登记 (deregistered at its own request)",
    "营业执照被吊销后注销 (deregistered after its business licence was revoked)",
)


@dataclass(frozen=True)
class OrganisationRow:
    """One organisation: the fields of ``OrganizationCreate`` and the status it ends in.

    Attributes
    ----------
    data
        ``uscc``, ``name``, ``name_en``, ``region_code``, ``address``, ``employees``,
        ``industry_code``.
    status
        ``active``, ``abnormal`` or ``deregistered``.
    reason
        Why the status changed (empty when active).
    since
        When the status change took effect (``None`` when active).
    """

    data: dict[str, Any]
    status: str = "active"
    reason: str = ""
    since: dt.date | None = None


def _fingerprint(text: str) -> int:
    """A 64-bit digest of a name (keeps the set of names used small in memory)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _unique_name(rng: random.Random, where: Place, seen: set[int]) -> names.CompanyName:
    """A company name not drawn before (a name is unique in its registration region)."""
    while True:
        name = names.company_name(rng, where)
        key = _fingerprint(name.zh)
        if key not in seen:
            seen.add(key)
            return name


def employees(rng: random.Random, *, group: bool) -> int:
    """A head count from a log-normal distribution (median about 35; groups five times)."""
    count = int(rng.lognormvariate(3.6, 1.2) * (5 if group else 1))
    return max(1, min(count, MAX_EMPLOYEES))


def _status(rng: random.Random, today: dt.date) -> tuple[str, str, dt.date | None]:
    draw = rng.random()
    if draw >= ABNORMAL_SHARE + DEREGISTERED_SHARE:
        return "active", "", None
    since = today - dt.timedelta(days=rng.randint(30, 1500))
    if draw < ABNORMAL_SHARE:
        return "abnormal", rng.choice(ABNORMAL_REASONS), since
    return "deregistered", rng.choice(DEREGISTERED_REASONS), since


def organisation_rows(rng: random.Random, count: int, today: dt.date) -> Iterator[OrganisationRow]:
    """``count`` organisations, each a function of ``rng`` alone (and ``today`` for dates)."""
    picker = PlacePicker(ORGANISATION_WEIGHTS)
    salts = {True: rng.randrange(codes.MA_SPACE), False: rng.randrange(codes.DIGIT_SPACE)}
    seen: set[int] = set()
    for index in range(count):
        where = picker.pick(rng)
        name = _unique_name(rng, where, seen)
        newer = rng.random() < NEWER_CODE_SHARE
        data = {
            "uscc": codes.uscc(where.code, index, salts[newer], newer=newer),
            "name": name.zh,
            "name_en": name.en,
            "region_code": where.code,
            "address": names.address(rng, where),
            "employees": employees(rng, group="集团" in name.zh),
            "industry_code": name.industry.code,
        }
        status, reason, since = _status(rng, today)
        yield OrganisationRow(data, status, reason, since)
