"""Where demo rows are: GB/T 2260 region codes with the names used in company names.

Organisations are spread over the mainland provinces with a skew like that of real
registrations (Guangdong, Jiangsu, Zhejiang, Shandong, Shanghai and Beijing first); within a
province they sit in its prefecture or county codes from
:func:`qualicert.registry.reference.regions`, or in the province itself when none is listed.
Certification bodies cluster in Beijing, as the approved bodies do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any

from qualicert.registry.reference import region_index, regions

# Rough share (percent) of enterprises per province; Taiwan, Hong Kong and Macao are left out.
ORGANISATION_WEIGHTS: dict[str, float] = {
    "44": 15, "32": 12, "33": 10, "37": 8, "31": 6, "11": 6, "35": 4, "41": 4, "13": 3.5,
    "51": 3.5, "42": 3, "34": 3, "43": 2.5, "12": 2, "50": 2, "21": 2, "61": 2, "36": 1.5,
    "45": 1.5, "14": 1, "53": 1, "22": 0.8, "23": 0.8, "52": 0.8, "15": 0.7, "65": 0.6,
    "62": 0.5, "46": 0.4, "64": 0.3, "63": 0.2, "54": 0.1,
}  # fmt: skip

BODY_WEIGHTS: dict[str, float] = {
    "11": 40, "31": 10, "44": 10, "32": 7, "33": 5, "37": 4, "12": 3, "42": 2, "51": 2,
    "61": 2, "21": 2, "35": 2, "50": 2, "34": 1, "41": 1, "43": 1, "13": 1, "36": 1,
}  # fmt: skip

SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")


@dataclass(frozen=True)
class Place:
    """A region code with the short names that prefix company names and its address head."""

    code: str
    short: str
    short_en: str
    address: str
    province: str


def short_name(name: str) -> str:
    """``苏州市`` -> ``苏州``, ``广西壮族自治区`` -> ``广西``."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _chain(code: str) -> list[dict[str, Any]]:
    """The region and its parents, outermost first."""
    index = region_index()
    chain = [index[code]]
    while chain[0]["parent"]:
        chain.insert(0, index[chain[0]["parent"]])
    return chain


def place(code: str) -> Place:
    """The :class:`Place` of a listed region code."""
    chain = _chain(code)
    prefectures = [r for r in chain if r["level"] == "prefecture"]
    city = prefectures[0] if prefectures else chain[0]
    return Place(
        code=code,
        short=short_name(city["name"]),
        short_en=str(city["name_en"]),
        address="".join(r["name"] for r in chain),
        province=chain[0]["code"],
    )


@cache
def places_in(province: str) -> tuple[Place, ...]:
    """The listed prefecture and county codes of a province, or the province alone."""
    inner = [
        r["code"] for r in regions() if r["level"] != "province" and r["code"][:2] == province[:2]
    ]
    return tuple(place(code) for code in (inner or [province[:2] + "0000"]))


class PlacePicker:
    """Draws places with a province skew; equal chances within a province."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.provinces = tuple(f"{p}0000" for p in weights)
        self.cumulative = tuple(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> Place:
        """One place."""
        province = rng.choices(self.provinces, cum_weights=self.cumulative)[0]
        return rng.choice(places_in(province))
