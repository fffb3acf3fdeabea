"""An independent monitor: verify a qualicert log from its tiles alone, without its database.

``audit(url, state_file)``:

1. fetches the log's verifier key (``/ledger/key``; pinned in the state file after the first
   run, or given) and the signed checkpoint (``/ledger/checkpoint``), and checks the signature;
2. downloads every entry bundle, hashes the entries and recomputes the root: it must equal
   the signed root (an event row edited by hand changes its entry, so the root differs);
3. downloads every hash tile and compares it with the recomputed tree (catches edited nodes);
4. checks the new checkpoint is consistent with the last one seen (kept in the state file):
   the recomputed tree at the old size must have the old root, and the log's own consistency
   proof must verify. A forked or rewritten log fails here;
5. saves the new checkpoint in the state file, only when everything held.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from qualicert.ledger import merkle, note, tiles
from qualicert.ledger.memory_tree import MemoryTree

Fetch = Callable[[str], bytes]


@dataclass
class AuditReport:
    """What the monitor checked and what diverged (empty ``problems`` means all held)."""

    url: str
    tree_size: int = 0
    root_hash: str = ""
    previous_size: int | None = None
    entries: int = 0
    tiles: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing diverged."""
        return not self.problems


def http_fetcher(base_url: str, client: httpx.Client | None = None) -> Fetch:
    """Fetch paths under ``base_url`` (raising on any HTTP error)."""
    http = client or httpx.Client(timeout=30)

    def fetch(path: str) -> bytes:
        response = http.get(f"{base_url.rstrip('/')}/{path}")
        response.raise_for_status()
        return response.content

    return fetch


def _load_state(path: Path) -> dict[str, str | int]:
    if not path.exists():
        return {}
    data: dict[str, str | int] = json.loads(path.read_text("utf-8"))
    return data


def _verify_checkpoint(
    fetch: Fetch, state: dict[str, str | int], vkey: str | None
) -> tuple[note.Checkpoint, str, str]:
    served = fetch("ledger/key").decode("utf-8").strip()
    pinned = vkey or str(state.get("vkey") or served)
    if served != pinned:
        raise ValueError(f"the log now serves key {served!r}, not the pinned {pinned!r}")
    signed = fetch("ledger/checkpoint").decode("utf-8")
    verifier = note.Verifier.parse(pinned)
    checkpoint, _ = note.open_checkpoint(signed, [verifier])
    return checkpoint, pinned, signed


def _recompute(fetch: Fetch, size: int, report: AuditReport) -> MemoryTree:
    tree = MemoryTree()
    for bundle in tiles.tile_coordinates(size):
        if bundle.level != 0:
            continue
        entries = tiles.parse_entry_bundle(
            fetch("ledger/" + tiles.tile_path(tiles.ENTRIES, bundle.index, bundle.width))
        )
        if len(entries) != bundle.width:
            report.problems.append(
                f"entry bundle {bundle.index} has {len(entries)} entries, expected {bundle.width}"
            )
        tree.extend(merkle.hash_leaves(entries))
        report.entries += len(entries)
    return tree


def _compare_tiles(fetch: Fetch, tree: MemoryTree, size: int, report: AuditReport) -> None:
    for tile in tiles.tile_coordinates(size):
        served = fetch(f"ledger/{tile.path}")
        expected = tiles.tile_bytes(tree, int(tile.level), tile.index, tile.width)
        report.tiles += 1
        if served != expected:
            report.problems.append(f"{tile.path} differs from the tree recomputed from entries")


def _check_previous(
    fetch: Fetch,
    tree: MemoryTree,
    checkpoint: note.Checkpoint,
    state: dict[str, str | int],
    report: AuditReport,
) -> None:
    if "size" not in state:
        return
    old_size, old_root = int(state["size"]), base64.b64decode(str(state["root"]))
    report.previous_size = old_size
    if old_size > checkpoint.size:
        report.problems.append(f"the log shrank from {old_size} to {checkpoint.size} leaves")
        return
    if tree.size >= old_size and tree.root(old_size) != old_root:
        report.problems.append(
            f"fork: the entries no longer give the root signed at size "
            f"{old_size}; history was rewritten"
        )
    proof = json.loads(
        fetch(f"api/v1/ledger/proofs/consistency?first={old_size}&second={checkpoint.size}")
    )
    hashes = [base64.b64decode(p) for p in proof["proof"]]
    if not merkle.verify_consistency(
        first=old_size,
        second=checkpoint.size,
        first_root=old_root,
        second_root=checkpoint.root_hash,
        proof=hashes,
    ):
        report.problems.append(
            f"the log's consistency proof from {old_size} to {checkpoint.size} does not verify"
        )


def audit(
    url: str, state_file: Path, *, vkey: str | None = None, fetch: Fetch | None = None
) -> AuditReport:
    """Verify the log at ``url``; see the module docstring for each step."""
    fetch = fetch or http_fetcher(url)
    report = AuditReport(url=url)
    state = _load_state(state_file)
    try:
        checkpoint, pinned, signed = _verify_checkpoint(fetch, state, vkey)
    except (ValueError, httpx.HTTPError) as exc:
        report.problems.append(f"checkpoint: {exc}")
        return report
    report.tree_size, report.root_hash = (
        checkpoint.size,
        base64.b64encode(checkpoint.root_hash).decode("ascii"),
    )
    tree = _recompute(fetch, checkpoint.size, report)
    if tree.root(checkpoint.size) != checkpoint.root_hash:
        report.problems.append(
            "the entries do not hash to the signed root: an entry was changed after it was logged"
        )
    _compare_tiles(fetch, tree, checkpoint.size, report)
    _check_previous(fetch, tree, checkpoint, state, report)
    if report.ok:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text(
            json.dumps(
                {
                    "vkey": pinned,
                    "size": checkpoint.size,
                    "root": report.root_hash,
                    "checkpoint": signed,
                },
                indent=2,
            ),
            "utf-8",
        )
    return report
