#!/usr/bin/env python3
"""Wall time of the project template: a bake, `make install` (warm cache), `make lint test`.

Per project type (and the service with its notebook), each figure is the median of
whole-process runs. The uv cache is warmed by one untimed install first, so `make install` is
timed as a user with a warm cache sees it.
Prints a markdown table; exits 1 when a figure misses the issue's target.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

KIT = Path(__file__).resolve().parent.parent
# The bake and environment helpers are the template tests' own, so both measure the same thing.
sys.path.insert(0, str(KIT / "tests"))
# pylint: disable=wrong-import-position
# (import-error: pylint resolves tests/ only when it is given tests/ too, as `make lint` does.)
from template_helpers import (  # pylint: disable=import-error
    PROJECT_TYPES,
    PYTHONS,
    bake,
    bake_command,
    find_python,
    project_env,
    run,
    tools_dir,
)

# Seconds, from the issue (lint test: the service with its notebook is the slowest type).
BUDGET_S = {"render": 1.0, "install": 20.0, "lint test": 15.0}
# What each measured row bakes: the three project types, and the service with its notebook.
ROWS = {kind: {"project_type": kind} for kind in PROJECT_TYPES}
ROWS["flask-ml-service + notebook"] = {"project_type": "flask-ml-service", "notebook": "yes"}
CACHE = KIT / "bench" / "out" / "uv-cache"


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall time of runs calls of action."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(answers: dict, work: Path, runs: int, python: str) -> dict:
    """The three figures for one row's answers, baked and run under work."""
    env = project_env(work / "home", CACHE, tools_dir(work / "tools"))
    renders = work / "renders"
    renders.mkdir(parents=True)

    def render() -> None:
        out = Path(tempfile.mkdtemp(dir=renders))
        run(bake_command(out, answers), cwd=out, env=env)

    root = bake(work / "project", env, **answers)

    def make(*targets: str) -> Callable[[], object]:
        return lambda: run(["make", *targets, f"PYTHON={python}"], root, env)

    def fresh_install() -> None:
        shutil.rmtree(root / ".venv", ignore_errors=True)
        make("install")()

    fresh_install()  # warms the cache; not timed
    return {
        "render": median_seconds(render, runs),
        "install": median_seconds(fresh_install, runs),
        "lint test": median_seconds(make("lint", "test"), runs),
    }


def misses(figures: dict) -> list:
    """The names of the figures over budget."""
    return [name for name, seconds in figures.items() if seconds > BUDGET_S[name]]


def table(results: dict) -> str:
    """The markdown table of every type's figures, over-budget ones marked."""
    rows = [
        "| project type | render (≤ 1 s) | `make install`, warm cache (≤ 20 s) "
        "| `make lint test` (≤ 15 s) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, figures in results.items():
        over = misses(figures)
        cells = [f"{figures[name]:.2f}{' **over**' if name in over else ''}" for name in BUDGET_S]
        rows.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: Optional[list] = None) -> int:
    """Measure each project type and print the table; 1 when a figure misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (median)")
    parser.add_argument("--types", nargs="+", default=list(ROWS), choices=list(ROWS))
    args = parser.parse_args(argv)
    newest = next(filter(None, map(find_python, reversed(PYTHONS))), None)
    python = str(newest or shutil.which("python3") or "python3")
    CACHE.mkdir(parents=True, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="template-bench-") as scratch:
        for number, row in enumerate(args.types):
            results[row] = measure(ROWS[row], Path(scratch) / str(number), args.runs, python)
    print(table(results))
    print(f"\nMedians of {args.runs} runs; baked projects use {python} and uv with a warm cache.")
    return 1 if any(misses(figures) for figures in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
