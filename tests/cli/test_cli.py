"""The ``qualicert`` command: users, tokens and readable refusals (exit 1, no traceback)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qualicert import migrations
from qualicert.accounts import service as accounts
from qualicert.cli import app
from qualicert.config import get_settings
from qualicert.db import transaction
from qualicert.errors import Unauthenticated
from tests import factories
from tests.helpers import all_text, snapshot


@pytest.fixture
def qualicert(database_url, tmp_path, monkeypatch):
    """Run ``qualicert ARGS...`` on this test's database; returns the click result."""
    monkeypatch.setenv("QUALICERT_DATABASE_URL", database_url)
    monkeypatch.setenv("QUALICERT_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args))

    yield run
    get_settings.cache_clear()


def said(result) -> str:
    """Everything the command printed, with line wrapping undone."""
    return " ".join(result.output.split())


def refused(result, *phrases: str) -> None:
    """The command failed with exit status 1, readably, saying each phrase."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "error" in result.output
    for phrase in phrases:
        assert phrase in said(result)


# Users -----------------------------------------------------------------------------------


def test_users_create_a_regulator(qualicert, factory):
    result = qualicert("users", "create", "nation", "--role", "regulator")
    assert result.exit_code == 0, result.output
    assert "created user 'nation'" in said(result)
    with transaction(factory) as session:
        assert accounts.get_user(session=session, name="nation").role == "regulator"


def test_users_create_each_scoped_role(qualicert, factory):
    with transaction(factory) as session:
        body = factories.body(session)
        lab = factories.lab(session)
        org = factories.organization(session)
        person = factories.person(session)
    cases = [
        ("zj", "regional-regulator", "--region", "330000"),
        ("admin", "body-admin", "--body", str(body.id)),
        ("staff", "body-staff", "--body", str(body.id)),
        ("lab", "lab-staff", "--lab", str(lab.id)),
        ("firm", "enterprise", "--org", org.uscc.lower()),
        ("auditor", "auditor", "--person", str(person.id)),
    ]
    for name, role, option, value in cases:
        result = qualicert("users", "create", name, "--role", role, option, value)
        assert result.exit_code == 0, result.output
    with transaction(factory) as session:
        assert accounts.get_user(session=session, name="firm").organization_id == org.id
    listing = said(qualicert("users", "list"))
    assert "regional-regulator" in listing
    assert "region=330000" in listing


@pytest.mark.parametrize(
    ("args", "phrases"),
    [
        (["--role", "regional-regulator"], ["role_scope", "needs region_code"]),
        (["--role", "body-admin"], ["needs body_id"]),
        (["--role", "lab-staff"], ["needs lab_id"]),
        (["--role", "enterprise"], ["needs organization_id"]),
        (["--role", "auditor"], ["needs person_id"]),
        (["--role", "regulator", "--region", "330000"], ["takes no region_code"]),
        (["--role", "regional-regulator", "--region", "990000"], ["not a GB/T 2260 region code"]),
        (
            ["--role", "regional-regulator", "--region", "330000", "--body", "1"],
            ["takes no body_id"],
        ),
        (["--role", "body-admin", "--body", "404"], ["body_id", "404"]),
        (["--role", "lab-staff", "--lab", "404"], ["lab_id", "404"]),
        (["--role", "auditor", "--person", "404"], ["person_id", "404"]),
        (["--role", "enterprise", "--org", "914403001922038216"], ["no organisation with USCC"]),
        (["--role", "wizard"], ["'wizard' is not one of", "regional-regulator"]),
        (["--role", "system"], ["'system' is not one of"]),
    ],
)
def test_users_create_refuses_a_wrong_scope_readably(qualicert, engine, args, phrases):
    before = snapshot(engine)
    refused(qualicert("users", "create", "someone", *args), *phrases)
    assert snapshot(engine) == before


def test_the_refusal_is_given_in_chinese_too(qualicert):
    result = qualicert("users", "create", "someone", "--role", "regional-regulator")
    assert "必须指定 region_code" in said(result)


def test_users_create_refuses_a_taken_name(qualicert, engine):
    qualicert("users", "create", "nation", "--role", "regulator")
    before = snapshot(engine)
    refused(qualicert("users", "create", "nation", "--role", "regulator"), "exists")
    assert snapshot(engine) == before


def test_users_create_needs_a_role(qualicert):
    result = qualicert("users", "create", "nation")
    assert result.exit_code == 2
    assert "--role" in result.output


# Tokens ----------------------------------------------------------------------------------


def test_tokens_create_prints_the_token_alone_on_the_last_line(qualicert, engine, factory):
    qualicert("users", "create", "nation", "--role", "regulator")
    result = qualicert("tokens", "create", "nation", "--label", "ci", "--days", "7")
    assert result.exit_code == 0, result.output
    token = result.stdout.rstrip("\n").splitlines()[-1]
    assert token.startswith("qct_")
    assert token == token.strip()
    assert " " not in token
    with transaction(factory) as session:
        actor = accounts.authenticate(session=session, token=token)
    assert actor.name == "nation"
    assert token.split("_", 2)[2] not in all_text(engine)


def test_tokens_list_never_shows_secrets(qualicert):
    qualicert("users", "create", "nation", "--role", "regulator")
    token = qualicert("tokens", "create", "nation").stdout.splitlines()[-1]
    listing = qualicert("tokens", "list", "--user", "nation")
    assert listing.exit_code == 0
    assert token.split("_", 2)[2] not in listing.output


def test_tokens_revoke_makes_the_token_useless(qualicert, factory):
    qualicert("users", "create", "nation", "--role", "regulator")
    token = qualicert("tokens", "create", "nation").stdout.splitlines()[-1]
    result = qualicert("tokens", "revoke", str(factories.token_id(token)))
    assert result.exit_code == 0, result.output
    assert "revoked" in result.output
    with transaction(factory) as session, pytest.raises(Unauthenticated):
        accounts.authenticate(session=session, token=token)


def test_tokens_revoke_twice_is_refused_readably(qualicert, engine):
    qualicert("users", "create", "nation", "--role", "regulator")
    token = qualicert("tokens", "create", "nation").stdout.splitlines()[-1]
    token_id = str(factories.token_id(token))
    qualicert("tokens", "revoke", token_id)
    before = snapshot(engine)
    refused(qualicert("tokens", "revoke", token_id), "already revoked")
    refused(qualicert("tokens", "revoke", "404"), "no token 404")
    assert snapshot(engine) == before


def test_tokens_create_for_an_unknown_user_is_refused_readably(qualicert, engine):
    before = snapshot(engine)
    refused(qualicert("tokens", "create", "nobody"), "no user named 'nobody'")
    refused(qualicert("tokens", "list", "--user", "nobody"), "no user named 'nobody'")
    assert snapshot(engine) == before


def test_tokens_create_refuses_a_lifetime_under_a_day(qualicert, engine):
    qualicert("users", "create", "nation", "--role", "regulator")
    before = snapshot(engine)
    refused(qualicert("tokens", "create", "nation", "--days", "0"), "ttl_days")
    assert snapshot(engine) == before


def test_a_cli_token_works_over_http(qualicert, client):
    qualicert("users", "create", "zj", "--role", "regional-regulator", "--region", "330000")
    token = qualicert("tokens", "create", "zj").stdout.splitlines()[-1]
    r = client.get("/api/v1/me", headers=factories.bearer(token))
    assert (r.status_code, r.json()["region_code"]) == (200, "330000")


# Schema ----------------------------------------------------------------------------------


def test_db_current_prints_the_head_revision(qualicert):
    result = qualicert("db", "current")
    assert result.exit_code == 0
    assert migrations.head_revision() in result.output


def test_the_settings_come_from_the_environment(qualicert, database_url):
    assert get_settings().database_url == database_url
