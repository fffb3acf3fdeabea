"""What a checked row becomes in the database: table rows and the payloads of their events.

Pure functions (no session): the apply pass hands their output to the event path.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from qualicert.certification.bulk.checks import Move
from qualicert.certification.bulk.fields import CleanRow

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
"""Certificate columns a re-upload may change (status goes through the lifecycle)."""


IMPORT_DETAILS: dict[str, Any] = {"source": "import"}
"""The ``details`` of every history entry an upload writes: one object, never changed, so
the JSON column's conversion runs once per batch."""


def organization_payload(row: CleanRow) -> dict[str, Any]:
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


def certificate_values(
    row: CleanRow, body_id: int, holder: int, move: Move | None
) -> dict[str, Any]:
    """The columns of a new certificate (``source`` imported), without timestamps."""
    since = move.effective_date if move else row.status_date or row.issue_date
    return {
        "body_id": body_id,
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
    }


def issue_entry(body_id: int, row: CleanRow) -> dict[str, Any]:
    """A new certificate's first status-history row, ``issue`` (reason I02: recorded from an
    upload), without its ``certificate_id``."""
    return {
        "body_id": body_id,
        "signed_by": None,
        "details": IMPORT_DETAILS,
        "transition": "issue",
        "from_status": None,
        "to_status": "active",
        "reason_code": "I02",
        "reason": "",
        "effective_date": row.issue_date,
    }


def history_entry(cert_id: int, body_id: int, row: CleanRow, move: Move) -> dict[str, Any]:
    """A status-history row for a transition the file gives."""
    return {
        "certificate_id": cert_id,
        "body_id": body_id,
        "signed_by": None,
        "details": IMPORT_DETAILS,
        "transition": move.transition.value,
        "from_status": move.from_status.value,
        "to_status": move.to_status.value,
        "reason_code": move.reason_code,
        "reason": row.reason,
        "effective_date": move.effective_date,
    }


def history_payload(number: str, entry: dict[str, Any]) -> dict[str, Any]:
    """What ``certificate.history`` records of one entry."""
    return {"certificate": number, **entry_summary(entry)}


def entry_summary(entry: dict[str, Any]) -> dict[str, Any]:
    """A history entry as events record it: the transition, statuses, reason and date."""
    return {
        "transition": entry["transition"],
        "from": entry["from_status"],
        "to": entry["to_status"],
        "reason_code": entry["reason_code"],
        "reason": entry["reason"],
        "effective_date": entry["effective_date"],
    }


def changes(old: Any, row: CleanRow, holder: int | None) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each compared column the file changes (``holder`` None:
    a holder not registered yet, so a change of holder)."""
    new = row._asdict() | {"organization_id": holder}
    found = {}
    for name in COMPARED:
        before, after = getattr(old, name), new[name]
        if _comparable(name, before) != _comparable(name, after):
            found[name] = [before, after]
    return found


def _comparable(name: str, value: Any) -> Any:
    """Sectors in any order, and sites without empty keys, compare equal."""
    if name == "sectors":
        return sorted(value or [])
    if name == "sites":
        return [{k: v for k, v in site.items() if v is not None} for site in value or []]
    return value


def stamps(now: dt.datetime) -> dict[str, dt.datetime]:
    """``created_at`` and ``updated_at`` of rows written by one import."""
    return {"created_at": now, "updated_at": now}
