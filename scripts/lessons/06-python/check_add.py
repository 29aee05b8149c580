"""Lesson 6's checks of add.py, run by check.sh: STEP/FAIL/OK lines for the runner."""

import contextlib
import importlib.util
import io
import os
import re
import subprocess
import sys
from pathlib import Path

from learncheck import fail, step  # scripts/lib, on PYTHONPATH from the runner

SUM = re.compile(r"^(\d+) \+ (\d+) = (-?\d+)$")
# Random numbers drawn to see that each of 1-9 comes up; missing one by chance: (8/9)**200.
DRAWS = 200


def run(*args: str) -> subprocess.CompletedProcess:
    """Run ./add.py as the learner would, stopping one that hangs."""
    return subprocess.run(
        ["./add.py", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=10,
        check=False,
    )


def sums_problem(command: str, proc: subprocess.CompletedProcess, count: int) -> str:
    """What is wrong with the output of one run, or '' when nothing is."""
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        return f"{command}: exited with code {proc.returncode}: {last}"
    lines = proc.stdout.splitlines()
    if len(lines) != count:
        return f"{command}: printed {len(lines)} lines, expected {count}"
    for number, line in enumerate(lines, 1):
        match = SUM.match(line.strip())
        if not match:
            return f"{command}: line {number} is {line[:50]!r}, expected the form '4 + 7 = 11'"
        x, y, total = (int(group) for group in match.groups())
        if not (1 <= x <= 9 and 1 <= y <= 9):
            return f"{command}: line {number} adds {x} and {y}; both should be from 1 to 9"
        if x + y != total:
            return f"{command}: line {number} says {x} + {y} = {total}"
    return ""


def check_import() -> int:
    step("importing add.py prints nothing and gives a working add(x, y)")
    spec = importlib.util.spec_from_file_location("add", "add.py")
    module = importlib.util.module_from_spec(spec)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            spec.loader.exec_module(module)
    except BaseException as exc:  # pylint: disable=broad-exception-caught # learner code
        return fail(f"add.py: importing it raised {type(exc).__name__}: {exc}")
    if printed.getvalue():
        first = printed.getvalue().splitlines()[0][:50]
        return fail(
            f"add.py: importing it printed {first!r}",
            'run the loop only under: if __name__ == "__main__":',
        )
    add = getattr(module, "add", None)
    if not callable(add):
        return fail("add.py: defines no function named add")
    for x, y in ((2, 3), (40, 2), (-1, 1)):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                got = add(x, y)  # pylint: disable=not-callable # checked just above
        except BaseException as exc:  # pylint: disable=broad-exception-caught # learner code
            return fail(f"add({x}, {y}): raised {type(exc).__name__}: {exc}")
        if got != x + y:
            return fail(f"add({x}, {y}): returned {got!r}, expected {x + y}")
    return 0


def main(argv=None) -> int:  # pylint: disable=too-many-return-statements # one per step
    """Check add.py in the current directory; COUNT is the first argument."""
    count = int((argv if argv is not None else sys.argv[1:])[0])
    if check_import():
        return 1
    step(f"./add.py {count} prints {count} sums of random numbers from 1 to 9")
    first = run(str(count))
    problem = sums_problem(f"./add.py {count}", first, count)
    if problem:
        return fail(problem)
    step("./add.py with no argument prints 10 sums")
    problem = sums_problem("./add.py", run(), 10)
    if problem:
        return fail(problem)
    # One more run serves both: it must differ from the first, and cover 1 to 9.
    many = run(str(DRAWS // 2))
    step("the numbers are random: two runs print different sums")
    problem = sums_problem(f"./add.py {DRAWS // 2}", many, DRAWS // 2)
    if problem:
        return fail(problem)
    if many.stdout.splitlines()[:count] == first.stdout.splitlines():
        return fail(f"./add.py {count}: printed exactly the same lines twice (random.randint?)")
    step("every number from 1 to 9 comes up")
    problem = missing_numbers(many)
    if problem:
        return fail(problem)
    return check_repl()


def missing_numbers(proc: subprocess.CompletedProcess) -> str:
    """What is wrong with the range of DRAWS random numbers, or '' when all of 1-9 came up."""
    seen = set()
    for line in proc.stdout.splitlines():
        x, y, _ = (int(group) for group in SUM.match(line.strip()).groups())
        seen.update((x, y))
    missing = sorted(set(range(1, 10)) - seen)
    if not missing:
        return ""
    # Each number has a 1 in 9 chance per draw: all DRAWS missing one is (8/9)**DRAWS, nil.
    return (
        f"./add.py {DRAWS // 2}: in {DRAWS} random numbers, {missing[0]} never came up "
        "(random.randint(1, 9) includes 9; random.randrange(1, 9) stops at 8)"
    )


def check_repl() -> int:
    """The learner tried add in the REPL: its history file remembers the lines typed there."""
    step("you tried add in the Python REPL (its history remembers)")
    if importlib.util.find_spec("readline") is None:
        print("OK")  # This Python keeps no history; nothing to look at.
        return 0
    history = Path(os.environ.get("PYTHON_HISTORY") or Path.home() / ".python_history")
    text = history.read_text(encoding="utf-8", errors="replace") if history.is_file() else ""
    if not re.search(r"\badd\s*\(", text):
        return fail(
            f"{tilde(history)}: no call of add( in it: run python3, type from add import add,",
            "then add(2, 3), and leave with Ctrl-D (Python saves the history as you leave)",
        )
    print("OK")
    return 0


def tilde(path: Path) -> str:
    """PATH as the learner types it."""
    home = str(Path.home())
    return "~" + str(path)[len(home) :] if str(path).startswith(home + "/") else str(path)


if __name__ == "__main__":
    sys.exit(main())
