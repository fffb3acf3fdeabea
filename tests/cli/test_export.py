"""``qualicert export``: a file with its checksum, standard output, the day's snapshot."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from typer.testing import CliRunner

from qualicert.cli import app
from qualicert.config import get_settings
from qualicert.statistics.columns import Dataset, Format
from tests.statistics import readback, worlds

pytestmark = pytest.mark.db


@pytest.fixture
def qualicert(database_url, tmp_path, monkeypatch):
    """Run ``qualicert ARGS...`` on this test's database, in a folder of its own."""
    monkeypatch.setenv("QUALICERT_DATABASE_URL", database_url)
    monkeypatch.setenv("QUALICERT_VAR_DIR", str(tmp_path / "var"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args])
    get_settings.cache_clear()


def said(result) -> str:
    return " ".join(result.output.split())


def test_export_writes_the_file_and_its_checksum(qualicert, factory, tmp_path):
    worlds.uploaded(factory, 3, suspended=1)
    target = tmp_path / "out" / "h.parquet"
    target.parent.mkdir()
    result = qualicert(
        "export", "--format", "parquet", "--dataset", "histories", "--output", target
    )
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert "4 rows" in said(result) and digest in said(result)
    assert (target.parent / "h.parquet.sha256").read_text() == f"{digest}  h.parquet\n"
    assert len(readback.rows(data, Format.PARQUET, Dataset.HISTORIES)) == 4
    assert sorted(p.name for p in target.parent.iterdir()) == ["h.parquet", "h.parquet.sha256"]


def test_export_defaults_to_certificates_in_the_current_folder(qualicert, factory, tmp_path):
    worlds.uploaded(factory, 2)
    result = qualicert("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    written = tmp_path / "work" / "certificates.csv"
    certificates, _ = worlds.expected(factory)
    assert readback.rows(written.read_bytes(), Format.CSV, Dataset.CERTIFICATES) == certificates
    assert (tmp_path / "work" / "certificates.csv.sha256").is_file()


def test_export_to_standard_output(qualicert, factory, tmp_path):
    worlds.uploaded(factory, 2)
    result = qualicert("export", "--format", "jsonl", "--output", "-", "--chunk-rows", "1")
    assert result.exit_code == 0, result.output
    rows = readback.rows(result.stdout_bytes, Format.JSONL, Dataset.CERTIFICATES)
    assert [r["number"] for r in rows] == ["BULK-00001", "BULK-00002"]
    assert list((tmp_path / "work").iterdir()) == []  # no checksum file for a stream


def test_a_long_export_shows_progress(qualicert, factory, tmp_path, monkeypatch):
    monkeypatch.setattr("qualicert.cli.export.PROGRESS_FROM_ROWS", 2)
    worlds.uploaded(factory, 3)
    result = qualicert("export", "--format", "csv", "--chunk-rows", "1")
    assert result.exit_code == 0, result.output
    assert "exporting certificates" in result.output and "3/3" in result.output


def test_wrong_options_are_refused(qualicert):
    result = qualicert("export")
    assert result.exit_code == 2 and "--snapshot" in result.output
    result = qualicert("export", "--format", "xml")
    assert result.exit_code == 2 and "xml" in result.output
    result = qualicert("export", "--snapshot", "--format", "csv")
    assert result.exit_code == 2 and "every format" in said(result)


def test_snapshot_is_written_once_a_day(qualicert, factory, tmp_path):
    worlds.uploaded(factory, 2)
    day = dt.date.today().isoformat()
    first = qualicert("export", "--snapshot")
    assert first.exit_code == 0, first.output
    folder = tmp_path / "var" / "opendata" / day
    assert f"snapshot {day} written" in said(first) and "histories.parquet" in first.output
    sums = (folder / "SHA256SUMS").read_text()
    again = qualicert("export", "--snapshot")
    assert again.exit_code == 0 and "already there, unchanged" in said(again)
    assert (folder / "SHA256SUMS").read_text() == sums


def test_jobs_run_writes_the_missing_snapshot(qualicert, tmp_path, monkeypatch):
    monkeypatch.setenv("QUALICERT_OPENDATA_DIR", str(tmp_path / "public"))
    get_settings.cache_clear()
    result = qualicert("jobs", "run")
    assert result.exit_code == 0, result.output
    day = dt.date.today().isoformat()
    assert (tmp_path / "public" / day / "SHA256SUMS").is_file()
    assert "open data snapshot written" in said(result)
    assert "open data snapshot present" in said(qualicert("jobs", "run"))
