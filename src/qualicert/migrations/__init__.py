"""Alembic migrations, run from code: ``upgrade``, ``check`` and the current revision.

The scripts live in ``versions/``; ``env.py`` uses batch mode on SQLite so that ALTER TABLE
works there too. ``qualicert db upgrade`` and ``qualicert db check`` call these functions.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at this package's scripts and ``url``."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (the newest by default)."""
    command.upgrade(alembic_config(url), revision)


def check(url: str) -> None:
    """Raise when the models and the migrations disagree (``alembic check``)."""
    command.check(alembic_config(url))


@cache
def head_revision() -> str:
    """The newest revision the package ships (read once: the scripts do not change in a run)."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    return head or ""


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` before the first upgrade."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
