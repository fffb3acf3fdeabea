"""Database engine, sessions, the declarative base and the one-path guard.

SQLite (embedded default) gets WAL, foreign keys and a busy timeout on every connection;
PostgreSQL is reached through psycopg 3. Constraint names are explicit so that Alembic
migrations are stable on both.

The one-path guard: every model is *audited* unless it says otherwise. Each flush notes the
audited rows it inserts, updates or deletes; before the transaction commits, every one of
them must have been registered by the event function (``qualicert.ledger.service.record``)
in the same transaction, or the commit is refused and everything rolls back. So there is no
way to change state without writing its event in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

from sqlalchemy import JSON, DateTime, MetaData, Select, create_engine, event, func, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from qualicert.errors import InvalidInput

T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

EVENTED_KEY = "qualicert.evented"
CHANGED_KEY = "qualicert.changed"

JSONType = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored and returned as timezone-aware UTC on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: qualicert stores UTC-aware times only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, UTC-aware."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of every table, with explicit constraint names."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __audited__: ClassVar[bool] = True


class UnrecordedChange(RuntimeError):
    """A row was changed outside the event path; a programming error, never user input."""


def mark_evented(session: Session, *objects: object) -> None:
    """Register rows whose change is covered by an event being written in this session."""
    registered: dict[int, object] = session.info.setdefault(EVENTED_KEY, {})
    registered.update((id(o), o) for o in objects)  # keeps each row alive, so ids stay unique


def _note_changes(session: Session, flush_context: Any, instances: Any) -> None:
    """Before each flush (autoflush included), remember which audited rows it writes."""
    changed: dict[int, object] = session.info.setdefault(CHANGED_KEY, {})
    for group in (session.new, session.dirty, session.deleted):
        for obj in group:
            if not getattr(obj, "__audited__", False):
                continue
            if group is session.dirty and not session.is_modified(obj):
                continue
            changed[id(obj)] = obj


def _guard_before_commit(session: Session) -> None:
    """Refuse to commit an audited change that no event in this transaction covers."""
    session.flush()
    evented: dict[int, object] = session.info.get(EVENTED_KEY, {})
    changed: dict[int, object] = session.info.get(CHANGED_KEY, {})
    for key, obj in changed.items():
        if key not in evented:
            raise UnrecordedChange(
                f"{type(obj).__name__} changed without an event: "
                "use qualicert.ledger.service.record in the same transaction"
            )


def _clear_evented(session: Session, *args: Any) -> None:
    session.info.pop(EVENTED_KEY, None)
    session.info.pop(CHANGED_KEY, None)


event.listen(Session, "before_flush", _note_changes)
event.listen(Session, "before_commit", _guard_before_commit)
event.listen(Session, "after_commit", _clear_evented)
event.listen(Session, "after_rollback", _clear_evented)


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def make_engine(url: str, *, busy_timeout_ms: int = 5000, echo: bool = False) -> Engine:
    """Create an engine for ``url``: SQLite with pragmas, or PostgreSQL through psycopg 3."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (services return rows to callers)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits on success and rolls back entirely on any error."""
    with factory() as session, session.begin():
        yield session


def paginate(session: Session, query: Select[T], page: int, page_size: int) -> tuple[list[T], int]:
    """One page of ``query`` and the total number of rows it matches."""
    if page < 1:
        raise InvalidInput("page starts at 1", "页码从1开始", rule="minimum", field="page")
    if not 1 <= page_size <= 10_000:
        raise InvalidInput(
            "page_size must be between 1 and 10000",
            "每页条数应在1至10000之间",
            rule="range",
            field="page_size",
        )
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.scalars(query.limit(page_size).offset((page - 1) * page_size)).all()
    return list(rows), int(total or 0)


def ping(engine: Engine) -> None:
    """Run a trivial query; raises when the database does not answer."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def dialect_name(session: Session) -> str:
    """``sqlite`` or ``postgresql``."""
    return session.get_bind().dialect.name


__all__ = [
    "Base",
    "JSONType",
    "UTCDateTime",
    "make_engine",
    "make_session_factory",
    "mark_evented",
    "paginate",
    "transaction",
    "utcnow",
]
