"""bulk search index: a bulk upload may index its certificates set-wise (PostgreSQL)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 00:30:00

Migration 0006 keeps ``certificates_fts`` current with a row trigger: one PL/pgSQL call and
one ``INSERT ... SELECT`` per certificate inserted. For a bulk upload that is about a fifth
of a certificate row's whole cost. Here the insert trigger gets a ``WHEN`` condition: while
the transaction has set ``qualicert.search_deferred`` to ``on``
(:func:`qualicert.certification.search.deferred`), an inserted certificate fires nothing and
the upload indexes each batch with one ``INSERT ... SELECT`` of its own. Every other insert,
and every update and delete, is indexed by the trigger as before. SQLite's FTS5 triggers
are unchanged.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRES_UP = [
    "DROP TRIGGER certificates_fts_sync ON certificates",
    """CREATE TRIGGER certificates_fts_sync
    AFTER DELETE OR UPDATE OF number, organization_id ON certificates
    FOR EACH ROW EXECUTE FUNCTION certificates_fts_sync()""",
    """CREATE TRIGGER certificates_fts_insert AFTER INSERT ON certificates
    FOR EACH ROW WHEN (current_setting('qualicert.search_deferred', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION certificates_fts_sync()""",
]

POSTGRES_DOWN = [
    "DROP TRIGGER certificates_fts_insert ON certificates",
    "DROP TRIGGER certificates_fts_sync ON certificates",
    """CREATE TRIGGER certificates_fts_sync
    AFTER INSERT OR DELETE OR UPDATE OF number, organization_id ON certificates
    FOR EACH ROW EXECUTE FUNCTION certificates_fts_sync()""",
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
