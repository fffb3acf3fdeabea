"""Deterministic Chinese and English names: companies, bodies, labs, people, addresses.

Every function takes a seeded :class:`random.Random` and draws from the fixed word lists of
:mod:`qualicert.demo.words`, so the same seed gives the same names on every machine. A
company name is built as Chinese enterprise names are (企业名称登记管理规定): region, trade
name (字号), industry (行业) and legal form, for example ``苏州恒信精密机械有限公司`` /
``Suzhou Hengxin Precision Machinery Co., Ltd.``; about one in ten puts the region in
brackets after the trade name instead (``恒信（苏州）精密机械有限公司``).
"""

from __future__ import annotations

import random
from itertools import accumulate
from typing import NamedTuple

from qualicert.demo.places import Place
from qualicert.demo.words import (
    GIVEN_CHARS,
    INDUSTRIES,
    LEGAL_FORMS,
    STREETS,
    SURNAMES,
    TRADE_CHARS,
    ZONES,
    Industry,
)

_INDUSTRY_WEIGHTS = tuple(accumulate(i.weight for i in INDUSTRIES))
_FORM_WEIGHTS = tuple(accumulate(f.weight for f in LEGAL_FORMS))
_SURNAME_WEIGHTS = tuple(accumulate(s[2] for s in SURNAMES))


class Name(NamedTuple):
    """A name in Chinese and in English."""

    zh: str
    en: str


class CompanyName(NamedTuple):
    """A company's names and the industry its name says it is in."""

    zh: str
    en: str
    industry: Industry


def join_pinyin(syllables: list[str]) -> str:
    """Join pinyin syllables as one word, capitalised, with an apostrophe before a/o/e.

    >>> join_pinyin(["heng", "xin"])
    'Hengxin'
    >>> join_pinyin(["hua", "an"])
    "Hua'an"
    """
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[0] in "aoe" else "") + syllable
    return word.capitalize()


def trade_name(rng: random.Random) -> Name:
    """A two-character trade name (字号) such as 恒信 / Hengxin."""
    first, second = rng.sample(TRADE_CHARS, 2)
    return Name(first[0] + second[0], join_pinyin([first[1], second[1]]))


def industry(rng: random.Random) -> Industry:
    """An industry, weighted towards manufacturing as certified organisations are."""
    return rng.choices(INDUSTRIES, cum_weights=_INDUSTRY_WEIGHTS)[0]


def company_name(rng: random.Random, where: Place) -> CompanyName:
    """A company name prefixed with its region, in Chinese and English."""
    trade = trade_name(rng)
    sector = industry(rng)
    form = rng.choices(LEGAL_FORMS, cum_weights=_FORM_WEIGHTS)[0]
    if rng.random() < 0.1:
        zh = f"{trade.zh}（{where.short}）{sector.zh}{form.zh}"
        en = f"{trade.en} ({where.short_en}) {sector.en} {form.en}"
    else:
        zh = f"{where.short}{trade.zh}{sector.zh}{form.zh}"
        en = f"{where.short_en} {trade.en} {sector.en} {form.en}"
    return CompanyName(zh, en, sector)


BODY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("{t}认证中心有限公司", "{T} Certification Center Co., Ltd."),
    ("{t}质量认证有限公司", "{T} Quality Certification Co., Ltd."),
    ("{p}{t}认证有限公司", "{P} {T} Certification Co., Ltd."),
    ("{t}检验认证集团有限公司", "{T} Inspection and Certification Group Co., Ltd."),
    ("{t}国际认证有限公司", "{T} International Certification Co., Ltd."),
    ("{p}{t}标准认证有限公司", "{P} {T} Standard Certification Co., Ltd."),
)

LAB_PATTERNS: tuple[tuple[str, str], ...] = (
    ("{p}{t}检测技术有限公司", "{P} {T} Testing Technology Co., Ltd."),
    ("{p}{t}检验检测有限公司", "{P} {T} Inspection and Testing Co., Ltd."),
    ("{p}{t}质量检测中心有限公司", "{P} {T} Quality Testing Center Co., Ltd."),
    ("{p}{t}计量检测研究院有限公司", "{P} {T} Metrology and Testing Institute Co., Ltd."),
)


def patterned_name(rng: random.Random, where: Place, patterns: tuple[tuple[str, str], ...]) -> Name:
    """A name from one of ``patterns``, filled with a trade name and the region."""
    trade = trade_name(rng)
    zh, en = rng.choice(patterns)
    return Name(
        zh.format(t=trade.zh, p=where.short),
        en.format(T=trade.en, P=where.short_en),
    )


def body_name(rng: random.Random, where: Place) -> Name:
    """A certification body's name, such as 华信认证中心有限公司."""
    return patterned_name(rng, where, BODY_PATTERNS)


def lab_name(rng: random.Random, where: Place) -> Name:
    """An inspection and testing lab's name, such as 苏州恒信检测技术有限公司."""
    return patterned_name(rng, where, LAB_PATTERNS)


def person_name(rng: random.Random) -> Name:
    """A person's name: a common surname and one or two given-name characters.

    The English form is surname first, given name as one word (``Wang Jianguo``).
    """
    surname = rng.choices(SURNAMES, cum_weights=_SURNAME_WEIGHTS)[0]
    given = rng.sample(GIVEN_CHARS, 1 if rng.random() < 0.3 else 2)
    zh = surname[0] + "".join(g[0] for g in given)
    return Name(zh, f"{surname[1]} {join_pinyin([g[1] for g in given])}")


def address(rng: random.Random, where: Place) -> str:
    """A street address in ``where``: region, zone, street and number."""
    zone = rng.choice(ZONES)
    street = rng.choice(STREETS)
    number = rng.randint(1, 999)
    return f"{where.address}{zone}{street}{number}号"


GENERIC_WORDS = frozenset({"Certification", "Quality", "Inspection", "International", "Standard"})


def website(name_en: str) -> str:
    """A web address from the distinctive words of a body's English name.

    >>> website("Hengxin Quality Certification Co., Ltd.")
    'www.hengxincert.com.cn'
    """
    words = []
    for word in name_en.split():
        if word in GENERIC_WORDS:
            break
        words.append(word)
    letters = "".join(ch for ch in "".join(words).lower() if ch.isascii() and ch.isalpha())
    return f"www.{letters}cert.com.cn"
