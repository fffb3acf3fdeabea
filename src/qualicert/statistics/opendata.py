"""Open data export: every certificate and every status-history entry, free to download.

One joined SELECT per data set (:mod:`.queries`) is read in chunks of ``chunk_rows`` rows
(``yield_per``: a server-side cursor on PostgreSQL, stepwise fetches on SQLite), and each
chunk is written at once by the format writers (:mod:`.writers`), so memory holds one chunk
whatever the size of the registry, and the database answers one query, never one per row.

- :func:`export` writes a data set to one or more open binary files (several formats from
  the same rows, as a daily snapshot does);
- :func:`export_file` writes a file atomically (a temporary name, then a rename) with its
  ``NAME.sha256`` beside it;
- :func:`stream` yields the bytes of a data set chunk by chunk, for an HTTP response.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from qualicert.statistics import queries
from qualicert.statistics.columns import COLUMNS, Dataset, Format
from qualicert.statistics.sinks import Drain, HashingFile, checksum_line
from qualicert.statistics.writers import Output, Row, open_writer

DEFAULT_CHUNK_ROWS = 5_000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class ExportResult:
    """A file written by :func:`export_file`.

    Attributes
    ----------
    path
        The file.
    rows
        Data rows written (the CSV header not counted).
    size
        Bytes written.
    sha256
        Hex SHA-256 of the file's bytes, as in ``PATH.sha256``.
    """

    path: Path
    rows: int
    size: int
    sha256: str


def count(*, session: Session, dataset: Dataset) -> int:
    """How many rows ``dataset`` has now."""
    return int(session.scalar(queries.count(dataset)) or 0)


def chunks(*, session: Session, dataset: Dataset, chunk_rows: int) -> Iterator[Sequence[Row]]:
    """The rows of ``dataset`` in chunks of at most ``chunk_rows``, from one query."""
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be at least 1, not {chunk_rows}")
    statement = queries.query(dataset).execution_options(yield_per=chunk_rows)
    yield from session.connection().execute(statement).partitions()  # Core rows: no ORM cost


def export(
    *,
    session: Session,
    dataset: Dataset,
    outputs: Mapping[Format, Output],
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    progress: Progress | None = None,
) -> int:
    """Write ``dataset`` once in each format of ``outputs``; return the rows written.

    Every format gets the same rows from the same query, so the files of one call agree.
    The outputs are left open (a Parquet file is finished with its footer).
    """
    columns = COLUMNS[dataset]
    writers = [open_writer(fmt, columns, out) for fmt, out in outputs.items()]
    done = 0
    for chunk in chunks(session=session, dataset=dataset, chunk_rows=chunk_rows):
        for writer in writers:
            writer.write(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done)
    for writer in writers:
        writer.close()
    return done


def stream(
    *,
    session: Session,
    dataset: Dataset,
    format: Format,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> Iterator[bytes]:
    """The bytes of ``dataset`` in ``format``, one piece per chunk of rows."""
    drain = Drain()
    writer = open_writer(format, COLUMNS[dataset], drain)
    for chunk in chunks(session=session, dataset=dataset, chunk_rows=chunk_rows):
        writer.write(chunk)
        if piece := drain.take():
            yield piece
    writer.close()
    if piece := drain.take():
        yield piece


def export_file(
    *,
    session: Session,
    dataset: Dataset,
    format: Format,
    path: Path,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    progress: Progress | None = None,
) -> ExportResult:
    """Write ``dataset`` to ``path`` atomically, and ``PATH.sha256`` beside it.

    The data go to ``PATH.part`` first and are renamed when complete, so ``path`` never holds
    a partial export; a failed export leaves no ``.part`` file behind.
    """
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as raw:
            out = HashingFile(raw)
            rows = export(
                session=session,
                dataset=dataset,
                outputs={format: out},
                chunk_rows=chunk_rows,
                progress=progress,
            )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    write_checksum(path, out.sha256)
    return ExportResult(path=path, rows=rows, size=out.size, sha256=out.sha256)


def write_checksum(path: Path, sha256: str) -> Path:
    """Write ``PATH.sha256`` (``sha256sum`` format, naming the file without its folder)."""
    target = path.with_name(path.name + ".sha256")
    target.write_text(checksum_line(sha256, path.name), encoding="utf-8")
    return target
