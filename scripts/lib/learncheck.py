"""The protocol between a lesson's Python checker and the runner (python_steps in learn.bash).

A checker prints "STEP what must be true" before each step, "FAIL evidence" lines at the
first unmet one, and "OK" once all pass.
"""


def step(text: str) -> None:
    """Announce the next thing that must be true."""
    print(f"STEP {text}", flush=True)


def fail(*lines: str) -> int:
    """Report why the current step is unmet; the checker returns what this returns."""
    for line in lines:
        print(f"FAIL {line}")
    return 1
