#!/usr/bin/env python3
"""Wall time of whole `bootstrap.sh` runs: a first apply, a one-file change, no change.

The tool venv is built once, in a seed home, and linked into every home measured after
it: a first apply then times what issue 3 budgets (every role writing into a fresh
$HOME), not a download from PyPI. Each row is the median of whole-process runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
# pylint: disable-next=wrong-import-position,import-error # tests/ joins sys.path just above
from harness import INSTALL_CONFIG, KIT, TOOL_VENV, clean_env, uv_tools_dir  # noqa: E402

BUDGET_S = {"first": 20.0, "one": 5.0}


def bootstrap(home: Path, extra_path: Path, *args: str) -> float:
    """Seconds one whole `bootstrap.sh` run takes; raises when it fails."""
    started = time.perf_counter()
    result = subprocess.run(
        ["bash", str(KIT / "bootstrap.sh"), *args],
        check=False,
        env=clean_env(home, extra_path),
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"bootstrap.sh {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return seconds


def new_home(workdir: Path, name: str, seed: Optional[Path]) -> Path:
    """A home holding only the config (and, after the seed, a link to its tool venv)."""
    home = workdir / name
    (home / ".config/beachhouse").mkdir(parents=True)
    (home / ".config/beachhouse/config.yml").write_text(INSTALL_CONFIG, encoding="utf-8")
    if seed is not None:
        (home / TOOL_VENV).parent.mkdir(parents=True)
        (home / TOOL_VENV).symlink_to(seed / TOOL_VENV)
    return home


def measure(workdir: Path, runs: int) -> list:
    """Rows of (what, seconds of each run, budget or None)."""
    tools = uv_tools_dir(workdir / "tools")
    seed = new_home(workdir, "seed", None)
    bootstrap(seed, tools)  # builds the tool venv every other home links to
    first, one, fast, full = [], [], [], []
    for run in range(runs):
        home = new_home(workdir, f"home{run}", seed)
        first.append(bootstrap(home, tools))
        vimrc = home / ".config/beachhouse/vim/vimrc"
        with open(vimrc, "a", encoding="utf-8") as handle:
            handle.write('" edited by hand\n')
        one.append(bootstrap(home, tools))
        fast.append(bootstrap(home, tools))
        full.append(bootstrap(home, tools, "--full"))
        if run:
            shutil.rmtree(home)
    return [
        (
            "First apply of every role in a fresh `$HOME` (tool venv built)",
            first,
            BUDGET_S["first"],
        ),
        ("A run that must change one file (a managed file edited by hand)", one, BUDGET_S["one"]),
        ("No change: the fast path (`bootstrap.sh`)", fast, None),
        ("No change, Ansible run anyway (`bootstrap.sh --full`)", full, None),
    ]


def render(rows: list, runs: int) -> str:
    lines = [
        f"| Whole `bootstrap.sh` run ({runs} runs each) | median (s) | min (s) | max (s) "
        "| budget (s) | within |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for what, seconds, budget in rows:
        median = statistics.median(seconds)
        within = "" if budget is None else ("yes" if median <= budget else "NO")
        limit = "" if budget is None else f"≤ {budget:.0f}"
        lines.append(
            f"| {what} | {median:.2f} | {min(seconds):.2f} | {max(seconds):.2f} | {limit} "
            f"| {within} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Optional[list] = None) -> int:
    """Print the table; exit 1 when a run is over its budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per row (default 5)")
    args = parser.parse_args(argv)
    missing = [tool for tool in ("bash", "python3") if not shutil.which(tool)]
    if missing:
        print(f"shell_bench: {', '.join(missing)} not found; install it and retry", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bh-shell-bench-") as workdir:
        try:
            rows = measure(Path(workdir), args.runs)
        except RuntimeError as error:
            print(f"shell_bench: {error}", file=sys.stderr)
            return 2
    print(render(rows, args.runs), end="")
    return 0 if all(b is None or statistics.median(s) <= b for _, s, b in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
