"""FMEA: AIAG-VDA action priority (H, M, L), the legacy RPN, and an FMEA worksheet model.

::

    from qualicert.toolbox import fmea

    fmea.action_priority(8, 5, 3)                      # 'M'
    fmea.action_priority_array([8, 9], [5, 2], [3, 7]) # array(['M', 'H'])
    fmea.rpn(8, 5, 3)                                  # 120
    fmea.evaluate([fmea.FmeaRow(...), ...]).summary    # rows by AP, then severity

``table`` holds the published Action Priority table (AIAG & VDA FMEA Handbook, 2019) as
data; ``worksheet`` holds the row model and ``evaluate``.
"""

from qualicert.toolbox.fmea.table import (
    AP_TABLE,
    DETECTION_BANDS,
    KINDS,
    OCCURRENCE_BANDS,
    SEVERITY_BANDS,
    UNCERTAIN_CELLS,
    action_priority,
    action_priority_array,
    ap_table,
    rpn,
    rpn_array,
)
from qualicert.toolbox.fmea.worksheet import (
    EvaluatedRow,
    Fmea,
    FmeaEvaluation,
    FmeaRow,
    evaluate,
)

__all__ = [
    "AP_TABLE",
    "DETECTION_BANDS",
    "KINDS",
    "OCCURRENCE_BANDS",
    "SEVERITY_BANDS",
    "UNCERTAIN_CELLS",
    "EvaluatedRow",
    "Fmea",
    "FmeaEvaluation",
    "FmeaRow",
    "action_priority",
    "action_priority_array",
    "ap_table",
    "evaluate",
    "rpn",
    "rpn_array",
]
