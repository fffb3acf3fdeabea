"""Webhook secrets encrypted at rest with AES-256-GCM.

HMAC needs the secret itself, so it cannot be stored as a digest the way API tokens are.
Each secret is sealed with a 256-bit key kept in ``<var_dir>/keys/subscriptions.key``
(base64, created on first use with mode 0600 and never widened; a key file readable by
others is refused, as for the log's key). The sealed value is ``nonce (12 bytes) ||
ciphertext and tag``; the associated data binds it to its subscription id, so a sealed secret
copied onto another row does not open. A database dump alone therefore reveals no secret.
Losing the key file makes the stored secrets unusable: back it up with the database.
"""

from __future__ import annotations

import base64
import contextlib
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_SIZE = 12
KEY_SIZE = 32


def key_path(var_dir: Path) -> Path:
    """Where the key that seals webhook secrets is kept."""
    return var_dir / "keys" / "subscriptions.key"


def _check_private(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PermissionError(f"{path} is readable by others (mode {mode:o}); run chmod 600 {path}")


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(AESGCM.generate_key(bit_length=256)).decode() + "\n")


def load_or_create(path: Path) -> bytes:
    """The 32-byte sealing key at ``path``, made when absent.

    Raises
    ------
    PermissionError
        When the file is readable by its group or others.
    ValueError
        When the file does not hold a base64 key of 32 bytes.
    """
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it first
            _create(path)
    _check_private(path)
    key = base64.b64decode(path.read_text("ascii").strip(), validate=True)
    if len(key) != KEY_SIZE:
        raise ValueError(f"{path} holds {len(key)} bytes, not a {KEY_SIZE}-byte key")
    return key


def _associated(subscription_id: int) -> bytes:
    return f"qualicert-subscription:{subscription_id}".encode("ascii")


def seal(key: bytes, secret: str, subscription_id: int) -> bytes:
    """``secret`` encrypted for the row ``subscription_id``: nonce then ciphertext and tag."""
    nonce = os.urandom(NONCE_SIZE)
    sealed = AESGCM(key).encrypt(nonce, secret.encode("utf-8"), _associated(subscription_id))
    return nonce + sealed


def unseal(key: bytes, sealed: bytes, subscription_id: int) -> str:
    """The secret sealed for ``subscription_id``.

    Raises
    ------
    ValueError
        When the value was sealed with another key, for another row, or altered.
    """
    nonce, body = sealed[:NONCE_SIZE], sealed[NONCE_SIZE:]
    try:
        plain = AESGCM(key).decrypt(nonce, body, _associated(subscription_id))
    except InvalidTag as exc:
        raise ValueError(
            f"the webhook secret of subscription {subscription_id} does not open with this key"
        ) from exc
    return plain.decode("utf-8")
