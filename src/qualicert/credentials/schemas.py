"""What the API and the CLI show of a certification body's signing keys (public halves only)."""

from __future__ import annotations

import base64
import datetime as dt

from pydantic import Field, computed_field, field_serializer

from qualicert.registry.schemas import Read


class BodyKeyRead(Read):
    """One Ed25519 public key of a body and when it may sign (``valid_to`` null: in force)."""

    key_id: str = Field(description="Hex of the first 8 bytes of SHA-256 of the public key.")
    body_id: int
    public_key: bytes = Field(description="The raw 32-byte Ed25519 public key, base64.")
    valid_from: dt.datetime
    valid_to: dt.datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def algorithm(self) -> str:
        """Always ``Ed25519``."""
        return "Ed25519"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def in_force(self) -> bool:
        """True for the key the body signs with now."""
        return self.valid_to is None

    @field_serializer("public_key")
    def _base64(self, value: bytes) -> str:
        return base64.b64encode(value).decode("ascii")
