"""Signing keys kept as files only their owner can read.

The log's key lives in ``<var_dir>/keys/log.key`` as a C2SP signer key
(``PRIVATE+KEY+<name>+<id>+<key>``), created on first use with mode 0600 (created that way,
never widened afterwards). A key file readable by others is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qualicert.ledger import note


def _check_private(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PermissionError(f"{path} is readable by others (mode {mode:o}); run chmod 600 {path}")


def _create(path: Path, name: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    skey, _ = note.generate_key(name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(skey + "\n")


def load_or_create(path: Path, name: str) -> tuple[str, Ed25519PrivateKey]:
    """The signer key at ``path`` (made if absent): its name and private key."""
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it first
            _create(path, name)
    _check_private(path)
    key_name, private = note.parse_signer_key(path.read_text("ascii").strip())
    if key_name != name:
        raise ValueError(f"{path} holds a key for {key_name!r}, not {name!r}")
    return key_name, private


def log_key_path(var_dir: Path) -> Path:
    """Where the log's signing key is kept."""
    return var_dir / "keys" / "log.key"
