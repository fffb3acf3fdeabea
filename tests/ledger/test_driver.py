"""Driver-level writes and reads: the same rows as SQLAlchemy would write, in the same transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from qualicert.certification.models import Certificate
from qualicert.db import transaction
from qualicert.ledger import driver
from qualicert.ledger.driver import COPY_MIN, Same
from qualicert.ledger.models import Event
from qualicert.registry.models import Organization
from tests import factories

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)


def _organizations(n: int, start: int = 0) -> list[dict[str, object]]:
    return [
        {
            "uscc": factories.uscc(serial=900_000 + start + i),
            "name": f"驱动测试有限公司{start + i}",
            "region_code": "110108",
            "status_since": dt.date(2026, 1, 1),
            "created_at": NOW,
            "updated_at": NOW,
        }
        for i in range(n)
    ]


@pytest.mark.parametrize("n", [1, COPY_MIN + 1])  # executemany, and COPY on PostgreSQL
def test_inserted_rows_read_back_as_the_orm_reads_them_with_model_defaults(factory, n):
    with transaction(factory) as s:
        driver.insert_rows(s, Organization.__table__, _organizations(n))
    with factory() as s:
        rows = s.scalars(select(Organization).order_by(Organization.id)).all()
    assert len(rows) == n
    first = rows[0]
    assert (first.name, first.name_en, first.address, first.status) == (
        "驱动测试有限公司0",
        "",
        "",
        "active",
    )
    assert first.employees is None
    assert first.status_since == dt.date(2026, 1, 1)
    assert first.created_at == NOW


@pytest.mark.parametrize("n", [2, COPY_MIN + 1])
def test_json_and_same_values_are_converted_like_sqlalchemy_does(factory, n):
    with transaction(factory) as s:
        org = factories.organization(s)
        body, scheme = factories.body(s), factories.scheme(s)
        org_id, body_id, scheme_id = org.id, body.id, scheme.id
    columns = {
        "body_id": Same(body_id),
        "number": [f"N-{i}" for i in range(n)],
        "organization_id": Same(org_id),
        "scheme_id": Same(scheme_id),
        "standard": Same("ISO 9001:2015"),
        "scope": Same("设计和生产"),
        "sites": [[{"name": "总部", "address": f"路{i}号"}] for i in range(n)],
        "sectors": Same([17, 19]),
        "issue_date": Same(dt.date(2024, 3, 1)),
        "expiry_date": Same(dt.date(2027, 2, 28)),
        "original_issue_date": Same(dt.date(2018, 3, 1)),
        "status_since": Same(dt.date(2024, 3, 1)),
        "created_at": Same(NOW),
        "updated_at": Same(NOW),
    }
    with transaction(factory) as s:
        driver.insert_columns(s, Certificate.__table__, n, columns)
    with factory() as s:
        certs = s.scalars(select(Certificate).order_by(Certificate.number)).all()
    assert [c.number for c in certs] == sorted(f"N-{i}" for i in range(n))
    assert certs[1].sites == [{"name": "总部", "address": "路1号"}]
    assert certs[0].sectors == [17, 19]
    assert certs[0].expiry_date == dt.date(2027, 2, 28)
    assert (certs[0].scope_en, certs[0].source) == ("", "issued")


@pytest.mark.parametrize("n", [1, COPY_MIN])
def test_a_unique_violation_is_an_integrity_error_and_nothing_stays(factory, n):
    rows = _organizations(n)
    with transaction(factory) as s:
        driver.insert_rows(s, Organization.__table__, rows[:1])
    with transaction(factory) as s:
        driver.insert_rows(s, Organization.__table__, _organizations(n, start=10_000))
        with pytest.raises(IntegrityError):
            driver.insert_rows(s, Organization.__table__, rows)
        s.rollback()
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Organization)) == 1


def test_rows_must_share_their_keys_and_name_real_columns(factory):
    with factory() as s:
        with pytest.raises(ValueError, match="keys of the first"):
            driver.insert_rows(s, Organization.__table__, [{"name": "a"}, {"uscc": "b"}])
        with pytest.raises(ValueError, match="no column colour"):
            driver.insert_rows(s, Organization.__table__, [{"colour": "red"}])
        with pytest.raises(ValueError, match="2 values for 3 rows"):
            driver.insert_columns(s, Event.__table__, 3, {"actor": ["a", "b"]})


def test_query_and_execute_use_the_sessions_transaction(factory):
    mark = "?"
    with factory() as s:
        mark = driver.placeholder(s)
    with factory() as s:
        driver.insert_rows(s, Organization.__table__, _organizations(1))
        assert driver.query(s, "SELECT count(*) FROM organizations") == [(1,)]
        driver.execute(s, f"UPDATE organizations SET name = {mark}", ("改名",))
        assert s.scalar(select(Organization.name)) == "改名"
        s.rollback()
    with factory() as s:
        assert driver.query(s, "SELECT count(*) FROM organizations") == [(0,)]


@pytest.mark.parametrize("n", [1, COPY_MIN])
def test_text_with_tabs_newlines_backslashes_and_quotes_round_trips(factory, n):
    tricky = "a\tb\\c\nd\"e'f\\N；\r\n〇"
    rows = _organizations(n)
    for row in rows:
        row["address"] = tricky
    with transaction(factory) as s:
        driver.insert_rows(s, Organization.__table__, rows)
    with factory() as s:
        assert set(s.scalars(select(Organization.address))) == {tricky}
