"""Published reference data shared by the toolbox CLI and API tests.

The values the tests assert come from the same sources as tests/toolbox/ (cited there and
next to each assertion): Montgomery's piston rings and orange-juice cans through R's qcc
data sets, the AIAG MSA 4th ed. gauge study and the qcc ``pareto.chart`` example.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

QCC = Path(__file__).resolve().parents[1].parent / "shared" / "reference-data" / "qcc"

# AIAG MSA 4th ed. (2010), chapter III section B: 10 parts, appraisers A, B, C, 3 trials
# (rows: trials; columns: parts 1-10). The same data as tests/toolbox/test_msa.py.
AIAG = {
    "A": [
        [0.29, -0.56, 1.34, 0.47, -0.80, 0.02, 0.59, -0.31, 2.26, -1.36],
        [0.41, -0.68, 1.17, 0.50, -0.92, -0.11, 0.75, -0.20, 1.99, -1.25],
        [0.64, -0.58, 1.27, 0.64, -0.84, -0.21, 0.66, -0.17, 2.01, -1.31],
    ],
    "B": [
        [0.08, -0.47, 1.19, 0.01, -0.56, -0.20, 0.47, -0.63, 1.80, -1.68],
        [0.25, -1.22, 0.94, 1.03, -1.20, 0.22, 0.55, 0.08, 2.12, -1.62],
        [0.07, -0.68, 1.34, 0.20, -1.28, 0.06, 0.83, -0.34, 2.19, -1.50],
    ],
    "C": [
        [0.04, -1.38, 0.88, 0.14, -1.46, -0.29, 0.02, -0.46, 1.77, -1.49],
        [-0.11, -1.13, 1.09, 0.20, -1.07, -0.67, 0.01, -0.56, 1.45, -1.77],
        [-0.15, -0.96, 0.67, 0.11, -1.45, -0.49, 0.21, -0.49, 1.87, -2.16],
    ],
}

# R qcc, help page of pareto.chart: defect counts by category.
PARETO = {
    "price code": 80,
    "schedule date": 27,
    "supplier code": 66,
    "contact num.": 94,
    "part num.": 33,
}


def qcc_rows(name: str) -> list[dict[str, str]]:
    """The rows of a qcc data set (skips the test when the reference data is absent)."""
    path = QCC / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"reference data {path} is not available")
    with path.open() as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def pistonrings() -> np.ndarray:
    """Montgomery's piston-ring diameters: 40 samples of 5 (1-25 phase I)."""
    return np.array([float(r["diameter"]) for r in qcc_rows("pistonrings")]).reshape(40, 5)


def orangejuice() -> tuple[np.ndarray, np.ndarray]:
    """Montgomery example 7.1: nonconforming cans D and sample sizes (54 samples)."""
    rows = qcc_rows("orangejuice")
    return np.array([float(r["D"]) for r in rows]), np.array([float(r["size"]) for r in rows])


def aiag_long() -> tuple[list[int], list[str], list[float]]:
    """The AIAG study in long format: part, operator and value of each measurement."""
    parts: list[int] = []
    operators: list[str] = []
    values: list[float] = []
    for operator, trials in AIAG.items():
        for trial in trials:
            parts += list(range(1, 11))
            operators += [operator] * 10
            values += trial
    return parts, operators, values
