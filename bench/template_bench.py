#!/usr/bin/env python3
"""Wall time of the project template: a bake, `make install` (warm cache), `make lint test`.

Per project type, each figure is the median of whole-process runs. The uv cache is warmed by
one untimed install first, so `make install` is timed as a user with a warm cache sees it.
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
    bake,
    bake_command,
    find_python,
    project_env,
    run,
    tools_dir,
)

# Seconds, from the issue; lint+test is budgeted for the library only, the others are reported.
BUDGET_S = {"render": 1.0, "install": 20.0, "lint test": 15.0}
CACHE = KIT / "bench" / "out" / "uv-cache"


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall time of runs calls of action."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(kind: str, work: Path, runs: int, python: str) -> dict:
    """The three figures for one project type, baked and run under work."""
    env = project_env(work / "home", CACHE, tools_dir(work / "tools"))
    renders = work / "renders"
    renders.mkdir(parents=True)

    def render() -> None:
        out = Path(tempfile.mkdtemp(dir=renders))
        run(bake_command(out, {"project_type": kind}), cwd=out, env=env)

    root = bake(work / "project", env, project_type=kind)

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


def misses(kind: str, figures: dict) -> list:
    """The names of the figures over budget (lint test counts for the library only)."""
    return [
        name
        for name, seconds in figures.items()
        if seconds > BUDGET_S[name] and (name != "lint test" or kind == "library")
    ]


def table(results: dict) -> str:
    """The markdown table of every type's figures, over-budget ones marked."""
    rows = [
        "| project type | render (≤ 1 s) | `make install`, warm cache (≤ 20 s) "
        "| `make lint test` (≤ 15 s, library) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, figures in results.items():
        over = misses(kind, figures)
        cells = [f"{figures[name]:.2f}{' **over**' if name in over else ''}" for name in BUDGET_S]
        rows.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: Optional[list] = None) -> int:
    """Measure each project type and print the table; 1 when a figure misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (median)")
    parser.add_argument("--types", nargs="+", default=list(PROJECT_TYPES), choices=PROJECT_TYPES)
    args = parser.parse_args(argv)
    python = str(find_python("3.12") or shutil.which("python3") or "python3")
    CACHE.mkdir(parents=True, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="template-bench-") as scratch:
        for kind in args.types:
            results[kind] = measure(kind, Path(scratch) / kind, args.runs, python)
    print(table(results))
    print(f"\nMedians of {args.runs} runs; baked projects use {python} and uv with a warm cache.")
    return 1 if any(misses(kind, figures) for kind, figures in results.items()) else 0


if __name__ == "__main__":
    sys.exit(main())
