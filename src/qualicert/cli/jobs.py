"""``qualicert jobs run``: apply overdue withdrawals and expiries, deliver subscriptions' due
webhooks and e-mail, write the day's open data snapshot when it is missing (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from qualicert.accounts.actor import system_actor
from qualicert.certification.service import jobs
from qualicert.cli._common import console, readable_errors, session_factory, session_scope
from qualicert.cli._common import settings as current_settings
from qualicert.statistics import snapshots
from qualicert.subscriptions import jobs as subscription_jobs

app = typer.Typer(help="Scheduled lifecycle jobs.", no_args_is_help=True)


@app.command()
@readable_errors
def run(
    today: Annotated[str | None, typer.Option(help="Run as of this date (YYYY-MM-DD).")] = None,
) -> None:
    """Withdraw suspensions older than six months; expire certificates past expiry; snapshot."""
    day = dt.date.fromisoformat(today) if today else dt.date.today()
    total_w = total_e = 0
    while True:
        with session_scope() as session:
            result = jobs.run(session=session, actor=system_actor("jobs"), today=day)
        total_w += result.withdrawn
        total_e += result.expired
        if not (result.withdrawn or result.expired):
            break
    console.print(f"withdrawn: {total_w}, expired: {total_e} (as of {day})")
    told = subscription_jobs.run(factory=session_factory(), settings=current_settings())
    console.print(f"subscriptions: {told.summary()}")
    folder = current_settings().opendata_dir
    snap, written = snapshots.ensure(factory=session_factory(), folder=folder)
    console.print(f"open data snapshot {'written' if written else 'present'}: {snap.path}")
