"""The `{{ cookiecutter.project_slug }}` command, run as a user runs it and in-process."""

import subprocess
import sys
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }} import __version__
from {{ cookiecutter.package_name }}.cli import main

# The console script is installed next to the interpreter running these tests.
COMMAND = str(Path(sys.executable).parent / "{{ cookiecutter.project_slug }}")


def run(*args):
    """Run the installed command and return what the user would see."""
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, check=False)


def test_command_prints_the_summary():
    result = run("1", "2", "3.5")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "count=3 mean=2.16667 min=1 max=3.5\n"


def test_version_is_the_package_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"{{ cookiecutter.project_slug }} {__version__}"


def test_help_names_the_arguments():
    result = run("--help")
    assert result.returncode == 0
    assert "NUMBER" in result.stdout
    assert "--version" in result.stdout


def test_main_prints_a_summary(capsys):
    assert main(["4", "6"]) == 0
    assert capsys.readouterr().out == "count=2 mean=5 min=4 max=6\n"


def test_infinite_number_exits_1_with_a_message(capsys):
    assert main(["1", "inf"]) == 1
    assert "finite" in capsys.readouterr().err


def test_word_instead_of_number_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["one"])
    assert exited.value.code == 2
    assert "invalid float value" in capsys.readouterr().err
