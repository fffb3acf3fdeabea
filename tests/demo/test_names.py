"""Demo names and codes: deterministic, well-formed, unique (no database)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter

import pytest

from qualicert.demo import codes, names
from qualicert.demo.catalogue import scheme_rows
from qualicert.demo.organisations import organisation_rows
from qualicert.demo.places import ORGANISATION_WEIGHTS, PlacePicker, place, short_name
from qualicert.demo.rows import BodyRef, SchemeRef, body_rows, lab_rows, person_rows
from qualicert.registry import schemas, uscc
from qualicert.registry.validators import APPROVAL_NUMBER, INDUSTRY_CODE

TODAY = dt.date(2025, 6, 1)


def orgs(seed: str, count: int = 2000) -> list[dict[str, object]]:
    return [row.data for row in organisation_rows(random.Random(seed), count, TODAY)]


def test_names_are_the_same_on_every_machine():
    # Golden values: random.Random seeded with text does not depend on PYTHONHASHSEED.
    rng = random.Random("golden")
    assert names.company_name(rng, place("320500"))[:2] == (
        "苏州德朗市政工程股份有限公司",
        "Suzhou Delang Municipal Engineering Co., Ltd.",
    )
    assert names.person_name(rng) == ("秦霞宇", "Qin Xiayu")


def test_same_seed_same_organisations_and_other_seed_others():
    assert orgs("a", 300) == orgs("a", 300)
    assert {o["uscc"] for o in orgs("a", 300)}.isdisjoint({o["uscc"] for o in orgs("b", 300)})


def test_company_name_has_region_trade_name_industry_and_form():
    rng = random.Random(1)
    for _ in range(200):
        name = names.company_name(rng, place("320500"))
        assert "苏州" in name.zh
        assert name.industry.zh in name.zh
        assert name.zh.endswith("公司")
        assert "Suzhou" in name.en
        assert name.en.endswith("Co., Ltd.")


@pytest.mark.parametrize(
    ("syllables", "word"),
    [(["heng", "xin"], "Hengxin"), (["hua", "an"], "Hua'an"), (["xi", "ou"], "Xi'ou")],
)
def test_pinyin_is_joined_with_an_apostrophe_before_a_vowel(syllables, word):
    assert names.join_pinyin(syllables) == word


def test_short_region_names():
    assert short_name("苏州市") == "苏州"
    assert short_name("广西壮族自治区") == "广西"
    assert short_name("内蒙古自治区") == "内蒙古"
    assert place("440305").address == "广东省深圳市南山区"
    assert place("440305").short == "深圳"


def test_organisation_code_check_character_matches_the_standard_example():
    # GB 32100-2015 example code 91350100M000100Y43: organisation code M000100Y-4, check 3.
    assert codes.organisation_code("M000100Y") == "M000100Y4"
    assert uscc.check_digit("91350100M000100Y4") == "3"


def test_generated_usccs_are_valid_unique_and_carry_the_region():
    rows = orgs("uscc", 3000)
    assert len({o["uscc"] for o in rows}) == len(rows)
    for o in rows:
        code = str(o["uscc"])
        assert uscc.is_valid(code), code
        assert code[:2] == "91"
        assert code[2:8] == o["region_code"]
        assert code[2:8] != code[2:4] + "0000" or code[2:4] == "54"  # prefecture or county


def test_scramble_is_one_to_one():
    assert len({codes.scramble(i, 77, codes.DIGITS, 4) for i in range(10_000)}) == 10_000
    assert len({codes.scramble(i, 5, codes.ALPHABET, 3) for i in range(31**3)}) == 31**3


def test_organisations_are_well_formed():
    rows = orgs("form", 2000)
    assert len({o["name"] for o in rows}) == len(rows)
    for o in rows:
        assert INDUSTRY_CODE.match(str(o["industry_code"]))
        assert 1 <= int(str(o["employees"])) <= 300_000
        schemas.OrganizationCreate.model_validate(o)


def test_regions_skew_towards_the_big_provinces():
    rng = random.Random(3)
    picker = PlacePicker(ORGANISATION_WEIGHTS)
    provinces = Counter(picker.pick(rng).province for _ in range(5000))
    top = [code for code, _ in provinces.most_common(6)]
    assert top[0] == "440000"
    assert set(top) <= {"440000", "320000", "330000", "370000", "310000", "110000", "350000"}


def test_some_organisations_end_abnormal_or_deregistered():
    statuses = Counter(row.status for row in organisation_rows(random.Random(5), 5000, TODAY))
    assert 40 <= statuses["abnormal"] <= 120
    assert 8 <= statuses["deregistered"] <= 45
    assert statuses["active"] == 5000 - statuses["abnormal"] - statuses["deregistered"]


SCHEMES = [SchemeRef(i + 1, row["code"], row["kind"]) for i, row in enumerate(scheme_rows())]


def test_schemes_cover_management_systems_products_and_a_service():
    rows = scheme_rows()
    kinds = Counter(row["kind"] for row in rows)
    assert {"QMS", "EMS", "OHSMS", "FSMS", "ISMS", "ENMS", "MDQMS", "IATF"} <= {
        r["code"] for r in rows
    }
    assert kinds["product"] >= 3
    assert kinds["service"] == 1
    assert all(r["iso17067_type"] == "5" for r in rows if r["kind"] == "product")
    for row in rows:
        schemas.SchemeCreate.model_validate(row)


def test_bodies_have_unique_plausible_approval_numbers():
    rows = body_rows(random.Random(7), 300, SCHEMES, TODAY)
    numbers = [row["approval_number"] for row in rows]
    assert len(set(numbers)) == len(numbers)
    assert len({row["name"] for row in rows}) == len(rows)
    assert numbers[0] == "CNCA-R-2002-001"
    for row in rows:
        assert APPROVAL_NUMBER.match(row["approval_number"])
        assert row["approved_on"].year == int(row["approval_number"].split("-")[-2])
        assert SCHEMES[0].id in row["scheme_ids"]  # every body certifies QMS
        schemas.BodyCreate.model_validate(row)
    accredited = [row["accreditation_number"] for row in rows if row["accreditation_number"]]
    assert all(re.fullmatch(r"CNAS C\d{3}-[MP]", a) for a in accredited)


def test_labs_have_unique_cma_and_cnas_numbers():
    rows = lab_rows(random.Random(8), 500, TODAY)
    cma = [row["cma_number"] for row in rows]
    cnas = [row["cnas_number"] for row in rows if row["cnas_number"]]
    assert len(set(cma)) == len(cma)
    assert len(set(cnas)) == len(cnas)
    assert all(re.fullmatch(r"\d{12}", c) for c in cma)
    for row in rows:
        schemas.LabCreate.model_validate(row)


def test_people_have_qualifications_and_two_decision_makers_per_body():
    body = BodyRef(1, "CNCA-R-2002-001", tuple(s for s in SCHEMES if s.kind != "product"))
    rows = person_rows(random.Random(9), body, 30, 0, 123, TODAY)
    assert [r["qualifications"][0]["grade"] for r in rows[:2]] == ["decision-maker"] * 2
    assert all(r["qualifications"][0]["scheme_id"] == SCHEMES[0].id for r in rows[:2])
    assert len({r["registration_number"] for r in rows}) == len(rows)
    for row in rows:
        person = schemas.PersonCreate.model_validate(row)
        for qualification in person.qualifications:
            assert qualification.valid_to > qualification.valid_from
            assert all(1 <= s <= 39 for s in qualification.sectors)
