"""Bulk intake: a certification body uploads its certificates as CSV, XLSX or JSON Lines.

The fields are those IAF MD 28 requires bodies to give IAF CertSearch, plus the CNCA detail
fields (USCC, scheme, standard with edition, status and the reason for a change); see
:mod:`~qualicert.certification.bulk.fields` and ``docs/bulk-intake.md``.

::

    readers   file -> (row number, {field: cell})       streaming CSV / XLSX / JSON Lines
    headers   header text (en / zh) -> field
    fields    {field: cell} -> CertificateRow          Pydantic: formats and code lists
    checks    rules across fields, body scope, lifecycle transitions
    intake    pass 1 check (read-only), pass 2 apply (one transaction)
    lookups   one IN query per batch; review: a row against the certificate on record
    apply     one batch -> record_batch / update_batch (every row gets its event)
    records   a checked row -> table rows and event payloads (pure)
    report    ImportReport: counts and row errors
"""

from qualicert.certification.bulk.intake import BATCH_ROWS, Progress, Source, import_certificates
from qualicert.certification.bulk.readers import Format, parse_format, sniff_format
from qualicert.certification.bulk.report import MAX_ERRORS, ImportReport, RowError

__all__ = [
    "BATCH_ROWS",
    "MAX_ERRORS",
    "Format",
    "ImportReport",
    "Progress",
    "RowError",
    "Source",
    "import_certificates",
    "parse_format",
    "sniff_format",
]
