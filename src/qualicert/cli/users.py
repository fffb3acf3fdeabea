"""``qualicert users create|list``: accounts, created by the local operator."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from qualicert.accounts import service as accounts
from qualicert.accounts.actor import system_actor
from qualicert.cli._common import console, readable_errors, session_scope
from qualicert.registry import service as registry

app = typer.Typer(help="User accounts and their roles.", no_args_is_help=True)


@app.command()
@readable_errors
def create(
    name: Annotated[str, typer.Argument(help="Unique user name.")],
    role: Annotated[
        str,
        typer.Option(
            help="regulator, regional-regulator, body-admin, "
            "body-staff, lab-staff, enterprise or auditor."
        ),
    ],
    region: Annotated[str | None, typer.Option(help="GB/T 2260 code (regional-regulator).")] = None,
    body: Annotated[int | None, typer.Option(help="Certification body id (body roles).")] = None,
    lab: Annotated[int | None, typer.Option(help="Lab id (lab-staff).")] = None,
    org: Annotated[str | None, typer.Option(help="Organisation USCC (enterprise).")] = None,
    person: Annotated[int | None, typer.Option(help="Person id (auditor).")] = None,
) -> None:
    """Create a user with ROLE and the scope that role needs."""
    with session_scope() as session:
        org_id = None
        if org is not None:
            org_id = registry.get_organization_by_uscc(session=session, uscc=org).id
        user = accounts.create_user(
            session=session,
            actor=system_actor(),
            name=name,
            role=role,
            region_code=region,
            body_id=body,
            lab_id=lab,
            organization_id=org_id,
            person_id=person,
        )
        console.print(f"created user {user.name!r} (id {user.id}, role {user.role})")


@app.command("list")
def list_() -> None:
    """List users with their roles and scopes."""
    table = Table("id", "name", "role", "scope", "active")
    with session_scope() as session:
        for user in accounts.list_users(session=session):
            scope = next(
                (
                    f"{k}={v}"
                    for k, v in (
                        ("region", user.region_code),
                        ("body", user.body_id),
                        ("lab", user.lab_id),
                        ("org", user.organization_id),
                        ("person", user.person_id),
                    )
                    if v is not None
                ),
                "",
            )
            table.add_row(str(user.id), user.name, user.role, scope, "yes" if user.active else "no")
    console.print(table)
