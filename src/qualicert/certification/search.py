"""Certificate search by any part of a number, a holder's Chinese or English name, or a USCC.

Chinese names have no spaces between words, so search is by substring, served by an index
chosen by the database in use (both made by migration 0006):

- SQLite: the FTS5 table ``certificates_fts`` with the trigram tokenizer over each
  certificate's number and its holder's names and USCC. A query of three characters or more
  is a phrase of trigrams, answered from the index; a shorter one (a two-character Chinese
  name such as 华为) scans that table with LIKE, which is as large as the certificates,
  not the organisations.
- PostgreSQL: ILIKE on the holder's names and the number, answered by GIN ``pg_trgm``
  indexes for three characters or more.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, column, literal_column, or_, select, table
from sqlalchemy.orm import Session

from qualicert.certification.models import Certificate
from qualicert.db import dialect_name
from qualicert.registry.models import Organization

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
    if len(text) >= TRIGRAM:
        ids = select(_fts.c.rowid).where(
            literal_column("certificates_fts").op("MATCH")(fts_phrase(text))
        )
    else:
        pattern = like_pattern(text)
        ids = select(_fts.c.rowid).where(
            or_(*(_fts.c[name].like(pattern, escape="\\") for name in ("holder", "holder_en")))
        )
    return or_(Certificate.number == text, Certificate.id.in_(ids))


def _postgresql(text: str) -> ColumnElement[bool]:
    pattern = like_pattern(text)
    holders = select(Organization.id).where(
        or_(
            Organization.name.ilike(pattern, escape="\\"),
            Organization.name_en.ilike(pattern, escape="\\"),
            Organization.uscc == text.upper(),
        )
    )
    return or_(
        Certificate.number.ilike(pattern, escape="\\"),
        Certificate.organization_id.in_(holders),
    )


def matching(*, session: Session, q: str) -> ColumnElement[bool] | None:
    """A filter on :class:`Certificate` for ``q``; ``None`` when ``q`` is blank."""
    text = normalise(q)
    if not text:
        return None
    if dialect_name(session) == "sqlite":
        return _sqlite(text)
    return _postgresql(text)
