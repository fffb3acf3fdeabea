"""Quality-management toolbox: SPC, capability, sampling, MSA, Pareto, FMEA and lot tracing.

The toolbox stands on its own: its modules import only numpy, scipy and the standard
library (``charts`` imports matplotlib lazily, inside its functions), so an enterprise can
use it without the rest of the platform::

    from qualicert.toolbox import spc
    chart = spc.imr([9.8, 10.1, 10.0, 9.9, 10.2, 9.7])

Modules: ``spc`` (Shewhart, EWMA, CUSUM and Laney charts, Western Electric and Nelson rules,
OC curves and ARL), ``constants`` (d2, d3, c4 and the factors derived from them for any
subgroup size), ``capability`` (Cp ... Ppm with confidence intervals, non-normal data),
``sampling`` (ISO 2859-1 plans, switching rules, OC/AOQ/ATI, plan design, ISO 3951-1
k-method), ``msa`` (gauge R&R by ANOVA and by average and range, kappa), ``pareto``,
``fmea`` (AIAG-VDA action priority, RPN), ``trace`` (lot genealogy and recall scope) and
``charts`` (PNG and SVG).
"""
