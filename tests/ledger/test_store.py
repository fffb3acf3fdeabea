"""The stored tree: every complete subtree readable, proofs from storage equal the in-memory tree's."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from qualicert.db import transaction
from qualicert.errors import InvalidInput
from qualicert.ledger import checkpoints, merkle, store
from qualicert.ledger.memory_tree import MemoryTree
from qualicert.ledger.models import Event, LogLeaf, LogNode
from qualicert.ledger.service import record_batch
from qualicert.registry.models import Organization
from tests import factories

BATCHES = (1, 2, 5, 64, 70, 3, 1, 131)  # odd sizes, and one past the COPY threshold


def _rows(start: int, n: int) -> list[dict[str, object]]:
    return [
        {
            "uscc": factories.uscc(serial=700_000 + i),
            "name": f"存储测试有限公司{i}",
            "region_code": "110108",
            "status_since": factories.dt.date(2026, 1, 1),
        }
        for i in range(start, start + n)
    ]


@pytest.fixture
def built(factory) -> MemoryTree:
    """A log of ``sum(BATCHES)`` leaves written by record_batch, one transaction per batch,
    and the same tree in memory from the events' bytes."""
    start = 0
    for n in BATCHES:
        with transaction(factory) as s:
            rows = _rows(start, n)
            payloads = [{k: v for k, v in r.items() if k != "status_since"} for r in rows]
            record_batch(
                session=s,
                actor=factories.SYSTEM,
                event_type="organization.created",
                model=Organization,
                rows=rows,
                payloads=payloads,
            )
        start += n
    with factory() as s:
        events = s.scalars(
            select(Event).join(LogLeaf, LogLeaf.event_id == Event.id).order_by(LogLeaf.leaf_index)
        ).all()
        return MemoryTree(merkle.leaf_hash(e.canonical_bytes()) for e in events)


def test_every_complete_subtree_is_readable_and_only_the_large_ones_are_node_rows(factory, built):
    with factory() as s:
        tree = store.StoredTree(s)
        for level in range(built.size.bit_length()):
            width = built.size >> level
            assert tree.nodes(level, 0, width) == built.nodes(level, 0, width)
            assert tree.nodes(level, width // 3, width // 2) == built.nodes(
                level, width // 3, width // 2
            )
        levels = s.execute(select(LogNode.level, func.count()).group_by(LogNode.level)).all()
    stored = range(store.LOWEST_STORED, built.size.bit_length())
    assert sorted(levels) == [(level, built.size >> level) for level in stored]
    with factory() as s:
        assert store.size(s) == built.size == sum(BATCHES)


def test_fetch_reads_both_tables_in_one_call_and_leaves_out_what_is_missing(factory, built):
    missing = [(0, built.size), (2, built.size >> 2), (8, 1)]  # (2, 69) has 1 leaf of 4
    wanted = [(0, 0), (0, built.size - 1), (1, 3), (3, 2), (7, 1), *missing]
    with factory() as s:
        found = store.fetch(s, wanted)
    assert found == {c: built.node(*c) for c in wanted[:5]}


def test_proofs_from_storage_equal_the_memory_trees_and_verify(factory, built):
    rng = random.Random(7)
    n = built.size
    with factory() as s:
        for _ in range(60):
            size = rng.randrange(1, n + 1)
            index, first = rng.randrange(size), rng.randrange(0, size + 1)
            root, proof = checkpoints.inclusion(session=s, leaf_index=index, tree_size=size)
            assert (root, proof) == (built.root(size), built.inclusion_proof(index, size))
            assert merkle.verify_inclusion(
                leaf_hash=built.node(0, index), index=index, size=size, proof=proof, root=root
            )
            a, b, path = checkpoints.consistency(session=s, first=first, second=size)
            assert (a, b, path) == (built.root(first), root, built.consistency_proof(first, size))


def test_a_missing_node_is_a_lookup_error(factory, built):
    with factory() as s:
        tree = store.StoredTree(s)
        with pytest.raises(LookupError):
            tree.node(0, built.size)
        with pytest.raises(LookupError):
            tree.nodes(1, 0, built.size)


@pytest.mark.parametrize(
    ("leaf_index", "tree_size", "field"),
    [
        (0, 10_000, "tree_size"),
        (10_000, 10_001, "tree_size"),
        (5, 5, "leaf_index"),
        (0, -1, "tree_size"),
    ],
)
def test_a_proof_outside_the_log_names_the_field(factory, built, leaf_index, tree_size, field):
    with factory() as s, pytest.raises(InvalidInput) as refused:
        checkpoints.inclusion(session=s, leaf_index=leaf_index, tree_size=tree_size)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("first", "second", "field"), [(1, 10_000, "second"), (9, 8, "first"), (-1, 3, "first")]
)
def test_a_consistency_proof_outside_the_log_names_the_field(factory, built, first, second, field):
    with factory() as s, pytest.raises(InvalidInput) as refused:
        checkpoints.consistency(session=s, first=first, second=second)
    assert refused.value.field == field


def test_queued_leaves_take_id_order_whatever_order_they_were_queued_in():
    from qualicert.ledger.log import _Pending

    pending = _Pending([7, 3, 5], [b"7", b"3", b"5"])
    assert pending.in_id_order() == ([3, 5, 7], [b"3", b"5", b"7"])
    assert _Pending([1, 2], [b"a", b"b"]).in_id_order() == ([1, 2], [b"a", b"b"])
