"""Bulk intake of a body's certificates: check the whole file, then apply it (or the valid rows).

Every row is **checked** (fields, dates, USCC, region, scheme in the body's scope, duplicates
in the file, and, with one ``IN`` query per batch, the status change against the certificate
on record) and the rows that pass are **applied** in ONE transaction through the event path
(:mod:`qualicert.certification.bulk.apply`). Memory stays bounded whatever the file's size:
only the errors (capped), the certificate numbers seen and one batch at a time are kept.

How the two steps are arranged depends on the database:

- **SQLite** (two passes): the check pass reads the whole file and spills the checked rows in
  compact form to a temporary file, writing nothing, so a refused file never takes the one
  write lock every other writer waits for; the apply pass then reads them back and writes.
  The database works in this process, so nothing would overlap anyway.
- **PostgreSQL** (one streaming pass): each batch is written as soon as it is checked, its
  writes queued on a :mod:`~qualicert.ledger.pipeline` writer thread, so the server inserts
  one batch while this process reads and validates the next. The writes run inside a
  savepoint; a refused row (without ``partial``) stops the writing, the file is still
  checked to the end for the report, and the savepoint rolls back. MVCC keeps readers
  unblocked meanwhile.

Without ``partial`` any refused row means nothing applies: the whole file applies or nothing
does (DESIGN.md principle 5). With ``partial`` the valid rows apply and the report lists the
others.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from typing import IO, Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from qualicert.accounts.actor import Actor
from qualicert.certification import search
from qualicert.certification.bulk import checks, collector, lookups
from qualicert.certification.bulk.apply import Writer
from qualicert.certification.bulk.fields import CertificateRow, CleanRow
from qualicert.certification.bulk.readers import (
    BadRow,
    Format,
    Values,
    open_rows,
    parse_format,
    sniff_format,
)
from qualicert.certification.bulk.report import (
    Counts,
    ErrorLog,
    ImportReport,
    RowError,
    build_report,
    from_validation,
)
from qualicert.certification.lifecycle import Status
from qualicert.db import transaction, utcnow
from qualicert.errors import Conflict
from qualicert.ledger import log
from qualicert.ledger.pipeline import pipelined

BATCH_ROWS = 5_000
PROGRESS_EVERY = 1_000

Source = str | os.PathLike[str] | IO[bytes]
Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: phase ``check`` counts bytes of the file read, phase
``apply`` counts checked rows written (of those checked; streaming: of the rows read so far)."""


@dataclass
class Database:
    """Either a session factory (the import manages its transactions) or a caller's session."""

    factory: sessionmaker[Session] | None
    session: Session | None

    def streams(self) -> bool:
        """Whether the import streams (PostgreSQL) rather than checking the file first."""
        bind = self.session.get_bind() if self.session is not None else None
        if bind is None:
            assert self.factory is not None
            bind = self.factory.kw["bind"]
        return bool(bind.dialect.name == "postgresql")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read (each check batch ends its read transaction, freeing the snapshot)."""
        if self.session is not None:
            yield self.session
            return
        assert self.factory is not None
        with self.factory() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """The one transaction of the apply pass (the caller's, when it gave a session)."""
        if self.session is not None:
            yield self.session
            return
        assert self.factory is not None
        with transaction(self.factory) as session:
            yield session


@dataclass
class Check:
    """State of the check pass: errors, numbers seen, rows waiting for their status lookup."""

    db: Database
    scope: checks.BodyScope
    spill: IO[bytes]
    today: dt.date
    batch_rows: int
    log: ErrorLog = field(default_factory=ErrorLog)
    seen: dict[str, int] = field(default_factory=dict)
    pending: list[tuple[int, CertificateRow, checks.SchemeRef]] = field(default_factory=list)
    rows_read: int = 0
    valid: int = 0
    sink: Sink | None = None
    """Where checked batches go in the streaming pass (else they are spilled)."""

    def row(self, number: int, values: Values | BadRow) -> None:
        """Check one row on its own; rows that pass wait for the batch's status lookup."""
        self.rows_read += 1
        if isinstance(values, BadRow):
            self.log.refuse(
                [RowError(number, None, values.rule, values.message, values.message_zh)]
            )
            return
        errors = self._duplicate(number, values.get("number"))
        try:
            row = CertificateRow.model_validate(values)
        except ValidationError as exc:
            self.log.refuse(errors + from_validation(number, exc))
            return
        errors += [replace(e, row=number) for e in checks.row_errors(row)]
        scheme = self.scope.resolve(row)
        if isinstance(scheme, RowError):
            errors.append(replace(scheme, row=number))
        if errors or isinstance(scheme, RowError):
            self.log.refuse(errors)
            return
        self.pending.append((number, row, scheme))
        if len(self.pending) >= self.batch_rows:
            self.flush()

    def _duplicate(self, number: int, value: object) -> list[RowError]:
        key = str(value).strip() if value is not None else ""
        if not key:
            return []
        first = self.seen.setdefault(key, number)
        if first == number:
            return []
        return [
            RowError(
                number,
                "number",
                "duplicate",
                f"number: certificate {key} appears more than once in the file "
                f"(first in row {first})",
                f"number：证书编号 {key} 在文件中重复（首次出现于第{first}行）",
            )
        ]

    def flush(self) -> None:
        """Check the waiting rows against the certificates on record, then spill them."""
        if not self.pending:
            return
        clean = [row.clean(n, ref.id, row.standard or ref.standard) for n, row, ref in self.pending]
        with self._read() as session:
            existing = lookups.certificates(session, self.scope.body_id, [r.number for r in clean])
            known = lookups.holders(session, {r.uscc for r in clean if r.number in existing})
        passed: list[CleanRow] = []
        for row in clean:
            old = existing.get(row.number)
            found = (
                checks.plan_move(Status.ACTIVE, row, self.today)
                if old is None
                else lookups.review(old, row, known.get(row.uscc), self.today)
            )
            if isinstance(found, RowError):
                self.log.refuse([replace(found, row=row.row)])
            else:
                passed.append(row)
        self.valid += len(passed)
        self.pending.clear()
        if self.sink is not None:
            self.sink(passed, existing, self.rows_read)
        else:
            pickle.dump([tuple(r) for r in passed], self.spill, protocol=pickle.HIGHEST_PROTOCOL)

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """The session for the batch's look-ups: the streaming pass's reader, or a short one."""
        reader = self.sink.writer.reader if self.sink is not None else None
        if reader is None:
            with self.db.read() as session:
                yield session
            return
        yield reader
        reader.commit()  # end the read's transaction; the next batch reads afresh


@dataclass
class Sink:
    """The streaming pass's writer: applies each checked batch while the file is being read.

    Once a row is refused (without ``partial``) nothing more is written: the file is only
    checked to its end, and the caller rolls back what was written.
    """

    writer: Writer
    progress: Progress | None
    counts: Counts = field(default_factory=Counts)
    done: int = 0

    def __call__(self, batch: list[CleanRow], existing: dict[str, Any], read: int) -> None:
        """Write ``batch``; progress counts the rows written against the ``read`` so far."""
        if not batch or (self.writer.log and not self.writer.partial):
            return
        self.counts.add(self.writer.apply(batch, existing))
        self.done += len(batch)
        if self.progress:
            self.progress("apply", self.done, read)


class _Refused(Exception):
    """A refused row in a streaming import without ``partial``: roll the writes back."""


def import_certificates(
    *,
    actor: Actor,
    body_id: int,
    source: Source,
    factory: sessionmaker[Session] | None = None,
    session: Session | None = None,
    format: Format | str | None = None,
    partial: bool = False,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ImportReport:
    """Import a body's certificates from a CSV, XLSX or JSON Lines file.

    Give ``factory`` to let the import run its own transactions (the apply pass commits), or
    ``session`` to run inside the caller's transaction. ``source`` is a path or a binary
    file (copied to a temporary file when it cannot seek). Only the body's own users, the
    national regulator and the platform may import; the body must be approved. A file that
    cannot be read at all (unknown format, missing required column) raises
    :class:`~qualicert.errors.InvalidInput`; refused rows are listed in the report.
    """
    if (factory is None) == (session is None):
        raise ValueError("give exactly one of factory= or session=")
    db = Database(factory, session)
    stack = ExitStack()
    stack.enter_context(collector.quiet())
    try:
        stream = _open(stack, source)
        fmt = parse_format(format) if isinstance(format, str) else format or sniff_format(stream)
        with db.read() as reading:
            scope = checks.load_scope(session=reading, actor=actor, body_id=body_id)
        spill = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        check = Check(db, scope, spill, dt.date.today(), batch_rows)
        if db.streams():
            ignored, counts = _streaming_pass(check, stream, fmt, db, actor, partial, progress)
        else:
            ignored = _check_pass(check, stream, fmt, progress)
            counts = (
                _apply_pass(check, db, actor, partial, progress)
                if partial or not check.log
                else None
            )
        return build_report(
            fmt=fmt.value,
            partial=partial,
            rows_read=check.rows_read,
            log=check.log,
            counts=counts,
            ignored=ignored,
        )
    finally:
        stack.close()


def _open(stack: ExitStack, source: Source) -> IO[bytes]:
    """A seekable binary stream on ``source``."""
    if isinstance(source, str | os.PathLike):
        return stack.enter_context(open(source, "rb"))
    if source.seekable():
        return source
    copy = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
    shutil.copyfileobj(source, copy)
    copy.seek(0)
    return copy


def _check_pass(
    check: Check, stream: IO[bytes], fmt: Format, progress: Progress | None
) -> list[str]:
    """Pass 1; returns the columns that matched no field."""
    size = stream.seek(0, os.SEEK_END)
    rows = open_rows(stream, fmt)
    for number, values in rows:
        check.row(number, values)
        if progress and check.rows_read % PROGRESS_EVERY == 0:
            progress("check", min(stream.tell(), size), size)
    check.flush()
    if progress:
        progress("check", size, size)
    return rows.ignored


def _apply_pass(
    check: Check, db: Database, actor: Actor, partial: bool, progress: Progress | None
) -> Counts:
    """Pass 2: read the checked rows back and write them in one transaction."""
    counts, done = Counts(), 0
    check.spill.seek(0)
    try:
        with db.write() as session:
            writer = Writer(
                session, actor, check.scope.body_id, partial, check.log, check.today, utcnow()
            )
            for batch in _batches(check.spill):
                if not batch:
                    continue
                counts.add(writer.apply(batch))
                done += len(batch)
                if progress:
                    progress("apply", done, check.valid)
    except IntegrityError as exc:
        raise _collision() from exc
    return counts


def _streaming_pass(
    check: Check,
    stream: IO[bytes],
    fmt: Format,
    db: Database,
    actor: Actor,
    partial: bool,
    progress: Progress | None,
) -> tuple[list[str], Counts | None]:
    """Check and write batch by batch, inside a savepoint.

    When the import runs its own transaction the writes go to a pipeline thread and the
    look-ups to the pipeline's reader. In a caller's transaction they all stay on the
    caller's session: its reads must see what the caller wrote before (a holder registered
    a moment ago), which another connection would not.
    """
    try:
        with db.write() as session:
            log.append_pending(session)  # the savepoint then holds only this import's leaves
            try:
                with (
                    session.begin_nested(),
                    pipelined(session) if db.factory else nullcontext() as pipe,
                    search.deferred(session) as index,
                ):
                    writer = Writer(
                        session,
                        actor,
                        check.scope.body_id,
                        partial,
                        check.log,
                        check.today,
                        utcnow(),
                        reader=pipe.reader if pipe is not None else None,
                        index=index,
                    )
                    check.sink = Sink(writer, progress)
                    ignored = _check_pass(check, stream, fmt, progress)
                    if check.log and not partial:
                        raise _Refused
            except _Refused:
                session.info.pop(log.PENDING_KEY, None)  # their events were rolled back
                return ignored, None
    except IntegrityError as exc:
        raise _collision() from exc
    return ignored, check.sink.counts


def _collision() -> Conflict:
    return Conflict(
        "another change wrote the same certificate or organisation during the import; "
        "nothing was applied, try again",
        "导入期间有其他操作写入了相同的证书或组织，本次未做任何更改，请重试",
        rule="integrity",
    )


def _batches(spill: IO[bytes]) -> Iterator[list[CleanRow]]:
    while True:
        try:
            rows: list[tuple[object, ...]] = pickle.load(spill)  # our own temporary file
        except EOFError:
            return
        yield [CleanRow._make(row) for row in rows]


__all__ = ["BATCH_ROWS", "Progress", "Source", "import_certificates"]
