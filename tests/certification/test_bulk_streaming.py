"""Bulk intake's streaming pass (PostgreSQL) and what it shares with the two passes (SQLite).

On PostgreSQL each batch is written as soon as it is checked, on a writer thread, inside a
savepoint; these tests make batches small so that batches are written before a later row is
refused, and check that what was written goes away, that the caller's own work stays, and
that the search index and the log end where a row-by-row import would leave them.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select, text

from qualicert.certification import search
from qualicert.certification.bulk import import_certificates
from qualicert.certification.models import Certificate
from qualicert.db import transaction
from qualicert.ledger import log, merkle
from qualicert.ledger.models import Event, LogLeaf, LogState
from qualicert.ledger.service import record
from qualicert.registry.models import Organization
from tests import factories
from tests.certification import bulk_samples as s
from tests.helpers import snapshot


@pytest.fixture
def body(factory):
    return s.approved_body(factory)


def _bad_last(body, count):
    data = s.rows(body, count)
    data[-1]["issue_date"] = "2024-02-30"
    return data


def test_a_bad_row_after_written_batches_rolls_them_back(engine, factory, body):
    before = snapshot(engine)
    report = s.run(factory, body, s.csv_bytes(_bad_last(body, 7)), batch_rows=2)
    assert not report.applied
    assert (report.rows_read, report.refused, report.created) == (7, 1, 0)
    assert report.errors[0].row == 8
    assert snapshot(engine) == before


def test_partial_mode_keeps_the_written_batches(factory, body):
    report = s.run(factory, body, s.csv_bytes(_bad_last(body, 7)), batch_rows=2, partial=True)
    assert (report.created, report.refused) == (6, 1)
    assert s.count(factory, Certificate) == 6


def test_a_refused_file_leaves_the_callers_own_work(factory, body):
    with transaction(factory) as session:
        org = factories.organization(session)
        report = import_certificates(
            session=session,
            actor=s.SYSTEM,
            body_id=body.id,
            source=io.BytesIO(s.csv_bytes(_bad_last(body, 5))),
            batch_rows=2,
        )
        assert not report.applied
        org.name_en = "Kept Co., Ltd."
        record(
            session=session,
            actor=s.SYSTEM,
            event_type="organization.updated",
            subject=org,
            payload={"name_en": org.name_en},
        )
    with factory() as session:
        assert session.get(Organization, org.id).name_en == "Kept Co., Ltd."
        assert session.scalar(select(func.count()).select_from(Certificate)) == 0
        events = session.scalar(select(func.count()).select_from(Event))
        assert session.scalar(select(LogState.size)) == events  # every event has its leaf


def test_the_log_after_an_upload_is_the_tree_of_its_leaves(factory, body, monkeypatch):
    monkeypatch.setattr(log, "APPEND_EVERY", 7)  # many appends in the one transaction
    report = s.run(factory, body, s.csv_bytes(s.rows(body, 23)), batch_rows=4)
    assert report.created == 23
    with factory() as session:
        hashes = session.scalars(select(LogLeaf.leaf_hash).order_by(LogLeaf.leaf_index)).all()
        state = session.scalar(select(LogState))
        assert state is not None
        assert state.size == len(hashes) == session.scalar(select(func.count(Event.id)))
        assert state.root_hash == merkle.root_from_leaf_hashes([bytes(h) for h in hashes])


def test_every_uploaded_certificate_is_searchable_and_later_inserts_too(factory, body):
    s.run(factory, body, s.csv_bytes(s.rows(body, 9)), batch_rows=4)
    with factory() as session:
        indexed = session.scalar(text("SELECT count(*) FROM certificates_fts"))
        assert indexed == session.scalar(select(func.count(Certificate.id))) == 9
        if session.get_bind().dialect.name == "postgresql":
            setting = session.scalar(text(f"SELECT current_setting('{search.DEFERRED}', true)"))
            assert setting in (None, "", "off")
    s.run(factory, body, s.csv_bytes(s.rows(body, 1, number="BULK-LATER-1")), batch_rows=4)
    with factory() as session:
        assert session.scalar(text("SELECT count(*) FROM certificates_fts")) == 10
        for q in ("BULK-LATER", s.row(body, 3)["holder_name"]):
            condition = search.matching(session=session, q=q)
            assert condition is not None
            assert session.scalars(select(Certificate.number).where(condition)).all()


def test_in_the_callers_transaction_its_own_new_holder_is_found(factory, body):
    data = s.rows(body, 2)
    with transaction(factory) as session:
        org = factories.organization(session, uscc=data[0]["uscc"])
        report = import_certificates(
            session=session,
            actor=s.SYSTEM,
            body_id=body.id,
            source=io.BytesIO(s.csv_bytes(data)),
        )
        assert (report.created, report.organizations_created) == (2, 1)
    assert s.certificate(factory, body, data[0]["number"]).organization_id == org.id
