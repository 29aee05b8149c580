"""Lesson 6's checks of add.py, run by check.sh: STEP/FAIL/OK lines for the runner."""

import contextlib
import importlib.util
import io
import re
import subprocess
import sys

from learncheck import fail, step  # scripts/lib, on PYTHONPATH from the runner

SUM = re.compile(r"^(\d+) \+ (\d+) = (-?\d+)$")


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


def main(argv=None) -> int:
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
    step("the numbers are random: two runs print different sums")
    if run(str(count)).stdout == first.stdout:
        return fail(f"./add.py {count}: printed exactly the same lines twice (random.randint?)")
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
