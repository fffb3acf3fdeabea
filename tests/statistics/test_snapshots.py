"""Daily snapshots: whole or absent, idempotent for the day, checksummed, the six files agree."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import time

import pytest

from qualicert.errors import InvalidInput, NotFound
from qualicert.statistics import snapshots
from qualicert.statistics.columns import Dataset, Format, file_name
from tests.statistics import readback, worlds

DAY = dt.date(2026, 11, 24)
NAMES = sorted(file_name(d, f) for d in Dataset for f in Format)


def contents(folder):
    """Every file of a folder: name -> (bytes, modification time)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.db
def test_a_snapshot_holds_every_format_of_both_data_sets_with_checksums(factory, tmp_path):
    worlds.uploaded(factory, 4, suspended=1)
    folder = tmp_path / "opendata"
    snap, written = snapshots.ensure(factory=factory, folder=folder, today=DAY, chunk_rows=3)
    assert written and snap.path == folder / "2026-11-24"
    assert sorted(p.name for p in snap.path.iterdir()) == sorted(
        [*NAMES, *(f"{n}.sha256" for n in NAMES), "SHA256SUMS"]
    )
    assert [p.name for p in folder.iterdir()] == ["2026-11-24"]  # no temporary folder left
    check = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=snap.path, capture_output=True, text=True
    )
    assert check.returncode == 0 and check.stdout.count(": OK") == 6, check.stdout
    for f in snap.files:
        data = (snap.path / f.name).read_bytes()
        assert (f.size, f.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        assert (snap.path / f"{f.name}.sha256").read_text() == f"{f.sha256}  {f.name}\n"
    for dataset in Dataset:
        found = [
            readback.rows((snap.path / file_name(dataset, fmt)).read_bytes(), fmt, dataset)
            for fmt in Format
        ]
        assert found[0] == found[1] == found[2]
        assert len(found[0]) == {Dataset.CERTIFICATES: 4, Dataset.HISTORIES: 5}[dataset]


@pytest.mark.db
def test_a_snapshot_is_written_once_a_day(factory, tmp_path):
    worlds.uploaded(factory, 2)
    folder = tmp_path / "opendata"
    first, _ = snapshots.ensure(factory=factory, folder=folder, today=DAY)
    before = contents(first.path)
    worlds.uploaded(factory, 3)  # the registry changes during the day
    again, written = snapshots.ensure(factory=factory, folder=folder, today=DAY)
    assert not written and again == first
    assert contents(first.path) == before
    later, written = snapshots.ensure(factory=factory, folder=folder, today=DAY.replace(day=25))
    assert written and later.path.name == "2026-11-25"
    certificates = (later.path / "certificates.jsonl").read_bytes()
    assert certificates.count(b"\n") == 5
    assert [s.day for s in snapshots.listing(folder=folder)] == [later.day, DAY]
    assert snapshots.page_of(folder=folder, page=2, page_size=1) == ([first], 2)


@pytest.mark.db
def test_leftovers_of_a_dead_snapshot_are_removed_after_six_hours(factory, tmp_path):
    folder = tmp_path / "opendata"
    stale, fresh = folder / ".2026-11-23.x1.tmp", folder / ".2026-11-24.x2.tmp"
    for path in (stale, fresh):
        path.mkdir(parents=True)
        (path / "certificates.csv").write_text("number\n")
    old = time.time() - 7 * 3600
    os.utime(stale, (old, old))
    snapshots.ensure(factory=factory, folder=folder, today=DAY)
    assert not stale.exists() and fresh.exists()  # another process may still be writing it
    assert [s.day for s in snapshots.listing(folder=folder)] == [DAY]


def test_files_are_served_only_from_the_listing(tmp_path):
    day = tmp_path / "2026-11-24"
    day.mkdir()
    (day / "certificates.csv").write_text("number\r\n")
    sums = "0" * 64 + "  certificates.csv\n"
    (day / "SHA256SUMS").write_text(sums)
    (day / "notes.txt").write_text("not published")
    (tmp_path / "2026-11-23").mkdir()  # no SHA256SUMS: not a snapshot
    path = snapshots.file_path(folder=tmp_path, day="2026-11-24", name="certificates.csv")
    assert path == day / "certificates.csv"
    assert snapshots.file_path(folder=tmp_path, day="2026-11-24", name="SHA256SUMS").is_file()
    for name in ("notes.txt", "../2026-11-24/SHA256SUMS", "histories.csv"):
        with pytest.raises(NotFound) as caught:
            snapshots.file_path(folder=tmp_path, day="2026-11-24", name=name)
        assert caught.value.rule == "snapshot_file"
    with pytest.raises(NotFound, match="2026-11-23") as missing:
        snapshots.get(folder=tmp_path, day="2026-11-23")
    assert missing.value.rule == "snapshot"
    for bad in ("2026-13-01", "20261124", "..", "2026-11-24/.."):
        with pytest.raises(InvalidInput) as caught:
            snapshots.get(folder=tmp_path, day=bad)
        assert caught.value.rule == "date" and bad in caught.value.message
    assert snapshots.listing(folder=tmp_path / "none") == []
    assert [s.day for s in snapshots.listing(folder=tmp_path)] == [dt.date(2026, 11, 24)]
