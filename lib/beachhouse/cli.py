"""`beachhouse COMMAND`: the kit's command on PATH (~/.local/bin/beachhouse runs this file).

It runs with `python -S`, the standard library only, so `status` answers in milliseconds;
what needs Ansible (apply, diff, uninstall) runs bootstrap.sh, the same code a first run
uses, and what needs the tool venv's libraries (edit, config --show) runs them there.
"""

from __future__ import annotations

import os
import sys

# Run as a script: this folder is sys.path[0]; the package lives one level up.
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position  # sys.path is set just above
from beachhouse.command import paths  # noqa: E402
from beachhouse.command.launch import apply, bootstrap  # noqa: E402

USAGE = """\
beachhouse: your cloud shell's setup, as one command

Usage: beachhouse COMMAND [options]

Commands:
  apply      Bring this home to the config (what ./bootstrap.sh does; same options)
  status     What changed since the last apply (exit 0: nothing, 1: something)
  diff       The exact changes an apply would make; changes nothing
  doctor     Check this shell's setup, one line per check, each with its fix
  edit       Edit the config in $VISUAL or $EDITOR, validated when you close it
  update     Fetch the newest kit (git pull, or the newest release), then apply
  rollback   Go back to an earlier apply's files and config (--list shows them)
  config     config --show prints the effective config and where each value came from
  uninstall  Remove what the kit added and give your own files back

Run `beachhouse COMMAND --help` for a command's options.
"""

HELP = {
    "apply": "Usage: beachhouse apply [options]\n\n"
    "Bring this home to the config; answers `up to date` without Ansible when nothing\n"
    "changed. The options are ./bootstrap.sh's:\n",
    "status": "Usage: beachhouse status\n\n"
    "Name each change since the last apply: a managed file edited by hand, the config,\n"
    "the kit's or the fork's files, the platform, the tool venv. Exit 0 when nothing\n"
    "changed, 1 when something did.\n",
    "diff": "Usage: beachhouse diff [--tags LIST] [--skip-tags LIST] [--config FILE]\n\n"
    "Show the exact changes an apply would make (./bootstrap.sh --check --diff);\n"
    "writes nothing.\n",
    "doctor": "Usage: beachhouse doctor\n\n"
    "Check the platform, Python and ansible-core, the rc-file hooks, shell start-up time,\n"
    "PATH, venvs, disk use, secrets in rc files and the run lock: one line each, with the\n"
    "fix. Exit 0 when every check passes, 1 otherwise.\n",
    "edit": "Usage: beachhouse edit [--apply]\n\n"
    "Open ~/.config/beachhouse/config.yml in $VISUAL, $EDITOR or vi. When the editor\n"
    "closes, the file is validated: an invalid one is refused with one line saying why\n"
    "(your attempt is kept aside) and the previous file stays. --apply then applies it.\n",
    "update": "Usage: beachhouse update\n\n"
    "A git clone: git pull --ff-only, then apply. A release install: fetch the newest\n"
    "release (BEACHHOUSE_UPDATE_URL), verify its sha256, show the version change, switch\n"
    "to it in one rename, then apply.\n",
    "rollback": "Usage: beachhouse rollback [--list | N]\n\n"
    "Every apply records a generation (the managed files and the effective config; the\n"
    "last 10 are kept). With no argument, go back to the one before the current one;\n"
    "N: to generation N; --list: show them with their dates (* marks the current).\n",
    "config": "Usage: beachhouse config --show\n\n"
    "Print the effective config, one key a line, naming where each value came from:\n"
    "~/.config/beachhouse/config.yml, the fork's beachhouse.yml, or the role's default.\n",
    "uninstall": "Usage: beachhouse uninstall [-y]\n\n"
    "Remove every file, link and block the kit added and restore your own files byte for\n"
    "byte (./bootstrap.sh --uninstall).\n",
}
COMMANDS = tuple(HELP)
EXIT_USAGE = 2


def error(message: str, code: int = EXIT_USAGE) -> int:
    """One line on stderr, prefixed as bootstrap.sh's are; returns *code*."""
    print(f"beachhouse: error: {message}", file=sys.stderr)
    return code


def diff(argv: list[str]) -> int:
    return bootstrap("--check", "--diff", *argv)


def uninstall(argv: list[str]) -> int:
    return bootstrap("--uninstall", *argv)


def run(command: str, argv: list[str]) -> int:
    """Run one command with its arguments."""
    if argv[:1] in (["-h"], ["--help"]):
        print(HELP[command], end="")
        return bootstrap("--help") if command == "apply" else 0
    if command in ("apply", "diff", "uninstall"):
        return {"apply": apply, "diff": diff, "uninstall": uninstall}[command](argv)
    # Each command imports only its own module (importlib itself would cost a little).
    return __import__(f"beachhouse.command.{command}", fromlist=["main"]).main(argv)


def main(argv: list[str]) -> int:
    """Dispatch `beachhouse COMMAND ...`."""
    os.environ.pop("PYTHONPATH", None)  # bootstrap.sh and Ansible get a clean one
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0 if argv else EXIT_USAGE
    if argv[0] in ("-V", "--version"):
        from beachhouse import manifest  # pylint: disable=import-outside-toplevel

        print(f"beachhouse {manifest.kit_version(paths.KIT)}")
        return 0
    if argv[0] not in COMMANDS:
        return error(f"unknown command '{argv[0]}'; try one of: {', '.join(COMMANDS)}")
    return run(argv[0], argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
