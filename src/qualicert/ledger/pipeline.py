"""A writer thread for one PostgreSQL transaction's bulk writes, so the client never waits idle.

In a bulk import on PostgreSQL the server does the row work (indexes, foreign keys, the search
trigger) of each ``COPY`` while the client that sent it waits for the answer, and then the
server waits while the client validates, builds and hashes the next batch. A
:class:`Pipeline` hands the writes to a thread of their own on the transaction's connection:
the thread sends one statement after another and waits for each answer with Python's lock
released, while the calling thread goes on preparing the next batch.

Reads cannot wait behind the writes, so while a pipeline is open:

- ids are drawn from the tables' sequences ahead, on a connection of their own
  (:mod:`qualicert.ledger.ids`);
- the caller reads what it must look up through :attr:`Pipeline.reader`, a session on a
  second connection. It sees what other transactions committed, not what this one wrote, so
  the caller remembers what it wrote itself (bulk intake keeps the holders it registered);
- a read on the writing session (:func:`qualicert.ledger.driver.query`, or any statement
  through SQLAlchemy) first waits for every queued write: correct, but it stalls the
  overlap, so hot paths avoid it.

The queue holds at most :data:`DEPTH` statements, so memory stays bounded however far ahead
the caller could run. The first error a statement raises stops the thread's work; the caller
gets it (as the matching :mod:`sqlalchemy.exc` error) from its next :meth:`Pipeline.submit`
or from :meth:`Pipeline.drain`, and the transaction rolls back as after any error.
"""

from __future__ import annotations

import io
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from typing import Any

from psycopg.copy import Copy, FileWriter
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from qualicert.db import dialect_name
from qualicert.ledger.ids import Reservoir
from qualicert.process_settings import Held

KEY = "qualicert.pipeline"
SWITCH_INTERVAL = 0.0005
"""Seconds a busy thread keeps Python's lock while another waits for it, during a pipeline.

The default (5 ms) is long for the writer thread: each time the server has taken a block
of data, the thread needs the lock back for a moment to send the next, and meanwhile the
server may run dry. 0.5 ms made a 100,000-row upload 11 % faster (docs/benchmarks.md)."""
DEPTH = 64
"""Statements queued at most before :meth:`Pipeline.submit` waits for the thread."""

Job = Callable[[Any], None]
"""A write: called with the transaction's raw psycopg connection, on the writer thread."""


class Pipeline:
    """The writer thread of one session, and the reader session beside it."""

    def __init__(self, session: Session, reader: Session, ids: Reservoir) -> None:
        connection = session.connection()
        self.reader = reader
        self._ids = ids
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

    def draw_ids(self, sequence_of: str, n: int) -> list[int]:
        """``n`` new ids of table ``sequence_of`` (drawn ahead, see :mod:`.ids`)."""
        return self._ids.take(sequence_of, n)


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
    ids = Reservoir(bind)
    connection = session.connection()
    with Session(bind) as reader, closing(ids):
        pipeline = Pipeline(session, reader, ids)

        def wait(*_: object) -> None:
            pipeline.drain()  # a statement through SQLAlchemy runs after the queued writes

        session.info[KEY] = pipeline
        event.listen(connection, "before_cursor_execute", wait)
        done = False
        try:
            with _short_switches():
                yield pipeline
                pipeline.drain()
            done = True
        finally:
            event.remove(connection, "before_cursor_execute", wait)
            session.info.pop(KEY, None)
            pipeline.close(cancel=not done)


_short_switches = Held(
    sys.getswitchinterval,
    lambda saved: sys.setswitchinterval(min(saved, SWITCH_INTERVAL)),
    sys.setswitchinterval,
).held
""":data:`SWITCH_INTERVAL` while any pipeline of the process is open (server threads may run
several at once: the first to open sets it, the last to close restores it)."""
