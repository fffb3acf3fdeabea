"""The apply pass: write one batch of checked rows through the event path.

For each batch (a few thousand rows) it runs one ``IN`` query for the holders and one for
the certificates the body already has, then writes with
:func:`~qualicert.ledger.service.record_batch` and
:func:`~qualicert.ledger.service.update_batch`, so that every row written gets its event in
the same transaction:

- holders not yet registered: ``organization.created`` (registered from the row);
- new certificates: ``certificate.imported``, source ``imported``;
- changed certificates: ``certificate.updated`` with ``{field: [old, new]}`` of what changed;
- status history entries: ``certificate.history`` (``issue`` with reason ``I02`` for a new
  certificate, then the transition when the file gives another status).

Only core statements and plain tuples are used, so no ORM object outlives its batch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualicert.accounts.actor import Actor
from qualicert.certification.bulk.checks import Move, plan_move
from qualicert.certification.bulk.fields import CleanRow
from qualicert.certification.bulk.report import Counts, ErrorLog, RowError
from qualicert.certification.lifecycle import Status
from qualicert.certification.models import Certificate, StatusChange
from qualicert.errors import Conflict
from qualicert.ledger.service import record_batch, update_batch
from qualicert.registry.models import Organization

COMPARED = (
    "organization_id",
    "scheme_id",
    "standard",
    "scope",
    "scope_en",
    "sites",
    "sectors",
    "issue_date",
    "expiry_date",
    "original_issue_date",
)
Entry = tuple[int, CleanRow, Move | None]
"""A history entry to write: certificate id, its row, and the transition (``None``: issue)."""

_EXISTING = (
    Certificate.id,
    Certificate.number,
    Certificate.status,
    *(getattr(Certificate, name) for name in COMPARED),
)


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

    def apply(self, batch: Sequence[CleanRow]) -> Counts:
        """Write one batch; returns what it created, updated or left alone."""
        counts = Counts()
        holders = self._holders(batch, counts)
        existing = self._existing([r.number for r in batch])
        history: list[Entry] = []
        fresh = [r for r in batch if r.number not in existing]
        self._create(fresh, holders, history, counts)
        known = [r for r in batch if r.number in existing]
        self._update(known, existing, holders, history, counts)
        self._history(history)
        counts.history = len(history)
        return counts

    def _holders(self, batch: Sequence[CleanRow], counts: Counts) -> dict[str, int]:
        """Organisation ids by USCC, registering the holders the registry lacks."""
        wanted = {r.uscc for r in batch}
        query = select(Organization.uscc, Organization.id).where(Organization.uscc.in_(wanted))
        ids: dict[str, int] = dict(self.session.execute(query).all())
        missing: dict[str, CleanRow] = {}
        for row in batch:
            if row.uscc not in ids:
                missing.setdefault(row.uscc, row)
        payloads = [_organization_payload(r) for r in missing.values()]
        rows = [
            {**p, "status": "active", "status_since": self.today, **self._stamps()}
            for p in payloads
        ]
        new_ids = record_batch(
            session=self.session,
            actor=self.actor,
            event_type="organization.created",
            model=Organization,
            rows=rows,
            payloads=payloads,
        )
        ids.update(zip(missing, new_ids, strict=True))
        counts.organizations = len(new_ids)
        return ids

    def _existing(self, numbers: list[str]) -> dict[str, Any]:
        query = select(*_EXISTING).where(
            Certificate.body_id == self.body_id, Certificate.number.in_(numbers)
        )
        return {row.number: row for row in self.session.execute(query)}

    def _stamps(self) -> dict[str, dt.datetime]:
        return {"created_at": self.now, "updated_at": self.now}

    def _create(
        self, rows: list[CleanRow], holders: dict[str, int], history: list[Entry], counts: Counts
    ) -> None:
        """Insert new certificates with their first history entries."""
        planned: list[tuple[CleanRow, Move | None]] = []
        for row in rows:
            move = plan_move(Status.ACTIVE, row, self.today)
            if isinstance(move, RowError):
                self._refuse(row, move)
            else:
                planned.append((row, move))
        values = [self._certificate(r, m, holders[r.uscc]) for r, m in planned]
        ids = record_batch(
            session=self.session,
            actor=self.actor,
            event_type="certificate.imported",
            model=Certificate,
            rows=values,
            payloads=[_certificate_payload(v) for v in values],
        )
        for cert_id, (row, move) in zip(ids, planned, strict=True):
            history.append((cert_id, row, None))
            if move is not None:
                history.append((cert_id, row, move))
        counts.created = len(ids)

    def _certificate(self, row: CleanRow, move: Move | None, holder: int) -> dict[str, Any]:
        since = move.effective_date if move else row.status_date or row.issue_date
        return {
            "body_id": self.body_id,
            "number": row.number,
            "organization_id": holder,
            "scheme_id": row.scheme_id,
            "standard": row.standard,
            "scope": row.scope,
            "scope_en": row.scope_en,
            "sites": row.sites,
            "sectors": row.sectors,
            "issue_date": row.issue_date,
            "expiry_date": row.expiry_date,
            "original_issue_date": row.original_issue_date,
            "status": row.status,
            "status_since": since,
            "source": "imported",
            **self._stamps(),
        }

    def _refuse(self, row: CleanRow, error: RowError) -> None:
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
        """Write the changed fields of certificates the body re-uploaded, grouped by shape."""
        groups: dict[frozenset[str], tuple[list[dict[str, Any]], list[dict[str, Any]]]]
        groups = defaultdict(lambda: ([], []))
        for row in rows:
            old = existing[row.number]
            move = plan_move(Status(old.status), row, self.today)
            if isinstance(move, RowError):
                self._refuse(row, move)
                continue
            changes = _changes(old, row, holders[row.uscc])
            if move is not None:
                changes["status"] = [move.from_status.value, move.to_status.value]
                history.append((old.id, row, move))
            if not changes:
                counts.unchanged += 1
                continue
            values = {name: new for name, (_, new) in changes.items()}
            if move is not None:
                values["status_since"] = move.effective_date
            change_rows, payloads = groups[frozenset(values)]
            change_rows.append({"id": old.id, **values, "updated_at": self.now})
            payloads.append({"number": row.number, "changes": changes})
            counts.updated += 1
        for change_rows, payloads in groups.values():  # one shape per statement: no key is
            update_batch(
                session=self.session,
                actor=self.actor,  # ever filled with NULL
                event_type="certificate.updated",
                model=Certificate,
                changes=change_rows,
                payloads=payloads,
            )

    def _history(self, entries: list[Entry]) -> None:
        rows, payloads = [], []
        for cert_id, row, move in entries:
            entry = self._entry(cert_id, row, move)
            rows.append(entry)
            payloads.append(
                {
                    "certificate": row.number,
                    "transition": entry["transition"],
                    "from": entry["from_status"],
                    "to": entry["to_status"],
                    "reason_code": entry["reason_code"],
                    "effective_date": entry["effective_date"],
                }
            )
        record_batch(
            session=self.session,
            actor=self.actor,
            event_type="certificate.history",
            model=StatusChange,
            rows=rows,
            payloads=payloads,
        )

    def _entry(self, cert_id: int, row: CleanRow, move: Move | None) -> dict[str, Any]:
        base = {
            "certificate_id": cert_id,
            "body_id": self.body_id,
            "signed_by": None,
            "details": {"source": "import", "row": row.row},
            "recorded_at": self.now,
        }
        if move is None:
            return {
                **base,
                "transition": "issue",
                "from_status": None,
                "to_status": "active",
                "reason_code": "I02",
                "reason": "",
                "effective_date": row.issue_date,
            }
        return {
            **base,
            "transition": move.transition.value,
            "from_status": move.from_status.value,
            "to_status": move.to_status.value,
            "reason_code": move.reason_code,
            "reason": row.reason,
            "effective_date": move.effective_date,
        }


def _organization_payload(row: CleanRow) -> dict[str, Any]:
    """What ``organization.created`` records, as when an organisation is registered by hand."""
    return {
        "uscc": row.uscc,
        "name": row.holder_name,
        "name_en": row.holder_name_en,
        "region_code": row.region_code,
        "address": row.address,
        "employees": row.employees,
        "industry_code": None,
    }


def _certificate_payload(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in {"created_at", "updated_at"}}


def _changes(old: Any, row: CleanRow, holder: int) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each compared field the file changes."""
    new = row._asdict() | {"organization_id": holder}
    changed = {}
    for name in COMPARED:
        before, after = getattr(old, name), new[name]
        if _comparable(name, before) != _comparable(name, after):
            changed[name] = [before, after]
    return changed


def _comparable(name: str, value: Any) -> Any:
    if name == "sectors":
        return sorted(value or [])
    if name == "sites":
        return [{k: v for k, v in site.items() if v is not None} for site in value or []]
    return value
