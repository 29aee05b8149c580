"""`beachhouse update`: fetch the newest kit, then apply.

A git clone pulls (fast-forward only: local commits are never rewritten); a release
install fetches the newest release, verifies its sha256, says which version it moves to,
switches in one rename and applies with the new kit's bootstrap.sh.
"""

from __future__ import annotations

import os
import subprocess
import sys

from beachhouse.command import launch, paths, release


def fail(message: str, code: int = 1) -> int:
    print(f"beachhouse: error: {message}", file=sys.stderr)
    return code


def from_git(kit: str) -> int:
    before = release.version_of(kit)
    pulled = subprocess.run(
        ["git", "-C", kit, "pull", "--ff-only", "--quiet"],
        check=False,
        capture_output=True,
        text=True,
    )
    if pulled.returncode != 0:
        last = (pulled.stderr.strip().splitlines() or ["git pull failed"])[-1]
        return fail(
            f"git pull --ff-only in {paths.tilde(kit)} failed: {last}; "
            "resolve it there (nothing was applied)"
        )
    after = release.version_of(kit)
    print(
        f"beachhouse: kit {before} -> {after}"
        if before != after
        else f"beachhouse: kit {after}, up to date with its remote"
    )
    return launch.bootstrap()


def from_release(data_dir: str) -> int:
    url = os.environ.get("BEACHHOUSE_UPDATE_URL") or release.DEFAULT_URL
    before = release.version_of(paths.KIT)
    try:
        new = release.download(url, data_dir)
    except release.ReleaseError as exc:
        return fail(str(exc), 4)
    after = release.version_of(new)
    if os.path.realpath(new) == os.path.realpath(os.path.join(data_dir, "src")):
        print(f"beachhouse: kit {after} is the newest release")
    else:
        print(f"beachhouse: kit {before} -> {after}")
        release.switch(data_dir, new)
    sys.stdout.flush()
    os.execvp("bash", ["bash", os.path.join(data_dir, "src", "bootstrap.sh")])
    return 1  # not reached


def main(argv: list[str]) -> int:
    """Update the kit the way it was installed, then apply."""
    if argv:
        return fail(f"update takes no arguments, not '{argv[0]}'; see beachhouse update --help", 2)
    kit = paths.KIT
    if os.path.isdir(os.path.join(kit, ".git")) or os.path.isfile(os.path.join(kit, ".git")):
        return from_git(kit)
    data_dir = paths.data_dir()
    if os.path.dirname(kit) == os.path.realpath(data_dir):
        return from_release(data_dir)
    return fail(
        f"the kit at {kit} is neither a git clone nor a release install; "
        "update it yourself, then run beachhouse apply"
    )
