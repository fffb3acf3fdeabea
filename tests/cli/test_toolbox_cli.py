"""``qualicert toolbox ...``: CSV and XLSX in, published numbers out, readable refusals."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_allclose
from openpyxl import Workbook
from typer.testing import CliRunner

from qualicert.cli import app
from tests import toolbox_samples as samples

Run = Callable[..., Any]


@pytest.fixture
def run() -> Run:
    """Run ``qualicert toolbox ARGS...``; returns the click result."""
    runner = CliRunner()

    def invoke(*args: object) -> Any:
        return runner.invoke(app, ["toolbox", *map(str, args)])

    return invoke


def ok_json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def said(result: Any) -> str:
    return " ".join(result.output.split())


def refused(result: Any, *phrases: str) -> None:
    """Exit status 1, no traceback, and each phrase in the message."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "error" in result.output
    for phrase in phrases:
        assert phrase in said(result), said(result)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.fixture
def rings(tmp_path: Path) -> Path:
    """Piston rings, long format: diameter and sample number, 40 samples of 5."""
    data = samples.pistonrings()
    rows = [(x, i + 1) for i, group in enumerate(data) for x in group]
    return write_csv(tmp_path / "rings.csv", ("diameter", "sample"), rows)


@pytest.fixture
def rings_xlsx(tmp_path: Path) -> Path:
    """Phase I piston rings (samples 1-25) in a workbook, one diameter per row."""
    rows = [(i // 5 + 1, x) for i, x in enumerate(samples.pistonrings()[:25].ravel())]
    return write_xlsx(tmp_path / "rings.xlsx", ("sample", "diameter"), rows)


# SPC --------------------------------------------------------------------------------------


def test_xbar_r_from_csv_matches_qcc(run: Run, rings: Path, tmp_path: Path) -> None:
    # Montgomery's piston rings, qcc(pistonrings[1:25, ], type = "xbar"): centre 74.00118,
    # LCL 73.98805, UCL 74.01431; R chart centre 0.02276, UCL 0.04812. Samples 26-40 are
    # phase II against these limits: 37, 38 and 39 plot above the UCL (Montgomery, qcc).
    out = ok_json(
        run("spc", rings, "--chart", "xbar-r", "--column", "diameter",
            "--subgroup-column", "sample", "--exclude", "26-40", "--json")
    )  # fmt: skip
    location, dispersion = out["location"], out["dispersion"]
    assert_allclose(location["center"], 74.00118, atol=5e-6)
    assert_allclose([location["lcl"], location["ucl"]], [73.98805, 74.01431], atol=5e-6)
    assert_allclose(dispersion["ucl"], 0.04812, atol=1e-5)
    assert location["hits"]["1"] == [36, 37, 38]
    assert out["location"]["excluded"] == list(range(25, 40))


def test_xbar_r_from_xlsx_by_position(run: Run, rings_xlsx: Path) -> None:
    out = ok_json(
        run("spc", rings_xlsx, "--chart", "XBAR_R", "--column", "2", "--subgroup-size", "5",
            "--sheet", "data", "--json")
    )  # fmt: skip
    assert_allclose(out["location"]["lcl"], 73.98805, atol=5e-6)
    assert out["location"]["phase"] == "I"


def test_report_names_the_out_of_control_points(run: Run, rings: Path) -> None:
    result = run("spc", rings, "--chart", "xbar-r", "--column", "diameter",
                 "--subgroup-size", "5", "--exclude", "26-40")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "phase I" in text
    assert "out-of-control points" in text
    for point in ("37", "38", "39"):
        assert point in text


def test_p_chart_matches_montgomery(run: Run, tmp_path: Path) -> None:
    # Montgomery example 7.1 and qcc(D[trial], sizes, type = "p"): p-bar 0.2313, LCL 0.0524,
    # UCL 0.4102; samples 15 and 23 beyond the UCL.
    d, n = samples.orangejuice()
    path = write_csv(tmp_path / "oj.csv", ("D", "size"), zip(d[:30], n[:30], strict=True))
    out = ok_json(run("spc", path, "--chart", "p", "--column", "D", "--size-column", "size",
                      "--json"))  # fmt: skip
    assert_allclose([out["center"], out["lcl"], out["ucl"]], [0.2313, 0.0524, 0.4102], atol=5e-5)
    assert out["hits"]["1"] == [14, 22]
    # One sample size for all rows gives the same chart.
    same = ok_json(run("spc", path, "--chart", "p", "--column", "D", "--size", "50", "--json"))
    assert same["ucl"] == out["ucl"]


@pytest.mark.parametrize("chart", ["imr", "ewma", "cusum"])
def test_individuals_charts(run: Run, tmp_path: Path, chart: str) -> None:
    x = np.random.default_rng(3).normal(10, 1, 40)
    path = write_csv(tmp_path / "x.csv", ("x",), [(v,) for v in x])
    out = ok_json(run("spc", path, "--chart", chart, "--column", "x", "--json"))
    assert out["kind"] == chart


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_out_writes_the_chart(run: Run, rings: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"chart{suffix}"
    result = run("spc", rings, "--chart", "xbar-s", "--column", "diameter",
                 "--subgroup-size", "5", "--out", out, "--json")  # fmt: skip
    json.loads(result.stdout)  # the notice goes to stderr: stdout stays JSON
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert data.lstrip().startswith(b"<?xml") and b"<svg" in data


# Other analyses ---------------------------------------------------------------------------


def test_capability_matches_qcc(run: Run, rings_xlsx: Path, tmp_path: Path) -> None:
    # qcc process.capability(qcc(pistonrings[trial], "xbar"), spec.limits = c(73.95, 74.05)):
    # sigma 0.009785, Cp 1.703, Cpl 1.743, Cpu 1.663, Cpk 1.663, Cpm 1.691.
    out = ok_json(
        run("capability", rings_xlsx, "--column", "diameter", "--subgroup-size", "5",
            "--lsl", "73.95", "--usl", "74.05", "--json", "--out", tmp_path / "c.png")
    )  # fmt: skip
    result = out  # the same JSON as POST /api/v1/toolbox/capability
    assert_allclose(result["sigma_within"], 0.009785, atol=5e-7)
    got = [result[k] for k in ("cp", "cpl", "cpu", "cpk", "cpm")]
    assert_allclose(got, [1.703, 1.743, 1.663, 1.663, 1.691], atol=5e-4)
    assert out["intervals"]["cp"]["low"] < result["cp"] < out["intervals"]["cp"]["high"]
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")


def test_capability_report(run: Run, rings_xlsx: Path) -> None:
    result = run("capability", rings_xlsx, "--column", "diameter", "--subgroup-size", "5",
                 "--lsl", "73.95", "--usl", "74.05")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Cpk" in result.output and "1.66" in result.output


def test_sampling_plan(run: Run) -> None:
    # ISO 2859-1 Tables 1 and 2-A: lot 1000, level II -> J; AQL 1.0 -> n 80, Ac 2, Re 3.
    out = ok_json(run("sampling", "--lot-size", 1000, "--aql", 1.0, "--p", 0.01, "--json"))
    plan = out["plan"]
    assert (plan["code_letter"], plan["sample_size"], plan["ac"], plan["re"]) == ("J", 80, 2, 3)
    assert_allclose(out["pa_at_aql"], 0.9534, atol=5e-5)
    report = run("sampling", "--lot-size", 1000, "--aql", 1.0, "--severity", "tightened")
    assert report.exit_code == 0 and "tightened" in report.output


def test_msa_matches_aiag(run: Run, tmp_path: Path) -> None:
    # AIAG MSA 4th ed. gauge study by ANOVA (interaction pooled): %study variation of GRR
    # 27.86 %, ndc 4.
    path = write_csv(tmp_path / "gauge.csv", ("part", "operator", "value"),
                     list(zip(*samples.aiag_long(), strict=True)))  # fmt: skip
    out = ok_json(run("msa", path, "--part-column", "part", "--operator-column", "operator",
                      "--value-column", "value", "--json"))  # fmt: skip
    assert_allclose(out["pct_grr"], 27.86, atol=5e-3)
    assert out["ndc"] == 4
    report = run("msa", path, "--part-column", "part", "--operator-column", "operator",
                 "--value-column", "value")  # fmt: skip
    assert "marginal" in report.output


def test_pareto_matches_qcc(run: Run, tmp_path: Path) -> None:
    # qcc pareto.chart example: cumulative 31.33, 58, 80, 91, 100 %; vital few to 80 %.
    path = write_csv(tmp_path / "defects.csv", ("defect", "n"), list(samples.PARETO.items()))
    out = ok_json(run("pareto", path, "--category-column", "defect", "--count-column", "n",
                      "--json", "--out", tmp_path / "p.svg"))  # fmt: skip
    assert_allclose(out["cumulative_percentages"], [31.333333, 58, 80, 91, 100], atol=5e-6)
    assert out["vital_few"] == ["contact num.", "price code", "supplier code"]
    assert b"<svg" in (tmp_path / "p.svg").read_bytes()


def test_fmea_action_priority(run: Run, tmp_path: Path) -> None:
    # AIAG-VDA FMEA Handbook (2019) AP table: S 8, O 5, D 3 -> M; S 9, O 6, D 1 -> H.
    path = write_xlsx(tmp_path / "pfmea.xlsx", ("Item", "failure mode", "S", "O", "D"),
                      [("hinge", "cracks", 8, 5, 3), ("door", "sags", 9, 6, 1)])  # fmt: skip
    out = ok_json(run("fmea", path, "--kind", "pfmea", "--json"))
    assert [(r["action_priority"], r["rpn"]) for r in out["rows"]] == [("M", 120), ("H", 54)]
    assert out["rows"][0]["row"]["failure_mode"] == "cracks"
    assert [r["number"] for r in out["summary"]] == [2, 1]


def test_trace_forward_and_recall(run: Run, tmp_path: Path) -> None:
    edges = [("flour-1", "dough-A"), ("sugar-1", "dough-A"), ("sugar-1", "dough-B"),
             ("dough-A", "bread-1"), ("dough-B", "bread-2"), ("bread-1", "ship-100"),
             ("bread-2", "ship-101")]  # fmt: skip
    path = write_csv(tmp_path / "edges.csv", ("from", "to"), edges)
    ships = write_csv(tmp_path / "ships.csv", ("lot", "customer"),
                      [("ship-100", "Wumart"), ("ship-101", "Yonghui")])  # fmt: skip
    args = ("trace", path, "--parent-column", "from", "--child-column", "to", "--lot", "sugar-1")
    forward = ok_json(run(*args, "--json"))
    assert forward["lots"] == ["dough-A", "dough-B", "bread-1", "bread-2", "ship-100", "ship-101"]
    assert forward["depths"] == [1, 1, 2, 2, 3, 3]
    recall = ok_json(run(*args, "--direction", "recall", "--shipments", ships, "--json"))
    assert recall["customers"] == ["Wumart", "Yonghui"]
    assert recall["paths"]["ship-100"] == ["sugar-1", "dough-A", "bread-1", "ship-100"]
    report = run(*args, "--direction", "backward", "--lot", "x")
    refused(report, "backward trace starts from one lot")


# Refusals ---------------------------------------------------------------------------------


def test_a_bad_cell_names_file_row_and_column(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("# a comment\nx\n1.0\n2.0\nn/a\n3.0\n", encoding="utf-8")
    refused(run("spc", path, "--chart", "imr", "--column", "x"),
            "x.csv", "column 'x'", "row 5", "'n/a' is not a finite number")  # fmt: skip


def test_nan_and_blank_cells_are_refused(run: Run, tmp_path: Path) -> None:
    rows = [(1.0, "a"), (None, "b"), (2.0, "c")]
    path = write_xlsx(tmp_path / "x.xlsx", ("x", "note"), rows)
    refused(run("capability", path, "--column", "x", "--lsl", "0"), "row 3", "is empty")
    # an empty row is skipped, NaN is not a number
    path = write_csv(tmp_path / "y.csv", ("x",), [(1.0,), (), (2.0,), ("NaN",)])
    refused(run("capability", path, "--column", "x", "--lsl", "0"), "row 5", "not a finite")


def test_an_unknown_column_lists_the_columns(run: Run, rings: Path) -> None:
    refused(run("spc", rings, "--chart", "imr", "--column", "width"),
            "no column 'width'", "'diameter', 'sample'")  # fmt: skip


@pytest.mark.parametrize(
    ("args", "phrases"),
    [
        (("--lsl", "74.05", "--usl", "73.95"), ("lsl 74.05 must be below usl 73.95",)),
        (("--subgroup-size", "7"), ("not divisible by subgroup_size 7",)),
        ((), ("no specification",)),
    ],
)
def test_capability_refusals(
    run: Run, rings: Path, args: tuple[str, ...], phrases: tuple[str, ...]
) -> None:
    refused(run("capability", rings, "--column", "diameter", *args), *phrases)


def test_spc_refusals(run: Run, tmp_path: Path, rings: Path) -> None:
    short = write_csv(tmp_path / "short.csv", ("x",), [(1.0,), (2.0,)])
    refused(run("spc", short, "--chart", "imr", "--column", "x"), "at least 3 values")
    flat = write_csv(tmp_path / "flat.csv", ("x",), [(5.0,)] * 10)
    refused(run("spc", flat, "--chart", "imr", "--column", "x"), "no variation")
    uneven = write_csv(tmp_path / "uneven.csv", ("x", "g"), [(1, "a"), (2, "a"), (3, "b")])
    refused(run("spc", uneven, "--chart", "xbar-r", "--column", "x", "--subgroup-column", "g"),
            "equal size")  # fmt: skip
    refused(run("spc", rings, "--chart", "xbar-r", "--column", "diameter"), "--subgroup-size")
    refused(run("spc", rings, "--chart", "pie", "--column", "diameter"), "chart 'pie'")
    refused(run("spc", rings, "--chart", "p", "--column", "diameter"), "sizes is required")
    refused(run("spc", rings, "--chart", "imr", "--column", "diameter", "--out", "x.jpg"),
            ".png or .svg")  # fmt: skip
    refused(run("spc", tmp_path / "none.csv", "--chart", "imr", "--column", "x"), "no such file")


def test_other_refusals(run: Run, tmp_path: Path) -> None:
    refused(run("sampling", "--lot-size", 1000, "--aql", 0.5), "aql 0.5 is not a preferred AQL")
    refused(run("sampling", "--lot-size", 1000, "--aql", 1, "--level", "IV"), "level 'IV'")
    bad = write_csv(tmp_path / "f.csv", ("severity", "occurrence", "detection"), [(11, 2, 3)])
    refused(run("fmea", bad), "severity 11")
    cycle = write_csv(tmp_path / "c.csv", ("a", "b"), [("x", "y"), ("y", "x")])
    refused(run("trace", cycle, "--parent-column", "a", "--child-column", "b", "--lot", "x"),
            "cycle")  # fmt: skip
    garbage = tmp_path / "bad.xlsx"
    garbage.write_bytes(b"not a workbook")
    refused(run("pareto", garbage, "--category-column", "x"), "cannot be read")


def test_semicolons_bom_and_quantities(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "edges.csv"
    path.write_text(
        "\ufeffparent;child;kg\nflour;dough;50\nsugar;dough;\ndough;bread;60\n", "utf-8"
    )
    out = ok_json(run("trace", path, "--parent-column", "Parent", "--child-column", "child",
                      "--quantity-column", "kg", "--lot", "bread", "--direction", "backward",
                      "--json"))  # fmt: skip
    assert sorted(out["lots"]) == ["dough", "flour", "sugar"]


def test_an_unknown_sheet_lists_the_sheets(run: Run, rings_xlsx: Path) -> None:
    refused(run("capability", rings_xlsx, "--column", "diameter", "--lsl", "74", "--sheet", "x"),
            "no sheet 'x'", "data")  # fmt: skip
