"""certificate search: an index of each certificate's number and holder, FTS5 or pg_trgm

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 22:00:00

``certificates_fts`` holds one row per certificate (``rowid`` is the certificate's id) with its
number and its holder's names and USCC, kept current by triggers on ``certificates`` (insert,
change of number or holder, delete) and ``organizations`` (a renamed holder). On SQLite it is
an FTS5 table with the trigram tokenizer over the four values; on PostgreSQL a plain table
of one lower-cased document per certificate with a GIN index of its pg_trgm trigrams. So search reads an index as large as the
certificates, not the organisations. It is not a model table: ``migrations/env.py`` leaves it
out of ``alembic check``.
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

# PostgreSQL: one lower-cased document per certificate, its parts joined by U+001F (which a
# query never holds: search turns it into a space), so one LIKE on one GIN index answers it.
DOCUMENT = "lower(concat_ws(chr(31), {p}number, o.name, o.name_en, o.uscc))"

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE certificates_fts (rowid integer PRIMARY KEY, document text NOT NULL)""",
    """CREATE INDEX ix_certificates_fts_trgm ON certificates_fts
    USING gin (document gin_trgm_ops)""",
    f"""CREATE FUNCTION certificates_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM certificates_fts WHERE rowid = OLD.id;
            RETURN OLD;
        END IF;
        INSERT INTO certificates_fts (rowid, document)
        SELECT NEW.id, {DOCUMENT.format(p="NEW.")}
        FROM organizations AS o WHERE o.id = NEW.organization_id
        ON CONFLICT (rowid) DO UPDATE SET document = EXCLUDED.document;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER certificates_fts_sync
    AFTER INSERT OR DELETE OR UPDATE OF number, organization_id ON certificates
    FOR EACH ROW EXECUTE FUNCTION certificates_fts_sync()""",
    f"""CREATE FUNCTION certificates_fts_holder() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE certificates_fts AS f SET document = {DOCUMENT.format(p="c.")}
        FROM certificates AS c JOIN organizations AS o ON o.id = c.organization_id
        WHERE c.organization_id = NEW.id AND f.rowid = c.id;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER certificates_fts_holder
    AFTER UPDATE OF name, name_en, uscc ON organizations
    FOR EACH ROW EXECUTE FUNCTION certificates_fts_holder()""",
    f"""INSERT INTO certificates_fts (rowid, document)
    SELECT c.id, {DOCUMENT.format(p="c.")}
    FROM certificates AS c JOIN organizations AS o ON o.id = c.organization_id""",
]

POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS certificates_fts_holder ON organizations",
    "DROP TRIGGER IF EXISTS certificates_fts_sync ON certificates",
    "DROP FUNCTION IF EXISTS certificates_fts_holder()",
    "DROP FUNCTION IF EXISTS certificates_fts_sync()",
    "DROP TABLE IF EXISTS certificates_fts",
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
