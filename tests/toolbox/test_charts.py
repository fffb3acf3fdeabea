"""Chart rendering: PNG and SVG output, marks for limits and flags, lazy matplotlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qualicert.toolbox import charts, spc

PNG = b"\x89PNG\r\n\x1a\n"
X = np.array([10.1, 9.8, 10.0, 10.3, 9.9, 10.2, 9.7, 10.0, 13.5, 10.1, 9.9, 10.4])


def test_matplotlib_is_imported_lazily() -> None:
    code = (
        "import sys, qualicert.toolbox.charts, qualicert.toolbox.spc;"
        "sys.exit(1 if any(m.split('.')[0] == 'matplotlib' for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_every_chart_kind_renders() -> None:
    groups = np.random.default_rng(0).normal(10, 1, (20, 4))
    # One of each drawing path: a pair, stepped limits, Laney, EWMA and CUSUM.
    results = [
        spc.xbar_s(groups),
        spc.p_chart([3, 5, 2, 8, 4], [100, 120, 90, 200, 150]),
        spc.laney_p([30, 55, 20, 80, 40], [1000, 1200, 900, 2000, 1500]),
        spc.ewma(X),
        spc.cusum(X, target=10, sigma=0.2),
    ]
    for i, result in enumerate(results):
        if i % 2 == 0:
            assert charts.render(result).startswith(PNG)
        else:
            assert charts.render(result, "svg").lstrip().startswith(b"<?xml")


def test_svg_marks_flags_and_limits_and_is_reproducible() -> None:
    chart = spc.imr(X)
    assert chart.location.beyond_limits.tolist() == [8]
    svg = charts.render(chart, "svg", title="Viscosity")
    assert svg == charts.render(chart, "svg", title="Viscosity")
    text = svg.decode()
    assert "Viscosity" in text and "UCL" in text and "LCL" in text
    assert ">1<" in text or ">1,5<" in text or "1," in text  # the rule label of point 9


def test_stages_and_stepped_limits_render() -> None:
    d, n = np.array([3, 5, 2, 8, 4, 1, 2, 1]), np.array([100, 120, 90, 200, 150, 80, 90, 70])
    chart = spc.p_chart(d, n, stages=["a"] * 4 + ["b"] * 4)
    assert "b" in charts.render(chart, "svg").decode()


def test_save_uses_the_suffix(tmp_path: Path) -> None:
    chart = spc.c_chart([3, 5, 2, 8, 4])
    charts.save(chart, tmp_path / "c.png")
    charts.save(chart, tmp_path / "c.svg")
    assert (tmp_path / "c.png").read_bytes().startswith(PNG)
    assert b"<svg" in (tmp_path / "c.svg").read_bytes()
    with pytest.raises(ValueError, match="format 'pdf' is not one of png, svg"):
        charts.save(chart, tmp_path / "c.pdf")


def test_pareto() -> None:
    svg = charts.render_pareto(["scratch", "dent", "crack"], [50, 30, 20], "svg").decode()
    assert "scratch" in svg and "cumulative" in svg
    assert charts.render_pareto(list("abcdefgh"), range(8, 0, -1)).startswith(PNG)
    with pytest.raises(ValueError, match="one count per category"):
        charts.render_pareto(["a", "b"], [1, 2, 3])
    with pytest.raises(ValueError, match="not all 0"):
        charts.render_pareto(["a", "b"], [0, 0])


def test_capability_histogram() -> None:
    data = np.random.default_rng(1).normal(10, 1, 200)
    svg = charts.render_capability(data, 7, 13, 10, "svg", sigma_within=0.9).decode()
    assert "LSL" in svg and "USL" in svg and "target" in svg and "within" in svg
    assert charts.render_capability(data, usl=13).startswith(PNG)
    with pytest.raises(ValueError, match="at least 2 finite values"):
        charts.render_capability([1.0, np.nan])
    with pytest.raises(ValueError, match="format 'jpg'"):
        charts.render_capability(data, fmt="jpg")
