"""Settings: the only place that reads the environment.

Every setting has the prefix ``QUALICERT_`` (``QUALICERT_DATABASE_URL`` sets
``database_url``) and is documented in ``docs/operations.md``; a test fails when one is not.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "development-only-secret-change-me"


def _default_var_dir() -> Path:
    return Path.cwd() / "var"


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(text: str) -> tuple[IPNetwork, ...]:
    """Parse comma-separated addresses or networks (``10.0.0.1, 192.168.0.0/16``)."""
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()
    )


class Settings(BaseSettings):
    """Runtime configuration of one qualicert installation."""

    model_config = SettingsConfigDict(env_prefix="QUALICERT_", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        default="development",
        description="development and test accept the default secret key; production refuses it.",
    )
    var_dir: Path = Field(
        default_factory=_default_var_dir,
        description="Folder for the embedded database, keys and exports.",
    )
    opendata_dir: Path = Field(
        default_factory=lambda data: data["var_dir"] / "opendata",
        description="Folder of the daily open data snapshots; default <var_dir>/opendata.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means SQLite at <var_dir>/qualicert.db.",
    )
    secret_key: str = Field(
        default=DEFAULT_SECRET_KEY,
        description="Secret for signed cookies; must be changed outside development.",
    )
    host: str = Field(default="127.0.0.1", description="Address `qualicert serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `qualicert serve` uses.")
    public_url: str = Field(
        default="",
        description="Base URL the platform is reached at; empty means http://<host>:<port>.",
    )
    token_ttl_days: int = Field(
        default=365, ge=1, le=3650, description="Default lifetime of a new API token, in days."
    )
    page_size_max: int = Field(
        default=200, ge=1, le=10_000, description="Largest page a list endpoint returns."
    )
    log_origin: str = Field(
        default="qualicert.local/log",
        pattern=r"^[^\s+]+$",
        description="Origin line of the log's checkpoints and the name of its signing key.",
    )
    jobs_interval_seconds: int = Field(
        default=60,
        ge=0,
        description="Seconds between runs of the server's jobs (lifecycle, deliveries); 0: never.",
    )
    webhook_timeout_seconds: float = Field(
        default=10, gt=0, le=120, description="How long one webhook POST may take before it fails."
    )
    webhook_allow_private: bool = Field(
        default=False,
        description="Accept webhook URLs on loopback, private and link-local addresses.",
    )
    delivery_attempts: int = Field(
        default=8, ge=1, le=50, description="Tries of a webhook or e-mail before it is failed."
    )
    delivery_backoff_seconds: int = Field(
        default=60, ge=1, description="Wait before the first retry; each next waits twice as long."
    )
    smtp_host: str = Field(default="", description="SMTP server for e-mail; empty sends none.")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_from: str = Field(default="qualicert@localhost", description="From address of e-mail.")
    smtp_starttls: bool = Field(default=False, description="Upgrade the SMTP connection to TLS.")
    smtp_username: str = Field(default="", description="SMTP login; empty: no login.")
    smtp_password: SecretStr = Field(default=SecretStr(""), description="SMTP password.")
    sqlite_busy_timeout_ms: int = Field(
        default=5000, ge=0, description="How long SQLite waits for a lock before failing."
    )
    rate_limit_per_minute: float = Field(
        default=300,
        ge=0,
        description="Requests a minute each anonymous client address may make; 0 turns it off.",
    )
    rate_limit_burst: int = Field(
        default=60, ge=1, description="Requests an anonymous client may make at once."
    )
    rate_limit_trusted_proxies: str = Field(
        default="",
        description="Comma-separated proxy addresses or networks whose X-Forwarded-For is read.",
    )
    cache_max_age_seconds: int = Field(
        default=60, ge=0, description="max-age of public certificate and verification answers."
    )

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.var_dir / 'qualicert.db'}"
        if not self.public_url:
            self.public_url = f"http://{self.host}:{self.port}"
        return self

    @field_validator("rate_limit_trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: str) -> str:
        _networks(value)  # raises ValueError naming the bad entry
        return value

    @property
    def trusted_proxies(self) -> tuple[IPNetwork, ...]:
        """The networks of ``rate_limit_trusted_proxies``."""
        return _networks(self.rate_limit_trusted_proxies)

    @property
    def is_sqlite(self) -> bool:
        """True when the database is the embedded SQLite file."""
        return self.database_url.startswith("sqlite")

    def check_secure(self) -> None:
        """Refuse to run outside development with the default secret key.

        Raises
        ------
        RuntimeError
            When ``environment`` is ``production`` and ``secret_key`` is the default or short.
        """
        if self.environment != "production":
            return
        if self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < 32:
            raise RuntimeError(
                "QUALICERT_SECRET_KEY must be set to a random value of at least 32 characters "
                "when QUALICERT_ENVIRONMENT=production (the default key is for development only)"
            )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once from the environment."""
    return Settings()
