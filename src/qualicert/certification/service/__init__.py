"""Certification operations: one module per step of the lifecycle.

Every write checks the actor's scope and the rules of the step, then goes through
:func:`qualicert.ledger.service.record`.
"""

from qualicert.certification.service.applications import (
    decide_application,
    list_applications,
    programme_of,
    submit_application,
)
from qualicert.certification.service.audits import plan_audit, set_team
from qualicert.certification.service.certificates import apply_transition, change_status
from qualicert.certification.service.decisions import decide
from qualicert.certification.service.lookups import find, history
from qualicert.certification.service.queries import list_certificates, public_history, public_view
from qualicert.certification.service.reports import add_lab_report, report_of, sign_report
from qualicert.certification.service.transfers import transfer

__all__ = [
    "add_lab_report",
    "apply_transition",
    "change_status",
    "decide",
    "decide_application",
    "find",
    "history",
    "list_applications",
    "list_certificates",
    "plan_audit",
    "programme_of",
    "public_history",
    "public_view",
    "report_of",
    "set_team",
    "sign_report",
    "submit_application",
    "transfer",
]
