"""RFC 9162 Merkle tree: hashing, roots, inclusion and consistency proofs (pure, no I/O).

Hashing (RFC 9162 section 2.1.1), with SHA-256::

    leaf hash  = SHA-256(0x00 || leaf)
    node hash  = SHA-256(0x01 || left || right)
    MTH({})    = SHA-256("")

A *complete subtree* is addressed by ``(level, index)``: level 0 holds the leaf hashes, and the
node at ``(level, index)`` covers the leaves ``[index * 2**level, (index + 1) * 2**level)``.
Storage only ever needs these nodes (about two per leaf, none ever changes once written). Every
other hash of the tree, the ragged right edge, is folded from at most ``log2(n)`` of them, so
:func:`inclusion_proof` and :func:`consistency_proof` read O(log n) nodes through a
:class:`NodeReader`.

The *frontier* of a tree of size ``n`` is its list of maximal complete subtrees, largest first,
one per set bit of ``n`` (:func:`frontier_coordinates`). The root is the frontier folded from the
right (:func:`root_from_frontier`), and appending leaves needs only the frontier
(:func:`extend_frontier`): O(log n) storage reads per batch of appends.

References
----------
.. [1] RFC 9162, Certificate Transparency Version 2.0, sections 2.1.1-2.1.4.
   https://www.rfc-editor.org/rfc/rfc9162#section-2.1
.. [2] transparency-dev/merkle, docs/compact_ranges.md (complete subtrees and compact ranges).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import sha256
from typing import Protocol, runtime_checkable

HASH_SIZE = 32
EMPTY_ROOT = sha256(b"").digest()
_LEAF_PREFIX = sha256(b"\x00")
_NODE_PREFIX = sha256(b"\x01")

Coordinate = tuple[int, int]
NewNodes = list[tuple[int, int, list[bytes]]]


@runtime_checkable
class NodeReader(Protocol):
    """Read access to the complete-subtree hashes of a log."""

    def node(self, level: int, index: int) -> bytes:
        """Hash of the complete subtree over leaves ``[index << level, (index + 1) << level)``."""
        ...


@runtime_checkable
class RangeNodeReader(NodeReader, Protocol):
    """A :class:`NodeReader` that can also read a run of nodes of one level at once."""

    def nodes(self, level: int, start: int, end: int) -> Sequence[bytes]:
        """Hashes of the nodes ``start .. end - 1`` of ``level``."""
        ...


def leaf_hash(leaf: bytes) -> bytes:
    """RFC 9162 leaf hash: SHA-256(0x00 || leaf)."""
    h = _LEAF_PREFIX.copy()
    h.update(leaf)
    return h.digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash: SHA-256(0x01 || left || right)."""
    h = _NODE_PREFIX.copy()
    h.update(left)
    h.update(right)
    return h.digest()


def hash_leaves(leaves: Iterable[bytes]) -> list[bytes]:
    """Leaf hashes of many leaves (one prefixed SHA-256 each, no per-leaf call overhead)."""
    new = _LEAF_PREFIX.copy
    out: list[bytes] = []
    append = out.append
    for leaf in leaves:
        h = new()
        h.update(leaf)
        append(h.digest())
    return out


def parent_hashes(nodes: Sequence[bytes]) -> list[bytes]:
    """Node hashes of the pairs ``(nodes[0], nodes[1]), (nodes[2], nodes[3]), ...``.

    An unpaired last node is left out.
    """
    new = _NODE_PREFIX.copy
    out: list[bytes] = []
    append = out.append
    pairs = iter(nodes)
    for left, right in zip(pairs, pairs, strict=False):
        h = new()
        h.update(left)
        h.update(right)
        append(h.digest())
    return out


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """Merkle tree hash of a tree given its leaf hashes, level by level.

    An unpaired last node is carried up unchanged, which gives the same root as the recursive
    split at the largest power of two below ``n`` of RFC 9162 section 2.1.1.
    """
    level = list(hashes)
    if not level:
        return EMPTY_ROOT
    while len(level) > 1:
        carry = level[-1:] if len(level) % 2 else []
        level = parent_hashes(level) + carry
    return level[0]


def mth(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of RFC 9162 section 2.1.1 for a list of leaves."""
    return root_from_leaf_hashes(hash_leaves(leaves))


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def frontier_coordinates(size: int) -> list[Coordinate]:
    """``(level, index)`` of the maximal complete subtrees of a tree of ``size``, largest first."""
    if size < 0:
        raise ValueError(f"tree size must be >= 0, got {size}")
    coordinates = []
    start = 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            coordinates.append((level, start >> level))
            start += 1 << level
    return coordinates


def root_from_frontier(frontier: Sequence[bytes]) -> bytes:
    """Fold frontier hashes (largest subtree first) from the right into the tree's root."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for left in reversed(frontier[:-1]):
        root = node_hash(left, root)
    return root


def range_hash(reader: NodeReader, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a node of the tree: ``start`` aligned to a power of two >= end-start.

    Reads one complete subtree per set bit of ``end - start`` and folds them from the right.
    """
    if not 0 <= start < end:
        raise ValueError(f"range [{start}, {end}) is empty or negative")
    pieces = []
    pos = start
    for level in range((end - start).bit_length() - 1, -1, -1):
        if (end - start) >> level & 1:
            if pos % (1 << level):
                raise ValueError(f"range [{start}, {end}) is not a node of an RFC 9162 tree")
            pieces.append(reader.node(level, pos >> level))
            pos += 1 << level
    return root_from_frontier(pieces)


def root(reader: NodeReader, size: int) -> bytes:
    """Root hash of the tree of the first ``size`` leaves."""
    if size < 0:
        raise ValueError(f"tree size must be >= 0, got {size}")
    return range_hash(reader, 0, size) if size else EMPTY_ROOT


def inclusion_proof(reader: NodeReader, index: int, size: int) -> list[bytes]:
    """PATH(index, D[size]) of RFC 9162 section 2.1.3.1, leaf side first; O(log n) reads."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index must be in [0, {size}), got {index}")
    path = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(range_hash(reader, lo + k, hi))
            hi = lo + k
        else:
            path.append(reader.node(k.bit_length() - 1, lo // k))
            lo += k
    path.reverse()
    return path


def consistency_proof(reader: NodeReader, first: int, second: int) -> list[bytes]:
    """PROOF(first, D[second]) of RFC 9162 section 2.1.4.1; empty when first is 0 or second."""
    if not 0 <= first <= second:
        raise ValueError(f"need 0 <= first <= second, got first={first}, second={second}")
    if first in (0, second):
        return []
    path = []
    lo, hi, whole = 0, second, True
    while first != hi:
        k = _split(hi - lo)
        if first <= lo + k:
            path.append(range_hash(reader, lo + k, hi))
            hi = lo + k
        else:
            path.append(reader.node(k.bit_length() - 1, lo // k))
            lo += k
            whole = False
    if not whole:
        path.append(range_hash(reader, lo, hi))
    path.reverse()
    return path


def _well_formed(proof: Sequence[bytes]) -> bool:
    return all(isinstance(p, bytes) and len(p) == HASH_SIZE for p in proof)


def root_from_inclusion_proof(
    *, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes | None:
    """The root an inclusion proof leads to (RFC 9162 section 2.1.3.2), or None if malformed."""
    if not 0 <= index < size or len(leaf_hash) != HASH_SIZE or not _well_formed(proof):
        return None
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_inclusion(
    *, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows the leaf with ``leaf_hash`` at ``index`` in the tree ``root``."""
    found = root_from_inclusion_proof(leaf_hash=leaf_hash, index=index, size=size, proof=proof)
    return found is not None and found == root


def verify_consistency(
    *, first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows tree ``second_root`` extends ``first_root`` (RFC 9162 2.1.4.2).

    Trees of equal size are consistent when their roots are equal and the proof is empty; a
    tree of size 0 (whose root must be SHA-256 of the empty string) is consistent with any.
    """
    if not 0 <= first <= second or not _well_formed(proof):
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == EMPTY_ROOT
    if not proof:
        return False
    path = [first_root, *proof] if first & (first - 1) == 0 else list(proof)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


def extend_frontier(
    size: int, frontier: Sequence[bytes], leaf_hashes: Sequence[bytes]
) -> tuple[NewNodes, list[bytes]]:
    """Complete-subtree nodes created by appending ``leaf_hashes`` to a tree of ``size``.

    Returns ``(new_nodes, new_frontier)``: ``new_nodes`` lists ``(level, first_index, hashes)``
    for every level that gains nodes (level 0 holds the leaf hashes themselves), to be written
    to storage; ``new_frontier`` is the frontier of the tree of ``size + len(leaf_hashes)``.
    """
    coordinates = frontier_coordinates(size)
    if len(frontier) != len(coordinates):
        raise ValueError(f"a tree of size {size} has {len(coordinates)} frontier hashes")
    pending = {level: h for (level, _), h in zip(coordinates, frontier, strict=True)}
    added: NewNodes = []
    level, start, nodes = 0, size, list(leaf_hashes)
    while nodes:
        added.append((level, start, nodes))
        if level in pending:
            nodes, start = [pending[level], *nodes], start - 1
        nodes, start, level = parent_hashes(nodes), start // 2, level + 1
    new_frontier = []
    for level, index in frontier_coordinates(size + len(leaf_hashes)):
        if level < len(added) and added[level][1] <= index:
            new_frontier.append(added[level][2][index - added[level][1]])
        else:
            new_frontier.append(pending[level])
    return added, new_frontier
