"""Test fixtures: a migrated database per test (SQLite by default, PostgreSQL when asked).

Set ``QUALICERT_TEST_POSTGRES_URL`` (for example ``postgresql://postgres@127.0.0.1:5432/postgres``)
to run the database tests on PostgreSQL: each pytest worker creates a fresh database from
that server, migrates it once, empties it after each test and drops it at the end.
Without it, each test gets a copy of a migrated SQLite file.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from qualicert import migrations
from qualicert.accounts.actor import Actor, system_actor
from qualicert.config import Settings
from qualicert.db import make_engine, make_session_factory, transaction
from qualicert.models import metadata
from qualicert.web.app import create_app

POSTGRES_URL = os.environ.get("QUALICERT_TEST_POSTGRES_URL", "")
# Rate limiting is off in tests (every TestClient request comes from one address); the tests
# of the limiter turn it on through their own Settings.
os.environ.setdefault("QUALICERT_RATE_LIMIT_PER_MINUTE", "0")
# Property tests judge results, not speed: no per-example deadline and no "too slow" health
# check, which a loaded CI machine trips at random.
hypothesis_settings.register_profile(
    "qualicert", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("qualicert")
DB_FIXTURES = {"engine", "database_url", "factory", "session", "app", "client"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that touches the database, so a PostgreSQL run can select them."""
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def pytest_report_header() -> str:
    """Say which database this run uses."""
    kind = "PostgreSQL" if POSTGRES_URL else "SQLite"
    return f"qualicert test database: {kind}"


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database: an SQLite file to copy, or a PostgreSQL database to empty."""
    if not POSTGRES_URL:
        path = tmp_path_factory.mktemp("template") / "template.db"
        migrations.upgrade(f"sqlite:///{path}")
        yield str(path)
        return
    name = f"qualicert_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg", database=name)
    url_text = url.render_as_string(hide_password=False)
    migrations.upgrade(url_text)
    yield url_text
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(_template: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty, migrated database for this test alone."""
    if not POSTGRES_URL:
        path = tmp_path / "qualicert.db"
        shutil.copy(_template, path)
        yield f"sqlite:///{path}"
        return
    yield _template
    _empty_postgres(_template)


def _empty_postgres(url: str) -> None:
    """Delete every row and restart every id sequence.

    DELETE with triggers off (``session_replication_role = replica``, which also lets the
    append-only events go) is several times faster than TRUNCATE on tables this small,
    because TRUNCATE rewrites the files of every table and index.
    """
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
        conn.execute(text("DELETE FROM certificates_fts"))  # search index (migration 0006)
        sequences = conn.scalars(
            text("SELECT sequence_name FROM information_schema.sequences")
        ).all()
        for name in sequences:
            conn.execute(text(f'ALTER SEQUENCE "{name}" RESTART'))
    engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on this test's database."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory on this test's database."""
    return make_session_factory(engine)


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction, committed when the test ends well."""
    with transaction(factory) as s:
        yield s


@pytest.fixture
def system() -> Actor:
    """The platform acting for itself (as the CLI does)."""
    return system_actor("test")


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings for an app on this test's database."""
    return Settings(
        database_url=database_url,
        var_dir=tmp_path / "var",
        environment="test",
        jobs_interval_seconds=0,
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[object]:
    """The real application on this test's database."""
    application = create_app(settings)
    yield application
    application.state.db.engine.dispose()


@pytest.fixture
def client(app: object) -> Iterator[TestClient]:
    """An HTTP client for the app (requests go through the whole ASGI stack)."""
    with TestClient(app) as c:  # type: ignore[arg-type]
        yield c
