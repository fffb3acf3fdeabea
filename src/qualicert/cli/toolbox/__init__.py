"""``qualicert toolbox``: the quality toolbox on CSV and XLSX files, one module per command.

Each command reads columns by name or position (``_io``), calls :mod:`qualicert.toolbox`,
prints a readable report with rich tables or, with ``--json``, the same JSON as the HTTP
API, and writes charts with ``--out FILE.png|FILE.svg`` (``_report``).
"""

from __future__ import annotations

import typer

from qualicert.cli.toolbox import capability, fmea, msa, pareto, sampling, spc, trace

app = typer.Typer(
    help="Quality toolbox: SPC, capability, sampling, MSA, Pareto, FMEA, lot tracing.",
    no_args_is_help=True,
)
app.command("spc")(spc.spc_command)
app.command("capability")(capability.capability_command)
app.command("sampling")(sampling.sampling_command)
app.command("msa")(msa.msa_command)
app.command("pareto")(pareto.pareto_command)
app.command("fmea")(fmea.fmea_command)
app.command("trace")(trace.trace_command)
