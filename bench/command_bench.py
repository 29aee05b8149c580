"""Figures for the `beachhouse` command: `status`, and a no-change `apply` against dotbot's
no-change run over as many files (dotbot from PyPI, in a throwaway venv). The three are
timed interleaved, round after round, so a busy machine weighs on each alike. Medians."""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
# pylint: disable-next=wrong-import-position,import-error # tests/ joins sys.path just above
from harness import KIT, print_figures  # noqa: E402

PYTHON = os.environ.get("BENCH_PYTHON") or str(Path(sys.executable).resolve())
DOTBOT = "dotbot==1.24.1"
ROUNDS = 30


CPU: dict = {}


def timed(command: list, env: dict) -> float:
    """Wall time of one run; its CPU time (user + sys, all its processes) goes to CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(tuple(command), []).append(used)
    return wall


def bench_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), NO_COLOR="1", TERM="dumb")
    return env


def dotbot_setup(scratch: Path, files: int, env: dict) -> list:
    """A dotbot venv and a dotfiles repo of *files* links, installed once; its command."""
    venv = scratch / "dotbot-venv"
    subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "--quiet", "--no-cache-dir", DOTBOT],
        check=True,
    )
    repo = scratch / "dotfiles"
    repo.mkdir()
    links = []
    for number in range(files):
        (repo / f"file{number}").write_text(f"# dotfile {number}\n")
        links.append(f"    ~/.dotbot/file{number}: file{number}")
    config = repo / "install.conf.yaml"
    config.write_text("- create: [~/.dotbot]\n- link:\n" + "\n".join(links) + "\n")
    command = [str(venv / "bin/dotbot"), "-Q", "-d", str(repo), "-c", str(config)]
    subprocess.run(command, env=env, check=True, capture_output=True)
    return command


def copy_kit(into: Path) -> Path:
    """A copy of the kit: edits to the working tree meanwhile must not count as changes."""
    ignore = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", "out")
    shutil.copytree(KIT, into, ignore=ignore, symlinks=True)
    return into


def measure() -> tuple[dict, int]:
    """Bootstrap a throwaway home, set dotbot up over as many files, time them interleaved."""
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        home = scratch / "home"
        home.mkdir()
        env = bench_env(home)
        kit = copy_kit(scratch / "kit")
        bootstrap = ["bash", str(kit / "bootstrap.sh")]
        subprocess.run(bootstrap + ["--python", PYTHON], env=env, check=True, capture_output=True)
        installed = json.loads((home / ".local/state/beachhouse/installed.json").read_text())
        files = len(installed["entries"])
        beachhouse = str(home / ".local/bin/beachhouse")
        commands = {
            "status": [beachhouse, "status"],
            "floor": [beachhouse, "--version"],
            "apply": [beachhouse, "apply"],
            "bootstrap": bootstrap,
            "dotbot": dotbot_setup(scratch, files, env),
        }
        times: dict = {name: [] for name in commands}
        for _ in range(3):  # warm the page cache and the .pyc files
            for command in commands.values():
                timed(command, env)
        for _ in range(ROUNDS):
            for name, command in commands.items():
                times[name].append(timed(command, env))
        cpu = {name: statistics.median(CPU[tuple(c)]) * 1000 for name, c in commands.items()}
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    return medians, cpu, files


def main() -> int:
    """Print the figures as markdown; exit 1 when one misses its target."""
    medians, cpu, files = measure()
    ratio = medians["apply"] / medians["dotbot"]
    rows = [
        (
            "`beachhouse status`, nothing changed",
            f"{medians['status']:.0f} ms",
            "≤ 50 ms",
            medians["status"] <= 50,
        ),
        (
            "`beachhouse --version`: the launcher and Python's start, status's floor",
            f"{medians['floor']:.0f} ms (CPU {cpu['floor']:.0f} ms)",
            "(report)",
            True,
        ),
        (
            f"`beachhouse apply`, nothing to do ({files} managed files)",
            f"{medians['apply']:.0f} ms",
            "(report)",
            True,
        ),
        (
            "`./bootstrap.sh`, nothing to do (its own fast path)",
            f"{medians['bootstrap']:.0f} ms",
            "(report)",
            True,
        ),
        (
            f"dotbot {DOTBOT.split('==')[1]}, nothing to do ({files} links)",
            f"{medians['dotbot']:.0f} ms",
            "(report)",
            True,
        ),
        ("no-change apply against dotbot", f"{ratio:.2f}×", "≤ 1.0×", ratio <= 1.0),
        (
            "CPU time (user + sys): status / apply / dotbot",
            f"{cpu['status']:.0f} / {cpu['apply']:.0f} / {cpu['dotbot']:.0f} ms",
            "(report: what a busy machine does not inflate as much)",
            True,
        ),
    ]
    return print_figures(rows, f"Interleaved, {ROUNDS} rounds; Python for the tool venv: {PYTHON}")


if __name__ == "__main__":
    sys.exit(main())
