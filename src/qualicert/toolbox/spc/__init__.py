"""Statistical process control: control charts, run rules, OC curves and run lengths.

Shewhart charts for variables (:func:`xbar_r`, :func:`xbar_s`, :func:`imr`) and attributes
(:func:`p_chart`, :func:`np_chart`, :func:`c_chart`, :func:`u_chart`, Laney's :func:`laney_p`
and :func:`laney_u`), time-weighted charts (:func:`ewma`, :func:`cusum`), the Western
Electric and Nelson run rules (:mod:`~qualicert.toolbox.spc.rules`), and operating
characteristic curves and average run lengths (:mod:`~qualicert.toolbox.spc.performance`).

Every chart returns a frozen result with ``center``, ``lcl``, ``ucl`` (floats when constant,
one value per point when they vary), ``sigma``, the plotted ``statistic`` and ``violations``.

Example
-------
>>> from qualicert.toolbox import spc
>>> chart = spc.imr([10.1, 9.8, 10.0, 10.3, 9.9, 10.2, 9.7, 10.0])
>>> round(chart.center, 4)
10.0
"""

from qualicert.toolbox.spc._base import ChartPair, ControlChart, Stage, Violation
from qualicert.toolbox.spc.attributes import c_chart, np_chart, p_chart, u_chart
from qualicert.toolbox.spc.individuals import imr, moving_ranges
from qualicert.toolbox.spc.laney import laney_p, laney_u
from qualicert.toolbox.spc.performance import (
    OCCurve,
    arl_cusum,
    arl_ewma,
    arl_shewhart,
    oc_c,
    oc_p,
    oc_xbar,
)
from qualicert.toolbox.spc.rules import (
    RuleSet,
    apply_rules,
    limits_only,
    nelson,
    western_electric,
)
from qualicert.toolbox.spc.timeweighted import CusumChart, EwmaChart, cusum, ewma
from qualicert.toolbox.spc.variables import group, xbar_r, xbar_s

__all__ = [
    "ChartPair",
    "ControlChart",
    "CusumChart",
    "EwmaChart",
    "OCCurve",
    "RuleSet",
    "Stage",
    "Violation",
    "apply_rules",
    "arl_cusum",
    "arl_ewma",
    "arl_shewhart",
    "c_chart",
    "cusum",
    "ewma",
    "group",
    "imr",
    "laney_p",
    "laney_u",
    "limits_only",
    "moving_ranges",
    "nelson",
    "np_chart",
    "oc_c",
    "oc_p",
    "oc_xbar",
    "p_chart",
    "u_chart",
    "western_electric",
    "xbar_r",
    "xbar_s",
]
