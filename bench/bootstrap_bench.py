"""Figures for bootstrap.sh: cold install, the no-change fast path against plain
ansible-playbook, and the tool venv's size. Whole-process wall times, medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
# pylint: disable-next=wrong-import-position,import-error # tests/ joins sys.path just above
from harness import KIT, clean_env, print_figures  # noqa: E402

# The interpreter itself, not a pyenv shim (each shim call costs ~0.2 s here).
PYTHON = os.environ.get("BENCH_PYTHON") or str(Path(sys.executable).resolve())
CLOUDSHELL_BYTES = 1024**3


def timed(command: list, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def fresh_env(home: Path, uv: bool) -> dict:
    env = clean_env(home)
    env.pop("UV_CACHE_DIR", None)  # cold: an empty, throwaway package cache
    if not uv:
        env["PATH"] = ":".join(p for p in env["PATH"].split(":") if not Path(p, "uv").exists())
    return env


def cold_runs(uv: bool, runs: int) -> list:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            times.append(
                timed(
                    ["bash", str(KIT / "bootstrap.sh"), "--python", PYTHON],
                    fresh_env(Path(home), uv),
                )
            )
    return times


def du_bytes(path: Path) -> int:
    out = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0])


def warm_figures() -> tuple:
    """Fast path, a forced full run, the yardstick playbook, and the venv's size."""
    with tempfile.TemporaryDirectory() as home:
        env = fresh_env(Path(home), uv=True)
        bootstrap = ["bash", str(KIT / "bootstrap.sh"), "--python", PYTHON]
        subprocess.run(bootstrap, env=env, check=True, capture_output=True)
        warm = statistics.median(timed(bootstrap, env) for _ in range(10))
        full = statistics.median(timed(bootstrap + ["--full"], env) for _ in range(3))
        venv = Path(home, ".local/share/beachhouse/venv")
        playbook = [
            str(venv / "bin/ansible-playbook"),
            "-i",
            "localhost,",
            str(KIT / "bench/baseline/dotfiles.yml"),
        ]
        base_env = dict(
            env,
            ANSIBLE_PYTHON_INTERPRETER=str(venv / "bin/python"),
            ANSIBLE_LOCALHOST_WARNING="false",
        )
        subprocess.run(playbook, env=base_env, check=True, capture_output=True)
        baseline = statistics.median(timed(playbook, base_env) for _ in range(3))
        return warm, full, baseline, du_bytes(venv)


def main() -> int:
    """Print the figures as markdown; exit 1 when one misses its target."""
    cold_uv = statistics.median(cold_runs(uv=True, runs=3))
    cold_pip = statistics.median(cold_runs(uv=False, runs=1))
    warm, full, baseline, size = warm_figures()
    ratio = baseline / warm
    rows = [
        (
            "cold bootstrap, empty cache, uv on PATH",
            f"{cold_uv:.1f} s",
            "≤ 30 s",
            cold_uv <= 30,
        ),
        (
            "cold bootstrap, empty cache, no uv: a pinned uv fetched from PyPI",
            f"{cold_pip:.1f} s",
            "≤ 30 s",
            cold_pip <= 30,
        ),
        ("warm re-run, nothing to do (fast path)", f"{warm:.2f} s", "≤ 0.5 s", warm <= 0.5),
        ("same, forced through the playbooks (--full)", f"{full:.1f} s", "(report)", True),
        ("14-task dotfiles playbook, nothing to do", f"{baseline:.1f} s", "(report)", True),
        ("fast path speed-up over that playbook", f"{ratio:.0f}×", "≥ 10×", ratio >= 10),
        (
            "tool venv on disk",
            f"{size / 1e6:.0f} MB ({100 * size / CLOUDSHELL_BYTES:.1f} % of CloudShell's 1 GB)",
            "≤ 100 MB",
            size <= 100e6,
        ),
    ]
    return print_figures(rows, f"Python for the tool venv: {PYTHON}")


if __name__ == "__main__":
    sys.exit(main())
