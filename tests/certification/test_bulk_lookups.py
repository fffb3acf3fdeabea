"""Batch look-ups of bulk intake: which certificates and holders exist, in lists past the
database's parameter limits."""

from __future__ import annotations

import pytest

from qualicert.certification.bulk import lookups
from qualicert.certification.bulk.lookups import IN_CHUNK
from tests import factories
from tests.certification import bulk_samples as s


@pytest.fixture
def body(factory):
    return s.approved_body(factory)


def test_certificates_and_holders_are_found_among_more_numbers_than_one_list_holds(factory, body):
    s.run(factory, body, s.csv_bytes([s.row(body, 3), s.row(body, 1500), s.row(body, 2001)]))
    asked = range(1, 2 * IN_CHUNK + 1)  # 1800: two full lists; 2001 is not asked for
    numbers = [f"BULK-{i:05d}" for i in asked]
    usccs = [factories.uscc("110108", serial=900_000 + i) for i in asked]
    with factory() as session:
        found = lookups.certificates(session, body.id, numbers)
        holders = lookups.holders(session, usccs)
        other = lookups.certificates(session, body.id + 1000, numbers)
    assert sorted(found) == ["BULK-00003", "BULK-01500"]
    assert found["BULK-01500"].source == "imported"
    assert found["BULK-01500"].sectors == [33, 35]
    assert sorted(holders) == sorted(usccs[i - 1] for i in (3, 1500))
    assert other == {}


def test_nothing_asked_nothing_found(factory, body):
    with factory() as session:
        assert lookups.certificates(session, body.id, []) == {}
        assert lookups.holders(session, set()) == {}
