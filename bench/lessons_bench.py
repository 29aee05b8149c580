"""Measure `learn check` on a solved workspace for lessons 1-9, as a learner runs it: the
`learn` function of an interactive bash. Prints a markdown table of medians (target 0.5 s)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
LESSONS = KIT / "scripts" / "lessons"
TARGET = 0.5
RUNS = 7
# The dev venv's python3 (it has pytest) goes first on PATH, as in the tests.
DEV_BIN = KIT / ".venv" / "bin"


def lesson_dir(number: int) -> Path:
    (found,) = LESSONS.glob(f"{number:02d}-*")
    return found


def measure(number: int, home: Path) -> list[float]:
    """Seconds each of RUNS `learn check` calls took on the solved lesson NUMBER."""
    workspace = home / "beachhouse-lessons" / lesson_dir(number).name
    script = f"""
learn start {number} >/dev/null || exit 9
cd "{workspace}" && . "{lesson_dir(number)}/solution.sh" >/dev/null 2>&1
for _ in $(seq {RUNS}); do
  t0=$EPOCHREALTIME
  learn check >/dev/null || {{ echo "@@failed"; exit 1; }}
  t1=$EPOCHREALTIME
  echo "@@ $t0 $t1"
done
"""
    env = dict(os.environ, HOME=str(home), NO_COLOR="1", PATH=f"{DEV_BIN}:{os.environ['PATH']}")
    for name in ("XDG_STATE_HOME", "VIRTUAL_ENV"):
        env.pop(name, None)
    proc = subprocess.run(
        ["bash", "-ic", script],
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    times = []
    for line in proc.stdout.splitlines():
        if line.startswith("@@ "):
            start, end = (float(v) for v in line.split()[1:])
            times.append(end - start)
    if len(times) != RUNS:
        raise RuntimeError(f"lesson {number}: the check did not pass ({proc.stdout[-300:]!r})")
    return times


def main(argv=None) -> int:
    """Print the table; exit 1 when a lesson misses the target."""
    numbers = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or range(1, 10)
    rows, slow = [], []
    with tempfile.TemporaryDirectory(prefix="lessons-bench-") as tmp:
        home = Path(tmp)
        (home / ".bashrc").write_text(f'source "{KIT}/scripts/learn.sh"\n', encoding="utf-8")
        for number in numbers:
            times = measure(number, home)
            median = statistics.median(times)
            verdict = "ok" if median <= TARGET else "SLOW"
            if median > TARGET:
                slow.append(number)
            rows.append(
                f"| {number} | {lesson_dir(number).name} | {median:.3f} | {max(times):.3f} "
                f"| {verdict} |"
            )
    print(f"### `learn check` on a solved workspace (median of {RUNS}; target ≤ {TARGET} s)\n")
    print("| lesson | folder | median s | max s | |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
