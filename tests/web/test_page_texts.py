"""Every word of the public pages exists in both languages, and templates use only known keys."""

from __future__ import annotations

import re
from pathlib import Path

from qualicert.web.pages import texts

TEMPLATES = Path(texts.__file__).resolve().parent.parent / "templates"


def test_every_text_has_chinese_and_english():
    for key, (zh, en) in texts.TEXTS.items():
        assert zh.strip() and en.strip(), key
        assert re.findall(r"{(\w+)}", zh) == re.findall(r"{(\w+)}", en), key


def test_templates_use_only_known_keys():
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*["'](\w+)["']""", template.read_text("utf-8")))
    assert used, "no t() calls found"
    assert not used - set(texts.TEXTS), sorted(used - set(texts.TEXTS))


def test_unknown_status_and_transition_fall_back_to_the_value():
    assert texts.status_label("suspended", "zh") == "暂停"
    assert texts.status_label("suspended", "en") == "Suspended"
    assert texts.status_label("odd", "en") == "odd"
    assert texts.transition_label("withdraw", "zh") == "撤销"


def test_every_verdict_has_words_in_both_languages():
    from qualicert.credentials.verdicts import Verdict

    for verdict in Verdict:
        assert texts.verdict_label(verdict.value, "zh") != verdict.value
        assert texts.verdict_label(verdict.value, "en") != verdict.value
