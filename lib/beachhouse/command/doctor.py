"""`beachhouse doctor`: one line per check, ✓ or ✗, and the fix for each ✗.

Each check looks at the home as it is (files, a real interactive bash and zsh), not at
what the kit believes it wrote. Exit 0 when every check passes.
"""

from __future__ import annotations

import datetime
import fcntl
import os
import subprocess
import sys

from beachhouse import manifest
from beachhouse.command import generations, paths, tool

OK, BAD = "✓", "✗"
CLOUDSHELL_BYTES = 1024**3
# End of life (year, month): python.org's release schedules, ansible-core's support matrix.
PYTHON_EOL = {9: (2025, 10), 10: (2026, 10), 11: (2027, 10), 12: (2028, 10), 13: (2029, 10)}
ANSIBLE_EOL = {
    15: (2024, 11),
    16: (2025, 5),
    17: (2025, 11),
    18: (2026, 5),
    19: (2026, 11),
    20: (2027, 5),
    21: (2027, 11),
}
# A start-up slower than this is worth fixing (the kit's own share is a few ms).
SLOW_START_MS = 1000
# A function the kit's init defines (functions are not inherited, unlike variables): if it
# is missing in a new interactive shell, the rc hook was not reached.
PROBE = (
    "if type beachhouse_project >/dev/null 2>&1; then echo 1; else echo 0; fi; "
    'printf "%s\\n" "$PATH"'
)


def result(ok: bool, text: str, fix: str = "") -> tuple[bool, str]:
    return ok, f"{OK if ok else BAD} {text}" + ("" if ok or not fix else f": {fix}")


def _past(eol: tuple[int, int] | None) -> str:
    if eol is None:
        return ""
    today = datetime.date.today()
    return (
        f" (past its end of life, {eol[0]}-{eol[1]:02d})" if (today.year, today.month) > eol else ""
    )


def check_platform(recorded: dict | None) -> tuple[bool, str]:
    if recorded is None:
        return result(False, "platform: no apply recorded", "run beachhouse apply")
    facts = _last_facts()
    platform = facts.get("beachhouse_platform", "?")
    env = recorded["fingerprint"]["env"]
    shown = [
        f"{name}={value}"
        for name, value in sorted(env.items())
        if value and name not in ("HOME", "CI") and not name.startswith(("XDG_", "BEACHHOUSE_"))
    ]
    how = (
        f"detected from {', '.join(shown)}" if shown else "no cloud shell's variables: plain Linux"
    )
    return result(True, f"platform: {platform} ({how})")


def _last_facts() -> dict:
    state = paths.state_dir()
    number = generations.current(state)
    return generations.plain_json(generations.load(state, number)["facts_json"]) if number else {}


def check_python() -> tuple[bool, str]:
    python = tool.python()
    if not python:
        return result(False, "tool venv: its Python is gone", "run beachhouse apply to rebuild it")
    probe = subprocess.run(
        [
            python,
            "-s",
            "-c",
            "import sys, importlib.metadata as m; "
            "print(sys.version_info[1], m.version('ansible-core'))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        return result(
            False, "tool venv: ansible-core does not import", "run beachhouse apply --full"
        )
    minor, ansible = probe.stdout.split()
    ansible_minor = int(ansible.split(".")[1])
    note = _past(PYTHON_EOL.get(int(minor))) or ""
    ansible_note = _past(ANSIBLE_EOL.get(ansible_minor))
    advice = " (a newer one: ./bootstrap.sh --managed-python 3.12)" if note or ansible_note else ""
    return result(True, f"Python 3.{minor}{note}, ansible-core {ansible}{ansible_note}{advice}")


def _interactive(shell: str) -> tuple[list[str], float]:
    """Run *shell* interactively with the probe; its two lines and the wall time in ms."""
    start = datetime.datetime.now()
    done = subprocess.run(
        [shell, "-ic", PROBE],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    elapsed = (datetime.datetime.now() - start).total_seconds() * 1000
    return done.stdout.splitlines()[-2:], elapsed


def _rc_problem(rc: str) -> str:
    """Why an rc file holding the kit's block may not reach it: CRLF, or a return above."""
    try:
        with open(rc, "rb") as handle:
            data = handle.read()
    except OSError:
        return f"{paths.tilde(rc)} is missing"
    if b"\r\n" in data:
        return (
            f"{paths.tilde(rc)} has Windows line endings (CRLF), so the shell misreads it; "
            f"fix: sed -i 's/\\r$//' {paths.tilde(rc)}"
        )
    lines = data.decode("utf-8", errors="replace").splitlines()
    block = next((i for i, line in enumerate(lines) if manifest_marker(line)), None)
    if block is None:
        return f"{paths.tilde(rc)} lacks the kit's block; run beachhouse apply"
    for number, line in enumerate(lines[:block], start=1):
        if line.strip() in ("return", "exit", "return 0", "exit 0"):
            return (
                f"{paths.tilde(rc)}:{number} returns before the kit's block (line "
                f"{block + 1}); move the block above it, or that line below"
            )
    return ""


def manifest_marker(line: str) -> bool:
    return line.rstrip().endswith(">>> beachhouse >>>")


def check_shell(shell: str, rc: str) -> list[tuple[bool, str]]:
    """The rc hook reached, the start-up time and the kit's share, PATH duplicates."""
    found = [os.path.join(d, shell) for d in os.environ.get("PATH", "").split(":")]
    if not any(os.access(path, os.X_OK) for path in found):
        return [result(True, f"{shell}: not installed here (nothing to check)")]
    _interactive(shell)  # a first start may build caches (zsh's completion dump): not timed
    lines, elapsed = _interactive(shell)
    reached = bool(lines) and lines[0] == "1"
    checks = []
    if shell == "zsh" and os.environ.get("ZDOTDIR", paths.home()) != paths.home():
        zdot = os.path.join(os.environ["ZDOTDIR"], ".zshrc")
        if not reached:
            checks.append(
                result(
                    False,
                    f"zsh: ZDOTDIR is {os.environ['ZDOTDIR']}, so zsh reads "
                    f"{paths.tilde(zdot)}, not ~/.zshrc",
                    f"add `source ~/.zshrc` to {zdot}",
                )
            )
            return checks
    if reached:
        init = os.path.join(paths.config_dir(), "shell", f"init.{shell}")
        share = max(_bare_start(shell, f". '{init}'") - _bare_start(shell, ":"), 0.0)
        checks.append(
            result(
                elapsed < SLOW_START_MS,
                f"{shell}: the kit's init is reached from "
                f"{paths.tilde(rc)}; starts in {elapsed:.0f} ms (the kit's share about "
                f"{share:.0f} ms)",
                "see what else your rc files run (bash -x / zsh -x)",
            )
        )
    else:
        problem = _rc_problem(rc) or f"the kit's init did not run from {paths.tilde(rc)}"
        checks.append(result(False, f"{shell}: the kit's init is not reached", problem))
    entries = (lines[1] if len(lines) > 1 else "").split(":")
    twice = sorted({entry for entry in entries if entry and entries.count(entry) > 1})
    checks.append(
        result(
            not twice,
            (
                f"{shell}: PATH has no duplicates"
                if not twice
                else f"{shell}: PATH lists {', '.join(twice)} more than once"
            ),
            "remove the extra PATH lines from your rc files",
        )
    )
    return checks


def _bare_start(shell: str, script: str) -> float:
    """The best of three interactive starts of *shell* that read no rc file and run
    *script*: the kit's init alone, against nothing at all."""
    flags = ["--norc", "-ic", script] if shell == "bash" else ["-f", "-ic", script]
    times = []
    for _ in range(3):
        start = datetime.datetime.now()
        subprocess.run([shell, *flags], capture_output=True, stdin=subprocess.DEVNULL, check=False)
        times.append((datetime.datetime.now() - start).total_seconds() * 1000)
    return min(times)


def check_venvs() -> tuple[bool, str]:
    """Venvs whose interpreter vanished (a new image took their Python away)."""
    dirs = [paths.tool_venv()]
    venvs_dir = os.path.expanduser(_config_var("venvs_dir", "~/.venvs"))
    if os.path.isdir(venvs_dir):
        dirs += [os.path.join(venvs_dir, name) for name in sorted(os.listdir(venvs_dir))]
    broken = [
        d
        for d in dirs
        if os.path.lexists(os.path.join(d, "bin/python"))
        and not os.path.exists(os.path.realpath(os.path.join(d, "bin/python")))
    ]
    if not broken:
        return result(True, f"venvs: every interpreter is there ({len(dirs)} checked)")
    names = ", ".join(paths.tilde(d) for d in broken)
    return result(
        False,
        f"venvs: the Python of {names} is gone",
        "beachhouse apply rebuilds the kit's; recreate others with python3 -m venv --clear",
    )


def _config_var(name: str, default):
    state = paths.state_dir()
    number = generations.current(state)
    if number is None:
        return default
    return generations.plain_json(generations.load(state, number)["config_json"]).get(name, default)


def check_disk(platform: str) -> tuple[bool, str]:
    used = 0
    for root, _dirs, files in os.walk(paths.home()):
        for name in files:
            try:
                used += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                continue
    percent = 100 * used / CLOUDSHELL_BYTES
    warn = _config_var("platform_disk_warn_percent", 80)
    text = f"disk: $HOME uses {used / 1e6:.0f} MB ({percent:.0f} % of AWS CloudShell's 1 GB)"
    ok = platform != "aws-cloudshell" or percent < warn
    return result(ok, text, "free space: pip cache purge, or remove old venvs in ~/.venvs")


def check_secrets() -> tuple[bool, str]:
    sys.path.insert(0, os.path.join(paths.KIT, "playbooks", "module_utils"))
    try:
        # pylint: disable-next=import-outside-toplevel,import-error # found at run time
        from beachhouse_scan import find_secrets
    finally:
        sys.path.pop(0)
    files = [
        "~/.bashrc",
        "~/.bash_profile",
        "~/.bash_login",
        "~/.profile",
        "~/.zshrc",
        "~/.zprofile",
        "~/.zshenv",
    ]
    found = find_secrets(files)
    if not found:
        return result(True, "secrets: none in plain text in your rc files")
    first = found[0]
    return result(
        False,
        f"secrets: {len(found)} in plain text, first at {first['file']}:"
        f"{first['line']} ({first['what']})",
        first["advice"],
    )


def check_lock() -> tuple[bool, str]:
    lock = os.path.join(paths.state_dir(), "run.lock")
    if not os.path.exists(lock):
        return result(True, "lock: no other run is going on")
    with open(lock, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return result(
                False,
                "lock: another run holds the home's lock",
                "wait for it to finish (or find it with: fuser ~/.local/state/beachhouse/run.lock)",
            )
        fcntl.flock(handle, fcntl.LOCK_UN)
    return result(True, "lock: no other run is going on")


def main(argv: list[str]) -> int:
    """Run every check; exit 0 when all pass."""
    if argv:
        print(f"beachhouse: error: doctor takes no arguments, not '{argv[0]}'", file=sys.stderr)
        return 2
    recorded = manifest.load(paths.state_dir())
    checks = [check_platform(recorded), check_python()]
    checks += check_shell("bash", os.path.join(paths.home(), ".bashrc"))
    zdot = os.environ.get("ZDOTDIR") or paths.home()
    checks += check_shell("zsh", os.path.join(zdot, ".zshrc"))
    platform = _last_facts().get("beachhouse_platform", "") if recorded else ""
    checks += [check_venvs(), check_disk(platform), check_secrets(), check_lock()]
    for _, line in checks:
        print(line)
    return 0 if all(ok for ok, _ in checks) else 1
