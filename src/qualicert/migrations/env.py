"""Alembic environment: online migrations only, batch mode on SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from qualicert.db import make_engine
from qualicert.models import metadata

config = context.config


def run(connection: Connection) -> None:
    """Configure the context on ``connection`` and run the pending migrations."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connectable = config.attributes.get("connection")
if connectable is not None:
    run(connectable)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        run(conn)
    engine.dispose()
