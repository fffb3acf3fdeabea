"""The one joined SELECT behind each open data set, in the column order of :mod:`.columns`.

Certificates join their body, holder and scheme. History entries join the certificate (its
current number and body, the key into the certificates data set), the body that recorded the
entry, the signer, and the leaf of the event that recorded the entry in the transparency log:

- an entry written as the subject of its own event (an issue through the lifecycle, a status
  change from bulk intake: ``certificate.history``) is found by that event's subject;
- an entry written with a transition (:func:`~qualicert.certification.service.certificates.
  apply_transition`) is recorded by the certificate's event ``certificate.<transition>``, one
  such event per such entry, so the n-th of these entries for a certificate and transition
  matches the n-th of those events (both numbered in id order by a window function);
- the ``issue`` entry of a certificate that bulk intake created is recorded by that
  certificate's one ``certificate.imported`` event (uploads written before this rule gave
  the entry its own event, which the first rule finds).

Rows come in id order, so two exports of unchanged data are byte for byte equal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, cast, exists, func, literal, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.selectable import Subquery

from qualicert.certification.lifecycle import Transition
from qualicert.certification.models import Certificate, StatusChange
from qualicert.ledger.models import Event, LogLeaf
from qualicert.registry.models import CertificationBody, Organization, Person, Scheme
from qualicert.statistics.columns import COLUMNS, Dataset

ENTRY_SUBJECT = StatusChange.__tablename__
CERTIFICATE_SUBJECT = Certificate.__tablename__
AnySelect = Select[*tuple[Any, ...]]
TRANSITION_EVENTS = tuple(f"certificate.{t.value}" for t in Transition)
ISSUE = "issue"
IMPORTED = "certificate.imported"
"""Bulk intake's event for a new certificate, which also records its ``issue`` entry."""


def query(dataset: Dataset) -> AnySelect:
    """The SELECT of ``dataset``; its labels are the data set's column names, in order."""
    statement = certificates() if dataset is Dataset.CERTIFICATES else histories()
    names = [c.name for c in COLUMNS[dataset]]
    assert list(statement.selected_columns.keys()) == names, "columns and query disagree"
    return statement


def count(dataset: Dataset) -> Select[int]:
    """How many rows ``dataset`` has (for a progress bar)."""
    table = Certificate if dataset is Dataset.CERTIFICATES else StatusChange
    return select(func.count()).select_from(table)


def certificates() -> AnySelect:
    """Every certificate with its body, holder and scheme, in id order."""
    body, org, scheme = CertificationBody, Organization, Scheme
    return (
        select(
            Certificate.number,
            body.approval_number.label("body_approval_number"),
            body.name.label("body_name"),
            body.name_en.label("body_name_en"),
            org.name.label("holder_name"),
            org.name_en.label("holder_name_en"),
            org.uscc.label("holder_uscc"),
            org.region_code.label("holder_region_code"),
            scheme.code.label("scheme_code"),
            Certificate.standard,
            Certificate.scope,
            Certificate.scope_en,
            Certificate.sites,
            Certificate.sectors,
            Certificate.issue_date,
            Certificate.expiry_date,
            Certificate.original_issue_date,
            Certificate.status,
            Certificate.status_since,
        )
        .join(body, body.id == Certificate.body_id)
        .join(org, org.id == Certificate.organization_id)
        .join(scheme, scheme.id == Certificate.scheme_id)
        .order_by(Certificate.id)
    )


def histories() -> AnySelect:
    """Every status-history entry with its certificate, bodies, signer and leaf, in id order."""
    holder_body = aliased(CertificationBody, name="holder_body")
    entry_body = aliased(CertificationBody, name="entry_body")
    own, own_leaf = _own_events(), aliased(LogLeaf, name="own_leaf")
    plain, moved = _plain_entries(), _transition_events()
    moved_leaf = aliased(LogLeaf, name="moved_leaf")
    imported, imported_leaf = (
        aliased(Event, name="imported"),
        aliased(LogLeaf, name="imported_leaf"),
    )
    return (
        select(
            Certificate.number.label("certificate_number"),
            holder_body.approval_number.label("body_approval_number"),
            holder_body.name.label("body_name"),
            entry_body.approval_number.label("entry_body_approval_number"),
            StatusChange.transition,
            StatusChange.from_status,
            StatusChange.to_status.label("status"),
            StatusChange.reason_code,
            StatusChange.reason,
            StatusChange.effective_date,
            Person.registration_number.label("signed_by_registration_number"),
            Person.name.label("signed_by_name"),
            StatusChange.recorded_at,
            func.coalesce(
                own_leaf.leaf_index, moved_leaf.leaf_index, imported_leaf.leaf_index
            ).label("leaf_index"),
        )
        .select_from(StatusChange)
        .join(Certificate, Certificate.id == StatusChange.certificate_id)
        .join(holder_body, holder_body.id == Certificate.body_id)
        .join(entry_body, entry_body.id == StatusChange.body_id)
        .outerjoin(Person, Person.id == StatusChange.signed_by)
        .outerjoin(own, own.c.subject_id == cast(StatusChange.id, String))
        .outerjoin(own_leaf, own_leaf.event_id == own.c.event_id)
        .outerjoin(plain, plain.c.entry_id == StatusChange.id)
        .outerjoin(
            moved,
            and_(
                moved.c.subject_id == cast(plain.c.certificate_id, String),
                moved.c.event_type == literal("certificate.", String) + plain.c.transition,
                moved.c.nth == plain.c.nth,
            ),
        )
        .outerjoin(moved_leaf, moved_leaf.event_id == moved.c.event_id)
        .outerjoin(
            imported,
            and_(
                own.c.event_id.is_(None),
                StatusChange.transition == ISSUE,
                imported.subject_type == CERTIFICATE_SUBJECT,
                imported.subject_id == cast(StatusChange.certificate_id, String),
                imported.event_type == IMPORTED,
            ),
        )
        .outerjoin(imported_leaf, imported_leaf.event_id == imported.id)
        .order_by(StatusChange.id)
    )


def _own_events() -> Subquery:
    """Events whose subject is a history entry."""
    return (
        select(Event.id.label("event_id"), Event.subject_id)
        .where(Event.subject_type == ENTRY_SUBJECT)
        .subquery("own")
    )


def _plain_entries() -> Subquery:
    """Transition entries that are no event's subject, numbered per certificate and transition
    (an ``issue`` entry is always its own event's subject or an imported certificate's)."""
    has_own = exists().where(
        Event.subject_type == ENTRY_SUBJECT, Event.subject_id == cast(StatusChange.id, String)
    )
    nth = func.row_number().over(
        partition_by=(StatusChange.certificate_id, StatusChange.transition),
        order_by=StatusChange.id,
    )
    return (
        select(
            StatusChange.id.label("entry_id"),
            StatusChange.certificate_id,
            StatusChange.transition,
            nth.label("nth"),
        )
        .where(~has_own, StatusChange.transition != ISSUE)
        .subquery("plain")
    )


def _transition_events() -> Subquery:
    """Transition events of certificates, numbered per certificate and event type."""
    nth = func.row_number().over(
        partition_by=(Event.subject_id, Event.event_type), order_by=Event.id
    )
    return (
        select(Event.id.label("event_id"), Event.subject_id, Event.event_type, nth.label("nth"))
        .where(
            Event.subject_type == CERTIFICATE_SUBJECT,
            Event.event_type.in_(TRANSITION_EVENTS),
        )
        .subquery("moved")
    )
