"""Drive the lesson runner the way a learner does: as a command, and as the `learn` function
of a real interactive bash or zsh reading the (throwaway) rc files."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
LEARN = KIT / "scripts" / "learn"
LEARN_SH = KIT / "scripts" / "learn.sh"
LESSONS = KIT / "scripts" / "lessons"
# The dev venv's python3 has pytest, which lesson 7's check runs; it goes first on PATH.
DEV_BIN = KIT / ".venv" / "bin"
# Lesson 10's solution bakes the kit's template and installs its dependencies.
PROJECT_ENV = {
    "BEACHHOUSE_KIT": str(KIT),
    "GIT_AUTHOR_NAME": "Learner",
    "GIT_AUTHOR_EMAIL": "learner@example.com",
    "GIT_COMMITTER_NAME": "Learner",
    "GIT_COMMITTER_EMAIL": "learner@example.com",
    "UV_CACHE_DIR": str(Path(tempfile.gettempdir()) / "beachhouse-lessons-uv-cache"),
}
SHELL_NOISE = ("cannot set terminal process group", "no job control in this shell")


def lesson_dir(number: int) -> Path:
    """The folder of lesson NUMBER, e.g. scripts/lessons/03-io."""
    (found,) = LESSONS.glob(f"{number:02d}-*")
    return found


def workspace(number: int) -> Path:
    """Where `learn start NUMBER` puts the lesson's workspace."""
    return Path.home() / "beachhouse-lessons" / lesson_dir(number).name


def progress_file() -> Path:
    return Path.home() / ".local" / "state" / "beachhouse" / "lessons.json"


def progress() -> dict:
    return json.loads(progress_file().read_text(encoding="utf-8"))


def learner_env(**extra: str) -> dict:
    """The environment of a learner: the test's HOME, UTF-8, no colour, a python3 with pytest."""
    env = dict(os.environ)
    env.update(
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        NO_COLOR="1",
        TERM="dumb",
        PATH=f"{DEV_BIN}:{env['PATH']}",
        SHELL="/bin/bash",
    )
    for name in (
        "BEACHHOUSE_LEARN_SHELL",
        "BEACHHOUSE_LEARN_ALIASES",
        "BEACHHOUSE_LEARN_VARS",
        "VIRTUAL_ENV",
        "PYTHON_HISTORY",
    ):
        env.pop(name, None)
    env.update(extra)
    if "TMPDIR" not in extra:
        # What a lesson keeps out of the home (lesson 10's venv) goes to a temp dir beside it.
        outside = Path(env["HOME"]).parent / "tmp"
        outside.mkdir(exist_ok=True)
        env["TMPDIR"] = str(outside)
    return env


def learn(*args: str, cwd: Path | None = None, timeout: float = 120, **env: str):
    """Run scripts/learn as a command (no view of any shell's aliases)."""
    return subprocess.run(
        [str(LEARN), *args],
        cwd=cwd or Path.home(),
        env=learner_env(**env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def write_rc_files() -> None:
    """Give the throwaway HOME the kit's start-up line in both rc files, once."""
    line = f'source "{LEARN_SH}"\n'
    for name in (".bashrc", ".zshrc"):
        rc = Path.home() / name
        text = rc.read_text(encoding="utf-8") if rc.exists() else ""
        if line not in text:
            rc.write_text(line + text, encoding="utf-8")


def session(shell: str, script: str, timeout: float = 120, **env: str):
    """Run SCRIPT in a fresh interactive SHELL (bash or zsh) that reads the learner's rc files.

    Returns the CompletedProcess with the shells' job-control chatter removed from stderr.
    """
    write_rc_files()
    proc = subprocess.run(
        [shell, "-ic", script],
        cwd=Path.home(),
        env=learner_env(SHELL=f"/bin/{shell}", **env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    proc.stderr = "".join(
        line
        for line in proc.stderr.splitlines(keepends=True)
        if not any(noise in line for noise in SHELL_NOISE)
    )
    return proc


def solve_script(number: int) -> str:
    """Shell text that applies lesson NUMBER's reference solution in its workspace."""
    return f'cd "{workspace(number)}" && . "{lesson_dir(number)}/solution.sh"'


def failed_step(output: str) -> str:
    """The line of the first unmet step, as `learn check` prints it."""
    lines = [line.strip() for line in output.splitlines() if line.strip().startswith("✗")]
    assert lines, f"no failed step in:\n{output}"
    return lines[0]


def evidence(output: str) -> str:
    """The evidence line right under the failed step."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("✗"):
            return lines[i + 1].strip()
    raise AssertionError(f"no failed step in:\n{output}")


def attempt(number: int, script: str, shell: str = "bash", timeout: float = 300, **env: str):
    """Start lesson NUMBER, run SCRIPT in its workspace in an interactive SHELL, then check."""
    return session(
        shell,
        f"learn start {number} >/dev/null || exit 9\n"
        f'cd "{workspace(number)}" || exit 9\n'
        f"{script}\n"
        "learn check\n",
        timeout=timeout,
        **env,
    )


def tree_size(root: Path) -> int:
    """Bytes on disk under ROOT, as du counts them (hard links once)."""
    done = subprocess.run(
        ["du", "-s", "--block-size=1", str(root)], capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[0])
