"""certificate search: SQLite FTS5 trigram index, PostgreSQL pg_trgm indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 22:00:00

On SQLite, ``certificates_fts`` is an FTS5 table with the trigram tokenizer over each
certificate's number and its holder's names and USCC, kept current by triggers on
``certificates`` and ``organizations``. On PostgreSQL, GIN trigram indexes (pg_trgm) on the
holder names and the certificate number serve the same substring queries. Neither is a
model table: ``migrations/env.py`` leaves them out of ``alembic check``.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE certificates_fts USING fts5(
        number, holder, holder_en, uscc, tokenize = 'trigram')""",
    """CREATE TRIGGER certificates_fts_insert AFTER INSERT ON certificates BEGIN
        INSERT INTO certificates_fts (rowid, number, holder, holder_en, uscc)
        SELECT new.id, new.number, o.name, o.name_en, o.uscc
        FROM organizations AS o WHERE o.id = new.organization_id;
    END""",
    """CREATE TRIGGER certificates_fts_update
    AFTER UPDATE OF number, organization_id ON certificates BEGIN
        DELETE FROM certificates_fts WHERE rowid = old.id;
        INSERT INTO certificates_fts (rowid, number, holder, holder_en, uscc)
        SELECT new.id, new.number, o.name, o.name_en, o.uscc
        FROM organizations AS o WHERE o.id = new.organization_id;
    END""",
    """CREATE TRIGGER certificates_fts_delete AFTER DELETE ON certificates BEGIN
        DELETE FROM certificates_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER certificates_fts_holder
    AFTER UPDATE OF name, name_en, uscc ON organizations BEGIN
        UPDATE certificates_fts
        SET holder = new.name, holder_en = new.name_en, uscc = new.uscc
        WHERE rowid IN (SELECT id FROM certificates WHERE organization_id = new.id);
    END""",
    """INSERT INTO certificates_fts (rowid, number, holder, holder_en, uscc)
    SELECT c.id, c.number, o.name, o.name_en, o.uscc
    FROM certificates AS c JOIN organizations AS o ON o.id = c.organization_id""",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS certificates_fts_holder",
    "DROP TRIGGER IF EXISTS certificates_fts_delete",
    "DROP TRIGGER IF EXISTS certificates_fts_update",
    "DROP TRIGGER IF EXISTS certificates_fts_insert",
    "DROP TABLE IF EXISTS certificates_fts",
]

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_organizations_name_trgm ON organizations USING gin (name gin_trgm_ops)",
    "CREATE INDEX ix_organizations_name_en_trgm ON organizations USING gin (name_en gin_trgm_ops)",
    "CREATE INDEX ix_certificates_number_trgm ON certificates USING gin (number gin_trgm_ops)",
]

POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_certificates_number_trgm",
    "DROP INDEX IF EXISTS ix_organizations_name_en_trgm",
    "DROP INDEX IF EXISTS ix_organizations_name_trgm",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(SQLITE_UP if dialect == "sqlite" else POSTGRES_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(SQLITE_DOWN if dialect == "sqlite" else POSTGRES_DOWN)
