"""Tests for qualicert.toolbox.trace (lot genealogy)."""

from __future__ import annotations

import itertools
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from qualicert.toolbox.trace import Genealogy

# A small plant: two flour lots and a sugar lot go into dough batches, batches into
# finished-goods lots, finished goods into shipments.
PLANT = [
    ("flour-1", "dough-A", 50.0),
    ("flour-2", "dough-A", 25.0),
    ("sugar-1", "dough-A", 5.0),
    ("flour-2", "dough-B", 40.0),
    ("sugar-1", "dough-B", 4.0),
    ("dough-A", "bread-1", 40.0),
    ("dough-A", "bread-2", 35.0),
    ("dough-B", "bread-2", 10.0),
    ("dough-B", "bread-3", 34.0),
    ("bread-1", "ship-100", 40.0),
    ("bread-2", "ship-100", 20.0),
    ("bread-2", "ship-101", 25.0),
    ("bread-3", "ship-102", 34.0),
]


@pytest.fixture
def plant() -> Genealogy:
    return Genealogy.from_edges(PLANT)


def test_structure(plant: Genealogy) -> None:
    assert len(plant) == 11
    assert plant.n_edges == 13
    assert plant.roots() == ("flour-1", "flour-2", "sugar-1")
    assert plant.leaves() == ("ship-100", "ship-101", "ship-102")
    assert plant.children("dough-B") == (("bread-2", 10.0), ("bread-3", 34.0))
    assert plant.parents("dough-A") == (("flour-1", 50.0), ("flour-2", 25.0), ("sugar-1", 5.0))
    assert "bread-1" in plant
    assert "nope" not in plant
    assert ["unhashable"] not in plant


def test_forward_trace(plant: Genealogy) -> None:
    f = plant.forward("flour-1")
    assert f.direction == "forward"
    assert dict(zip(f.lots, f.depths.tolist(), strict=True)) == {
        "dough-A": 1,
        "bread-1": 2,
        "bread-2": 2,
        "ship-100": 3,
        "ship-101": 3,
    }
    assert f.max_depth == 3
    assert "ship-101" in f
    assert "flour-1" not in f  # the lot itself is not its own descendant
    assert "ship-102" not in f
    assert f.path("ship-101") == ("flour-1", "dough-A", "bread-2", "ship-101")
    assert f.depth_of("bread-2") == 2
    with pytest.raises(ValueError, match="lot 'ship-102' is not in this trace"):
        f.path("ship-102")


def test_backward_trace(plant: Genealogy) -> None:
    b = plant.backward("ship-101")
    assert b.direction == "backward"
    assert dict(zip(b.lots, b.depths.tolist(), strict=True)) == {
        "bread-2": 1,
        "dough-A": 2,
        "dough-B": 2,
        "flour-1": 3,
        "flour-2": 3,
        "sugar-1": 3,
    }
    # Paths read in material-flow order, upstream lot first.
    assert b.path("flour-1") == ("flour-1", "dough-A", "bread-2", "ship-101")
    assert len(plant.backward("flour-1")) == 0


def test_depth_is_the_fewest_steps() -> None:
    g = Genealogy.from_edges([("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")])
    f = g.forward("a")
    assert f.depth_of("d") == 1
    assert f.path("d") == ("a", "d")


def test_recall_scope_to_end_products(plant: Genealogy) -> None:
    r = plant.recall_scope(["sugar-1"])
    assert r.suspects == ("sugar-1",)
    assert set(r.lots) == {
        "sugar-1", "dough-A", "dough-B", "bread-1", "bread-2", "bread-3",
        "ship-100", "ship-101", "ship-102",
    }  # fmt: skip
    assert r.downstream == r.lots[1:]
    assert set(r.end_products) == {"ship-100", "ship-101", "ship-102"}
    assert r.counts == {
        "suspects": 1,
        "lots": 9,
        "downstream": 8,
        "end_products": 3,
        "customers": 0,
    }
    assert r.paths()["ship-102"] == ("sugar-1", "dough-B", "bread-3", "ship-102")


def test_recall_scope_to_shipments_with_customers(plant: Genealogy) -> None:
    shipped = {
        "ship-100": "Hualian Supermarket",
        "ship-101": ["Wumart", "Yonghui"],
        "ship-102": "Wumart",
    }
    r = plant.recall_scope(["flour-1", "dough-B"], shipped=shipped)
    assert r.suspects == ("flour-1", "dough-B")
    assert r.end_products == ("ship-100", "ship-101", "ship-102")
    assert r.shipments == (
        ("ship-100", "Hualian Supermarket"),
        ("ship-101", "Wumart"),
        ("ship-101", "Yonghui"),
        ("ship-102", "Wumart"),
    )
    assert r.customers == ("Hualian Supermarket", "Wumart", "Yonghui")
    assert r.path("ship-102") == ("dough-B", "bread-3", "ship-102")
    only_b = plant.recall_scope(["bread-3"], shipped=["ship-100", "ship-102"])
    assert only_b.end_products == ("ship-102",)
    assert only_b.customers == ()


def test_suspect_downstream_of_another_suspect(plant: Genealogy) -> None:
    r = plant.recall_scope(["dough-A", "bread-2", "dough-A"])
    assert r.suspects == ("dough-A", "bread-2")
    depth = dict(zip(r.lots, r.depths.tolist(), strict=True))
    assert depth["bread-2"] == 0
    assert depth["ship-101"] == 1


def test_lots_without_edges_and_int_labels() -> None:
    g = Genealogy.from_edges([(1, 2), (2, 3)], lots=[99])
    assert g.lots == (1, 2, 3, 99)
    assert g.forward(99).lots == ()
    assert g.recall_scope([99]).end_products == (99,)
    assert g.children(2) == ((3, None),)


def test_tuple_labels_stay_single_lots() -> None:
    g = Genealogy.from_edges([(("coil", 7), ("strip", 1)), (("strip", 1), ("pack", 3))])
    assert g.lots == (("coil", 7), ("strip", 1), ("pack", 3))
    assert g.forward(("coil", 7)).path(("pack", 3)) == (("coil", 7), ("strip", 1), ("pack", 3))


def test_repeated_edges_are_kept_for_quantities_but_traced_once() -> None:
    g = Genealogy.from_edges([("a", "b", 1), ("a", "b", 2), ("b", "c", 3)])
    assert g.n_edges == 3
    assert g.children("a") == (("b", 1.0), ("b", 2.0))
    assert g.forward("a").lots == ("b", "c")


def test_mixed_two_and_three_value_edges() -> None:
    g = Genealogy.from_edges([["a", "b"], ("b", "c", 2.5), ("c", "d", None)])
    assert g.children("b") == (("c", 2.5),)
    assert g.parents("d") == (("c", None),)


@pytest.mark.parametrize(
    ("edges", "message"),
    [
        ([("a", "b"), ("b", "c"), ("c", "a")], r"cycle: 'a' -> 'b' -> 'c' -> 'a'"),
        ([("x", "y"), ("y", "y")], r"cycle: 'y' -> 'y'; a lot cannot go into itself"),
        ([("a", "b", -1)], r"edge 1: quantity -1.0 is not allowed"),
        ([("a", "b", float("inf"))], r"edge 1: quantity inf"),
        ([("a", "b"), ("b", "c", "ten")], r"edge 2: quantity 'ten' is not a number"),
        ([("a", "b"), ("c",)], r"edge 2 \('c',\) is not \(parent_lot, child_lot\)"),
        ([("a", "b"), "bc"], r"edge 2 'bc' is not"),
        ([("a", ["b"])], r"edge 1: lot \['b'\] is not hashable"),
    ],
)
def test_bad_edges(edges: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Genealogy.from_edges(edges)


def test_cycle_inside_a_larger_genealogy_names_lots_on_it() -> None:
    edges = [("r", "a"), ("a", "b"), ("b", "c"), ("c", "d"), ("d", "b"), ("d", "z")]
    with pytest.raises(ValueError, match="cycle") as caught:
        Genealogy.from_edges(edges)
    named = re.findall(r"'(\w)'", str(caught.value))
    assert set(named) == {"b", "c", "d"}


def test_unknown_lots_are_named(plant: Genealogy) -> None:
    with pytest.raises(ValueError, match="lot 'flour-9' is not in the genealogy"):
        plant.forward("flour-9")
    with pytest.raises(ValueError, match="lot 'x' is not in the genealogy"):
        plant.backward("x")
    with pytest.raises(ValueError, match="lot 'x' is not in the genealogy"):
        plant.recall_scope(["flour-1", "x"])
    with pytest.raises(ValueError, match="lot 'ship-999' is not in the genealogy"):
        plant.recall_scope(["flour-1"], shipped={"ship-999": "ACME"})
    with pytest.raises(ValueError, match=r"lot \['a'\] is not in the genealogy"):
        plant.children(["a"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="suspect_lots is empty"):
        plant.recall_scope([])


def test_empty_genealogy() -> None:
    g = Genealogy.from_edges([])
    assert len(g) == 0
    assert g.roots() == ()
    with pytest.raises(ValueError, match="not in the genealogy"):
        g.forward("a")


def test_results_are_immutable(plant: Genealogy) -> None:
    f = plant.forward("flour-1")
    with pytest.raises(ValueError, match="read-only"):
        f.depths[0] = 7
    with pytest.raises(AttributeError):
        f.lot = "x"  # type: ignore[misc]


# --- Hypothesis: random genealogies against a straightforward reference ---------------


def reference_depths(edges: list[tuple[str, str]], sources: set[str]) -> dict[str, int]:
    """Fewest steps from any source, by relaxing every edge until nothing changes."""
    dist = dict.fromkeys(sources, 0)
    changed = True
    while changed:
        changed = False
        for parent, child in edges:
            if parent in dist and dist[parent] + 1 < dist.get(child, 10**9):
                dist[child] = dist[parent] + 1
                changed = True
    return dist


def reference_has_cycle(nodes: list[str], edges: list[tuple[str, str]]) -> bool:
    """Kahn's algorithm: a cycle leaves some lot that never loses all its parents."""
    indegree = dict.fromkeys(nodes, 0)
    for _, child in edges:
        indegree[child] += 1
    ready = [n for n in nodes if indegree[n] == 0]
    removed = 0
    while ready:
        lot = ready.pop()
        removed += 1
        for parent, child in edges:
            if parent == lot:
                indegree[child] -= 1
                if indegree[child] == 0:
                    ready.append(child)
    return removed < len(nodes)


@st.composite
def genealogies(draw: st.DrawFn, acyclic: bool = True) -> tuple[list[str], list[tuple[str, str]]]:
    n = draw(st.integers(min_value=1, max_value=18))
    rank = draw(st.permutations(range(n)))  # a hidden topological order
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]),
            max_size=45,
        )
    )
    if acyclic:
        pairs = [(a, b) if rank[a] < rank[b] else (b, a) for a, b in pairs]
    nodes = [f"L{k}" for k in range(n)]
    return nodes, [(nodes[a], nodes[b]) for a, b in pairs]


@settings(max_examples=100, deadline=None)
@given(genealogies())
def test_traces_match_reference_and_each_other(
    case: tuple[list[str], list[tuple[str, str]]],
) -> None:
    nodes, edges = case
    g = Genealogy.from_edges(edges, lots=nodes)
    reversed_edges = [(c, p) for p, c in edges]
    forward = {x: g.forward(x) for x in nodes}
    backward = {y: g.backward(y) for y in nodes}
    for x in nodes:
        expected = reference_depths(edges, {x})
        del expected[x]
        assert dict(zip(forward[x].lots, forward[x].depths.tolist(), strict=True)) == expected
        up = reference_depths(reversed_edges, {x})
        del up[x]
        assert dict(zip(backward[x].lots, backward[x].depths.tolist(), strict=True)) == up
    edge_set = set(edges)
    for x in nodes:
        for y in nodes:
            assert (y in forward[x]) == (x in backward[y])
        for z in forward[x].lots:
            path = forward[x].path(z)
            assert path[0] == x
            assert path[-1] == z
            assert len(path) == forward[x].depth_of(z) + 1
            assert all(step in edge_set for step in itertools.pairwise(path))


@settings(max_examples=100, deadline=None)
@given(genealogies(), st.data())
def test_recall_scope_matches_reference(
    case: tuple[list[str], list[tuple[str, str]]], data: st.DataObject
) -> None:
    nodes, edges = case
    g = Genealogy.from_edges(edges, lots=nodes)
    suspects = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=4))
    r = g.recall_scope(suspects)
    expected = reference_depths(edges, set(suspects))
    assert dict(zip(r.lots, r.depths.tolist(), strict=True)) == expected
    parents = {p for p, _ in edges}
    assert set(r.end_products) == {lot for lot in expected if lot not in parents}
    for lot in r.lots:
        path = r.path(lot)
        assert path[0] in suspects
        assert len(path) == expected[str(lot)] + 1


@settings(max_examples=100, deadline=None)
@given(genealogies(acyclic=False))
def test_cycles_are_refused_exactly_when_present(
    case: tuple[list[str], list[tuple[str, str]]],
) -> None:
    nodes, edges = case
    if not reference_has_cycle(nodes, edges):
        Genealogy.from_edges(edges, lots=nodes)
        return
    with pytest.raises(ValueError, match="cycle") as caught:
        Genealogy.from_edges(edges, lots=nodes)
    message = str(caught.value)
    if "..." not in message:
        cycle = re.findall(r"'(L\d+)'", message)
        assert cycle[0] == cycle[-1]
        assert all(step in set(edges) for step in itertools.pairwise(cycle))


def test_million_edge_chain_without_recursion() -> None:
    # A 1,000,000-edge chain is as deep as a genealogy gets: nothing may recurse.
    n = 1_000_000
    g = Genealogy.from_edges([(i, i + 1) for i in range(n)])
    f = g.forward(0)
    assert len(f) == n
    assert f.max_depth == n
    assert_array_equal(f.depths[:3], [1, 2, 3])
    b = g.backward(n)
    assert b.depth_of(0) == n
    r = g.recall_scope([n // 2, n - 10])
    assert r.end_products == (n,)
    assert r.counts["lots"] == n // 2 + 1
    assert r.path(n)[0] == n - 10
    assert np.count_nonzero(r.depths == 0) == 2
