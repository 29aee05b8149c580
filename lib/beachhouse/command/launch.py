"""Handing over to bootstrap.sh, and apply's fast path in this process."""

from __future__ import annotations

import os
import sys

from beachhouse.command import paths

# Options that do not change what a plain apply does: its fast path still holds.
QUIET_OPTIONS = {"-y", "--yes", "-v", "--verbose"}


def bootstrap(*args: str) -> int:
    """Run bootstrap.sh with *args* in place of this process."""
    sys.stdout.flush()
    os.execvp("bash", ["bash", os.path.join(paths.KIT, "bootstrap.sh"), *args])
    return 1  # not reached


def apply(argv: list[str]) -> int:
    """`up to date` from here when nothing changed (status's comparison, stopped at the
    first difference); bootstrap.sh, the first run's own code, otherwise."""
    if set(argv) <= QUIET_OPTIONS:
        # pylint: disable-next=import-outside-toplevel # the other commands do not need it
        from beachhouse import manifest
        from beachhouse.command import status  # pylint: disable=import-outside-toplevel

        if next(status.changes(manifest.load(paths.state_dir())), None) is None:
            print("beachhouse: up to date")
            return 0
    return bootstrap(*argv)
