"""The README and every command's help stay true."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = ["run", "translate", "claims", "batch"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_ends_with_an_example(command):
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})
    assert result.exit_code == 0
    assert f"Example: translate-compare {command} " in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    assert f"`translate-compare {command} " in README


def test_readme_gives_the_install_test_and_main_commands():
    assert 'pip install torch==2.13.0 -e ".[test]"\npytest\n' in README
    assert "translate-compare run corpus --translations corpus/reference/000.en.tsv -o report.md --json result.json --html report.html" in README
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install torch==2.13.0 -e ".[test]"\npytest\n' in ci
