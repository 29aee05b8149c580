"""Lesson 7's checks, run by check.sh: make_change and fewest_coins, then the learner's own
tests, which must pass on them and fail on broken stand-ins. Prints STEP/FAIL/OK lines."""

import contextlib
import importlib.util
import inspect
import io
import os
import sys
import types

from learncheck import fail, step  # scripts/lib, on PYTHONPATH from the runner

COINS = (("quarters", 25), ("dimes", 10), ("nickels", 5), ("pennies", 1))


def greedy(cents: int, coins=COINS) -> dict:
    """The expected answer (and, with fewer coins, a broken one)."""
    result = {name: 0 for name, _ in COINS}
    for name, value in coins:
        result[name], cents = divmod(cents, value)
    return result


def load_change():
    spec = importlib.util.spec_from_file_location("change", "change.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_make_change(amounts) -> int:
    step("make_change(cents) pays greedily: quarters, dimes, nickels, then pennies")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            module = load_change()
    except BaseException as exc:  # pylint: disable=broad-exception-caught # learner code
        return fail(f"change.py: importing it raised {type(exc).__name__}: {exc}")
    make_change = getattr(module, "make_change", None)
    if not callable(make_change):
        return fail("change.py: defines no function make_change")
    for cents in amounts:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                got = make_change(cents)  # pylint: disable=not-callable # checked above
        except BaseException as exc:  # pylint: disable=broad-exception-caught # learner code
            return fail(f"make_change({cents}): raised {type(exc).__name__}: {exc}")
        if got != greedy(cents):
            return fail(f"make_change({cents}): returned {got!r}", f"expected {greedy(cents)!r}")
    return 0


class Counter:
    """A pytest plugin that counts what was collected and what failed."""

    def __init__(self):
        self.collected = 0
        self.failed = []

    def pytest_collection_finish(self, session):
        self.collected = len(session.items)

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed.append(report.nodeid.split("::")[-1])


def needs_pytest(module) -> bool:
    """Whether the tests use more of pytest than plain test functions with assert."""
    for name, value in vars(module).items():
        if name.startswith("Test") and inspect.isclass(value):
            return True
        if name.startswith("test") and inspect.isfunction(value):
            if inspect.signature(value).parameters or hasattr(value, "pytestmark"):
                return True
    return "pytest" in vars(module)


def run_with_pytest() -> Counter:
    import pytest  # pylint: disable=import-outside-toplevel # slow: only when needed

    sys.modules.pop("test_change", None)
    counter = Counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        pytest.main(
            ["-q", "-p", "no:cacheprovider", "--rootdir", ".", "test_change.py"],
            plugins=[counter],
        )
    return counter


def run_tests(change_module=None) -> Counter:
    """Run test_change.py, with CHANGE_MODULE standing in for change.py when given.

    Plain test functions are called directly, as pytest would call them: importing pytest
    alone takes longer than the check's budget. Anything fancier goes through pytest itself.
    """
    for name in ("change", "test_change"):
        sys.modules.pop(name, None)
    if change_module is not None:
        sys.modules["change"] = change_module
    counter = Counter()
    spec = importlib.util.spec_from_file_location("test_change", "test_change.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["test_change"] = module
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            spec.loader.exec_module(module)
    except BaseException as exc:  # pylint: disable=broad-exception-caught # learner code
        counter.failed.append(f"importing it ({type(exc).__name__}: {exc})")
        return counter
    if needs_pytest(module):
        return run_with_pytest()
    for name, test in vars(module).items():
        if name.startswith("test") and inspect.isfunction(test):
            counter.collected += 1
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    test()
            except BaseException:  # pylint: disable=broad-exception-caught # a failed test
                counter.failed.append(name)
    return counter


def greedy_count(cents: int, coins) -> int:
    """How many coins greedy pays CENTS with: a wrong fewest_coins, for the learner's tests."""
    count = 0
    for value in sorted(coins, reverse=True):
        taken, cents = divmod(cents, value)
        count += taken
    return count


def stand_in(**broken) -> types.ModuleType:
    """The learner's own change.py with some functions swapped for broken ones.

    Everything else (COINS, helpers, docstrings, return types) is theirs, so only a test of
    what the functions do can tell the stand-in from the real module.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        module = load_change()
    for name, function in broken.items():
        setattr(module, name, function)
    return module


def check_tests() -> int:
    step("test_change.py has at least four tests, and they all pass")
    if importlib.util.find_spec("pytest") is None:
        return fail(
            f"pytest: not installed for {sys.executable}",
            "make a venv here: python3 -m venv .venv && .venv/bin/pip install pytest",
        )
    ran = run_tests()
    if ran.collected < 4:
        return fail(f"test_change.py: pytest found {ran.collected} tests, expected 4 or more")
    if ran.failed:
        return fail(f"test_change.py: {', '.join(ran.failed)} failed (python3 -m pytest shows why)")
    no_dimes = (("quarters", 25), ("nickels", 5), ("pennies", 1))
    broken = (
        ("a make_change that never uses dimes", "make_change", lambda c: greedy(c, no_dimes)),
        (
            "a make_change that pays in pennies",
            "make_change",
            lambda c: greedy(c, (("pennies", 1),)),
        ),
        ("a fewest_coins that just pays greedily", "fewest_coins", greedy_count),
    )
    for what, name, function in broken:
        step(f"your tests catch {what}")
        if not run_tests(stand_in(**{name: function})).failed:
            return fail(
                f"test_change.py: every test passes on {what}",
                "(a test must call it with an amount where that goes wrong, and check the result)",
            )
    return 0


def fewest(cents: int, coins) -> int:
    """The expected answer: the fewest coins paying CENTS, trying every way (coins hold 1)."""
    best = [0] + [cents + 1] * cents
    for amount in range(1, cents + 1):
        best[amount] = 1 + min(best[amount - c] for c in coins if c <= amount)
    return best[cents]


def check_fewest(amounts) -> int:
    step("fewest_coins(cents, coins) finds the fewest coins, even where greedy does not")
    module = load_change()
    function = getattr(module, "fewest_coins", None)
    if not callable(function):
        return fail("change.py: defines no function fewest_coins")
    systems = ((1, 3, 4), (1, 5, 10, 25), (1, 7, 10), (1, 4, 5, 9), (1, 2, 5, 10, 20, 50))
    for coins in systems:
        for cents in (0, 1, 6, 12, *amounts[:3]):
            cents %= 120
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    got = function(cents, coins)  # pylint: disable=not-callable # checked
            except BaseException as exc:  # pylint: disable=broad-exception-caught # learner code
                return fail(f"fewest_coins({cents}, {coins}): raised {type(exc).__name__}: {exc}")
            if got != fewest(cents, coins):
                hint = ""
                if got == greedy_count(cents, coins):
                    hint = " (that is what greedy pays; try every coin as the last one)"
                return fail(
                    f"fewest_coins({cents}, {coins}): returned {got!r}, "
                    f"expected {fewest(cents, coins)}{hint}"
                )
    return 0


def main(argv=None) -> int:
    """Check change.py and test_change.py in the current directory."""
    # The learner's venv may hold many pytest plugins; these tests need none, and loading them
    # three times would blow the check's half-second budget.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    amounts = [int(a) for a in (argv if argv is not None else sys.argv[1:])]
    amounts = [0, 1, 4, 5, 9, 10, 20, 24, 25, 41, 99, 134, *amounts]
    sys.path.insert(0, ".")
    if check_make_change(amounts) or check_fewest(amounts) or check_tests():
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
