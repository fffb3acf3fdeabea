"""C2SP tlog-tiles: tile paths, tile contents and entry bundles (pure, no I/O).

A tile at level ``L`` and index ``N`` holds up to 256 consecutive hashes of the Merkle tree at
tree level ``8 * L``: the complete-subtree hashes ``N * 256 ... N * 256 + W - 1`` (level 0 tiles
hold leaf hashes). A full tile has 256 hashes (8,192 bytes); the rightmost tile of a level is
*partial* with ``W = floor(size / 256**L) mod 256`` hashes and is served at ``.p/<W>``::

    tile/<L>/<N>[.p/<W>]         L in 0..63, N as x001/x234/067, W in 1..255
    tile/entries/<N>[.p/<W>]     entry bundle: each entry as uint16 big-endian length || bytes

References
----------
.. [1] C2SP tlog-tiles, "Merkle Tree", "Partial Tiles" and "Log entries".
   https://c2sp.org/tlog-tiles
.. [2] RFC 9162, section 2.1 (the hashes inside the tiles).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from qualicert.ledger.merkle import HASH_SIZE, NodeReader, RangeNodeReader, root_from_leaf_hashes

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
MAX_LEVEL = 63
MAX_ENTRY_SIZE = 0xFFFF
ENTRIES: Literal["entries"] = "entries"

Level = int | Literal["entries"]
_ELEMENT = re.compile(r"\d{3}")
_SMALL = re.compile(r"0|[1-9]\d{0,2}")


@dataclass(frozen=True)
class Tile:
    """One tile (or entry bundle, ``level == "entries"``) and its width in hashes or entries."""

    level: Level
    index: int
    width: int = TILE_WIDTH

    @property
    def is_partial(self) -> bool:
        """Whether the tile has fewer than 256 hashes (served at ``.p/<W>``)."""
        return self.width < TILE_WIDTH

    @property
    def path(self) -> str:
        """The tile's path, ``tile/<L>/<N>[.p/<W>]``."""
        return tile_path(self.level, self.index, self.width)


def encode_index(index: int) -> str:
    """Tile index as zero-padded 3-digit path elements, all but the last prefixed by ``x``.

    >>> encode_index(1234067)
    'x001/x234/067'
    """
    if index < 0:
        raise ValueError(f"tile index must be >= 0, got {index}")
    text = f"{index % 1000:03d}"
    index //= 1000
    while index:
        text = f"x{index % 1000:03d}/{text}"
        index //= 1000
    return text


def _check(level: Level, index: int, width: int) -> None:
    if level != ENTRIES and not (isinstance(level, int) and 0 <= level <= MAX_LEVEL):
        raise ValueError(f"tile level must be 0..{MAX_LEVEL} or 'entries', got {level!r}")
    if index < 0:
        raise ValueError(f"tile index must be >= 0, got {index}")
    if not 1 <= width <= TILE_WIDTH:
        raise ValueError(f"tile width must be 1..{TILE_WIDTH}, got {width}")


def tile_path(level: Level, index: int, width: int = TILE_WIDTH) -> str:
    """Path of a tile or entry bundle: ``tile/<L>/<N>`` plus ``.p/<W>`` when partial."""
    _check(level, index, width)
    suffix = "" if width == TILE_WIDTH else f".p/{width}"
    return f"tile/{level}/{encode_index(index)}{suffix}"


def parse_tile_path(path: str) -> Tile:
    """Parse ``[/]tile/<L>/<N>[.p/<W>]`` (or ``tile/entries/...``); ValueError if not canonical."""
    parts = path.removeprefix("/").split("/")
    if len(parts) < 3 or parts[0] != "tile":
        raise ValueError(f"tile path must look like tile/<L>/<N>[.p/<W>], got {path!r}")
    level_text, elements = parts[1], parts[2:]
    width = TILE_WIDTH
    if len(elements) >= 2 and elements[-2].endswith(".p"):
        width_text = elements.pop()
        elements[-1] = elements[-1].removesuffix(".p")
        if not _SMALL.fullmatch(width_text) or not 1 <= int(width_text) < TILE_WIDTH:
            raise ValueError(f"partial tile width must be 1..255 without leading zeros: {path!r}")
        width = int(width_text)
    level: Level
    if level_text == ENTRIES:
        level = ENTRIES
    elif _SMALL.fullmatch(level_text) and int(level_text) <= MAX_LEVEL:
        level = int(level_text)
    else:
        raise ValueError(f"tile level must be 0..63 without leading zeros: {path!r}")
    index = _parse_index(elements, path)
    return Tile(level, index, width)


def _parse_index(elements: list[str], path: str) -> int:
    *upper, last = elements
    if not all(e.startswith("x") and _ELEMENT.fullmatch(e[1:]) for e in upper):
        raise ValueError(f"tile index elements before the last must be x + 3 digits: {path!r}")
    if not _ELEMENT.fullmatch(last):
        raise ValueError(f"the last tile index element must be 3 digits: {path!r}")
    index = 0
    for element in [*(e[1:] for e in upper), last]:
        index = index * 1000 + int(element)
    if encode_index(index) != "/".join(elements):
        raise ValueError(f"tile index has leading zero elements: {path!r}")
    return index


def tile_coordinates(tree_size: int) -> list[Tile]:
    """Every hash tile of a tree of ``tree_size``: full tiles, then the partial one, per level.

    A tree of 70,000 leaves has 273 full and one 112-wide tile at level 0, one full and one
    17-wide at level 1, one 1-wide at level 2 (C2SP tlog-tiles, "Partial Tiles"). Entry bundles
    have the same indices and widths as the level 0 tiles.
    """
    if tree_size < 0:
        raise ValueError(f"tree size must be >= 0, got {tree_size}")
    tiles: list[Tile] = []
    level = 0
    while tree_size >> (TILE_HEIGHT * level):
        hashes = tree_size >> (TILE_HEIGHT * level)
        full, partial = divmod(hashes, TILE_WIDTH)
        tiles.extend(Tile(level, index) for index in range(full))
        if partial:
            tiles.append(Tile(level, full, partial))
        level += 1
    return tiles


def tile_for(tree_size: int, level: int, index: int) -> Tile:
    """The tile of a tree of ``tree_size`` at ``level`` and ``index``, with its width."""
    full, partial = divmod(tree_size >> (TILE_HEIGHT * level), TILE_WIDTH)
    if index < full:
        return Tile(level, index)
    if index == full and partial:
        return Tile(level, index, partial)
    raise ValueError(f"a tree of size {tree_size} has no tile {index} at level {level}")


def tile_bytes(reader: NodeReader, level: int, index: int, width: int = TILE_WIDTH) -> bytes:
    """The 32-byte hashes of a tile, concatenated: nodes ``index*256 ...`` at tree level ``8*L``."""
    _check(level, index, width)
    tree_level, start = TILE_HEIGHT * level, index * TILE_WIDTH
    if isinstance(reader, RangeNodeReader):
        return b"".join(reader.nodes(tree_level, start, start + width))
    return b"".join(reader.node(tree_level, start + i) for i in range(width))


def tile_hashes(data: bytes) -> list[bytes]:
    """Split tile data into its hashes; ValueError unless 1..256 whole 32-byte hashes."""
    if not data or len(data) % HASH_SIZE or len(data) > TILE_WIDTH * HASH_SIZE:
        raise ValueError(f"a tile is 1 to 256 hashes of 32 bytes, got {len(data)} bytes")
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]


def entry_bundle(entries: Sequence[bytes]) -> bytes:
    """Encode up to 256 entries, each as a big-endian uint16 length followed by its bytes."""
    if len(entries) > TILE_WIDTH:
        raise ValueError(f"an entry bundle holds at most {TILE_WIDTH} entries, got {len(entries)}")
    parts = []
    for position, entry in enumerate(entries):
        if len(entry) > MAX_ENTRY_SIZE:
            raise ValueError(f"entry {position} has {len(entry)} bytes, more than {MAX_ENTRY_SIZE}")
        parts += [len(entry).to_bytes(2, "big"), entry]
    return b"".join(parts)


def parse_entry_bundle(data: bytes) -> list[bytes]:
    """Decode an entry bundle; ValueError on a truncated entry or more than 256 entries."""
    entries: list[bytes] = []
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise ValueError(f"entry bundle ends inside the length of entry {len(entries)}")
        end = pos + 2 + int.from_bytes(data[pos : pos + 2], "big")
        if end > len(data):
            raise ValueError(f"entry {len(entries)} runs past the end of the bundle")
        entries.append(data[pos + 2 : end])
        pos = end
    if len(entries) > TILE_WIDTH:
        raise ValueError(f"an entry bundle holds at most {TILE_WIDTH} entries, got {len(entries)}")
    return entries


class TileReader:
    """A :class:`~qualicert.ledger.merkle.NodeReader` over the tiles of a tree of ``tree_size``.

    ``fetch(tile)`` returns a tile's bytes (from HTTP, files, ...); tiles are fetched once and
    checked for length. Any complete subtree of the tree is one tile read plus up to 255 hashes,
    so a monitor can compute roots and proofs (:mod:`qualicert.ledger.merkle`) from tiles alone.
    """

    def __init__(self, tree_size: int, fetch: Callable[[Tile], bytes]) -> None:
        self.tree_size = tree_size
        self._fetch = fetch
        self._tiles: dict[Tile, list[bytes]] = {}

    def tile(self, level: int, index: int) -> list[bytes]:
        """The hashes of tile ``(level, index)`` of this tree size."""
        tile = tile_for(self.tree_size, level, index)
        if tile not in self._tiles:
            hashes = tile_hashes(self._fetch(tile))
            if len(hashes) != tile.width:
                raise ValueError(f"{tile.path} has {len(hashes)} hashes, expected {tile.width}")
            self._tiles[tile] = hashes
        return self._tiles[tile]

    def node(self, level: int, index: int) -> bytes:
        """Hash of the complete subtree at ``(level, index)``, from the tile holding it."""
        if index < 0 or (index + 1) << level > self.tree_size:
            raise IndexError(f"no complete subtree at level {level}, index {index}")
        tile_level, height = divmod(level, TILE_HEIGHT)
        first = index << height
        hashes = self.tile(tile_level, first // TILE_WIDTH)
        offset = first % TILE_WIDTH
        return root_from_leaf_hashes(hashes[offset : offset + (1 << height)])
