"""Real homes (issue 9): every layout of tests/homes/ in every cloud-shell profile.

Each layout is laid out over a profile's stock home, with stand-ins for kubectl, gcloud,
aws and az on PATH. Real shells start in it without the kit, the kit goes in, the same
shells start again (under a pty, typed into as a person would) and must print no error
line the home without the kit did not, keep the user's own values, finish in 5 s; a
second apply changes nothing; a line appended while installed survives an uninstall that
gives back every other path exactly (type, mode, bytes, link target).

Cost: one real bootstrap per profile (the tool venv, built once per Python, shared) makes
the seed; the action plugin hands over the very file list the playbook rendered for that
profile, and each layout replays it through the home module's own code, as the user. A
real bootstrap, `--full`, fast-path re-run and `--uninstall` round trip runs per profile
too, on a layout of its own, with the full-tree comparison excluding only the backups.
"""

# pytest passes fixtures by argument name.
# pylint: disable=redefined-outer-name

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from harness import BY_NAME, PROFILES, CloudShell, tree, tree_diff, type_on_tty, write_as

HOMES = Path(__file__).resolve().parent / "homes"
LAYOUTS = sorted(path.stem for path in HOMES.glob("*.yml"))
TOOL_VENV = ".local/share/beachhouse/venv"
BACKUPS = ".local/state/beachhouse/backups"
STATE = "~/.local/state/beachhouse"
APPENDED = b"export ADDED_WHILE_INSTALLED=1\n"
SHELL_SECONDS = 5.0
SKIPPED = "not started"  # zsh in a home without any zsh file: its new-user menu waits
KIT_PROBE = {"bash": "type -t workon", "login": "type -t workon", "zsh": "whence -w workon"}
KIT_ACTIVE = {"bash": "function", "login": "function", "zsh": "workon: function"}
# stderr is a pipe here, not the terminal: -i says what a terminal would have made them.
ARGV = {"bash": ["bash", "-i"], "login": ["bash", "-il"], "zsh": ["zsh", "-i"]}
# Where a message names the shell's own file or command: the same error with or without
# the kit may be worded from a different place in a line.
ERROR = re.compile(
    r"(bash|zsh|sh)(\[\d+\])?: |command not found|unbound variable|parameter not set"
    r"|No such file|syntax error"
)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")
# Stand-ins for the cloud CLIs every cloud shell has: kubectl prints a completion script
# (which the kit caches), the others only need to exist.
CLIS = {
    "kubectl": (
        '#!/bin/sh\ncase "$1 $2" in\n'
        "  'completion bash') echo 'complete -W \"get apply\" kubectl' ;;\n"
        "  'completion zsh') echo '_kubectl_stub() { compadd get apply; }; "
        "compdef _kubectl_stub kubectl' ;;\nesac\n"
    ),
    "gcloud": "#!/bin/sh\nexit 0\n",
    "aws": "#!/bin/sh\nexit 0\n",
    "aws_completer": "#!/bin/sh\nexit 0\n",
    "az": "#!/bin/sh\nexit 0\n",
}
# The home module's own code, run as the home's user with the profile's Python: what the
# playbook's one module call does, without Ansible's seconds around it.
REPLAY = """
import json, sys
sys.path.insert(0, sys.argv[1])
import beachhouse_home
home = beachhouse_home.Home(sys.argv[3])
if sys.argv[2] == "apply":
    with open(sys.argv[4], encoding="utf-8") as specs:
        results = home.apply(json.load(specs), prune=True)
else:
    results = home.uninstall()
print(json.dumps({"results": results, "warnings": [w["message"] for w in home.warnings]}))
"""


def layout(name: str) -> dict:
    data = yaml.safe_load((HOMES / f"{name}.yml").read_text(encoding="utf-8")) or {}
    data.setdefault("kit", ["bash", "zsh"])
    return data


def group(profile) -> str:
    """Tests of one Python share a worker, and so one tool venv."""
    return f"homes-py{profile.python}"


# -- laying a home out ---------------------------------------------------------------------------
def place(shell: CloudShell, relative: str) -> Path:
    """A layout's path: under the home, or under the shell's folder for `@outside/`."""
    if relative.startswith("@outside/"):
        return shell.root / "outside" / relative[len("@outside/") :]
    return shell.home / relative


def lay_out(shell: CloudShell, spec: dict) -> None:
    """Write a layout over the profile's stock home, as its user; then the stand-in CLIs."""
    for relative, value in (spec.get("files") or {}).items():
        value = value if isinstance(value, dict) else {"text": value}
        data = value["latin1"].encode("latin-1") if "latin1" in value else value["text"].encode()
        path = place(shell, relative)
        if path.is_symlink():
            path.unlink()
        mode = value.get("mode")
        write_as(shell.user, path, data, int(str(mode), 0) if mode is not None else None)
    for relative, target in (spec.get("links") or {}).items():
        path = place(shell, relative)
        if path.is_symlink() or path.is_file():
            path.unlink()
        write_as(shell.user, path.parent / ".bh-keep", b"").unlink()
        path.symlink_to(str(place(shell, target)) if target.startswith("@outside/") else target)
        if shell.user:
            os.lchown(path, shell.user.pw_uid, shell.user.pw_gid)
    outside = shell.root / "outside"
    for folder in sorted({p.parent for p in outside.rglob("*") if p.is_file()}, reverse=True):
        folder.chmod(0o555)  # a store: read-only all the way
    for name, script in CLIS.items():
        write_as(shell.user, shell.bin / name, script, 0o755)


def link_tool_venv(shell: CloudShell, venv: Path) -> None:
    """The seed's tool venv, linked: a venv is not what these tests are about."""
    write_as(shell.user, shell.home / ".local/share/beachhouse/.keep", b"").unlink()
    (shell.home / TOOL_VENV).symlink_to(venv)
    if shell.user:
        os.lchown(shell.home / TOOL_VENV, shell.user.pw_uid, shell.user.pw_gid)


# -- the seeds: one real bootstrap per profile -------------------------------------------------
@pytest.fixture(scope="module")
def seeds(e2e_base):
    """Per profile, a real bootstrap of its stock home (stand-in CLIs on PATH), made when
    first asked for: (the shell, the files its playbook rendered). The first of each
    Python builds the tool venv; the others link it."""
    made, venvs = {}, {}

    def seed(name: str):
        if name not in made:
            shell = CloudShell(BY_NAME[name], e2e_base["base"], e2e_base["kit"], e2e_base["tools"])
            lay_out(shell, {})
            if shell.profile.python in venvs:
                link_tool_venv(shell, venvs[shell.profile.python])
            rendered = shell.root / "rendered.json"
            result = shell.bootstrap(BEACHHOUSE_HOME_FILES_OUT=str(rendered))
            assert result.returncode == 0, result.stdout + result.stderr
            venvs.setdefault(shell.profile.python, (shell.home / TOOL_VENV).resolve())
            made[name] = (shell, json.loads(rendered.read_text(encoding="utf-8")))
        return made[name]

    yield seed
    for shell, _ in made.values():
        shell.cleanup()


# -- what a user sees -------------------------------------------------------------------------
def errors(stderr: str) -> set:
    """The error lines of a shell's stderr, each from the shell's own name on (a prompt
    drawn before it differs with the kit, the error does not)."""
    found = set()
    for line in ANSI.sub("", stderr).splitlines():
        match = ERROR.search(line)
        if match:
            start = line.rfind(" ", 0, match.start()) + 1 if match.group(1) else 0
            found.add(line[start:].strip())
    return found


def probe_script(commands: list, probe: Path) -> str:
    """One line that runs *commands*, each output ended by @@, into *probe*."""
    parts = [f"{{ {command}; }} 2>/dev/null; echo @@;" for command in commands] or ["true;"]
    return f"{{ {' '.join(parts)} }} >{probe}"


def read_probe(probe: Path, commands: list) -> dict:
    text = probe.read_text(encoding="utf-8", errors="replace") if probe.exists() else ""
    outputs = [out.strip("\n") for out in text.split("@@\n")][: len(commands)]
    return dict(zip(commands, outputs + [None] * (len(commands) - len(outputs))))


def start_shells(shell: CloudShell, spec: dict, with_kit: bool) -> dict:
    """Each mode's (exit code, error lines, seconds, probe outputs) for this home."""
    outcome = {}
    probe = shell.root / "probe.out"
    env = shell.env(TERM="xterm-256color")
    for mode in ("bash", "login", "zsh", "script"):
        commands = list(spec.get("keep", {}).get(mode, []))
        commands += list(spec.get("expect", {}).get(mode, {}))
        if mode in KIT_PROBE:
            commands.append(KIT_PROBE[mode])
        probe.unlink(missing_ok=True)
        line = probe_script(commands, probe)
        if mode == "script":
            argv, typed = ["bash", "-lc", line], ""
        elif mode == "zsh" and not any(
            (shell.home / name).exists() for name in (".zshenv", ".zprofile", ".zshrc", ".zlogin")
        ):
            # No zsh file at all (the kit wrote none either): zsh would wait in its
            # new-user menu, with or without the kit. Nothing to compare.
            outcome[mode] = (SKIPPED, set(), 0, {})
            continue
        else:
            # History stays out of it: the line unsets HISTFILE before the shell exits.
            argv, typed = ARGV[mode], f"{line}; unset HISTFILE; exit\n"
        code, stderr, seconds = type_on_tty(
            argv, typed, cwd=shell.home, env=env, user=shell.user, timeout=3 * SHELL_SECONDS
        )
        outcome[mode] = (code, errors(stderr), seconds, read_probe(probe, commands))
    outcome["vim"] = vim_options(shell, spec, with_kit)
    probe.unlink(missing_ok=True)
    return outcome


def vim_options(shell: CloudShell, spec: dict, with_kit: bool) -> dict:
    """The values of the layout's vim options, as `vim` with the home's ~/.vimrc has them."""
    names = list(spec.get("keep", {}).get("vim", [])) + list(spec.get("expect", {}).get("vim", {}))
    if with_kit:
        names.append("&undofile")
    if not names:
        return {}
    out = shell.root / "vim.out"
    vimrc = shell.home / ".vimrc"
    # Without a ~/.vimrc Vim loads defaults.vim, which -u DEFAULTS asks for by name.
    rc = str(vimrc) if vimrc.exists() or vimrc.is_symlink() else "DEFAULTS"
    result = shell.run(
        ["vim", "-N", "-i", "NONE", "-u", rc, "-es", "-c", f"redir! > {out}"]
        + ["-c", "echo " + " '@@' ".join(names), "-c", "redir END", "-c", "qa!"]
    )
    values = out.read_text(encoding="utf-8").split("@@") if out.exists() else []
    out.unlink(missing_ok=True)
    return {"errors": result.stderr.strip(), **dict(zip(names, (v.strip() for v in values)))}


def replay(shell: CloudShell, action: str, files: list) -> dict:
    """Apply (or uninstall) the rendered files with the home module's code, as the user."""
    specs = shell.root / "files.json"
    write_as(shell.user, specs, json.dumps(files))
    module_utils = shell.kit / "playbooks" / "module_utils"
    result = shell.run(["python3", "-c", REPLAY, str(module_utils), action, STATE, str(specs)])
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def appended(shell: CloudShell, before: dict, relative: str) -> dict:
    """Append a line to a file of the user's, as they would while the kit is installed,
    and return the tree *before* with that line added."""
    path = (shell.home / relative).resolve()
    with open(path, "ab") as rc:
        rc.write(APPENDED)
    expected = dict(before)
    key = str(path.relative_to(shell.home.resolve()))
    old = before.get(key, ("file", 0o644, b""))
    expected[key] = ("file", old[1], old[2] + APPENDED)
    return expected


def without_history(before: dict, after: dict) -> tuple:
    """History files may only have grown, at their end, and keep their mode; then they
    are left out of the comparison."""
    before, after = dict(before), dict(after)
    for key in [k for k in after if "history" in Path(k).name]:
        old, new = before.pop(key, None), after.pop(key)
        if old is not None:
            assert new[:2] == old[:2] and new[2].startswith(old[2]), key
    return before, after


def check_shells(base: dict, kit: dict, spec: dict) -> None:
    """With the kit: no new error line, the user's values kept, the kit where expected."""
    for mode in ("bash", "login", "zsh", "script"):
        code, errs, seconds, values = kit[mode]
        if code == SKIPPED:
            assert mode not in spec["kit"], (mode, "no zsh file: the kit wrote no .zshrc")
            continue
        assert code is not None and seconds < SHELL_SECONDS, (mode, "did not finish", seconds)
        if base[mode][0] in (None, SKIPPED):
            # Without a ~/.zshrc, zsh waits in its new-user menu: nothing to compare with.
            assert mode == "zsh", (mode, "the home without the kit did not finish")
            base = {**base, mode: (code, set(), 0, {k: None for k in values})}
        _, base_errs, _, base_values = base[mode]
        assert code == base[mode][0], (mode, code, base[mode][0], errs)
        assert errs <= base_errs, (mode, errs - base_errs)
        for command in spec.get("keep", {}).get(mode, []):
            assert values[command] == base_values[command], (mode, command)
        for command, wanted in spec.get("expect", {}).get(mode, {}).items():
            assert values[command] == wanted, (mode, command, values[command])
        if mode in KIT_PROBE and mode in spec["kit"]:
            assert values[KIT_PROBE[mode]] == KIT_ACTIVE[mode], (mode, "kit not active", kit[mode])
    vim, base_vim = kit["vim"], base["vim"]
    if vim:
        assert vim["errors"] == "" or vim["errors"] == base_vim.get("errors"), vim
        for name in spec.get("keep", {}).get("vim", []):
            assert vim[name] == base_vim[name], ("vim", name)
        for name, wanted in spec.get("expect", {}).get("vim", {}).items():
            assert vim[name] == wanted, ("vim", name, vim[name])


# -- the matrix ------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("name", LAYOUTS)
@pytest.mark.parametrize(
    "profile", [pytest.param(p.name, marks=pytest.mark.xdist_group(group(p))) for p in PROFILES]
)
def test_a_home_layout_keeps_a_working_shell_and_an_exact_uninstall(seeds, profile, name):
    # pylint: disable=too-many-locals # one home's whole story, told in order
    seed, files = seeds(profile)
    spec = layout(name)
    shell = CloudShell(seed.profile, seed.root.parent, seed.kit, seed.tools)
    try:
        lay_out(shell, spec)
        base = start_shells(shell, spec, with_kit=False)
        before = tree(shell.home)

        applied = replay(shell, "apply", files)
        outside = str(shell.root / "outside")
        warnings = sorted(w.replace(outside, "@outside") for w in applied["warnings"])
        wanted = sorted(spec.get("warnings", []))
        assert len(warnings) == len(wanted), warnings
        assert all(w.startswith(x) for w, x in zip(warnings, wanted)), warnings
        check_shells(base, start_shells(shell, spec, with_kit=True), spec)
        if not before.get(".zsh_history"):
            assert not (shell.home / ".zsh_history").exists(), "the kit made a ~/.zsh_history"
        kept = shell.home / ".local/state/beachhouse/zsh_history"
        assert not kept.exists() or kept.stat().st_mode & 0o777 == 0o600

        again = replay(shell, "apply", files)
        assert {r["action"] for r in again["results"]} <= {"ok"}, again["results"]

        expected = appended(shell, before, spec.get("append", ".bashrc"))
        replay(shell, "uninstall", files)
        # bootstrap.sh, not the module, removes the state folder it made: the real round
        # trip below proves that part; here the module's record goes, and its backups stay.
        after = tree(shell.home, skip=(".local/state/beachhouse",))
        expected = tree_without(expected, ".local/state/beachhouse")
        differences = tree_diff(*without_history(expected, after))
        assert not differences, differences
    finally:
        shell.cleanup()


def tree_without(snapshot: dict, skipped: str) -> dict:
    """*snapshot* as `tree(..., skip=(skipped,))` would have taken it."""
    return {
        k: v
        for k, v in snapshot.items()
        if not (k == skipped or k.startswith(skipped + "/") or skipped.startswith(k + "/"))
    }


# One layout each, the ones most likely to break a real run.
ROUND_TRIPS = {
    "aws-cloudshell": "amazon-linux-skel",
    "aws-cloud9-ubuntu": "bashrc-sources-profile",
    "gcp-cloudshell": "profile-link-to-bashrc",
    "azure-cloudshell": "stow-folded-config",
    "codespaces": "zdotdir",
    "generic-linux": "user-values",
}


@pytest.mark.slow
@pytest.mark.parametrize(
    "profile", [pytest.param(p.name, marks=pytest.mark.xdist_group(group(p))) for p in PROFILES]
)
def test_a_real_bootstrap_round_trip_leaves_nothing_but_the_backups(seeds, profile):
    # pylint: disable=too-many-locals # one home's whole story, told in order
    seed, _ = seeds(profile)
    spec = layout(ROUND_TRIPS[profile])
    shell = CloudShell(seed.profile, seed.root.parent, seed.kit, seed.tools)
    try:
        lay_out(shell, spec)
        link_tool_venv(shell, (seed.home / TOOL_VENV).resolve())
        before = tree(shell.home, skip=(TOOL_VENV,))
        first = shell.bootstrap()
        assert first.returncode == 0, first.stdout + first.stderr
        warned = len(spec.get("warnings", []))
        summary = [line for line in first.stdout.splitlines() if line.startswith("roles: ")][-1]
        assert summary.endswith(f" warnings={warned}" if warned else "failed=0"), first.stdout
        assert first.stdout.count("warning: ") == warned, first.stdout

        full = shell.bootstrap("--full")
        assert full.returncode == 0 and "roles: changed=0 " in full.stdout, full.stdout
        assert shell.bootstrap().stdout.endswith("beachhouse: up to date\n")

        code, errs, seconds = type_on_tty(
            ["bash", "-i"], "exit\n", cwd=shell.home, env=shell.env(), user=shell.user
        )
        assert (code, seconds < SHELL_SECONDS) == (0, True), errs

        expected = appended(shell, before, spec.get("append", ".bashrc"))
        removed = shell.bootstrap("--uninstall")
        assert removed.returncode == 0, removed.stdout + removed.stderr
        after = tree(shell.home, skip=(TOOL_VENV, BACKUPS))
        differences = tree_diff(*without_history(tree_without(expected, BACKUPS), after))
        assert not differences, differences
    finally:
        shell.cleanup()


@pytest.mark.slow
@pytest.mark.parametrize(
    "profile",
    [pytest.param("generic-linux", marks=pytest.mark.xdist_group(group(BY_NAME["generic-linux"])))],
)
def test_rc_files_copied_to_a_machine_without_the_kit_start_without_an_error(seeds, profile):
    seed, _ = seeds(profile)
    shell = CloudShell(seed.profile, seed.root.parent, seed.kit, seed.tools)
    try:
        for name in (".bashrc", ".zshrc", ".vimrc", ".tmux.conf", ".config/git/config"):
            write_as(shell.user, shell.home / name, (seed.home / name).read_bytes())
        assert not (shell.home / ".config/beachhouse").exists()
        vim = shell.run(
            ["vim", "-N", "-i", "NONE", "-u", str(shell.home / ".vimrc"), "-es", "-c", "qa!"]
        )
        assert (vim.returncode, vim.stderr, vim.stdout) == (0, "", "")
        socket = shell.root / "tmux.sock"
        tmux = ["tmux", "-S", str(socket)]
        try:
            started = shell.run(tmux + ["-f", str(shell.home / ".tmux.conf"), "new-session", "-d"])
            again = shell.run(tmux + ["source-file", str(shell.home / ".tmux.conf")])
        finally:
            shell.run(tmux + ["kill-server"])
        assert started.returncode == 0, started.stderr
        assert (again.returncode, again.stderr) == (0, "")
        assert shell.run(["git", "config", "--list"]).returncode == 0
        for sh in ("bash", "zsh"):
            code, stderr, _ = type_on_tty(
                [sh, "-i"], "exit\n", cwd=shell.home, env=shell.env(), user=shell.user
            )
            assert (code, errors(stderr)) == (0, set()), (sh, stderr)
    finally:
        shell.cleanup()
