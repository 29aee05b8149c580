"""Where the kit may write in a home, and what a user's rc file says about the kit's block.

Pure functions of paths and bytes, for the ``beachhouse_home`` module: a symlink is the
user's (stow, rcm, chezmoi, home-manager made it), nothing outside $HOME is written, a
read-only file is left as it is; each refusal is one line that names the file and says
what the user can do instead.
"""

from __future__ import annotations

import os
import re

# A line that may end the file before a block below it runs (`return`, `exit`, `exec zsh`).
# (`exec >log` only redirects: not one of them.)
EARLY_EXIT = re.compile(rb"^[ \t]*(?:(?:return|exit)\b|exec[ \t]+[A-Za-z/$])")
ZDOTDIR_LINE = re.compile(r"^\s*(?:export\s+)?ZDOTDIR=([\"']?)([^\"'\s;]+)\1", re.M)


def under(path: str, root: str) -> bool:
    """Whether *path* is *root* or lies inside it (both absolute)."""
    return path == root or path.startswith(root.rstrip("/") + "/")


def tilde(path: str, home: str) -> str:
    """*path* as a user writes it: ~/… inside the home."""
    return "~" + path[len(home) :] if under(path, home) else path


def first_link(path: str, home: str, itself: bool = True) -> str | None:
    """The first symlink on the way from *home* to *path* (*path* too, with *itself*)."""
    if not under(path, home):
        return None
    parts = os.path.relpath(path, home).split(os.sep)
    current = home
    for index, part in enumerate(parts):
        if part in ("", "."):
            continue
        current = os.path.join(current, part)
        last = index == len(parts) - 1
        if os.path.islink(current) and (itself or not last):
            return current
        if not os.path.isdir(current) and not last:
            return None  # the rest does not exist yet: no link further down
    return None


def writable(path: str) -> bool:
    """Whether the kit may replace *path*: a file nobody may write to (0444, a store) is
    read-only even where a rename by root or by its owner could replace it."""
    if os.path.exists(path):
        if not os.access(path, os.W_OK) or not os.stat(path).st_mode & 0o222:
            return False
    folder = os.path.dirname(path)
    while folder and not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    return os.access(folder or "/", os.W_OK | os.X_OK)


def refusal(path: str, home: str, follow_links: bool, itself: bool = True) -> str | None:
    """Why the kit may not write *path*, as the start of a sentence; None when it may."""
    real_home = os.path.realpath(home)
    link = first_link(path, home, itself)
    real = os.path.realpath(path)
    if not under(path, home):
        return f"{path} is outside your home: the kit writes only under $HOME"
    if link is not None:
        target = os.path.realpath(link)
        shown = f"{tilde(link, home)} is a link to {tilde(target, real_home)}"
        if not under(real, real_home):
            return f"{shown}, outside your home: the kit writes only under $HOME"
        if not follow_links:
            return f"{shown} (yours): the kit writes nothing through it"
    if not writable(real):
        return f"{tilde(path, home)} is read-only: skipped"
    return None


def zdotdir(home: str, environ=None) -> str | None:
    """The folder zsh reads .zshrc from when it is not $HOME: $ZDOTDIR, from the
    environment or the ~/.zshenv line that sets it (zsh reads ~/.zshenv first)."""
    environ = os.environ if environ is None else environ
    found = environ.get("ZDOTDIR")
    if not found:
        try:
            with open(os.path.join(home, ".zshenv"), encoding="utf-8", errors="replace") as env:
                match = ZDOTDIR_LINE.search(env.read())
        except OSError:
            match = None
        if match is None:
            return None
        config = environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
        found = match.group(2)
        for name, value in (
            ("${XDG_CONFIG_HOME:-$HOME/.config}", config),
            ("${XDG_CONFIG_HOME}", config),
            ("$XDG_CONFIG_HOME", config),
            ("${HOME}", home),
            ("$HOME", home),
        ):
            found = found.replace(name, value)
        if found.startswith("~"):
            found = home + found[1:]
        if "$" in found:
            return None  # set from something we cannot read here: say nothing
    found = os.path.normpath(os.path.expanduser(found))
    return None if found == os.path.normpath(home) else found


def rc_file_problems(text: bytes, block_start: int | None) -> list[str]:
    """What keeps a shell from reaching or reading the kit's block, as short phrases:
    CRLF line endings, a `return`/`exit`/`exec` above the block."""
    problems = []
    if b"\r\n" in text:
        problems.append(
            "has Windows (CRLF) line endings, so the shell reads a stray \\r on every line;"
            " convert it: sed -i 's/\\r$//' FILE"
        )
    if block_start:
        for number, line in enumerate(text[:block_start].splitlines(), 1):
            if EARLY_EXIT.match(line):
                word = line.strip().decode("utf-8", "replace")
                problems.append(
                    f"line {number} ({word}) can end it before the kit's block below runs;"
                    " move the block above that line"
                )
                break
    return problems


def merge_history(kit_file: str, user_file: str) -> bool:
    """Give back the history kit 0.1 kept in its own file: append to *user_file* what it
    lacks (the kit's file began as a copy of it), keep it 0600, remove *kit_file*."""
    try:
        with open(kit_file, "rb") as handle:
            kept = handle.read()
    except FileNotFoundError:
        return False
    try:
        with open(user_file, "rb") as handle:
            mine = handle.read()
    except FileNotFoundError:
        mine = b""
    ours, theirs = kept.splitlines(keepends=True), mine.splitlines(keepends=True)
    common = 0
    while common < min(len(ours), len(theirs)) and ours[common] == theirs[common]:
        common += 1
    extra = b"".join(ours[common:])
    if extra:
        if mine and not mine.endswith(b"\n"):
            extra = b"\n" + extra
        descriptor = os.open(user_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "ab") as handle:
            handle.write(extra)
    if os.path.exists(user_file):
        os.chmod(user_file, 0o600)
    os.unlink(kit_file)
    return True
