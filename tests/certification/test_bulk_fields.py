"""The row schema and the row rules: formats, code lists, date order, region, transitions."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from qualicert.certification.bulk import checks
from qualicert.certification.bulk.fields import CertificateRow
from qualicert.certification.bulk.report import ErrorLog, RowError, from_validation
from qualicert.certification.lifecycle import Status
from tests import factories

D = dt.date
BASE = {
    "number": "C-1",
    "holder_name": "北京样例科技有限公司",
    "uscc": factories.uscc("110108", serial=1),
    "scheme": "QMS",
    "scope": "软件开发",
    "issue_date": "2024-01-15",
    "expiry_date": "2027-01-14",
    "status": "active",
}


def parse(**over: object) -> CertificateRow:
    return CertificateRow.model_validate(BASE | over)


def problems(**over: object) -> list[RowError]:
    try:
        row = parse(**over)
    except ValidationError as exc:
        return from_validation(9, exc)
    return checks.row_errors(row)


def rules(**over: object) -> set[tuple[str | None, str]]:
    return {(p.field, p.rule) for p in problems(**over)}


@pytest.mark.parametrize(
    "text", ["2024-01-15", "20240115", "2024/1/15", "2024.01.15", "2024年1月15日"]
)
def test_dates_in_the_forms_bodies_use(text):
    assert parse(issue_date=text).issue_date == D(2024, 1, 15)


def test_a_date_that_is_not_one_names_the_field_in_both_languages():
    (error,) = problems(expiry_date="14/01/2027")
    assert (error.row, error.field, error.rule) == (9, "expiry_date", "date")
    assert "YYYY-MM-DD" in error.message
    assert "不是有效日期" in error.message_zh


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Active", "active"),
        ("有效", "active"),
        ("暂停", "suspended"),
        ("撤销", "withdrawn"),
        ("注销", "cancelled"),
        ("Canceled", "cancelled"),
        ("过期", "expired"),
    ],
)
def test_status_in_english_or_chinese(word, status):
    assert parse(status=word).status == Status(status)


def test_an_unknown_status_lists_the_allowed_ones():
    (error,) = problems(status="Inactive")
    assert error.rule == "status" and "active, suspended" in error.message


def test_sectors_from_a_cell_a_list_or_cnas_subcodes():
    assert parse(sectors="19;17, 17、33").sectors == [17, 19, 33]
    assert parse(sectors=[29, 28]).sectors == [28, 29]
    assert parse(sectors="17.05.02；19.09.01").sectors == [17, 19]
    assert ("sectors.0", "iaf_sector") in rules(sectors="40")
    assert ("sectors.0", "int_parsing") in rules(sectors="IT")


def test_sites_as_name_and_address_pairs_or_objects():
    row = parse(sites="总部|北京市海淀区; 工厂|天津市滨海新区")
    assert row.site_list() == [
        {"name": "总部", "address": "北京市海淀区"},
        {"name": "工厂", "address": "天津市滨海新区"},
    ]
    assert parse(sites=[{"name": "总部", "region_code": "110108"}]).site_list() == [
        {"name": "总部", "address": "", "region_code": "110108"}
    ]


def test_uscc_check_digit_and_region():
    good = BASE["uscc"]
    bad_digit = good[:17] + ("0" if good[17] != "0" else "1")
    assert ("uscc", "uscc_check_digit") in rules(uscc=bad_digit)
    unknown = factories.uscc("990101", serial=2)  # 99 is no province
    assert ("uscc", "uscc_region") in rules(uscc=unknown)
    assert parse(uscc=good.lower()).uscc == good


def test_country_must_be_china():
    assert parse(country="中国").country == "CN"
    assert ("country", "country") in rules(country="Japan")


def test_required_fields_are_named_in_both_languages():
    data = {k: v for k, v in BASE.items() if k not in {"holder_name", "scope"}}
    with pytest.raises(ValidationError) as caught:
        CertificateRow.model_validate(data)
    errors = from_validation(3, caught.value)
    assert {(e.row, e.field, e.rule) for e in errors} == {
        (3, "holder_name", "missing"),
        (3, "scope", "missing"),
    }
    assert all("缺少必填字段" in e.message_zh for e in errors)


def test_dates_must_be_in_order():
    assert ("expiry_date", "date_order") in rules(expiry_date="2023-01-01")
    assert ("original_issue_date", "date_order") in rules(original_issue_date="2025-01-01")
    assert ("status_date", "date_order") in rules(status_date="2010-01-01")
    assert rules(original_issue_date="2018-01-15", status_date="2024-06-01") == set()


def test_numbers_in_text_fields_are_read_as_their_digits():
    assert parse(number=12345).number == "12345"


def clean(status: str, **over: object) -> object:
    return parse(status=status, **over).clean(2, 1, "ISO 9001:2015")


def test_transitions_from_the_file_status():
    today = D(2025, 3, 1)
    move = checks.plan_move(Status.ACTIVE, clean("暂停", reason_code="S04"), today)
    assert isinstance(move, checks.Move)
    assert (move.transition.value, move.reason_code, move.effective_date) == (
        "suspend",
        "S04",
        today,
    )
    back = checks.plan_move(Status.SUSPENDED, clean("active", status_date="2025-02-01"), today)
    assert isinstance(back, checks.Move)
    assert (back.transition.value, back.reason_code, back.effective_date) == (
        "reinstate",
        "R01",
        D(2025, 2, 1),
    )
    gone = checks.plan_move(Status.ACTIVE, clean("expired"), today)
    assert isinstance(gone, checks.Move) and gone.effective_date == D(2027, 1, 15)
    assert checks.plan_move(Status.ACTIVE, clean("active"), today) is None


def test_an_illegal_transition_names_the_current_state():
    error = checks.plan_move(Status.WITHDRAWN, clean("active"), D(2025, 3, 1))
    assert isinstance(error, RowError)
    assert (error.field, error.rule) == ("status", "lifecycle")
    assert "withdrawn" in error.message and "withdrawn" in error.message_zh


def test_a_suspension_needs_a_reason_code_that_fits():
    missing = checks.plan_move(Status.ACTIVE, clean("suspended"), D(2025, 3, 1))
    assert isinstance(missing, RowError) and missing.rule == "reason_code_required"
    assert "S01" in missing.message
    wrong = checks.plan_move(Status.ACTIVE, clean("suspended", reason_code="C01"), D(2025, 3, 1))
    assert isinstance(wrong, RowError) and (wrong.field, wrong.rule) == (
        "reason_code",
        "reason_code",
    )
    assert ("reason_code", "reason_code") in rules(reason_code="ZZ9")


def test_the_error_log_caps_the_list_but_counts_every_row():
    log = ErrorLog(limit=3)
    for n in range(5):
        log.refuse([RowError(n, "f", "r", "m", "m"), RowError(n, "g", "r", "m", "m")])
    assert (len(log.errors), log.omitted, log.refused_rows) == (3, 7, 5)


SCOPE = checks.BodyScope(
    body_id=1,
    by_code={
        "qms": checks.SchemeRef(1, "QMS", "ISO 9001:2015"),
        "qms-gb": checks.SchemeRef(2, "QMS-GB", "GB/T 19001-2016"),
        "qms-b": checks.SchemeRef(3, "QMS-B", "ISO 9001:2015"),
    },
    other_codes=frozenset({"ems"}),
)


def resolve(**over: object) -> object:
    found = SCOPE.resolve(parse(**over))
    return found.code if isinstance(found, checks.SchemeRef) else (found.field, found.rule)


def test_the_scheme_by_code_or_by_standard_in_the_bodys_scope():
    assert resolve(scheme="qms") == "QMS"
    assert resolve(scheme="QMS", standard="GB/T 19001-2016/ISO 9001:2015") == "QMS"
    assert resolve(scheme="QMS", standard="ISO 14001:2015") == ("standard", "standard_mismatch")
    assert resolve(scheme=None, standard="GB/T 19001-2016") == "QMS-GB"
    assert resolve(scheme=None, standard="ISO 9001:2015") == ("scheme", "scheme_ambiguous")
    assert resolve(scheme=None, standard="ISO") == ("standard", "body_scope")
    assert resolve(scheme="EMS") == ("scheme", "body_scope")
    assert resolve(scheme="XYZ") == ("scheme", "exists")
    assert resolve(scheme=None) == ("scheme", "missing")
