"""Where export bytes go: a file that hashes what passes through, or a buffer drained per chunk.

``sha256sum`` lines are written here too, so a download can be checked with
``sha256sum -c NAME.sha256``.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class HashingFile(io.RawIOBase):
    """Writes through to ``target`` while computing the SHA-256 and size of what was written."""

    def __init__(self, target: BinaryIO) -> None:
        super().__init__()
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        """Always: this is an output."""
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        """Write ``data`` to the target and into the hash."""
        view = memoryview(data)
        self.target.write(view)
        self.digest.update(view)
        self.size += len(view)
        return len(view)

    def tell(self) -> int:
        """Bytes written so far (the Parquet writer asks)."""
        return self.size

    def flush(self) -> None:
        """Flush the target."""
        self.target.flush()

    @property
    def sha256(self) -> str:
        """The hex SHA-256 of everything written so far."""
        return self.digest.hexdigest()


class Drain(io.RawIOBase):
    """Collects written bytes until :meth:`take` hands them on (a streamed response)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        """Always: this is an output."""
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        """Keep a copy of ``data`` until the next :meth:`take`."""
        chunk = bytes(data)
        self.parts.append(chunk)
        self.size += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        """Bytes written so far (the Parquet writer asks)."""
        return self.size

    def take(self) -> bytes:
        """Everything written since the last call, and forget it."""
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def checksum_line(sha256: str, name: str) -> str:
    """One line as ``sha256sum`` writes it (binary-safe text mode: two spaces)."""
    return f"{sha256}  {name}\n"


def sha256_of(path: Path, block: int = 1 << 20) -> str:
    """The hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(block):
            digest.update(chunk)
    return digest.hexdigest()
