"""leaf event check: on PostgreSQL, leaves are checked against events per statement

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 00:30:00

``log_leaves.event_id`` referenced ``events.id`` through a foreign key. On PostgreSQL a
foreign-key check locks the referenced row (``FOR KEY SHARE``): for a leaf written in the
same transaction as its event, that rewrites the event row's header and adds a WAL record,
leaf by leaf, which was a tenth of a bulk upload's time in the database. Here the foreign
key gives way to a statement trigger that checks every leaf a statement inserts against
``events`` with one anti-join, and fails the statement with the same SQLSTATE (23503,
foreign key violation) as the foreign key did. What the foreign key also prevented, an
event deleted or renumbered under its leaf, cannot happen: ``events`` and ``log_leaves``
accept no UPDATE or DELETE (their append-only triggers). SQLite keeps the foreign key; its
check takes no lock. ``migrations/env.py`` leaves this one foreign key out of
``alembic check`` on PostgreSQL.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEY = "fk_log_leaves_event_id_events"

POSTGRES_UP = [
    f"ALTER TABLE log_leaves DROP CONSTRAINT {FOREIGN_KEY}",
    """CREATE FUNCTION log_leaves_have_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM added AS l
            WHERE NOT EXISTS (SELECT 1 FROM events AS e WHERE e.id = l.event_id)
        ) THEN
            RAISE EXCEPTION 'a log leaf names an event that does not exist'
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER log_leaves_have_events AFTER INSERT ON log_leaves
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION log_leaves_have_events()""",
]

POSTGRES_DOWN = [
    "DROP TRIGGER log_leaves_have_events ON log_leaves",
    "DROP FUNCTION log_leaves_have_events()",
    f"""ALTER TABLE log_leaves ADD CONSTRAINT {FOREIGN_KEY}
    FOREIGN KEY (event_id) REFERENCES events (id)""",
]


def _run(statements: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(POSTGRES_UP)


def downgrade() -> None:
    _run(POSTGRES_DOWN)
