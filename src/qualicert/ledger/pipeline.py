"""A writer thread for one PostgreSQL transaction's bulk writes, so the client never waits idle.

In a bulk import on PostgreSQL the server does the row work (indexes, foreign keys, the search
trigger) of each ``COPY`` while the client that sent it waits for the answer, and then the
server waits while the client validates, builds and hashes the next batch. A
:class:`Pipeline` hands the writes to a thread of their own on the transaction's connection:
the thread sends one statement after another and waits for each answer with Python's lock
released, while the calling thread goes on preparing the next batch.

Reads cannot wait behind the writes, so while a pipeline is open:

- ids are drawn from the tables' sequences on a second connection (``nextval`` belongs to no
  transaction, so an id drawn there is as good as one drawn in the writing transaction, and a
  rolled-back import leaves the same gaps either way);
- the caller reads what it must look up through :attr:`Pipeline.reader`, a session on that
  second connection. It sees what other transactions committed, not what this one wrote, so
  the caller remembers what it wrote itself (bulk intake keeps the holders it registered);
- :func:`qualicert.ledger.driver.query` on the writing session first waits for every queued
  write (correct, but it stalls the overlap, so hot paths avoid it).

The queue holds at most :data:`DEPTH` statements, so memory stays bounded however far ahead
the caller could run. The first error a statement raises stops the thread's work; the caller
gets it (as the matching :mod:`sqlalchemy.exc` error) from its next :meth:`Pipeline.submit`
or from :meth:`Pipeline.drain`, and the transaction rolls back as after any error.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from psycopg.copy import Copy, FileWriter
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qualicert.db import dialect_name

KEY = "qualicert.pipeline"
DEPTH = 8
"""Statements queued at most before :meth:`Pipeline.submit` waits for the thread."""

Job = Callable[[Any], None]
"""A write: called with the transaction's raw psycopg connection, on the writer thread."""


class Pipeline:
    """The writer thread of one session, and the reader session beside it."""

    def __init__(self, session: Session, reader: Session) -> None:
        connection = session.connection()
        self.reader = reader
        self._raw: Any = connection.connection.driver_connection
        self._jobs: queue.Queue[Job | None] = queue.Queue(maxsize=DEPTH)
        self._error: BaseException | None = None
        self._cancelled = False
        self._thread = threading.Thread(target=self._work, name="qualicert-writer", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._error is None and not self._cancelled:
                    job(self._raw)
            except BaseException as exc:
                self._error = exc
            finally:
                self._jobs.task_done()

    def submit(self, job: Job) -> None:
        """Queue a write (waits while :data:`DEPTH` are queued); raises an earlier failure."""
        self._raise()
        self._jobs.put(job)

    def drain(self) -> None:
        """Wait until every queued write is done; raises the first failure."""
        self._jobs.join()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def close(self, *, cancel: bool = False) -> None:
        """Stop the thread once its queue is done; ``cancel`` skips the writes still queued
        (the transaction is rolling back), as an error does."""
        self._cancelled = cancel
        self._jobs.put(None)
        self._thread.join()

    def copy_data(self, rows: Iterable[Sequence[Any]]) -> bytes:
        """``rows`` in ``COPY`` text format, formatted here, in the calling thread.

        The writer thread then only sends bytes, which needs Python's lock for a moment per
        block, where formatting row by row on that thread would contend for it with the
        caller all the while. psycopg formats (its own ``FileWriter``, on a cursor of the
        reader's connection: the same adapters, and nothing sent).
        """
        raw: Any = self.reader.connection().connection.driver_connection
        out = io.BytesIO()
        with raw.cursor() as cursor, Copy(cursor, binary=False, writer=FileWriter(out)) as copy:
            write = copy.write_row
            for row in rows:
                write(row)
        return out.getvalue()

    def draw_ids(self, sequence_of: str, n: int) -> Sequence[int]:
        """``n`` ids from the sequence of table ``sequence_of``'s ``id`` column.

        Usually nobody else draws from the sequence meanwhile and the ids are consecutive:
        then only their first, last and count come back (a ``range``), not ``n`` rows.
        """
        connection = self.reader.connection()
        raw: Any = connection.connection.driver_connection
        with raw.cursor() as cursor:
            cursor.execute(_DRAW, (sequence_of, n))
            first, last, values = cursor.fetchone()
        if int(last) - int(first) + 1 == n:
            return range(int(first), int(last) + 1)
        return sorted(int(i) for i in values)


_DRAW = (
    "SELECT min(i), max(i), CASE WHEN max(i) - min(i) + 1 = count(*) THEN NULL "
    "ELSE array_agg(i) END "
    "FROM (SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS i FROM generate_series(1, %s)) AS d"
)
"""Draw ``n`` ids in one statement: first, last and, only when they have gaps, all of them."""


def active(session: Session) -> Pipeline | None:
    """The session's open pipeline, if it has one."""
    found = session.info.get(KEY)
    return found if isinstance(found, Pipeline) else None


@contextmanager
def pipelined(session: Session) -> Iterator[Pipeline | None]:
    """Run the block's bulk writes on a writer thread (PostgreSQL, session on an engine).

    Yields the pipeline, or ``None`` where there is none to open (SQLite, whose writes run
    in this process anyway, or a session bound to one connection, with no second one to read
    on); callers then read and write on the session itself. Every queued write is done when
    the block ends without error.
    """
    bind = session.get_bind()
    if dialect_name(session) != "postgresql" or not isinstance(bind, Engine) or active(session):
        yield None
        return
    with Session(bind) as reader:
        pipeline = Pipeline(session, reader)
        session.info[KEY] = pipeline
        done = False
        try:
            yield pipeline
            pipeline.drain()
            done = True
        finally:
            session.info.pop(KEY, None)
            pipeline.close(cancel=not done)
