"""POST /api/v1/toolbox/...: published numbers over HTTP, charts, size limits, clear 422s."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from numpy.testing import assert_allclose

from qualicert.web.api import toolbox_models
from tests import toolbox_samples as samples
from tests.helpers import assert_problem

API = "/api/v1/toolbox"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def raw_client(app: Any) -> Any:
    """A client that shows a server error as a 500 answer instead of raising it."""
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def post(client: Any, name: str, body: Any, **params: str) -> Any:
    """POST without a token (the toolbox needs none) and return the JSON answer."""
    r = client.post(f"{API}/{name}", json=body, params=params)
    assert r.status_code == 200, r.text
    return r.json()


# Published values -------------------------------------------------------------------------


def test_xbar_r_matches_qcc(client: Any) -> None:
    # Montgomery's piston rings, qcc(pistonrings[1:25, ], type = "xbar"): centre 74.00118,
    # LCL 73.98805, UCL 74.01431; R chart centre 0.02276, UCL 0.04812, LCL 0. With those
    # limits samples 37, 38 and 39 plot above the UCL (qcc newdata = pistonrings[26:40, ]).
    rings = samples.pistonrings()
    body = {"chart": "xbar_r", "subgroups": rings.tolist(), "exclude": list(range(25, 40))}
    out = post(client, "spc", body)
    location, dispersion = out["location"], out["dispersion"]
    assert_allclose(location["center"], 74.00118, atol=5e-6)
    assert_allclose([location["lcl"], location["ucl"]], [73.98805, 74.01431], atol=5e-6)
    assert_allclose([dispersion["center"], dispersion["ucl"]], [0.02276, 0.04812], atol=1e-5)
    assert dispersion["lcl"] == 0.0
    assert location["hits"]["1"] == [36, 37, 38]
    assert {"rule": "1", "index": 36, "chart": "xbar"} in location["violations"]


def test_phase_two_with_given_limits(client: Any) -> None:
    rings = samples.pistonrings()
    trial = post(client, "spc", {"chart": "xbar_r", "subgroups": rings[:25].tolist()})
    new = post(client, "spc", {
        "chart": "xbar_r", "subgroups": rings[25:].tolist(),
        "center": trial["location"]["center"], "sigma": trial["location"]["sigma"],
    })  # fmt: skip
    assert new["location"]["phase"] == "II"
    assert [i + 26 for i in new["location"]["hits"]["1"]] == [37, 38, 39]


def test_p_chart_matches_montgomery(client: Any) -> None:
    # Montgomery example 7.1 revised (qcc): without samples 15 and 23, p-bar 0.2150,
    # LCL 0.0407, UCL 0.3893.
    d, _ = samples.orangejuice()
    body = {"chart": "p", "counts": d[:30].tolist(), "sizes": 50, "exclude": [14, 22]}
    out = post(client, "spc", body)
    assert_allclose([out["center"], out["lcl"], out["ucl"]], [0.2150, 0.0407, 0.3893], atol=5e-5)
    assert out["hits"]["1"] == [14, 20, 22]


@pytest.mark.parametrize(
    "body",
    [
        {"chart": "imr", "data": [10.1, 9.8, 10.0, 10.3, 9.9, 10.2, 9.7, 10.0], "rules": "limits"},
        {"chart": "xbar_s", "subgroups": [[1, 2, 3], [2, 3, 4, 5], [1, 3]]},
        {"chart": "np", "counts": [3, 5, 2, 4], "sizes": [50, 50, 50, 50]},
        {"chart": "c", "counts": [3, 5, 2, 4, 6]},
        {"chart": "u", "counts": [3, 5, 2, 4], "sizes": [1.0, 1.5, 1.0, 2.0]},
        {"chart": "laney_p", "counts": [30, 52, 41, 38], "sizes": [1000, 1200, 900, 1100]},
        {"chart": "laney_u", "counts": [30, 52, 41, 38], "sizes": [10, 12, 9, 11]},
        {"chart": "ewma", "data": [10.1, 9.8, 10.0, 10.3, 9.9, 10.2], "lam": 0.1},
        {"chart": "cusum", "subgroups": [[1, 2], [2, 3], [1, 3]], "k": 0.5, "h": 4},
    ],
)
def test_every_chart(client: Any, body: dict[str, Any]) -> None:
    out = post(client, "spc", body)
    assert out["kind"].startswith(body["chart"].split("_")[0]) or out["kind"] in body["chart"]


@pytest.mark.parametrize(("fmt", "media", "magic"), [("png", "image/png", PNG),
                                                     ("svg", "image/svg+xml", b"<?xml")])  # fmt: skip
def test_charts(client: Any, fmt: str, media: str, magic: bytes) -> None:
    bodies = {
        "spc": {"chart": "imr", "data": [10.1, 9.8, 10.0, 10.3, 9.9, 10.2], "title": "I-MR"},
        "capability": {"data": [10.1, 9.8, 10.0, 10.3, 9.9, 10.2], "lsl": 9, "usl": 11},
        "pareto": {"categories": list(samples.PARETO), "counts": list(samples.PARETO.values())},
    }
    for name, body in bodies.items():
        r = client.post(f"{API}/{name}", json=body, params={"format": fmt})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(media)
        assert r.content.lstrip().startswith(magic)


def test_capability_matches_qcc(client: Any) -> None:
    # qcc process.capability(qcc(pistonrings[trial], "xbar"), spec.limits = c(73.95, 74.05)):
    # sigma 0.009785, Cp 1.703, Cpl 1.743, Cpu 1.663, Cpk 1.663, Cpm 1.691; with n - 1
    # degrees of freedom qcc's 95 % limits are Cp 1.491-1.915 (ours use the effective dof,
    # so only bracketing is asserted here).
    phase1 = samples.pistonrings()[:25]
    rings = phase1.tolist()
    out = post(client, "capability", {"subgroups": rings, "lsl": 73.95, "usl": 74.05})
    assert_allclose(out["sigma_within"], 0.009785, atol=5e-7)
    got = [out[k] for k in ("cp", "cpl", "cpu", "cpk", "cpm")]
    assert_allclose(got, [1.703, 1.743, 1.663, 1.663, 1.691], atol=5e-4)
    cp = out["intervals"]["cp"]
    assert cp["low"] < out["cp"] < cp["high"] and cp["confidence_level"] == 0.95
    flat = post(client, "capability", {"data": phase1.ravel().tolist(), "subgroup_size": 5,
                                       "lsl": 73.95, "usl": 74.05})  # fmt: skip
    assert flat["cpk"] == out["cpk"]


def test_capability_one_sided_gives_nulls(client: Any) -> None:
    out = post(client, "capability", {"data": [10.1, 9.8, 10.0, 10.3, 9.9, 10.2], "lsl": 9})
    assert out["cp"] is None and out["cpl"] is not None
    assert "cp" not in out["intervals"]


def test_sampling_plan(client: Any) -> None:
    # ISO 2859-1 Tables 1 and 2-A: lot 1000, level II -> J; AQL 1.0 -> n 80, Ac 2, Re 3;
    # the binomial OC gives Pa 0.9534 at p = 1 %.
    out = post(client, "sampling", {"lot_size": 1000, "aql": 1.0, "p": [0.01, 0.05]})
    plan = out["plan"]
    assert (plan["code_letter"], plan["sample_size"], plan["ac"], plan["re"]) == ("J", 80, 2, 3)
    assert_allclose(out["oc"]["pa"], [0.9534, 0.2306], atol=5e-5)
    arrow = post(client, "sampling", {"lot_size": 100, "aql": 0.1})["plan"]
    assert arrow["used_code_letter"] == "K" and arrow["hundred_percent"] is True


def test_msa_matches_aiag(client: Any) -> None:
    # AIAG MSA 4th ed. gauge study, ANOVA with the interaction pooled: %GRR 27.86, ndc 4;
    # average and range method: %GRR 26.68, ndc 5.
    parts, operators, values = samples.aiag_long()
    body = {"parts": parts, "operators": operators, "values": values}
    out = post(client, "msa", body)
    assert_allclose(out["pct_grr"], 27.86, atol=5e-3)
    assert out["ndc"] == 4 and out["interaction_pooled"] is True
    xbar_r = post(client, "msa", {**body, "method": "xbar_r"})
    assert_allclose(xbar_r["pct_grr"], 26.68, atol=5e-3)


def test_pareto_matches_qcc(client: Any) -> None:
    # qcc pareto.chart example: cumulative 31.33, 58, 80, 91, 100 %.
    body = {"categories": list(samples.PARETO), "counts": list(samples.PARETO.values())}
    out = post(client, "pareto", body)
    assert_allclose(out["cumulative_percentages"], [31.333333, 58, 80, 91, 100], atol=5e-6)
    assert out["vital_few"] == ["contact num.", "price code", "supplier code"]
    assert out["useful_many"] == ["part num.", "schedule date"]


def test_fmea(client: Any) -> None:
    # AIAG-VDA FMEA Handbook (2019) AP table: S 8, O 5, D 3 -> M (RPN 120); S 9, O 6, D 1 -> H.
    rows = [{"item": "hinge", "severity": 8, "occurrence": 5, "detection": 3},
            {"item": "door", "severity": 9, "occurrence": 6, "detection": 1}]  # fmt: skip
    out = post(client, "fmea", {"kind": "pfmea", "rows": rows})
    assert [(r["action_priority"], r["rpn"]) for r in out["rows"]] == [("M", 120), ("H", 54)]
    assert (out["high"], out["medium"], out["low"], out["max_rpn"]) == (1, 1, 0, 120)


def test_trace(client: Any) -> None:
    edges = [["flour-1", "dough-A", 50], ["sugar-1", "dough-A", 5], ["sugar-1", "dough-B"],
             ["dough-A", "bread-1"], ["dough-B", "bread-2"], ["bread-1", "ship-100"],
             ["bread-2", "ship-101"]]  # fmt: skip
    forward = post(client, "trace", {"edges": edges, "lots": ["sugar-1"]})
    assert forward["depths"] == [1, 1, 2, 2, 3, 3] and forward["max_depth"] == 3
    backward = post(client, "trace", {"edges": edges, "lots": ["ship-100"],
                                      "direction": "backward"})  # fmt: skip
    assert set(backward["lots"]) == {"bread-1", "dough-A", "flour-1", "sugar-1"}
    recall = post(client, "trace", {
        "edges": edges, "lots": ["sugar-1"], "direction": "recall",
        "shipped": {"ship-100": "Wumart", "ship-101": ["Yonghui"]},
    })  # fmt: skip
    assert recall["customers"] == ["Wumart", "Yonghui"]
    assert recall["counts"]["end_products"] == 2
    assert recall["paths"]["ship-101"] == ["sugar-1", "dough-B", "bread-2", "ship-101"]


# Size limits ------------------------------------------------------------------------------


def test_too_many_values_names_the_limit(client: Any) -> None:
    r = client.post(f"{API}/spc", json={"chart": "imr", "data": [1.0] * 100_001})
    body = assert_problem(r, 422, field="data", rule="too_long")
    assert "100000" in body["detail"]


def test_too_many_values_in_subgroups(client: Any) -> None:
    r = client.post(f"{API}/capability", json={"subgroups": [[1.0] * 1000] * 101, "lsl": 0})
    body = assert_problem(r, 422, field="subgroups", rule="too_many_values")
    assert "100000" in body["detail"]
    r = client.post(f"{API}/trace", json={"edges": [["a", "b"]] * 200_001, "lots": ["a"]})
    assert_problem(r, 422, field="edges", rule="too_long")


def test_an_oversized_body_is_413(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toolbox_models, "MAX_BODY_BYTES", 1000)
    body = {"chart": "imr", "data": [1.5] * 400}
    assert_problem(client.post(f"{API}/spc", json=body), 413, field="body", rule="body_too_large")

    def chunks() -> Any:  # no content-length: the body is counted as it arrives
        yield b'{"chart": "imr", "data": ['
        for _ in range(400):
            yield b"1.5, "
        yield b"1.5]}"

    r = client.post(f"{API}/spc", content=chunks(), headers={"content-type": "application/json"})
    assert_problem(r, 413, rule="body_too_large")
    small = b'{"chart": "imr", "data": [1, 2, 4, 3]}'
    r = client.post(
        f"{API}/spc", content=iter([small]), headers={"content-type": "application/json"}
    )
    assert r.status_code == 200, r.text


# Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "field", "rule"),
    [
        ("spc", b'{"chart": "imr", "data": [1, NaN, 3, 4]}', "data", "invalid_data"),
        ("spc", b'{"chart": "imr", "data": [1, Infinity, 3, 4]}', "data", "invalid_data"),
        ("spc", b'{"chart": "imr", "data": [1, null, 3]}', "data.1", "float_type"),
        ("spc", b'{"chart": "imr", "data": [1, 2]}', "data", "invalid_data"),
        ("spc", b'{"chart": "imr", "data": [5, 5, 5, 5]}', "data", "invalid_data"),
        (
            "spc",
            b'{"chart": "xbar_r", "subgroups": [[1, 2, 3], [1, 2]]}',
            "subgroups",
            "invalid_data",
        ),
        (
            "spc",
            b'{"chart": "xbar_r", "data": [1, 2], "subgroups": [[1, 2]]}',
            "data",
            "invalid_data",
        ),
        ("spc", b'{"chart": "p", "counts": [1, 2, 60], "sizes": 50}', "counts", "invalid_data"),
        ("spc", b'{"chart": "p", "counts": [1, 2, 6], "sizes": [50, 50]}', "sizes", "invalid_data"),
        ("spc", b'{"chart": "u", "counts": [1, 2, 6]}', "sizes", "invalid_data"),
        (
            "spc",
            b'{"chart": "p", "counts": [1, 2, 6], "sizes": 50, "lam": 0.2}',
            "lam",
            "invalid_data",
        ),
        ("spc", b'{"chart": "ewma", "data": [1, 2, 4, 3], "lam": 2}', "lam", "invalid_data"),
        ("spc", b'{"chart": "pie", "data": [1, 2, 3]}', "chart", "literal_error"),
        ("spc", b'{"chart": "imr", "data": [1, 2, 3], "colour": 1}', "colour", "extra_forbidden"),
        (
            "spc",
            b'{"chart": "imr", "data": [1, 2, 4, 3], "exclude": [9]}',
            "exclude",
            "invalid_data",
        ),
        ("capability", b'{"data": [1, 2, 3, 4], "lsl": 5, "usl": 1}', "lsl", "invalid_data"),
        ("capability", b'{"data": [1, 2, 3, 4]}', "lsl", "invalid_data"),
        ("capability", b'{"data": [1], "lsl": 0}', "data", "invalid_data"),
        ("capability", b'{"data": [2, 2, 2, 2], "lsl": 0}', "data", "invalid_data"),
        (
            "capability",
            b'{"subgroups": [[1, 2, 3], [1, 2]], "lsl": 0}',
            "subgroups",
            "invalid_data",
        ),
        ("capability", b'{"data": [1, 2, 3, NaN], "lsl": 0}', "data", "invalid_data"),
        ("sampling", b'{"lot_size": 1000, "aql": 0.5}', "aql", "invalid_data"),
        ("sampling", b'{"lot_size": 1, "aql": 1.0}', "lot_size", "invalid_data"),
        ("sampling", b'{"lot_size": 1000, "aql": 1.0, "p": [2.0]}', "p", "invalid_data"),
        (
            "msa",
            b'{"parts": [1, 1, 2, 2], "operators": ["a", "b", "a", "b"], "values": [1, 2, 3, 4]}',
            "parts",
            "invalid_data",
        ),
        (
            "msa",
            b'{"parts": [1, 2], "operators": ["a"], "values": [1, 2]}',
            "operators",
            "invalid_data",
        ),
        ("pareto", b'{"categories": ["a", "b"], "counts": [1, -2]}', "counts", "invalid_data"),
        ("pareto", b'{"categories": ["a"], "counts": [0]}', "counts", "invalid_data"),
        ("pareto", b'{"categories": []}', "categories", "too_short"),
        (
            "fmea",
            b'{"rows": [{"severity": 11, "occurrence": 2, "detection": 3}]}',
            "rows.0.severity",
            "invalid_data",
        ),
        (
            "fmea",
            b'{"rows": [{"severity": 5, "occurrence": 2, "detection": 3}], "kind": "msr"}',
            "kind",
            "literal_error",
        ),
        (
            "fmea",
            b'{"rows": [{"severity": 5.5, "occurrence": 2, "detection": 3}]}',
            "rows.0.severity",
            "int_from_float",
        ),
        ("trace", b'{"edges": [["a", "b"], ["b", "a"]], "lots": ["a"]}', "edges", "invalid_data"),
        (
            "trace",
            b'{"edges": [["a", "b"], ["b", "c", -1]], "lots": ["a"]}',
            "edges.1",
            "invalid_data",
        ),
        ("trace", b'{"edges": [["a", "b"]], "lots": ["z"]}', "lots", "invalid_data"),
        ("trace", b'{"edges": [["a", "b"]], "lots": ["a", "b"]}', "lots", "invalid_data"),
        ("trace", b'{"edges": [["a"]], "lots": ["a"]}', "edges.0", "too_short"),
        (
            "trace",
            b'{"edges": [["a", "b"]], "lots": ["a"], "direction": "recall", "shipped": {"q": "x"}}',
            "lots",
            "invalid_data",
        ),
        ("spc", b"{not json", "body", "json_invalid"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    raw_client: Any, name: str, content: bytes, field: str, rule: str
) -> None:
    r = raw_client.post(f"{API}/{name}", content=content,
                        headers={"content-type": "application/json"})  # fmt: skip
    body = assert_problem(r, 422, field=field, rule=rule)
    if rule == "invalid_data":
        assert body["detail_zh"].startswith("输入数据无效：")


def test_a_chart_format_is_only_offered_where_there_is_a_chart(client: Any) -> None:
    r = client.post(f"{API}/spc", params={"format": "gif"}, json={"chart": "c", "counts": [1, 2]})
    assert_problem(r, 422, field="format")


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        ({"edges": [["a", "b"]], "lots": [1.5]}, "lots.0", "label_type"),
        ({"edges": [["a", True]], "lots": ["a"]}, "edges.0.1", "edge_item"),
        ({"edges": [["a", "b"]], "lots": ["x" * 201]}, "lots.0", "string_too_long"),
    ],
)
def test_labels_are_texts_or_integers(
    client: Any, body: dict[str, Any], field: str, rule: str
) -> None:
    assert_problem(client.post(f"{API}/trace", json=body), 422, field=field, rule=rule)
