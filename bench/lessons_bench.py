"""Measure the lessons as a learner meets them, through the `learn` function of an interactive
bash: `learn start N` (setup included), `learn check` on the solved workspace, and the size of
that workspace in $HOME. Prints a markdown table of medians; exits 1 when a target is missed
(check ≤ 0.5 s for lessons 1-9, workspace ≤ 30 MB in $HOME for every lesson)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
CHECK_TARGET = 0.5
SIZE_TARGET = 30 * 1024 * 1024
CHECK_RUNS = 7
START_RUNS = 5
# The learner's environment and the lessons' folders, as the tests have them.
sys.path.insert(0, str(KIT / "tests"))
# pylint: disable-next=wrong-import-position # found through the line above
from lessons_helpers import PROJECT_ENV, learner_env, lesson_dir


def timed(script: str, home: Path) -> list[tuple[float, float]]:
    """Run SCRIPT in an interactive bash; return (wall, CPU) seconds of every `time` it ran.

    CPU is user + system time of the timed command and its children: on a machine shared
    with other work, wall time grows with the load, CPU time much less.
    """
    # The tests' learner, lesson 10's venv in a temp folder beside the home included.
    env = learner_env(HOME=str(home), **PROJECT_ENV)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env.pop(name, None)
    proc = subprocess.run(
        ["bash", "-ic", script],
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if "@@failed" in proc.stdout:
        raise RuntimeError(f"the script failed:\n{script}\n{proc.stdout[-600:]}")
    times = []
    for line in proc.stderr.splitlines():
        if line.startswith("@@ "):
            real, user, system = (float(v) for v in line.split()[1:])
            times.append((real, user + system))
    return times


def measure(number: int, home: Path) -> dict:
    """Start, solve, check and size lesson NUMBER in HOME."""
    workspace = home / "beachhouse-lessons" / lesson_dir(number).name
    start = timed(
        f"""
TIMEFORMAT="@@ %R %U %S"
for _ in $(seq {START_RUNS}); do
  rm -rf "{workspace}"
  time learn start {number} >/dev/null || {{ echo @@failed; exit 1; }}
done""",
        home,
    )
    runs = 1 if number == 10 else CHECK_RUNS
    check = timed(
        f"""
cd "{workspace}" && . "{lesson_dir(number)}/solution.sh" >/dev/null 2>&1
TIMEFORMAT="@@ %R %U %S"
for _ in $(seq {runs}); do
  time learn check >/dev/null || {{ echo @@failed; exit 1; }}
done""",
        home,
    )
    size = subprocess.run(
        ["du", "-s", "--block-size=1", str(workspace)], capture_output=True, text=True, check=True
    )
    return {
        "start": statistics.median(wall for wall, _ in start),
        "check": statistics.median(wall for wall, _ in check),
        "check_cpu": statistics.median(cpu for _, cpu in check),
        "size": int(size.stdout.split()[0]),
    }


def main(argv=None) -> int:
    """Print the table; exit 1 when a lesson misses a target."""
    numbers = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or range(1, 11)
    rows, missed = [], []
    with tempfile.TemporaryDirectory(prefix="lessons-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        (home / ".bashrc").write_text(f'source "{KIT}/scripts/learn.sh"\n', encoding="utf-8")
        for number in numbers:
            got = measure(number, home)
            # Judged on CPU time, which a busy machine inflates far less than wall time.
            fast = got["check_cpu"] <= CHECK_TARGET
            ok = (number == 10 or fast) and got["size"] <= SIZE_TARGET
            if not ok:
                missed.append(number)
            rows.append(
                f"| {number} | {lesson_dir(number).name} | {got['start']:.3f} | {got['check']:.3f} "
                f"| {got['check_cpu']:.3f} | {got['size'] / 1e6:.1f} | {'ok' if ok else 'MISSED'} |"
            )
        shutil.rmtree(home / "beachhouse-lessons", ignore_errors=True)
    print(
        f"### Lessons: `learn start` (median of {START_RUNS}), `learn check` on the solved"
        f" workspace (median of {CHECK_RUNS}; lesson 10: one run, it runs make lint test), and"
        " the workspace's size\n"
    )
    print(
        f"Targets for lessons 1-9: check ≤ {CHECK_TARGET} s (judged on its CPU time, user +"
        " system, which load inflates far less than wall time); for every lesson, workspace"
        " ≤ 30 MB in $HOME (lesson 10's project venv, ~130 MB, is on the temporary disk)."
        f" Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n"
    )
    print("| lesson | folder | start s | check s | check CPU s | workspace MB | |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
