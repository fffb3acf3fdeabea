"""Fixtures of the HTTP tests: committed rows and bearer tokens for each role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from qualicert.db import transaction
from tests import factories


@pytest.fixture
def make(factory: sessionmaker[Session]) -> Callable[..., Any]:
    """Run a factory in its own committed transaction: ``make(factories.lab, name=...)``."""

    def run(build: Callable[..., Any], *args: Any, **over: Any) -> Any:
        with transaction(factory) as session:
            return build(session, *args, **over)

    return run


@pytest.fixture
def as_role(factory: sessionmaker[Session]) -> Callable[..., dict[str, str]]:
    """Authorization headers of a new user with ``role`` and ``scope``."""

    def headers(role: str, **scope: Any) -> dict[str, str]:
        return factories.bearer(factories.token(factory, role, **scope))

    return headers


@pytest.fixture
def regulator(as_role: Callable[..., dict[str, str]]) -> dict[str, str]:
    """Authorization headers of the national regulator."""
    return as_role("regulator")
