"""`beachhouse rollback [--list | N]`: go back to an earlier apply's files and config."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys

from beachhouse.command import generations, paths


@contextlib.contextmanager
def run_lock(state: str):
    """Hold bootstrap.sh's run lock (a flock on the state folder's run.lock) while the
    rollback writes, so no apply runs meanwhile; a kit without that lock has none."""
    lock = os.path.join(state, "run.lock")
    if not os.path.exists(lock):
        yield
        return
    with open(lock, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def main(argv: list[str]) -> int:
    """List the generations, or restore one (the one before the current by default)."""
    state = paths.state_dir()
    found = generations.numbers(state)
    if argv == ["--list"]:
        if not found:
            print("no generations yet: each apply records one")
        for line in generations.listing(state):
            print(line)
        return 0
    if len(argv) > 1 or (argv and not argv[0].isdigit()):
        print(
            f"beachhouse: error: rollback takes --list or a generation number, not "
            f"'{' '.join(argv)}'; see beachhouse rollback --help",
            file=sys.stderr,
        )
        return 2
    now = generations.current(state)
    if argv:
        number = int(argv[0])
    else:
        older = [n for n in found if now is not None and n < now]
        if not older:
            print(
                "beachhouse: error: no generation before the current one to go back to; "
                "see beachhouse rollback --list",
                file=sys.stderr,
            )
            return 1
        number = older[-1]
    if number not in found:
        print(
            f"beachhouse: error: no generation {number} (kept: "
            f"{', '.join(map(str, found)) or 'none'}); see beachhouse rollback --list",
            file=sys.stderr,
        )
        return 1
    with run_lock(state):
        for line in generations.rollback(state, paths.KIT, number, paths.home_config()):
            print(f"  {line}")
    print(f"beachhouse: rolled back to generation {number}")
    return 0
