"""The apply pass: write one batch of checked rows through the event path.

For each batch (a few thousand rows) it runs one ``IN`` query for the holders and one for
the certificates the body already has (unless the check pass hands those over), then writes
with :func:`~qualicert.ledger.service.record_batch` and
:func:`~qualicert.ledger.service.update_batch`, so that every row written gets its event in
the same transaction:

- holders not yet registered: ``organization.created`` (registered from the row);
- new certificates: ``certificate.imported``, source ``imported``; the event also records
  the certificate's first history entry (``issue``, reason ``I02``) under ``history``, as a
  lifecycle transition's event records its entry;
- changed certificates: ``certificate.updated`` with ``{field: [old, new]}`` of what changed;
- status changes the file gives (a new certificate that is already suspended, a known one
  that moves): one history entry each, with its own event ``certificate.history``.

Only core statements and plain tuples are used, so no ORM object outlives its batch.

The look-ups go through ``reader``: the writing session itself, or, while a
:mod:`~qualicert.ledger.pipeline` writes on its own thread, the pipeline's reader session,
which does not see this transaction's own rows. So the writer remembers the holders it
registered (a USCC and an id each, a few megabytes for a million rows) and never asks the
database for them again; a certificate number comes once per file, so no certificate this
import wrote is ever looked up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from qualicert.accounts.actor import Actor
from qualicert.certification.bulk import lookups, records
from qualicert.certification.bulk.checks import Move, plan_move
from qualicert.certification.bulk.fields import CleanRow
from qualicert.certification.bulk.report import Counts, ErrorLog, RowError
from qualicert.certification.lifecycle import Status
from qualicert.certification.models import Certificate, StatusChange
from qualicert.certification.search import Indexer
from qualicert.errors import Conflict
from qualicert.ledger.service import insert_covered, record_batch, update_batch
from qualicert.registry.models import Organization

Entry = tuple[int, CleanRow, Move]
"""A status change to write with its own event: certificate id, its row, the transition."""

Shape = frozenset[str]
"""The columns one update sets; ``update_batch`` takes one shape per statement, since it
fills a column missing from one change with NULL."""


@dataclass
class Writer:
    """Everything one apply pass shares: the transaction, who acts, for which body, when."""

    session: Session
    actor: Actor
    body_id: int
    partial: bool
    log: ErrorLog
    today: dt.date
    now: dt.datetime
    reader: Session | None = None
    index: Indexer | None = None
    """Indexes new certificates for search when the trigger is deferred (streaming pass)."""
    registered: dict[str, int] = field(default_factory=dict)

    def apply(self, batch: Sequence[CleanRow], existing: dict[str, Any] | None = None) -> Counts:
        """Write one batch; returns what it created, updated or left alone.

        ``existing`` is the body's certificates among the batch's numbers when the caller
        has just looked them up (the streaming pass); otherwise they are looked up here.
        """
        counts = Counts()
        holders = self._holders(batch, counts)
        if existing is None:
            numbers = [r.number for r in batch]
            existing = lookups.certificates(self._reader, self.body_id, numbers)
        history: list[Entry] = []
        self._create([r for r in batch if r.number not in existing], holders, history, counts)
        known = [r for r in batch if r.number in existing]
        self._update(known, existing, holders, history, counts)
        self._history(history)
        counts.history += len(history)
        return counts

    @property
    def _reader(self) -> Session:
        return self.session if self.reader is None else self.reader

    def _holders(self, batch: Sequence[CleanRow], counts: Counts) -> dict[str, int]:
        """Organisation ids by USCC, registering the holders the registry lacks."""
        mine = self.registered
        ids = {r.uscc: mine[r.uscc] for r in batch if r.uscc in mine}
        ids |= lookups.holders(self._reader, {r.uscc for r in batch if r.uscc not in ids})
        missing: dict[str, CleanRow] = {}
        for row in batch:
            if row.uscc not in ids:
                missing.setdefault(row.uscc, row)
        payloads = [records.organization_payload(r) for r in missing.values()]
        extra = {"status": "active", "status_since": self.today, **records.stamps(self.now)}
        new_ids = record_batch(
            session=self.session,
            actor=self.actor,
            event_type="organization.created",
            model=Organization,
            rows=[p | extra for p in payloads],
            payloads=payloads,
        )
        ids.update(zip(missing, new_ids, strict=True))
        mine.update(zip(missing, new_ids, strict=True))
        counts.organizations = len(new_ids)
        return ids

    def _create(
        self, rows: list[CleanRow], holders: dict[str, int], history: list[Entry], counts: Counts
    ) -> None:
        """Insert new certificates, each with its issue entry (recorded by the same event)."""
        planned: list[tuple[CleanRow, Move | None]] = []
        for row in rows:
            move = plan_move(Status.ACTIVE, row, self.today)
            if isinstance(move, RowError):
                self._refuse(row, move)
            else:
                planned.append((row, move))
        values = [
            records.certificate_values(r, self.body_id, holders[r.uscc], m) for r, m in planned
        ]
        issues = [records.issue_entry(self.body_id, r) for r, _ in planned]
        payloads = [
            v | {"history": records.entry_summary(e)} for v, e in zip(values, issues, strict=True)
        ]
        ids = record_batch(
            session=self.session,
            actor=self.actor,
            event_type="certificate.imported",
            model=Certificate,
            rows=values,
            payloads=payloads,
            same=records.stamps(self.now),
        )
        if self.index is not None and ids:
            self.index(ids)
        for entry, cert_id in zip(issues, ids, strict=True):
            entry["certificate_id"] = cert_id
        recorded = {"recorded_at": self.now}
        insert_covered(session=self.session, model=StatusChange, rows=issues, same=recorded)
        for cert_id, (row, move) in zip(ids, planned, strict=True):
            if move is not None:
                history.append((cert_id, row, move))
        counts.created = len(ids)
        counts.history += len(issues)

    def _refuse(self, row: CleanRow, error: RowError) -> None:
        """A rule broken only now (a concurrent change): stop, or skip the row when partial."""
        if not self.partial:
            raise Conflict(
                f"row {row.row}: {error.message} (changed since the file was checked)",
                f"第{row.row}行：{error.message_zh}",
                rule=error.rule,
                field=error.field,
            )
        self.log.refuse([replace(error, row=row.row)])

    def _update(
        self,
        rows: list[CleanRow],
        existing: dict[str, Any],
        holders: dict[str, int],
        history: list[Entry],
        counts: Counts,
    ) -> None:
        """Write the changed columns of certificates the body uploaded again."""
        groups: dict[Shape, tuple[list[dict[str, Any]], list[dict[str, Any]]]]
        groups = defaultdict(lambda: ([], []))
        for row in rows:
            old = existing[row.number]
            found = lookups.review(old, row, holders[row.uscc], self.today)
            if isinstance(found, RowError):
                self._refuse(row, found)
                continue
            if not found.changes:
                counts.unchanged += 1
                continue
            values = {name: new for name, (_, new) in found.changes.items()}
            if found.move is not None:
                values["status_since"] = found.move.effective_date
                history.append((old.id, row, found.move))
            change_rows, payloads = groups[frozenset(values)]
            change_rows.append({"id": old.id, **values, "updated_at": self.now})
            payloads.append({"number": row.number, "changes": found.changes})
            counts.updated += 1
        for change_rows, payloads in groups.values():
            update_batch(
                session=self.session,
                actor=self.actor,
                event_type="certificate.updated",
                model=Certificate,
                changes=change_rows,
                payloads=payloads,
            )

    def _history(self, entries: list[Entry]) -> None:
        """Insert the batch's status changes, each with its event."""
        rows = [
            records.history_entry(cert_id, self.body_id, row, move)
            for cert_id, row, move in entries
        ]
        payloads = [
            records.history_payload(row.number, entry)
            for (_, row, _), entry in zip(entries, rows, strict=True)
        ]
        record_batch(
            session=self.session,
            actor=self.actor,
            event_type="certificate.history",
            model=StatusChange,
            rows=[r | {"recorded_at": self.now} for r in rows],
            payloads=payloads,
        )
