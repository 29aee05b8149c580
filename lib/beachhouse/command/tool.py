"""Running the kit's Python code that needs the tool venv's libraries (yaml, jsonschema)."""

from __future__ import annotations

import os
import subprocess

from beachhouse.command import paths


def python() -> str:
    """The tool venv's interpreter; empty when it is gone (an apply rebuilds it)."""
    candidate = os.path.join(paths.tool_venv(), "bin", "python")
    return candidate if os.path.exists(os.path.realpath(candidate)) else ""


def run_kit(*args: str, capture: bool = True) -> subprocess.CompletedProcess:
    """`python -m beachhouse ARGS` in the tool venv, as bootstrap.sh's kit_python does."""
    env = dict(os.environ, PYTHONPATH=os.path.join(paths.KIT, "lib"))
    return subprocess.run(
        [python(), "-s", "-m", "beachhouse", *args],
        env=env,
        capture_output=capture,
        text=True,
        check=False,
    )


def run_kit_module(module: str, *args: str) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS` in the tool venv, output straight to the terminal."""
    env = dict(os.environ, PYTHONPATH=os.path.join(paths.KIT, "lib"))
    return subprocess.run([python(), "-s", "-m", module, *args], env=env, check=False)
