"""``qualicert import FILE --body ID``: progress, a readable report, exit 1 on refused rows."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from qualicert.certification.models import Certificate
from qualicert.cli import app
from qualicert.config import get_settings
from tests.certification import bulk_samples as s
from tests.helpers import snapshot


@pytest.fixture
def qualicert(database_url, tmp_path, monkeypatch):
    """Run ``qualicert ARGS...`` on this test's database."""
    monkeypatch.setenv("QUALICERT_DATABASE_URL", database_url)
    monkeypatch.setenv("QUALICERT_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args])
    get_settings.cache_clear()


@pytest.fixture
def body(factory):
    return s.approved_body(factory)


def said(result) -> str:
    return " ".join(result.output.split())


def test_import_prints_the_report(qualicert, factory, body, tmp_path):
    path = tmp_path / "certificates.csv"
    path.write_bytes(s.csv_bytes(s.rows(body, 3), s.ZH, encoding="utf-8-sig"))
    result = qualicert("import", path, "--body", body.id)
    assert result.exit_code == 0, result.output
    assert "created 3" in said(result) and "refused 0" in said(result)
    assert "applying" in result.output  # the progress bars
    assert s.count(factory, Certificate, body_id=body.id) == 3


def test_refused_rows_exit_1_and_are_listed_in_both_languages(qualicert, engine, body, tmp_path):
    data = s.rows(body, 3)
    data[2]["sectors"] = "41"
    path = tmp_path / "certificates.csv"
    path.write_bytes(s.csv_bytes(data))
    before = snapshot(engine)
    result = qualicert("import", path, "--body", body.id)
    assert result.exit_code == 1
    assert snapshot(engine) == before
    text = said(result)
    assert "iaf_sector" in text and "IAF 专业代码 41" in text
    assert "nothing was applied" in text


def test_partial_applies_the_rest_and_json_prints_the_report(qualicert, factory, body, tmp_path):
    data = s.rows(body, 3)
    data[0]["uscc"] = "91110108MA01ABCD1Z"
    path = tmp_path / "certificates.jsonl"
    path.write_bytes(s.jsonl_bytes(data))
    result = qualicert("import", path, "--body", body.id, "--partial", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert (report["created"], report["refused"], report["format"]) == (2, 1, "jsonl")
    assert report["errors"][0]["row"] == 1


def test_a_file_that_cannot_be_read_is_a_readable_refusal(qualicert, body, tmp_path):
    path = tmp_path / "certificates.csv"
    path.write_text("证书编号,认证范围\nA,B\n", "utf-8")
    result = qualicert("import", path, "--body", body.id)
    assert result.exit_code == 1
    assert "missing_column" in said(result) and "Traceback" not in result.output
    result = qualicert("import", path, "--body", 9999)
    assert result.exit_code == 1 and "认证机构 9999 不存在" in said(result)
