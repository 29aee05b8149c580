"""`beachhouse edit [--apply]`: edit the config, and keep only a valid one.

The editor works on a copy; the copy replaces ~/.config/beachhouse/config.yml only once
it validates (the same validation bootstrap.sh runs). An invalid attempt is set aside in
the state folder, so nothing typed is lost, and the previous file stays in effect.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile

from beachhouse.command import launch, paths, tool

SEED = "# beachhouse config: every key is optional (see dotfiles/config.example.yml)\n"


def say(message: str) -> None:
    print(f"beachhouse: {message}")


def main(argv: list[str]) -> int:
    """Edit, validate, install; with --apply, apply it."""
    if argv not in ([], ["--apply"]):
        print(
            f"beachhouse: error: unknown option '{argv[0]}'; see beachhouse edit --help",
            file=sys.stderr,
        )
        return 2
    if not tool.python():
        print(
            "beachhouse: error: the tool venv is gone, so the config cannot be validated; "
            "run beachhouse apply first",
            file=sys.stderr,
        )
        return 4
    target = paths.home_config()
    source, origin = paths.find_config()
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    os.makedirs(paths.state_dir(), exist_ok=True)
    handle, draft = tempfile.mkstemp(prefix="config-edit-", suffix=".yml", dir=paths.state_dir())
    os.close(handle)
    try:
        if source:
            shutil.copyfile(source, draft)
        else:
            with open(draft, "w", encoding="utf-8") as out:
                out.write(SEED)
        with open(draft, "rb") as before_handle:
            before = before_handle.read()
        if subprocess.run([*shlex.split(editor), draft], check=False).returncode != 0:
            print(
                f"beachhouse: error: the editor ({editor}) failed; the config is unchanged",
                file=sys.stderr,
            )
            return 1
        with open(draft, "rb") as after_handle:
            after = after_handle.read()
        if after == before and origin == "home":
            say("no change")
        else:
            checked = tool.run_kit("config", draft, "--out", os.devnull)
            if checked.returncode != 0:
                kept = os.path.join(paths.state_dir(), "config.rejected.yml")
                os.replace(draft, kept)
                line = checked.stderr.strip().splitlines()[-1] if checked.stderr.strip() else ""
                line = line.replace(draft, target)
                print(
                    f"beachhouse: error: {line}; kept the previous config (your edit is in "
                    f"{paths.tilde(kept)})",
                    file=sys.stderr,
                )
                return 3
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.chmod(draft, 0o644)
            os.replace(draft, target)
            say(f"saved {paths.tilde(target)}")
            if origin == "fork":
                say(
                    "this home now has its own config.yml: the fork's beachhouse.yml is read "
                    "only where there is none"
                )
    finally:
        if os.path.exists(draft):
            os.unlink(draft)
    if argv == ["--apply"]:
        return launch.apply([])
    return 0
