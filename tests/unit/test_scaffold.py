"""``veribot bots new``: names checked, the template rendered completely, nothing overwritten."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from robotlib.cli.app import app
from robotlib.scaffold import BotNames, ScaffoldError, fill, new_bot_package


def test_one_bot_name_gives_every_other_name() -> None:
    names = BotNames.of("payroll_check")
    assert (names.package, names.class_name, names.distribution) == (
        "veribot_payroll_check",
        "PayrollCheckBot",
        "veribot-payroll-check",
    )


@pytest.mark.parametrize(
    "name", ["PayrollCheck", "payroll-check", "1check", "check__twice", "_private", "", "x" * 41]
)
def test_a_name_that_is_not_lower_snake_case_is_refused(name: str) -> None:
    with pytest.raises(ScaffoldError, match="lower_snake_case"):
        BotNames.of(name)


def test_a_python_keyword_is_refused() -> None:
    with pytest.raises(ScaffoldError, match="keyword"):
        BotNames.of("lambda")


def test_the_package_is_complete_and_valid(tmp_path: Path) -> None:
    target = new_bot_package("payroll_check", tmp_path)

    files = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert files == [
        "README.md",
        "pyproject.toml",
        "tests/test_payroll_check.py",
        "veribot_payroll_check/__init__.py",
        "veribot_payroll_check/bot.py",
        "veribot_payroll_check/plugin.py",
    ]
    for path in target.rglob("*"):
        if path.is_file():
            assert "{{" not in path.read_text(encoding="utf-8"), f"{path}: placeholder left"
    for path in target.rglob("*.py"):
        ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    project = tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "veribot-payroll-check"
    assert project["project"]["entry-points"]["veribot"] == {
        "payroll_check": "veribot_payroll_check.plugin"
    }
    [requirement] = project["project"]["dependencies"]
    assert requirement.startswith("veribot>=")
    assert ",<" in requirement
    bot = (target / "veribot_payroll_check" / "bot.py").read_text(encoding="utf-8")
    assert 'name = "payroll_check"' in bot
    assert "class PayrollCheckBot(Bot)" in bot


def test_an_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "payroll_check").mkdir()
    (tmp_path / "payroll_check" / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already exists"):
        new_bot_package("payroll_check", tmp_path)
    assert (tmp_path / "payroll_check" / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_an_unknown_placeholder_is_an_error() -> None:
    assert fill("{{a}}-{{b}}", {"a": "1", "b": "2"}) == "1-2"
    with pytest.raises(ScaffoldError, match="unknown placeholder"):
        fill("{{c}}", {"a": "1"})


def test_the_command_creates_the_package_and_refuses_a_bad_name(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(app, ["bots", "new", "loan_check", "--dir", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "loan_check" / "veribot_loan_check" / "bot.py").is_file()

    refused = runner.invoke(app, ["bots", "new", "Loan-Check", "--dir", str(tmp_path)])
    assert refused.exit_code != 0
    assert isinstance(refused.exception, ScaffoldError)
