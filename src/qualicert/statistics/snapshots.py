"""Daily open data snapshots: ``<folder>/YYYY-MM-DD/`` with every data set in every format.

A snapshot holds ``certificates.{csv,jsonl,parquet}`` and ``histories.{csv,jsonl,parquet}``,
each with ``NAME.sha256``, and ``SHA256SUMS`` listing the six files (``sha256sum -c
SHA256SUMS`` checks them all). Both data sets are read in one read-only transaction that sees
one state of the database (REPEATABLE READ on PostgreSQL, one read transaction on SQLite), and
each data set is queried once for its three formats, so all six files agree.

A snapshot is written in a hidden temporary folder and renamed into place when complete, so
a dated folder is always whole; once there it is never rewritten (:func:`ensure` is idempotent
for the day), which is why it may be cached for ever.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from qualicert.db import transaction
from qualicert.errors import InvalidInput, NotFound
from qualicert.statistics import opendata
from qualicert.statistics.columns import Dataset, Format, file_name
from qualicert.statistics.sinks import HashingFile, checksum_line

SUMS = "SHA256SUMS"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STALE_SECONDS = 6 * 3600
SnapshotProgress = Callable[[Dataset, int], None]


@dataclass(frozen=True)
class SnapshotFile:
    """One data file of a snapshot: its name, size in bytes and hex SHA-256."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Snapshot:
    """A dated snapshot and its data files (in ``SHA256SUMS`` order)."""

    day: dt.date
    path: Path
    files: tuple[SnapshotFile, ...]

    def names(self) -> set[str]:
        """Every file that may be served: the data files, their ``.sha256`` and ``SHA256SUMS``."""
        data = {f.name for f in self.files}
        return data | {f"{name}.sha256" for name in data} | {SUMS}


def ensure(
    *,
    factory: sessionmaker[Session],
    folder: Path,
    today: dt.date | None = None,
    chunk_rows: int = opendata.DEFAULT_CHUNK_ROWS,
    progress: SnapshotProgress | None = None,
) -> tuple[Snapshot, bool]:
    """The snapshot of ``today`` (default: the local date), written if missing.

    Returns the snapshot and whether this call wrote it. When two processes write the same
    day at once, the first rename wins and the other keeps the winner's files.
    """
    day = today or dt.date.today()
    final = folder / day.isoformat()
    if (final / SUMS).is_file():
        return read(final), False
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale(folder)
    work = Path(tempfile.mkdtemp(prefix=f".{day.isoformat()}.", suffix=".tmp", dir=folder))
    try:
        _write(factory, work, chunk_rows, progress)
        work.chmod(0o755)  # mkdtemp makes it private; a snapshot is public
        try:
            work.rename(final)
        except OSError:
            if (final / SUMS).is_file():  # another process finished the same day first
                return read(final), False
            raise
        return read(final), True
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write(
    factory: sessionmaker[Session], work: Path, chunk_rows: int, progress: SnapshotProgress | None
) -> None:
    """Write the six files, their ``.sha256`` and ``SHA256SUMS`` into ``work``."""
    sums: list[str] = []
    with _consistent_read(factory) as session:
        for dataset in Dataset:
            with ExitStack() as files:
                outputs = {
                    fmt: HashingFile(
                        files.enter_context((work / file_name(dataset, fmt)).open("wb"))
                    )
                    for fmt in Format
                }
                opendata.export(
                    session=session,
                    dataset=dataset,
                    outputs=outputs,
                    chunk_rows=chunk_rows,
                    progress=_for(dataset, progress),
                )
            for fmt, out in outputs.items():
                path = work / file_name(dataset, fmt)
                opendata.write_checksum(path, out.sha256)
                sums.append(checksum_line(out.sha256, path.name))
    (work / SUMS).write_text("".join(sums), encoding="utf-8")


def _for(dataset: Dataset, progress: SnapshotProgress | None) -> opendata.Progress | None:
    """The progress callback of one data set."""
    if progress is None:
        return None
    return lambda done: progress(dataset, done)


@contextmanager
def _consistent_read(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A read-only transaction in which every query sees the same state of the database."""
    with transaction(factory) as session:
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # the driver would not open one for reads
        yield session


def _remove_stale(folder: Path) -> None:
    """Remove temporary folders left by a snapshot that died more than six hours ago."""
    limit = time.time() - STALE_SECONDS
    for path in folder.glob(".*.tmp"):
        if path.is_dir() and path.stat().st_mtime < limit:
            shutil.rmtree(path, ignore_errors=True)


def read(path: Path) -> Snapshot:
    """The snapshot in ``path``, from its ``SHA256SUMS`` and the sizes of its files."""
    files = []
    for line in (path / SUMS).read_text("utf-8").splitlines():
        sha256, _, name = line.partition("  ")
        files.append(SnapshotFile(name=name, size=(path / name).stat().st_size, sha256=sha256))
    return Snapshot(day=dt.date.fromisoformat(path.name), path=path, files=tuple(files))


def listing(*, folder: Path) -> list[Snapshot]:
    """Every complete snapshot in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [
        read(path)
        for path in folder.iterdir()
        if DAY.match(path.name) and _is_day(path.name) and (path / SUMS).is_file()
    ]
    return sorted(found, key=lambda s: s.day, reverse=True)


def page_of(*, folder: Path, page: int, page_size: int) -> tuple[list[Snapshot], int]:
    """One page of :func:`listing` (newest first) and the number of snapshots."""
    found = listing(folder=folder)
    start = (page - 1) * page_size
    return found[start : start + page_size], len(found)


def get(*, folder: Path, day: str) -> Snapshot:
    """The snapshot of ``day`` (``YYYY-MM-DD``).

    Raises
    ------
    InvalidInput
        When ``day`` is not a date written ``YYYY-MM-DD``.
    NotFound
        When there is no snapshot of that day.
    """
    if not (DAY.match(day) and _is_day(day)):
        raise InvalidInput(
            f"{day!r} is not a date written YYYY-MM-DD",
            f"{day!r} 不是 YYYY-MM-DD 格式的日期",
            rule="date",
            field="date",
        )
    path = folder / day
    if not (path / SUMS).is_file():
        raise NotFound(
            f"there is no open data snapshot of {day}",
            f"没有 {day} 的开放数据快照",
            rule="snapshot",
            field="date",
        )
    return read(path)


def file_path(*, folder: Path, day: str, name: str) -> Path:
    """The path of file ``name`` of the snapshot of ``day``, when the snapshot lists it."""
    snapshot = get(folder=folder, day=day)
    if name not in snapshot.names():
        raise NotFound(
            f"the snapshot of {day} has no file {name!r}",
            f"{day} 的快照中没有文件 {name!r}",
            rule="snapshot_file",
            field="file",
        )
    return snapshot.path / name


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


__all__ = [
    "SUMS",
    "Snapshot",
    "SnapshotFile",
    "ensure",
    "file_path",
    "get",
    "listing",
    "page_of",
    "read",
]
