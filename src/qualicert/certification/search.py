"""Certificate search by any part of a number, a holder's Chinese or English name, or a USCC.

Chinese names have no spaces between words, so search is by substring. Migration 0006 keeps
``certificates_fts``: one row per certificate (``rowid`` is its id) with its number and its
holder's names and USCC, current through triggers, indexed by the database in use:

- SQLite: an FTS5 table with the trigram tokenizer. A query of three characters or more is
  a phrase of trigrams answered from the index; a shorter one (a two-character name such as
  华为) scans the table with LIKE.
- PostgreSQL: one lower-cased document per certificate (the four values joined by U+001F,
  which a normalised query never holds); a GIN ``pg_trgm`` index answers LIKE for three
  characters or more; a shorter query scans the table. One LIKE on one column is several
  times cheaper than ILIKE on four.

Either way the index is as large as the certificates, not the organisations.

A bulk upload on PostgreSQL indexes its certificates a batch at a time instead of one
trigger call each (:func:`deferred`, migration 0007).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import ColumnElement, column, func, literal_column, or_, select, table
from sqlalchemy.orm import Session

from qualicert.certification.models import Certificate
from qualicert.db import dialect_name
from qualicert.ledger import driver

TRIGRAM = 3
"""Queries shorter than this cannot use a trigram index."""

_fts = table(
    "certificates_fts",
    column("rowid"),
    column("number"),
    column("holder"),
    column("holder_en"),
    column("uscc"),
)
_pg_fts = table("certificates_fts", column("rowid"), column("document"))


DEFERRED = "qualicert.search_deferred"
"""The transaction setting under which inserted certificates fire no index trigger (0007)."""
_INDEX_BATCH = (
    "INSERT INTO certificates_fts (rowid, document) "
    "SELECT c.id, lower(concat_ws(chr(31), c.number, o.name, o.name_en, o.uscc)) "
    "FROM certificates AS c JOIN organizations AS o ON o.id = c.organization_id "
    "WHERE c.id = ANY(%s)"
)
"""The document of migration 0006's trigger, for a batch of certificates at once."""

Indexer = Callable[[Sequence[int]], None]


@contextmanager
def deferred(session: Session) -> Iterator[Indexer | None]:
    """Within the block, inserted certificates are indexed by the caller, a batch at a time.

    PostgreSQL: yields ``index(ids)``, which the caller runs after each insert of new
    certificates (their holders written before); the setting ends with the block, or with
    the transaction or savepoint if it fails. SQLite: yields ``None`` (FTS5 triggers stay).
    """
    if dialect_name(session) != "postgresql":
        yield None
        return
    driver.execute(session, "SELECT set_config(%s, 'on', true)", (DEFERRED,))

    def index(ids: Sequence[int]) -> None:
        driver.execute(session, _INDEX_BATCH, (list(ids),))

    yield index
    driver.execute(session, "SELECT set_config(%s, 'off', true)", (DEFERRED,))


def normalise(q: str) -> str:
    """The query as searched: surrounding space removed, inner runs of space made one."""
    return " ".join(q.split())


def like_pattern(text: str) -> str:
    """``%text%`` with LIKE's wildcards in ``text`` escaped by a backslash."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_phrase(text: str) -> str:
    """An FTS5 phrase: the text in double quotes, its own double quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _sqlite(text: str) -> ColumnElement[bool]:
    condition: ColumnElement[bool]
    if len(text) >= TRIGRAM:
        condition = literal_column("certificates_fts").op("MATCH")(fts_phrase(text))
    else:  # SQLite's LIKE ignores ASCII case already
        pattern = like_pattern(text)
        columns = [_fts.c[name] for name in ("number", "holder", "holder_en", "uscc")]
        condition = or_(*(c.like(pattern, escape="\\") for c in columns))
    return Certificate.id.in_(select(_fts.c.rowid).where(condition))


def _postgresql(text: str) -> ColumnElement[bool]:
    pattern = func.lower(like_pattern(text))
    condition = _pg_fts.c.document.like(pattern, escape="\\")
    return Certificate.id.in_(select(_pg_fts.c.rowid).where(condition))


def matching(*, session: Session, q: str) -> ColumnElement[bool] | None:
    """A filter on :class:`Certificate` for ``q``; ``None`` when ``q`` is blank."""
    text = normalise(q)
    if not text:
        return None
    if dialect_name(session) == "sqlite":
        return _sqlite(text)
    return _postgresql(text)
