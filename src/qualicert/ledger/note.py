"""C2SP signed notes with Ed25519 keys, and tlog-checkpoint bodies (pure, no I/O).

A signed note is UTF-8 text ending in a newline, a blank line, then one signature line per key::

    <text, ending in "\\n">
    "\\n"
    "— <key name> <base64(key id (4 bytes) || Ed25519 signature over the text)>\\n"

The key id is ``SHA-256(name || 0x0A || 0x01 || public key)[:4]`` (0x01: Ed25519). Keys are
written as ``<name>+<hex key id>+<base64(0x01 || public key)>`` (verifier key, public) and
``PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>`` (signer key, secret).

:func:`open_note` follows the reference implementation: signatures by unknown keys are ignored,
a signature by a known key that fails to verify rejects the whole note, and a note with no
verified signature is rejected. Every refusal is a ``ValueError`` saying why.

A checkpoint is the note text ``<origin>\\n<tree size>\\n<base64 root hash>\\n`` followed by
optional non-empty extension lines (:class:`Checkpoint`).

References
----------
.. [1] C2SP signed-note. https://c2sp.org/signed-note
.. [2] C2SP tlog-checkpoint. https://c2sp.org/tlog-checkpoint
.. [3] golang.org/x/mod/sumdb/note, the reference implementation (key encodings, ``Open``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

EM_DASH = "\u2014"
ED25519 = 0x01
MAX_SIGNATURES = 100
_SIGNATURE_PREFIX = EM_DASH + " "
_SIZE = re.compile(r"0|[1-9][0-9]*")


def _b64decode(text: str, what: str) -> bytes:
    """Strict standard base64 (RFC 4648 section 4): canonical padding, nothing else."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError(f"{what} is not valid base64: {text!r}") from exc
    if base64.b64encode(data).decode("ascii") != text:
        raise ValueError(f"{what} is not canonical base64: {text!r}")
    return data


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def check_key_name(name: str) -> str:
    """Return ``name`` if it is a valid key name: non-empty, no Unicode space, no ``+``."""
    if not name or "+" in name or any(c.isspace() for c in name):
        raise ValueError(f"key name must be non-empty, without spaces or '+': {name!r}")
    return name


def key_id(name: str, public_key: bytes) -> bytes:
    """Ed25519 key id: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key)."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ED25519]) + public_key)
    return digest.digest()[:4]


def _public_bytes(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes_raw()


@dataclass(frozen=True)
class Verifier:
    """A named Ed25519 public key that checks note signatures."""

    name: str
    public_key: bytes

    def __post_init__(self) -> None:
        check_key_name(self.name)
        if len(self.public_key) != 32:
            raise ValueError(f"an Ed25519 public key has 32 bytes, got {len(self.public_key)}")

    @property
    def key_id(self) -> bytes:
        """The 4-byte key id of this name and key."""
        return key_id(self.name, self.public_key)

    @property
    def vkey(self) -> str:
        """Verifier key encoding ``<name>+<hex key id>+<base64(0x01 || public key)>``."""
        return f"{self.name}+{self.key_id.hex()}+{_b64(bytes([ED25519]) + self.public_key)}"

    @classmethod
    def parse(cls, vkey: str) -> Verifier:
        """Parse a verifier key; ValueError for a bad name, key id, algorithm or length."""
        parts = vkey.split("+", 2)
        if len(parts) != 3:
            raise ValueError(f"verifier key must be <name>+<key id>+<key>, got {vkey!r}")
        name, hex_id, encoded = parts
        key = _b64decode(encoded, "verifier key data")
        if not key or key[0] != ED25519:
            raise ValueError(f"verifier key algorithm must be 0x01 (Ed25519) in {vkey!r}")
        verifier = cls(check_key_name(name), key[1:])
        if hex_id != verifier.key_id.hex():
            raise ValueError(f"verifier key id {hex_id!r} does not match the key in {vkey!r}")
        return verifier

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature of ``message``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except InvalidSignature:
            return False
        return True


def signer_key(name: str, private_key: Ed25519PrivateKey) -> str:
    """Signer key encoding ``PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>``."""
    kid = key_id(check_key_name(name), _public_bytes(private_key))
    seed = private_key.private_bytes_raw()
    return f"PRIVATE+KEY+{name}+{kid.hex()}+{_b64(bytes([ED25519]) + seed)}"


def parse_signer_key(skey: str) -> tuple[str, Ed25519PrivateKey]:
    """Parse a signer key into its name and private key; ValueError if malformed."""
    parts = skey.split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
        raise ValueError("signer key must be PRIVATE+KEY+<name>+<key id>+<key>")
    name, hex_id, encoded = check_key_name(parts[2]), parts[3], parts[4]
    key = _b64decode(encoded, "signer key data")
    if len(key) != 33 or key[0] != ED25519:
        raise ValueError("signer key data must be 0x01 (Ed25519) followed by a 32-byte seed")
    private_key = Ed25519PrivateKey.from_private_bytes(key[1:])
    if hex_id != key_id(name, _public_bytes(private_key)).hex():
        raise ValueError(f"signer key id {hex_id!r} does not match the key of {name!r}")
    return name, private_key


def verifier_for(name: str, private_key: Ed25519PrivateKey) -> Verifier:
    """The verifier of a signer's name and private key."""
    return Verifier(name, _public_bytes(private_key))


def generate_key(name: str) -> tuple[str, str]:
    """A new Ed25519 key for ``name``: ``(signer key, verifier key)``; keep the first secret."""
    private_key = Ed25519PrivateKey.generate()
    return signer_key(name, private_key), verifier_for(name, private_key).vkey


def signature_line(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """One signature line ``— <name> <base64(key id || signature)>\\n`` over ``text``."""
    kid = key_id(check_key_name(name), _public_bytes(private_key))
    signature = private_key.sign(text.encode("utf-8"))
    return f"{_SIGNATURE_PREFIX}{name} {_b64(kid + signature)}\n"


def sign_note(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """The signed note of ``text`` (which must end in a newline) by one key."""
    _check_text(text)
    return f"{text}\n{signature_line(text, name, private_key)}"


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise ValueError("note text must end with a newline")
    bad = next((c for c in text if c < " " and c != "\n"), None)
    if bad is not None:
        raise ValueError(f"note text must not contain control character {bad!r}")


def open_note(note: str | bytes, verifiers: Iterable[Verifier | str]) -> tuple[str, list[str]]:
    """Check a signed note against known keys; return ``(text, names that verified)``.

    ``verifiers`` are :class:`Verifier` objects or verifier key strings. Signatures by other
    keys are ignored (C2SP signed-note, "Signatures"). ValueError for a malformed note, a known
    key whose signature fails, or a note no known key signed.
    """
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError("signed note is not valid UTF-8") from exc
    known: dict[tuple[str, bytes], Verifier] = {}
    for item in verifiers:
        key = Verifier.parse(item) if isinstance(item, str) else item
        if known.setdefault((key.name, key.key_id), key) != key:
            raise ValueError(f"two verifier keys share name and key id {key.name!r}")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise ValueError("malformed note: no blank line before the signatures, or no final newline")
    text, block = note[: split + 1], note[split + 2 :]
    _check_text(text)
    lines = block.split("\n")[:-1]
    if not lines or len(lines) > MAX_SIGNATURES:
        raise ValueError(f"a note must have 1 to {MAX_SIGNATURES} signature lines")
    verified: list[str] = []
    seen: set[tuple[str, bytes]] = set()
    for line in lines:
        name, kid, signature = _parse_signature_line(line)
        verifier = known.get((name, kid))
        if verifier is None or (name, kid) in seen:
            continue
        if not verifier.verify(text.encode("utf-8"), signature):
            raise ValueError(f"invalid signature for key {name}+{kid.hex()}")
        seen.add((name, kid))
        verified += [] if name in verified else [name]
    if not verified:
        raise ValueError("note has no signature by a known key")
    return text, verified


def _parse_signature_line(line: str) -> tuple[str, bytes, bytes]:
    if not line.startswith(_SIGNATURE_PREFIX):
        raise ValueError(f"signature line must start with an em dash and a space: {line!r}")
    name, _, encoded = line[len(_SIGNATURE_PREFIX) :].partition(" ")
    check_key_name(name)
    raw = _b64decode(encoded, f"signature of {name!r}")
    if len(raw) < 5:
        raise ValueError(f"signature of {name!r} is shorter than a key id and one byte")
    return name, raw[:4], raw[4:]


@dataclass(frozen=True)
class Checkpoint:
    """A C2SP tlog-checkpoint: the signed note text naming a tree head.

    Attributes
    ----------
    origin : str
        The log's identity, e.g. ``qualicert.example/log``; non-empty.
    size : int
        Number of leaves in the tree.
    root_hash : bytes
        RFC 9162 root hash (32 bytes) of the tree of ``size`` leaves.
    extensions : tuple of str
        Optional non-empty extension lines after the root hash.
    """

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise ValueError(f"checkpoint origin must be one non-empty line, got {self.origin!r}")
        if self.size < 0:
            raise ValueError(f"checkpoint tree size must be >= 0, got {self.size}")
        if len(self.root_hash) != 32:
            raise ValueError(f"checkpoint root hash must have 32 bytes, got {len(self.root_hash)}")
        if any(not line or "\n" in line for line in self.extensions):
            raise ValueError("checkpoint extension lines must be non-empty single lines")

    def format(self) -> str:
        """The note text: origin, size, base64 root hash and extensions, one per line."""
        lines = [self.origin, str(self.size), _b64(self.root_hash), *self.extensions]
        return "".join(line + "\n" for line in lines)

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Parse checkpoint note text; ValueError naming the line that is wrong."""
        if not text.endswith("\n"):
            raise ValueError("checkpoint text must end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise ValueError("checkpoint needs origin, tree size and root hash lines")
        origin, size, root, *extensions = lines
        if not origin:
            raise ValueError("checkpoint origin line is empty")
        if not _SIZE.fullmatch(size):
            raise ValueError(
                f"checkpoint tree size must be decimal without leading zeros: {size!r}"
            )
        root_hash = _b64decode(root, "checkpoint root hash")
        if len(root_hash) != 32:
            raise ValueError(f"checkpoint root hash must be 32 bytes, got {len(root_hash)}")
        if any(not line for line in extensions):
            raise ValueError("checkpoint extension lines must be non-empty")
        return cls(origin, int(size), root_hash, tuple(extensions))


def open_checkpoint(
    note: str | bytes, verifiers: Iterable[Verifier | str]
) -> tuple[Checkpoint, list[str]]:
    """Verify a signed checkpoint note and parse its text: ``(checkpoint, verified names)``."""
    text, names = open_note(note, verifiers)
    return Checkpoint.parse(text), names
