"""Reference data shipped with the package: regions, IAF sectors, standards, CCC, industries.

The files under ``registry/data/`` are read once and cached. They are public, static code
lists: GB/T 2260 region codes (all province-level codes and a selection below), the 39 IAF
sectors, the common management-system standards, the CCC product categories and the
GB/T 4754 industry sections.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("qualicert.registry").joinpath("data", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def regions() -> list[dict[str, Any]]:
    """GB/T 2260 region codes: ``code``, ``name``, ``name_en``, ``level``, ``parent``."""
    return list(_load("regions.json")["regions"])


@cache
def region_index() -> dict[str, dict[str, Any]]:
    """Regions by code."""
    return {r["code"]: r for r in regions()}


def iaf_sectors() -> list[dict[str, Any]]:
    """The 39 IAF sectors: ``code`` (1..39), ``name``, ``name_en``."""
    return list(_load("iaf_sectors.json")["sectors"])


def standards() -> list[dict[str, Any]]:
    """Management-system standards commonly certified: code, names, national equivalent."""
    return list(_load("standards.json")["standards"])


def ccc_categories() -> list[dict[str, Any]]:
    """CCC (compulsory product certification) product categories."""
    return list(_load("ccc_categories.json")["categories"])


def industries() -> list[dict[str, Any]]:
    """GB/T 4754-2017 sections A..T."""
    return list(_load("industries.json")["sections"])


def region_prefix(code: str) -> str:
    """The prefix that every code inside ``code`` starts with.

    A province (``110000``) covers ``11....``, a prefecture (``110100``) covers ``1101..``,
    a county (``110101``) covers only itself.
    """
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_contains(outer: str, inner: str) -> bool:
    """True when region ``inner`` lies within (or is) region ``outer``."""
    return inner.startswith(region_prefix(outer))


def province_of(code: str) -> str:
    """The province-level code of any region code."""
    return code[:2] + "0000"


def known_region(code: str) -> bool:
    """True when ``code`` is six digits and its province (at least) is a GB/T 2260 code."""
    return len(code) == 6 and code.isdigit() and province_of(code) in region_index()


def region_name(code: str) -> str | None:
    """The most precise name known for a region code."""
    index = region_index()
    for candidate in (code, code[:4] + "00", province_of(code)):
        if candidate in index:
            return str(index[candidate]["name"])
    return None
