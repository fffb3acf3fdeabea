"""C2SP tlog-tiles: paths, tile contents, entry bundles, and a tile-backed node reader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualicert.ledger.memory_tree import MemoryTree
from qualicert.ledger.merkle import (
    consistency_proof,
    hash_leaves,
    inclusion_proof,
    root,
    root_from_leaf_hashes,
)
from qualicert.ledger.tiles import (
    ENTRIES,
    Tile,
    TileReader,
    encode_index,
    entry_bundle,
    parse_entry_bundle,
    parse_tile_path,
    tile_bytes,
    tile_coordinates,
    tile_for,
    tile_hashes,
    tile_path,
)


def leaves(n: int) -> list[bytes]:
    return [f"entry {i}".encode() for i in range(n)]


@pytest.fixture(scope="module")
def tree() -> MemoryTree:
    return MemoryTree(hash_leaves(leaves(70_000)))


def test_index_encoding_of_the_spec_example():
    # C2SP tlog-tiles, "Merkle Tree": index 1234067 is encoded as x001/x234/067.
    assert encode_index(1234067) == "x001/x234/067"
    assert tile_path(0, 1234067) == "tile/0/x001/x234/067"
    assert parse_tile_path("tile/0/x001/x234/067") == Tile(0, 1234067, 256)


@pytest.mark.parametrize(
    ("tile", "path"),
    [
        (Tile(0, 0), "tile/0/000"),
        (Tile(1, 7, 17), "tile/1/007.p/17"),
        (Tile(2, 999), "tile/2/999"),
        (Tile(0, 1000, 1), "tile/0/x001/000.p/1"),
        (Tile(63, 5), "tile/63/005"),
        (Tile(ENTRIES, 1234067), "tile/entries/x001/x234/067"),
        (Tile(ENTRIES, 7, 5), "tile/entries/007.p/5"),
    ],
)
def test_paths(tile, path):
    assert tile.path == path
    assert parse_tile_path(path) == tile
    assert parse_tile_path("/" + path) == tile
    assert tile.is_partial is (tile.width < 256)


@given(
    st.one_of(st.integers(0, 63), st.just(ENTRIES)),
    st.integers(0, 10**15),
    st.integers(1, 256),
)
def test_path_round_trip(level, index, width):
    assert parse_tile_path(tile_path(level, index, width)) == Tile(level, index, width)


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/67",  # last element must be 3 digits
        "tile/0/x001/x234/67",
        "tile/0/x000/067",  # a leading zero element is not canonical
        "tile/0/001/067",  # upper elements need the x
        "tile/0/x001",  # the last element has no x
        "tile/00/000",  # level with a leading zero
        "tile/64/000",  # level above 63
        "tile/-1/000",
        "tile/0/000.p/256",  # full tiles have no .p suffix
        "tile/0/000.p/0",
        "tile/0/000.p/05",
        "tile/0/000.p/",
        "tile/0/000.p",
        "tile/0/1234067",
        "tiles/0/000",
        "tile/0",
        "tile/data/000",
        "tile/0/x001/x234/067/",
    ],
)
def test_malformed_paths_are_refused(path):
    with pytest.raises(ValueError, match="tile"):
        parse_tile_path(path)


def test_bad_tile_arguments_are_refused():
    with pytest.raises(ValueError, match="width"):
        tile_path(0, 0, 257)
    with pytest.raises(ValueError, match="level"):
        tile_path(64, 0)
    with pytest.raises(ValueError, match="index"):
        encode_index(-1)


def test_tiles_of_the_spec_example_sizes():
    # C2SP tlog-tiles, "Partial Tiles": a tree of 70,000 has 273 full level 0 tiles, one
    # partial level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of
    # width 17 and one partial level 2 tile of width 1; a tree of 256 has one full level 0
    # tile and a partial level 1 tile of width 1.
    tiles = tile_coordinates(70_000)
    assert [t for t in tiles if t.level == 0] == [Tile(0, i) for i in range(273)] + [
        Tile(0, 273, 112)
    ]
    assert [t for t in tiles if t.level != 0] == [Tile(1, 0), Tile(1, 1, 17), Tile(2, 0, 1)]
    assert tile_coordinates(256) == [Tile(0, 0), Tile(1, 0, 1)]
    assert tile_coordinates(0) == []
    assert tile_coordinates(1) == [Tile(0, 0, 1)]
    assert tile_for(70_000, 1, 1) == Tile(1, 1, 17)
    with pytest.raises(ValueError, match="no tile"):
        tile_for(70_000, 1, 2)


def test_tile_contents_follow_the_formal_definition(tree):
    # tile n at level l = MTH(D[(n*256 + i) * 256**l : (n*256 + i + 1) * 256**l]), i = 0..255
    level0 = tree.nodes(0, 0, 70_000)
    for level, index, width in [(0, 0, 256), (0, 273, 112), (1, 0, 256), (1, 1, 17), (2, 0, 1)]:
        hashes = tile_hashes(tile_bytes(tree, level, index, width))
        assert len(hashes) == width
        span = 256**level
        for i in [0, width // 2, width - 1]:
            start = (index * 256 + i) * span
            assert hashes[i] == root_from_leaf_hashes(level0[start : start + span])


def test_tile_bytes_through_a_plain_node_reader(tree):
    class Plain:
        def node(self, level: int, index: int) -> bytes:
            return tree.node(level, index)

    assert tile_bytes(Plain(), 1, 1, 17) == tile_bytes(tree, 1, 1, 17)
    assert len(tile_bytes(tree, 0, 5)) == 8192


def test_tile_hashes_refuse_bad_lengths():
    for data in [b"", b"x" * 31, b"x" * 33, b"x" * (257 * 32)]:
        with pytest.raises(ValueError, match="tile"):
            tile_hashes(data)


def test_entry_bundle_encoding():
    # C2SP tlog-tiles, "Log entries": big-endian uint16 length-prefixed entries.
    assert entry_bundle([b"a", b"", b"bc"]) == b"\x00\x01a\x00\x00\x00\x02bc"
    big = b"z" * 0xFFFF
    assert parse_entry_bundle(entry_bundle([big])) == [big]


@given(st.lists(st.binary(max_size=300), max_size=256))
def test_entry_bundle_round_trip(entries):
    assert parse_entry_bundle(entry_bundle(entries)) == entries


def test_bad_entry_bundles_are_refused():
    with pytest.raises(ValueError, match="65535"):
        entry_bundle([b"z" * 0x10000])
    with pytest.raises(ValueError, match="at most 256"):
        entry_bundle([b""] * 257)
    with pytest.raises(ValueError, match="at most 256"):
        parse_entry_bundle(b"\x00\x00" * 257)
    with pytest.raises(ValueError, match="inside the length"):
        parse_entry_bundle(b"\x00\x01a\x00")
    with pytest.raises(ValueError, match="past the end"):
        parse_entry_bundle(b"\x00\x05abc")


def test_entry_bundles_hash_to_their_level_0_tile(tree):
    # "Each entry in a bundle hashes to the corresponding entry in the corresponding level 0 tile"
    entries = leaves(70_000)[273 * 256 :]
    bundle = entry_bundle(entries)
    assert hash_leaves(parse_entry_bundle(bundle)) == tile_hashes(tile_bytes(tree, 0, 273, 112))


def test_tile_reader_gives_the_roots_and_proofs_of_the_tree(tree):
    fetched: list[Tile] = []

    def fetch(tile: Tile) -> bytes:
        fetched.append(tile)
        return tile_bytes(tree, tile.level, tile.index, tile.width)

    for size in [70_000, 65_536, 65_537, 256, 1, 4_321]:
        fetched.clear()
        reader = TileReader(size, fetch)
        assert root(reader, size) == tree.root(size)
        assert inclusion_proof(reader, size // 3, size) == tree.inclusion_proof(size // 3, size)
        assert consistency_proof(reader, size // 2 or 1, size) == tree.consistency_proof(
            size // 2 or 1, size
        )
        assert len(fetched) == len(set(fetched)) <= 12


def test_tile_reader_refuses_a_tile_of_the_wrong_width(tree):
    reader = TileReader(70_000, lambda tile: tile_bytes(tree, 0, 0, 255))
    with pytest.raises(ValueError, match="expected 256"):
        reader.node(0, 3)
    with pytest.raises(IndexError):
        TileReader(10, lambda tile: b"").node(0, 10)
