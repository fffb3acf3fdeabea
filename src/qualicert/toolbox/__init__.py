"""Quality-management toolbox: SPC, capability, sampling, MSA, Pareto, FMEA and lot tracing.

The toolbox stands on its own: its modules import only numpy, scipy and the standard
library (``charts`` imports matplotlib lazily, inside its functions), so an enterprise can
use it without the rest of the platform::

    from qualicert.toolbox import spc
    chart = spc.imr([9.8, 10.1, 10.0, 9.9])
"""
