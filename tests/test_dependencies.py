"""The dependency direction of DESIGN.md section 2, enforced on the source tree."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "qualicert"
OUTER = {"web", "cli"}
WEB_FRAMEWORKS = {"fastapi", "starlette", "uvicorn"}
QUERY_NAMES = {"select", "insert", "update", "delete", "text"}


def imports(path: Path, *, top_level_only: bool = False) -> list[tuple[str, list[str]]]:
    """(module, imported names) of every import in a file."""
    tree = ast.parse(path.read_text("utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def domain_files() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] not in OUTER]


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_domains_never_import_web_cli_or_fastapi(path):
    for module, _ in imports(path):
        root = module.split(".")[0]
        assert root not in WEB_FRAMEWORKS, f"{path.name} imports {module}"
        parts = module.split(".")
        assert not (parts[0] == "qualicert" and len(parts) > 1 and parts[1] in OUTER), (
            f"{path.relative_to(SRC)} imports {module}"
        )


def toolbox_files() -> list[Path]:
    return sorted((SRC / "toolbox").rglob("*.py"))


@pytest.mark.parametrize("path", toolbox_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_toolbox_imports_only_numpy_scipy_and_stdlib(path):
    allowed = set(sys.stdlib_module_names) | {"numpy", "scipy", "qualicert", "__future__"}
    lazy_ok = {"matplotlib"} if path.name == "charts.py" else set()
    for module, _ in imports(path, top_level_only=True):
        root = module.split(".")[0]
        assert root in allowed, f"{path.relative_to(SRC)} imports {module} at module level"
        if root == "qualicert":
            assert module.startswith("qualicert.toolbox"), f"{path.name} imports {module}"
    for module, _ in imports(path):
        root = module.split(".")[0]
        assert root in allowed | lazy_ok, f"{path.relative_to(SRC)} imports {module}"


@pytest.mark.parametrize(
    "path", sorted((SRC / "web").rglob("*.py")), ids=lambda p: str(p.relative_to(SRC))
)
def test_web_layer_builds_no_queries(path):
    for module, names in imports(path):
        if module.split(".")[0] == "sqlalchemy":
            assert not QUERY_NAMES & set(names), f"{path.name} builds queries: {names}"
