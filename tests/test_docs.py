"""Docs cannot drift: every setting and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

import typer

from qualicert.cli import app
from qualicert.config import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def command_paths(group: typer.Typer, prefix: str = "qualicert") -> list[str]:
    """Every command of a Typer app as it is typed: ``qualicert db upgrade``."""
    paths = []
    for command in group.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        paths.append(f"{prefix} {name.replace('_', '-')}")
    for sub in group.registered_groups:
        assert sub.typer_instance is not None
        paths.extend(command_paths(sub.typer_instance, f"{prefix} {sub.name}"))
    return paths


def test_every_setting_is_documented():
    text = (DOCS / "operations.md").read_text("utf-8")
    missing = [
        f"QUALICERT_{name.upper()}"
        for name in Settings.model_fields
        if f"`QUALICERT_{name.upper()}`" not in text
    ]
    assert not missing, f"settings missing from docs/operations.md: {missing}"


def test_every_cli_command_is_documented():
    text = (DOCS / "cli.md").read_text("utf-8")
    paths = command_paths(app)
    assert "qualicert db upgrade" in paths
    missing = [p for p in paths if f"`{p}`" not in text]
    assert not missing, f"commands missing from docs/cli.md: {missing}"


def test_readme_opens_with_the_two_commands():
    lines = (DOCS.parent / "README.md").read_text("utf-8").splitlines()
    block = lines[lines.index("```sh") + 1 : lines.index("```")]
    assert [line.split()[:2] for line in block] == [["make", "demo"], ["make", "test"]]
