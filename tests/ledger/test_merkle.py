"""RFC 9162 Merkle tree: published vectors, invariants, and O(log n) reads."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualicert.ledger.memory_tree import MemoryTree
from qualicert.ledger.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    extend_frontier,
    frontier_coordinates,
    hash_leaves,
    inclusion_proof,
    leaf_hash,
    mth,
    node_hash,
    root,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

h = bytes.fromhex

# Reference data of the Certificate Transparency / Trillian Merkle library:
# transparency-dev/merkle, testonly/constants.go (LeafInputs, NodeHashes, RootHashes,
# CompactTrees, EmptyRootHash).
LEAVES = [h(x) for x in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                         "606162636465666768696a6b6c6d6e6f"]]  # fmt: skip
NODE_HASHES = [
    [h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
     h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
     h("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
     h("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
     h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
     h("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
     h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
     h("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1")],
    [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
     h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
     h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
     h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0")],
    [h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
     h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")],
    [h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")],
]  # fmt: skip
ROOTS = [  # indexed by tree size, 0..8
    h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
]
NH = NODE_HASHES
COMPACT_TREES = [[], [NH[0][0]], [NH[1][0]], [NH[1][0], NH[0][2]], [NH[2][0]],
                 [NH[2][0], NH[0][4]], [NH[2][0], NH[1][2]], [NH[2][0], NH[1][2], NH[0][6]],
                 [NH[3][0]]]  # fmt: skip

# transparency-dev/merkle, proof/verify_test.go: inclusionProofs (whose leaf numbers are
# 1-based there; here they are the 0-based leaf indices) and consistencyProofs.
INCLUSION = [
    (0, 1, []),
    (0, 8, [NH[0][1], NH[1][1], NH[2][1]]),
    (5, 8, [NH[0][4], NH[1][3], NH[2][0]]),
    (2, 3, [NH[1][0]]),
    (1, 5, [NH[0][0], NH[1][1], NH[0][4]]),
]
CONSISTENCY = [
    (1, 1, []),
    (1, 8, [NH[0][1], NH[1][1], NH[2][1]]),
    (6, 8, [NH[1][2], NH[1][3], NH[2][0]]),
    (2, 5, [NH[1][1], NH[0][4]]),
    (6, 7, [NH[1][2], NH[0][6], NH[2][0]]),
]
# (verify_test.go spells the proofs out in hex; each is one of the NODE_HASHES above, e.g. the
# first element of the (5, 8) inclusion proof is bc1a0643... = NH[0][4].)


@pytest.fixture(scope="module")
def tree8() -> MemoryTree:
    return MemoryTree(hash_leaves(LEAVES))


def test_empty_tree_root_is_sha256_of_nothing():
    assert EMPTY_ROOT == hashlib.sha256(b"").digest() == ROOTS[0]
    assert MemoryTree().root() == mth([]) == root_from_leaf_hashes([]) == EMPTY_ROOT


def test_leaf_and_node_hashes_are_domain_separated():
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest() == NH[0][0]
    assert node_hash(NH[0][0], NH[0][1]) == NH[1][0]


@pytest.mark.parametrize("size", range(9))
def test_roots_of_the_reference_tree(tree8, size):
    assert tree8.root(size) == ROOTS[size]
    assert mth(LEAVES[:size]) == ROOTS[size]
    assert root_from_leaf_hashes(hash_leaves(LEAVES[:size])) == ROOTS[size]


def test_complete_subtree_nodes_match_reference(tree8):
    for level, row in enumerate(NODE_HASHES):
        assert tree8.nodes(level, 0, len(row)) == row
        assert [tree8.node(level, i) for i in range(len(row))] == row


@pytest.mark.parametrize("size", range(9))
def test_frontier_is_the_compact_tree(tree8, size):
    assert tree8.frontier(size) == COMPACT_TREES[size]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_published_inclusion_proofs(tree8, index, size, proof):
    assert tree8.inclusion_proof(index, size) == proof
    lh = leaf_hash(LEAVES[index])
    assert verify_inclusion(leaf_hash=lh, index=index, size=size, proof=proof, root=ROOTS[size])


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY)
def test_published_consistency_proofs(tree8, first, second, proof):
    assert tree8.consistency_proof(first, second) == proof
    assert verify_consistency(
        first=first, second=second, first_root=ROOTS[first], second_root=ROOTS[second], proof=proof
    )


def inclusion_probes(index, size, proof, lh, rt):
    """Wrong variants, after corruptInclusionProof in transparency-dev/merkle verify_test.go."""
    some = h("abacaba000000000000000000000000000000000000000000060061e00123456")
    probes = [
        (index - 1, size, proof, lh, rt), (index + 1, size, proof, lh, rt),
        (index ^ 2, size, proof, lh, rt), (index, size * 2, proof, lh, rt),
        (index, size // 2, proof, lh, rt), (index, size, proof, b"WrongLeaf", rt),
        (index, size, proof, lh, EMPTY_ROOT), (index, size, proof, lh, some),
        (index, size, [*proof, b""], lh, rt), (index, size, [*proof, rt], lh, rt),
        (index, size, [b"", *proof], lh, rt), (index, size, [rt, *proof], lh, rt),
    ]  # fmt: skip
    for i in range(len(proof)):
        probes.append((index, size, [*proof[:i], flip(proof[i], 0), *proof[i + 1 :]], lh, rt))
    if proof:
        probes.append((index, size, proof[:-1], lh, rt))
    return probes


def flip(value: bytes, position: int) -> bytes:
    return value[:position] + bytes([value[position] ^ 8]) + value[position + 1 :]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION[1:])
def test_corrupted_inclusion_proofs_fail(index, size, proof):
    for i, s, p, lh, rt in inclusion_probes(
        index, size, proof, leaf_hash(LEAVES[index]), ROOTS[size]
    ):
        assert not verify_inclusion(leaf_hash=lh, index=i, size=s, proof=p, root=rt), (i, s)


@pytest.mark.parametrize(
    ("first", "second", "first_root", "second_root", "proof", "ok"),
    [
        # After TestVerifyConsistency in transparency-dev/merkle verify_test.go.
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [], True),
        (1, 1, ROOTS[1], ROOTS[2], [], False),
        (1, 1, ROOTS[1], ROOTS[1], [], True),
        (0, 1, EMPTY_ROOT, ROOTS[1], [], True),
        (1, 0, ROOTS[1], EMPTY_ROOT, [], False),
        (2, 1, ROOTS[2], ROOTS[1], [], False),
        (1, 2, ROOTS[1], ROOTS[2], [], False),
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),
        (0, 1, EMPTY_ROOT, ROOTS[1], [EMPTY_ROOT], False),
        (1, 1, ROOTS[1], ROOTS[1], [EMPTY_ROOT], False),
        # Stricter than the Go library: an empty tree has the root SHA-256("").
        (0, 3, ROOTS[1], ROOTS[3], [], False),
    ],
)
def test_consistency_edge_cases(first, second, first_root, second_root, proof, ok):
    assert (
        verify_consistency(
            first=first, second=second, first_root=first_root, second_root=second_root, proof=proof
        )
        is ok
    )


# -- invariants, against a naive transcription of RFC 9162 sections 2.1.3.1 and 2.1.4.1 --------


def naive_path(m: int, leaves: list[bytes]) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = 1 << ((n - 1).bit_length() - 1)
    if m < k:
        return [*naive_path(m, leaves[:k]), mth(leaves[k:])]
    return [*naive_path(m - k, leaves[k:]), mth(leaves[:k])]


def naive_subproof(m: int, leaves: list[bytes], whole: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*naive_subproof(m, leaves[:k], whole), mth(leaves[k:])]
    return [*naive_subproof(m - k, leaves[k:], False), mth(leaves[:k])]


@lru_cache(maxsize=8)
def leaves_of(n: int) -> tuple[bytes, ...]:
    return tuple(i.to_bytes(4, "big") * (i % 3) for i in range(n))


@lru_cache(maxsize=8)
def tree_of(n: int) -> MemoryTree:
    return MemoryTree(hash_leaves(leaves_of(n)))


sizes = st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n)))


@settings(max_examples=60, deadline=None)
@given(sizes, st.data())
def test_inclusion_proofs_verify_and_any_flipped_byte_fails(mn, data):
    m, n = mn
    tree, leaves = tree_of(n), list(leaves_of(n))
    index = data.draw(st.integers(0, m - 1), label="index")
    proof = tree.inclusion_proof(index, m)
    assert proof == naive_path(index, leaves[:m])
    lh, rt = leaf_hash(leaves[index]), tree.root(m)
    assert verify_inclusion(leaf_hash=lh, index=index, size=m, proof=proof, root=rt)
    for i in range(len(proof)):
        byte = data.draw(st.integers(0, 31), label="byte")
        bad = [*proof[:i], flip(proof[i], byte), *proof[i + 1 :]]
        assert not verify_inclusion(leaf_hash=lh, index=index, size=m, proof=bad, root=rt)
    bad_root = flip(rt, data.draw(st.integers(0, 31), label="root byte"))
    assert not verify_inclusion(leaf_hash=lh, index=index, size=m, proof=proof, root=bad_root)


@settings(max_examples=60, deadline=None)
@given(sizes, st.data())
def test_consistency_proofs_verify_and_any_flipped_byte_fails(mn, data):
    m, n = mn
    tree, leaves = tree_of(n), list(leaves_of(n))
    proof = tree.consistency_proof(m, n)
    assert proof == ([] if m == n else naive_subproof(m, leaves, True))
    r1, r2 = tree.root(m), tree.root(n)
    assert verify_consistency(first=m, second=n, first_root=r1, second_root=r2, proof=proof)
    for i in range(len(proof)):
        byte = data.draw(st.integers(0, 31), label="byte")
        bad = [*proof[:i], flip(proof[i], byte), *proof[i + 1 :]]
        assert not verify_consistency(first=m, second=n, first_root=r1, second_root=r2, proof=bad)
    byte = data.draw(st.integers(0, 31), label="root byte")
    for a, b in [(flip(r1, byte), r2), (r1, flip(r2, byte))]:
        assert not verify_consistency(first=m, second=n, first_root=a, second_root=b, proof=proof)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=6))
def test_append_extend_and_frontier_agree(batches):
    one_by_one, bulk = MemoryTree(), MemoryTree()
    size, frontier, stored = 0, [], {}
    for count in batches:
        hashes = hash_leaves(i.to_bytes(4, "big") for i in range(size, size + count))
        for x in hashes:
            one_by_one.append(x)
        bulk.extend(hashes)
        new_nodes, frontier = extend_frontier(size, frontier, hashes)
        for level, start, row in new_nodes:
            stored.update({(level, start + i): x for i, x in enumerate(row)})
        size += count
        assert one_by_one._levels == bulk._levels
        assert frontier == bulk.frontier()
        assert bulk.root() == mth([i.to_bytes(4, "big") for i in range(size)])
    # the nodes extend_frontier reported are exactly all the complete subtrees
    assert stored == {(lv, i): x for lv, row in enumerate(bulk._levels) for i, x in enumerate(row)}


def test_frontier_coordinates():
    assert frontier_coordinates(0) == []
    assert frontier_coordinates(7) == [(2, 0), (1, 2), (0, 6)]
    assert frontier_coordinates(8) == [(3, 0)]
    assert frontier_coordinates(13) == [(3, 0), (2, 2), (0, 12)]


class CountingReader:
    def __init__(self, tree: MemoryTree) -> None:
        self.tree, self.reads = tree, 0

    def node(self, level: int, index: int) -> bytes:
        self.reads += 1
        return self.tree.node(level, index)


@pytest.mark.parametrize("n", [100_003, 131_072, 131_071])
def test_proofs_read_logarithmically_many_nodes(n):
    tree = MemoryTree(hash_leaves(i.to_bytes(4, "big") for i in range(n)))
    bound = 2 * n.bit_length() + 2
    for index, size in [(0, n), (n - 1, n), (n // 3, n - 5), (77_777, 99_999)]:
        reader = CountingReader(tree)
        assert inclusion_proof(reader, index, size) == tree.inclusion_proof(index, size)
        assert reader.reads <= bound, reader.reads
    for first, second in [(1, n), (n - 1, n), (65_537, n), (99_999, 100_000), (3, 5)]:
        reader = CountingReader(tree)
        assert consistency_proof(reader, first, second) == tree.consistency_proof(first, second)
        assert reader.reads <= bound, reader.reads
    reader = CountingReader(tree)
    assert root(reader, n) == tree.root()
    assert reader.reads == bin(n).count("1")


def test_bad_arguments_are_refused(tree8):
    with pytest.raises(ValueError, match="leaf index"):
        tree8.inclusion_proof(8, 8)
    with pytest.raises(ValueError, match="first <= second"):
        tree8.consistency_proof(5, 3)
    with pytest.raises(ValueError, match="tree size"):
        tree8.root(9)
    with pytest.raises(IndexError):
        tree8.node(0, 8)
    with pytest.raises(IndexError):
        tree8.nodes(1, 2, 5)
    with pytest.raises(ValueError, match="frontier hashes"):
        extend_frontier(3, [NH[1][0]], [])
    assert not verify_inclusion(leaf_hash=b"short", index=0, size=1, proof=[], root=b"short")
