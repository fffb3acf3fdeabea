"""Alembic environment: online migrations only, batch mode on SQLite."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from qualicert.db import make_engine
from qualicert.models import metadata

config = context.config

# Search structures made by hand in migrations, not model tables (see 0006):
# SQLite's FTS5 table with its shadow tables, PostgreSQL's trigram indexes.
SEARCH_TABLE_PREFIX = "certificates_fts"
SEARCH_INDEX_SUFFIX = "_trgm"
# A foreign key that PostgreSQL replaces with a statement trigger (see 0008).
POSTGRES_ONLY_TRIGGER_CHECKED = frozenset({"fk_log_leaves_event_id_events"})


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Leave the search structures out of autogenerate and ``alembic check``."""
    if name is None:
        return True
    if type_ == "table" and name.startswith(SEARCH_TABLE_PREFIX):
        return False
    return not (type_ == "index" and name.endswith(SEARCH_INDEX_SUFFIX))


def include_object(
    dialect: str,
) -> Any:
    """On PostgreSQL, leave out the foreign keys that a trigger checks instead."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        return not (
            dialect == "postgresql"
            and type_ == "foreign_key_constraint"
            and name in POSTGRES_ONLY_TRIGGER_CHECKED
        )

    return include


def run(connection: Connection) -> None:
    """Configure the context on ``connection`` and run the pending migrations."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
        include_object=include_object(connection.dialect.name),
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
