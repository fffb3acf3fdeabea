"""Request dependencies: the database, the acting user, pagination."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from qualicert.accounts import service as accounts
from qualicert.accounts.actor import Actor
from qualicert.config import Settings
from qualicert.db import transaction
from qualicert.errors import Unauthenticated


@dataclass
class Database:
    """The engine and session factory of one app; each ``session()`` is one transaction."""

    engine: Engine
    factory: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction committed when the block ends, rolled back on any error."""
        with transaction(self.factory) as session:
            yield session


def get_db(request: Request) -> Database:
    """The app's database."""
    db: Database = request.app.state.db
    return db


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def get_actor(request: Request, db: Annotated[Database, Depends(get_db)]) -> Actor:
    """The user behind the bearer token; 401 when there is none or it is not valid."""
    token = _bearer(request)
    if token is None:
        raise Unauthenticated(
            "this request changes data and needs a bearer token (Authorization: Bearer ...)",
            "此操作需要令牌（Authorization: Bearer ...）",
            rule="token",
        )
    with db.session() as session:
        return accounts.authenticate(session=session, token=token)


@dataclass(frozen=True)
class Paging:
    """Which page of a list to return."""

    page: int
    page_size: int


def get_paging(
    page: Annotated[int, Query(ge=1, description="Page number, from 1.")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200, description="Rows per page.")] = 50,
) -> Paging:
    """Page and page size from the query string."""
    return Paging(page=page, page_size=page_size)


DbDep = Annotated[Database, Depends(get_db)]
ActorDep = Annotated[Actor, Depends(get_actor)]
PagingDep = Annotated[Paging, Depends(get_paging)]
