"""Acceptance sampling: ISO 2859-1 plans and switching, OC curves, plan design, ISO 3951-1.

* :func:`code_letter` and :func:`plan` read ISO 2859-1 (= GB/T 2828.1, ANSI/ASQ Z1.4)
  Table 1 and the single sampling master tables 2-A, 2-B, 2-C, following their arrows
  (:mod:`~qualicert.toolbox.sampling.tables` holds the tables as data);
* :mod:`~qualicert.toolbox.sampling.switching` is the normal / tightened / reduced /
  discontinued state machine with the switching score;
* :func:`probability_of_acceptance`, :func:`oc_curve`, :func:`aoq`, :func:`aoql` and
  :func:`ati` describe a plan (binomial, hypergeometric or Poisson), vectorised over p;
* :func:`design_plan` finds the smallest (n, c) through two risk points;
* :func:`k_method`, :func:`variables_oc`, :func:`design_variables_plan` and
  :func:`variables_plan` are ISO 3951-1 form k (sigma and s methods).

Example
-------
>>> from qualicert.toolbox import sampling
>>> p = sampling.plan(1000, 1.0)
>>> (p.code_letter, p.sample_size, p.ac, p.re)
('J', 80, 2, 3)
>>> round(float(p.probability_of_acceptance(0.01)), 4)
0.9534
"""

from qualicert.toolbox.sampling import switching
from qualicert.toolbox.sampling.attributes import (
    SamplingPlan,
    aql_index,
    code_letter,
    plan,
    plan_for_letter,
)
from qualicert.toolbox.sampling.design import DesignedPlan, design_plan
from qualicert.toolbox.sampling.oc import (
    METHODS,
    AOQLResult,
    OCCurve,
    aoq,
    aoql,
    ati,
    oc_curve,
    probability_of_acceptance,
)
from qualicert.toolbox.sampling.switching import (
    SwitchingState,
    lot_inspected,
)
from qualicert.toolbox.sampling.tables import AQL_VALUES, LEVELS, SEVERITIES
from qualicert.toolbox.sampling.variables import (
    KMethodResult,
    VariablesPlan,
    design_variables_plan,
    k_method,
    variables_oc,
    variables_plan,
)

__all__ = [
    "AQL_VALUES",
    "LEVELS",
    "METHODS",
    "SEVERITIES",
    "AOQLResult",
    "DesignedPlan",
    "KMethodResult",
    "OCCurve",
    "SamplingPlan",
    "SwitchingState",
    "VariablesPlan",
    "aoq",
    "aoql",
    "aql_index",
    "ati",
    "code_letter",
    "design_plan",
    "design_variables_plan",
    "k_method",
    "lot_inspected",
    "oc_curve",
    "plan",
    "plan_for_letter",
    "probability_of_acceptance",
    "switching",
    "variables_oc",
    "variables_plan",
]
