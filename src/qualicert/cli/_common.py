"""What every CLI command shares: the database, readable errors, the console."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from qualicert.config import Settings, get_settings
from qualicert.db import make_engine, make_session_factory, transaction
from qualicert.errors import QualicertError
from qualicert.web.problems import validation_problems

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def settings() -> Settings:
    """The settings of this run."""
    return get_settings()


def session_factory() -> sessionmaker[Session]:
    """Sessions on the configured database (its folder is created when it is SQLite)."""
    conf = settings()
    if conf.is_sqlite:
        conf.var_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(conf.database_url, busy_timeout_ms=conf.sqlite_busy_timeout_ms)
    return make_session_factory(engine)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction on the configured database."""
    with transaction(session_factory()) as session:
        yield session


def readable_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn refusals into a readable message in English and Chinese and exit status 1."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except QualicertError as exc:
            for problem in exc.problems:
                where = f"{problem.field}: " if problem.field else ""
                err_console.print(f"[red]error[/red] ({problem.rule}) {where}{problem.message}")
                err_console.print(f"      {problem.message_zh}")
            raise typer.Exit(1) from exc
        except ValidationError as exc:
            for problem in validation_problems(exc.errors()):
                err_console.print(f"[red]error[/red] ({problem.rule}) {problem.message}")
                err_console.print(f"      {problem.message_zh}")
            raise typer.Exit(1) from exc

    return wrapper
