"""Bake the project template and run the baked project's own commands (tests and bench share it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Optional

KIT = Path(__file__).resolve().parent.parent
TEMPLATE = KIT / "template"
# The kit's dev venv: cookiecutter, uv, zizmor, check-jsonschema, validate-pyproject.
KIT_BIN = KIT / ".venv" / "bin"
if not (KIT_BIN / "cookiecutter").exists():
    KIT_BIN = Path(sys.executable).parent
# The template's choices, read from the one place they are written.
CHOICES = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
PROJECT_TYPES = tuple(CHOICES["project_type"])
DEPLOY_TARGETS = tuple(CHOICES["deploy_target"])
NOTEBOOK_TYPES = ("flask-ml-service",)
# Every Python a project may start from, oldest first; the first choice is the default.
PYTHONS = tuple(sorted(CHOICES["python_min"], key=lambda version: int(version.split(".")[1])))
DEFAULT_PYTHON = CHOICES["python_min"][0]
# No pyenv shims and no kit venv: the baked project must find its tools by itself.
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
# Read once at import, before the tests' fresh HOME hides ~/.pyenv.
PYENV_ROOT = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}")
# GitHub Actions expressions are the one `${{ … }}` a baked file may hold, in workflows only.
ACTIONS_EXPRESSION = re.compile(r"\$\{\{[^{}]*\}\}")


def find_python(minor: str) -> Optional[Path]:
    """The interpreter for Python 3.X from pyenv's versions, or None when it is not installed."""
    for candidate in sorted(PYENV_ROOT.glob(f"versions/{minor}.*/bin/python{minor}"), reverse=True):
        if re.fullmatch(rf"{re.escape(minor)}\.\d+", candidate.parent.parent.name):
            return candidate
    return None


def combinations() -> list:
    """Every (project type, deploy target, notebook) the template can bake."""
    return [
        (kind, deploy, notebook)
        for kind in PROJECT_TYPES
        for deploy in DEPLOY_TARGETS
        for notebook in CHOICES["notebook"]
        if notebook == "no" or kind in NOTEBOOK_TYPES
    ]


def run(cmd: list, cwd: Path, env: Optional[dict] = None, timeout: float = 600):
    """Run cmd, and raise with the tail of its output when it fails: that is the bug report."""
    done = subprocess.run(
        [str(part) for part in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-4000:]
        raise AssertionError(
            f"{' '.join(map(str, cmd))} exited {done.returncode} in {cwd}:\n{tail}"
        )
    return done


def bake_command(out_dir: Path, context: dict) -> list:
    """The non-interactive cookiecutter call a script would make."""
    extra = [f"{key}={value}" for key, value in context.items()]
    return [KIT_BIN / "cookiecutter", "--no-input", "-o", out_dir, TEMPLATE, *extra]


def bake(out_dir: Path, env: dict, **context: str) -> Path:
    """Render the template into out_dir with the given answers; returns the new project."""
    out_dir.mkdir(parents=True, exist_ok=True)
    run(bake_command(out_dir, context), cwd=out_dir, env=env)
    (project,) = [path for path in out_dir.iterdir() if path.is_dir()]
    return project


def tools_dir(where: Path) -> Path:
    """A PATH directory holding only the kit's uv, so `make install` takes its uv branch."""
    where.mkdir(parents=True, exist_ok=True)
    link = where / "uv"
    if not link.exists():
        link.symlink_to(KIT_BIN / "uv")
    return where


def project_env(home: Path, uv_cache: Path, extra_path: Optional[Path] = None) -> dict:
    """The environment a user's shell would give the baked project: own HOME, shared caches.

    Not this machine's PYTHONDONTWRITEBYTECODE: a user's shell does not set it, and without it
    every tool would compile itself again at every run."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "GIT_", "COV_"))
        and key not in ("VIRTUAL_ENV", "PYTHONPATH", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")
        and key != "PYTHONDONTWRITEBYTECODE"
    }
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        PATH=f"{extra_path}:{SYSTEM_PATH}" if extra_path else SYSTEM_PATH,
        UV_CACHE_DIR=str(uv_cache),
        UV_PYTHON_DOWNLOADS="never",
        PIP_CACHE_DIR=str(uv_cache.parent / "pip-cache"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        NO_COLOR="1",
    )
    return env


def baked_files(root: Path) -> set:
    """Every file of the baked project, relative, outside .git."""
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def template_leftovers(root: Path) -> list:
    """`path:line` of every unrendered Jinja delimiter; Actions expressions pass in workflows."""
    found = []
    for rel in sorted(baked_files(root)):
        try:
            text = (root / rel).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if rel.startswith(".github/workflows/"):
                line = ACTIONS_EXPRESSION.sub("", line)
            if TEMPLATE_SYNTAX.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    return found
