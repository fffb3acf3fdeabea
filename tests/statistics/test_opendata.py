"""Open data export: each format reads back as the public view, one query, chunk by chunk."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess

import pyarrow.parquet as pq
import pytest
from sqlalchemy import event, select

from qualicert.certification.models import Certificate, StatusChange
from qualicert.ledger.models import Event, LogLeaf
from qualicert.statistics import opendata
from qualicert.statistics.columns import COLUMNS, Dataset, Format
from tests.statistics import readback, worlds

pytestmark = pytest.mark.db


def export_bytes(factory, dataset, fmt, chunk_rows=opendata.DEFAULT_CHUNK_ROWS) -> bytes:
    out = io.BytesIO()
    with factory() as session:
        opendata.export(session=session, dataset=dataset, outputs={fmt: out}, chunk_rows=chunk_rows)
    return out.getvalue()


@pytest.fixture
def demo(factory):
    worlds.demo(factory)
    worlds.uploaded(factory, 3, suspended=1)
    return worlds.expected(factory)


@pytest.mark.parametrize("fmt", list(Format))
def test_each_format_reads_back_as_the_public_view(factory, demo, fmt):
    certificates, histories = demo
    assert len(certificates) >= 20 and len(histories) > len(certificates)
    got = readback.rows(export_bytes(factory, Dataset.CERTIFICATES, fmt, 7), fmt, "certificates")
    assert got == certificates
    got = readback.rows(export_bytes(factory, Dataset.HISTORIES, fmt, 7), fmt, "histories")
    assert all(row.pop("leaf_index") is not None for row in got)
    assert worlds.by_certificate(got, "certificate_number") == worlds.by_certificate(
        histories, "certificate_number"
    )


def test_stream_gives_the_same_bytes_as_a_file(factory, demo):
    for fmt in Format:
        with factory() as session:
            pieces = list(
                opendata.stream(
                    session=session, dataset=Dataset.HISTORIES, format=fmt, chunk_rows=10
                )
            )
        assert len(pieces) > 1
        assert b"".join(pieces) == export_bytes(factory, Dataset.HISTORIES, fmt, 10)


def test_an_empty_registry_gives_a_header_or_a_schema(factory):
    assert export_bytes(factory, Dataset.CERTIFICATES, Format.CSV).decode() == (
        ",".join(c.name for c in COLUMNS[Dataset.CERTIFICATES]) + "\r\n"
    )
    assert export_bytes(factory, Dataset.HISTORIES, Format.JSONL) == b""
    table = pq.read_table(io.BytesIO(export_bytes(factory, Dataset.HISTORIES, Format.PARQUET)))
    assert table.num_rows == 0
    assert table.schema.names == [c.name for c in COLUMNS[Dataset.HISTORIES]]


def _event_at(session, leaf_index: int) -> Event:
    query = select(Event).join(LogLeaf, LogLeaf.event_id == Event.id)
    found = session.scalar(query.where(LogLeaf.leaf_index == leaf_index))
    assert found is not None
    return found


def test_leaf_index_is_the_event_that_recorded_the_entry(client, factory):
    number = worlds.suspended_twice(client, factory)
    worlds.uploaded(factory, 2, suspended=2)
    data = export_bytes(factory, Dataset.HISTORIES, Format.JSONL)
    rows = readback.rows(data, Format.JSONL, Dataset.HISTORIES)
    moved = [r for r in rows if r["certificate_number"] == number]
    assert [r["transition"] for r in moved] == [
        "issue",
        "suspend",
        "reinstate",
        "suspend",
        "reinstate",
        "transfer",
    ]
    assert len({r["body_approval_number"] for r in moved}) == 1  # the body that holds it now
    assert {r["entry_body_approval_number"] for r in moved} != {moved[0]["body_approval_number"]}
    assert len({r["leaf_index"] for r in rows}) == len(rows) == 10
    with factory() as session:
        for row in rows:
            ev = _event_at(session, row["leaf_index"])
            if ev.subject_type == StatusChange.__tablename__:  # the entry's own event
                entry = session.get(StatusChange, int(ev.subject_id))
                assert entry is not None
                assert (entry.transition, entry.effective_date, entry.reason_code) == (
                    row["transition"],
                    row["effective_date"],
                    row["reason_code"],
                )
            elif ev.event_type == "certificate.imported":  # an uploaded certificate's issue
                history = json.loads(ev.payload)["history"]
                cert = session.get(Certificate, int(ev.subject_id))
                assert cert is not None and cert.number == row["certificate_number"]
                assert (row["transition"], row["reason_code"]) == ("issue", "I02")
                assert history["effective_date"] == row["effective_date"].isoformat()
            else:  # the certificate's transition event
                payload = json.loads(ev.payload)
                assert ev.event_type == f"certificate.{row['transition']}"
                cert = session.get(Certificate, int(ev.subject_id))
                assert cert is not None and cert.number == row["certificate_number"]
                assert (payload["effective_date"], payload["reason"]) == (
                    row["effective_date"].isoformat(),
                    row["reason"],
                )


def test_one_query_read_in_chunks(engine, factory):
    worlds.uploaded(factory, 2500, suspended=40)
    statements: list[str] = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        with factory() as session:
            pieces = list(
                opendata.stream(
                    session=session, dataset=Dataset.HISTORIES, format=Format.CSV, chunk_rows=100
                )
            )
        data = export_bytes(factory, Dataset.CERTIFICATES, Format.PARQUET, chunk_rows=100)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(selects) == 2, selects  # one per export, never one per row or per chunk
    assert len(pieces) == 26  # 2540 history rows: 25 full chunks and one of 40
    assert sum(p.count(b"\r\n") for p in pieces) == 2541
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    assert (meta.num_rows, meta.num_row_groups) == (2500, 25)


def test_export_file_writes_its_checksum_beside_it(factory, tmp_path):
    worlds.uploaded(factory, 5)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "certificates.parquet"
    with factory() as session:
        result = opendata.export_file(
            session=session, dataset=Dataset.CERTIFICATES, format=Format.PARQUET, path=path
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert (result.rows, result.size, result.sha256) == (5, len(data), digest)
    sums = folder / "certificates.parquet.sha256"
    assert sums.read_text() == f"{digest}  certificates.parquet\n"
    check = subprocess.run(
        ["sha256sum", "-c", sums.name], cwd=folder, capture_output=True, text=True
    )
    assert check.returncode == 0 and "OK" in check.stdout
    assert sorted(p.name for p in folder.iterdir()) == [path.name, sums.name]  # no .part


def test_a_failed_export_leaves_no_file(factory, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "histories.csv"
    with factory() as session, pytest.raises(ValueError, match="chunk_rows"):
        opendata.export_file(
            session=session,
            dataset=Dataset.HISTORIES,
            format=Format.CSV,
            path=path,
            chunk_rows=0,
        )
    assert list(folder.iterdir()) == []
