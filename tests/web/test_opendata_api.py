"""/api/v1/opendata: streamed downloads and daily snapshots, no token, problems naming the fault."""

from __future__ import annotations

import datetime as dt
import hashlib
import time

import pytest
from fastapi.testclient import TestClient

from qualicert.statistics import snapshots
from qualicert.statistics.columns import Dataset, Format
from qualicert.web.app import create_app
from tests.helpers import assert_problem
from tests.statistics import readback, worlds

pytestmark = pytest.mark.db
MEDIA = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.JSONL: "application/jsonl; charset=utf-8",
    Format.PARQUET: "application/vnd.apache.parquet",
}


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("dataset", list(Dataset))
def test_downloads_stream_the_public_data_without_a_token(client, factory, dataset, fmt):
    worlds.uploaded(factory, 3, suspended=1)
    certificates, histories = worlds.expected(factory)
    r = client.get(f"/api/v1/opendata/{dataset.value}.{fmt.value}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == MEDIA[fmt]
    assert r.headers["content-disposition"] == f'attachment; filename="{dataset}.{fmt}"'
    rows = readback.rows(r.content, fmt, dataset)
    if dataset is Dataset.CERTIFICATES:
        assert rows == certificates
    else:
        assert [r.pop("leaf_index") is not None for r in rows] == [True] * 4
        key = "certificate_number"
        assert worlds.by_certificate(rows, key) == worlds.by_certificate(histories, key)


def test_unknown_data_sets_and_formats_are_404_naming_them(client):
    problem = assert_problem(
        client.get("/api/v1/opendata/certificates.xlsx"), 404, field="format", rule="format"
    )
    assert "'xlsx'" in problem["detail"] and "csv, jsonl, parquet" in problem["detail"]
    problem = assert_problem(
        client.get("/api/v1/opendata/auditors.csv"), 404, field="dataset", rule="dataset"
    )
    assert "'auditors'" in problem["detail"]
    assert_problem(client.get("/api/v1/opendata/certificates"), 404, rule="format")


def test_snapshots_are_listed_and_served_immutable(client, factory, settings):
    worlds.uploaded(factory, 2)
    day = dt.date(2026, 11, 24)
    snapshots.ensure(factory=factory, folder=settings.opendata_dir, today=day)
    listing = client.get("/api/v1/opendata/snapshots").json()
    assert (listing["total"], listing["page"]) == (1, 1)
    (item,) = listing["items"]
    assert item["date"] == "2026-11-24"
    assert item["checksums_url"] == "/api/v1/opendata/snapshots/2026-11-24/SHA256SUMS"
    assert len(item["files"]) == 6
    for f in item["files"]:
        r = client.get(f["url"])
        assert r.status_code == 200
        assert (len(r.content), hashlib.sha256(r.content).hexdigest()) == (f["size"], f["sha256"])
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert r.headers["content-type"] == MEDIA[Format(f["name"].rsplit(".", 1)[1])]
        assert f["name"] in r.headers["content-disposition"]
    sums = client.get(item["checksums_url"])
    assert sums.headers["content-type"] == "text/plain; charset=utf-8"
    assert sums.text.count("\n") == 6
    one = client.get("/api/v1/opendata/snapshots/2026-11-24/histories.jsonl.sha256")
    assert one.text.endswith("  histories.jsonl\n")


def test_snapshot_dates_and_files_outside_the_listing_are_refused(client, factory, settings):
    snapshots.ensure(factory=factory, folder=settings.opendata_dir, today=dt.date(2026, 11, 24))
    base = "/api/v1/opendata/snapshots"
    problem = assert_problem(client.get(f"{base}/2026-02-30/SHA256SUMS"), 422, rule="date")
    assert "2026-02-30" in problem["detail"]
    problem = assert_problem(client.get(f"{base}/2026-11-23/SHA256SUMS"), 404, rule="snapshot")
    assert "2026-11-23" in problem["detail"]
    for name in ("qualicert.db", "..%2F..%2Fqualicert.db", "certificates.xlsx"):
        assert_problem(client.get(f"{base}/2026-11-24/{name}"), 404)
    assert client.get(f"{base}/2026-11-24/../../health").status_code == 404


def test_no_snapshot_yet_is_an_empty_list(client):
    assert client.get("/api/v1/opendata/snapshots").json()["items"] == []


def test_the_job_timer_writes_the_day_snapshot(settings):
    settings = settings.model_copy(update={"jobs_interval_seconds": 3600})
    app = create_app(settings)
    folder = settings.opendata_dir / dt.date.today().isoformat()
    try:
        with TestClient(app):  # the lifespan starts the timer, whose first run is at once
            deadline = time.monotonic() + 30
            while not (folder / snapshots.SUMS).is_file() and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.state.db.engine.dispose()
    assert sorted(f.name for f in snapshots.read(folder).files) == [
        "certificates.csv",
        "certificates.jsonl",
        "certificates.parquet",
        "histories.csv",
        "histories.jsonl",
        "histories.parquet",
    ]
