"""Bad input, as a careless or hostile user gives it: one line, the documented exit code,
and a home that a full-tree comparison finds unchanged.

Cases that stop before the tool venv is built run in a home that never had the kit; the
ones only the validator can judge run in a home with the kit installed. That home's kit
checkout sits under a folder named with a quote and template braces, which must work.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import pytest

from harness import BY_NAME, CloudShell, copy_kit

GOOD_CONFIG = "aliases:\n  projects:\n    - {name: work, path: ~/src/work}\ngit:\n  name: Ada\n"
# The venv's files are compared by size and time (hashing 90 MB per case costs too much).
VENV = ".local/share/beachhouse/venv"
EXIT_USAGE, EXIT_CONFIG, EXIT_MACHINE = 2, 3, 4


def tree(home: Path) -> dict:
    """Every path under *home*: type, mode, and bytes (or link target); the tool venv's
    files by size and modification time. A folder's own times change when a probe comes
    and goes: its listing is compared instead, through the paths under it."""
    result = {".": ("dir", stat.S_IMODE(home.lstat().st_mode))}
    for root, dirs, files in os.walk(home):
        for name in dirs + files:
            path = Path(root, name)
            info = path.lstat()
            relative = str(path.relative_to(home))
            mode = stat.S_IMODE(info.st_mode)
            if stat.S_ISLNK(info.st_mode):
                result[relative] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                result[relative] = ("dir", mode)
            elif not stat.S_ISREG(info.st_mode):
                result[relative] = ("special", stat.S_IFMT(info.st_mode), mode)
            elif relative.startswith(VENV + "/"):
                result[relative] = ("file", mode, info.st_size, info.st_mtime_ns)
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                result[relative] = ("file", mode, info.st_size, info.st_mtime_ns, digest)
    return result


@dataclass
class Case:
    """One bad input: how to make it, what the run must say, and with which code."""

    code: int
    message: str
    args: tuple = ()
    config: Optional[object] = None  # the config's new text (str or bytes)
    setup: Optional[Callable] = None  # (shell) -> undo
    env: dict = field(default_factory=dict)
    # A mode that stops only an unprivileged user (root writes anywhere).
    unprivileged: bool = False


def config_text(text):
    return Case(EXIT_CONFIG, "", config=text)


def moved_aside(relative: str, make: Callable[[Path], None]) -> Callable:
    """A setup that puts *relative* aside, makes something else there, and undoes both."""

    def setup(shell: CloudShell):
        path = shell.home / relative
        aside = shell.root / "aside"
        if path.exists() or path.is_symlink():
            path.rename(aside)
        else:
            # The folders that lead to it, made as the user would have.
            shell.write(str(Path(relative).parent / ".keep"), "")
        make(path)
        if shell.user:
            os.lchown(path, shell.user.pw_uid, shell.user.pw_gid)

        def undo():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
            if aside.exists() or aside.is_symlink():
                aside.rename(path)

        return undo

    return setup


def chmodded(relative: str, mode: int) -> Callable:
    def setup(shell: CloudShell):
        path = shell.home / relative
        shell.write(f"{relative}/.keep", "")  # made as the user would have
        old = stat.S_IMODE(path.stat().st_mode)
        path.chmod(mode)
        return lambda: path.chmod(old)

    return setup


def fifo(path: Path):
    os.mkfifo(path)


def directory(path: Path):
    path.mkdir()


def plain_file(path: Path):
    path.write_text("not a folder\n", encoding="utf-8")


def link_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def unreadable(path: Path):
    path.write_text(GOOD_CONFIG, encoding="utf-8")
    path.chmod(0)


CONFIG = ".config/beachhouse/config.yml"
DEEP = "a: " + "[" * 5000 + "]" * 5000 + "\n"
LAUGHS = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
    f"{x}: &{x} [{', '.join([f'*{y}'] * 10)}]\n" for x, y in zip("bcdef", "abcde")
)
PROJECT = "aliases:\n  projects:\n    - {{name: {}, path: ~/src/p}}\n"

# Stopped before anything is built: a home that never had the kit.
BEFORE_ANY_BUILD = {
    "unknown option": Case(EXIT_USAGE, "unknown option '--bogus'", ("--bogus",)),
    "--tags nosuchrole": Case(
        EXIT_USAGE, "--tags: no role named 'nosuchrole'", ("--tags", "nosuchrole")
    ),
    "--skip-tags with one bad role": Case(
        EXIT_USAGE, "--skip-tags: no role named 'vimm'", ("--skip-tags", "shell,vimm")
    ),
    "--tags with a space": Case(EXIT_USAGE, "no role named ' vim'", ("--tags", "shell, vim")),
    "--inventory /missing": Case(
        EXIT_USAGE, "--inventory /missing: no such file", ("--inventory", "/missing")
    ),
    "--limit without an inventory": Case(EXIT_USAGE, "are for fleet mode", ("--limit", "web")),
    "--purge-venvs without --uninstall": Case(
        EXIT_USAGE, "--purge-venvs goes with --uninstall", ("--purge-venvs",)
    ),
    "--platform mars": Case(EXIT_USAGE, "unknown platform 'mars'", ("--platform", "mars")),
    "--forks 0": Case(EXIT_USAGE, "--forks '0' is not a positive number", ("--forks", "0")),
    "--managed-python 2.7": Case(
        EXIT_USAGE, "--managed-python '2.7' is not a Python version", ("--managed-python", "2.7")
    ),
    "--python that does not run": Case(
        EXIT_MACHINE,
        "--python '/nonexistent/python3' does not run",
        ("--python", "/nonexistent/python3"),
    ),
    "--config /missing.yml": Case(
        EXIT_CONFIG, "/missing.yml: no such file", ("--config", "/missing.yml")
    ),
    "config is a directory": Case(
        EXIT_CONFIG, "config.yml: is a directory", setup=moved_aside(CONFIG, directory)
    ),
    "config is a FIFO": Case(EXIT_CONFIG, "is not a regular file", setup=moved_aside(CONFIG, fifo)),
    "config is /dev/zero": Case(
        EXIT_CONFIG, "is not a regular file", setup=moved_aside(CONFIG, link_to("/dev/zero"))
    ),
    "config links to nothing": Case(
        EXIT_CONFIG, "is a link to nothing", setup=moved_aside(CONFIG, link_to("/nonexistent.yml"))
    ),
    "config cannot be read": Case(
        EXIT_CONFIG, "cannot read it (permission denied)", setup=moved_aside(CONFIG, unreadable)
    ),
    "config links to /etc/shadow": Case(
        EXIT_CONFIG,
        "cannot read it (permission denied)",
        setup=moved_aside(CONFIG, link_to("/etc/shadow")),
    ),
    "~/.bashrc is a directory": Case(
        EXIT_MACHINE, "~/.bashrc is not a regular file", setup=moved_aside(".bashrc", directory)
    ),
    "~/.zshrc is a FIFO": Case(
        EXIT_MACHINE, "~/.zshrc is not a regular file", setup=moved_aside(".zshrc", fifo)
    ),
    "~/.config is a file": Case(
        EXIT_MACHINE,
        "~/.config is a file, and the kit needs a folder",
        setup=moved_aside(".config", plain_file),
    ),
    "~/.local/bin is a file": Case(
        EXIT_MACHINE, "~/.local/bin is a file", setup=moved_aside(".local/bin", plain_file)
    ),
    "~/.local is not writable": Case(
        EXIT_MACHINE, "~/.local is not writable", setup=chmodded(".local", 0o555), unprivileged=True
    ),
    "TMPDIR is not writable": Case(
        EXIT_MACHINE,
        "is not a writable folder; point TMPDIR at one",
        setup=chmodded("../ro-tmp", 0o555),
        env={"TMPDIR": "{root}/ro-tmp"},
        unprivileged=True,
    ),
    "TMPDIR does not exist": Case(
        EXIT_MACHINE,
        "TMPDIR ({root}/nowhere) is not a writable folder",
        env={"TMPDIR": "{root}/nowhere"},
    ),
}

# Judged by the validator, in a home where the kit is installed.
BY_THE_VALIDATOR = {
    "binary": Case(EXIT_CONFIG, "is a binary file", config=b"\x7fELF\x02\x01\x01\x00\x00"),
    "latin-1": Case(
        EXIT_CONFIG, "is not UTF-8 text", config="git:\n  name: Jos\xe9\n".encode("latin-1")
    ),
    "UTF-16": Case(EXIT_CONFIG, "is a binary file", config="git: {}\n".encode("utf-16")),
    "a number as a key": Case(EXIT_CONFIG, "line 1: key 1 is not a name", config="1: x\n"),
    "yes as a key": Case(EXIT_CONFIG, "key True is not a name", config="shell:\n  yes: 1\n"),
    "duplicate sections": Case(
        EXIT_CONFIG, "key 'git' is there twice", config="git: {name: a}\ngit: {name: b}\n"
    ),
    "duplicate keys": Case(
        EXIT_CONFIG, "key 'name' is there twice", config="git:\n  name: a\n  name: b\n"
    ),
    "5000-deep nesting": Case(EXIT_CONFIG, "nested more than 16 levels deep", config=DEEP),
    "aliases that multiply": Case(EXIT_CONFIG, "expands to more than", config=LAUGHS),
    "a list at the top": Case(
        EXIT_CONFIG, "expected a mapping of sections, got list", config="- a\n"
    ),
    "a word at the top": Case(
        EXIT_CONFIG, "expected a mapping of sections, got str", config="hello\n"
    ),
    "two documents": Case(EXIT_CONFIG, "fix the YAML", config="git: {}\n---\nvim: {}\n"),
    "broken YAML": Case(EXIT_CONFIG, "config.yml:2:", config="shell: [\n"),
    "a tab for indent": Case(EXIT_CONFIG, "fix the YAML", config="git:\n\tname: a\n"),
    "a Python tag": Case(
        EXIT_CONFIG, "fix the YAML", config="git: !!python/object/apply:os.system ['id']\n"
    ),
    "unknown section": Case(EXIT_CONFIG, "unknown key 'shel'", config="shel: {}\n"),
    "unknown key": Case(EXIT_CONFIG, "unknown key 'colour'", config="vim: {colour: red}\n"),
    "wrong type": Case(EXIT_CONFIG, "expected an integer", config="shell: {history_size: lots}\n"),
    "out of range": Case(EXIT_CONFIG, "shell.history_size", config="shell: {history_size: 5}\n"),
    "a 5000-digit number": Case(
        EXIT_CONFIG, "use a smaller value", config="shell:\n  history_size: " + "9" * 5000 + "\n"
    ),
    "a project named local": Case(
        EXIT_CONFIG, "'local' is a shell builtin", config=PROJECT.format("local")
    ),
    "a project named cd": Case(EXIT_CONFIG, "'cd' is a shell builtin", config=PROJECT.format("cd")),
    "a project named test": Case(
        EXIT_CONFIG, "'test' is a shell builtin", config=PROJECT.format("test")
    ),
    "a project named workon": Case(
        EXIT_CONFIG, "a command of the kit's own", config=PROJECT.format("workon")
    ),
    "an alias named if": Case(
        EXIT_CONFIG, "'if' is a shell builtin", config="aliases:\n  extra: {if: ls}\n"
    ),
    "a project named $(id)": Case(
        EXIT_CONFIG, "is not a safe name", config=PROJECT.format("'$(id)'")
    ),
    "a path with a backtick": Case(
        EXIT_CONFIG,
        "aliases.projects[0].path",
        config="aliases:\n  projects:\n    - {name: p, path: '~/`id`'}\n",
    ),
    "a package with an option": Case(
        EXIT_CONFIG,
        "'six --pre' is not a requirement",
        config="venvs:\n  envs:\n    - {name: a, packages: ['six --pre']}\n",
    ),
    "a package by URL": Case(
        EXIT_CONFIG,
        "is not a pip requirement",
        config="venvs:\n  envs:\n    - {name: a, packages: ['x @ https://example.com/x.whl']}\n",
    ),
    "venvs.dir outside the home": Case(
        EXIT_CONFIG,
        "venvs.dir: '/tmp/v' is not a folder under $HOME",
        config="venvs: {dir: /tmp/v}\n",
    ),
    "venvs.dir climbing out": Case(
        EXIT_CONFIG, "is not a folder under $HOME", config="venvs: {dir: ~/../v}\n"
    ),
    "a bad email": Case(EXIT_CONFIG, "git.email", config="git: {email: 'ada at example'}\n"),
    "a vim plugin over http": Case(
        EXIT_CONFIG, "vim.plugins[0]", config="vim: {plugins: ['http://x.org/p']}\n"
    ),
    "a file of 300 KB": Case(EXIT_CONFIG, "a config is at most", config="#" * 300_000 + "\n"),
}


def fresh(e2e_base, kit=None) -> CloudShell:
    shell = CloudShell(
        BY_NAME["azure-cloudshell"], e2e_base["base"], kit or e2e_base["kit"], e2e_base["tools"]
    )
    shell.write(CONFIG, GOOD_CONFIG)
    shell.write(".zshrc", "# mine\n")
    return shell


@pytest.fixture(scope="module")
def never_installed(e2e_base):
    shell = fresh(e2e_base)
    yield shell
    shell.cleanup()


@pytest.fixture(scope="module")
def installed(e2e_base):
    """The kit installed from a checkout whose path holds a quote and template braces."""
    odd = e2e_base["base"] / 'kit "q" {{ 7*7 }}'
    if not odd.exists():
        copy_kit(odd)
    shell = fresh(e2e_base, odd)
    result = shell.bootstrap()
    assert result.returncode == 0, result.stdout + result.stderr
    # Read through that path, the kit's files arrived (before: broken facts JSON, exit 1).
    assert (shell.home / ".local/share/beachhouse/kit/scripts/learn").is_file()
    yield shell
    shell.cleanup()


def attempt(shell: CloudShell, case: Case):
    """Run the case in *shell*; the home's tree before and after, and the run."""
    config = shell.home / CONFIG
    good = config.read_bytes()
    undo = case.setup(shell) if case.setup else None
    if case.config is not None:
        shell.write(CONFIG, case.config)
    env = {key: value.format(root=shell.root) for key, value in case.env.items()}
    try:
        before = tree(shell.home)
        result = shell.bootstrap(*case.args, **env)
        after = tree(shell.home)
    finally:
        if undo:
            undo()
        shell.write(CONFIG, good)
    return before, after, result


def check(case: Case, shell: CloudShell, before, after, result):
    message = case.message.format(root=shell.root)
    assert result.returncode == case.code, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert after == before


@pytest.mark.slow
@pytest.mark.xdist_group("bad-input-fresh")
@pytest.mark.parametrize("name", sorted(BEFORE_ANY_BUILD))
def test_bad_input_before_any_build_is_one_line_and_changes_nothing(never_installed, name):
    case = BEFORE_ANY_BUILD[name]
    if case.unprivileged and not never_installed.user:
        pytest.skip("this user writes anywhere: run as root to test as an unprivileged user")
    check(case, never_installed, *attempt(never_installed, case))


@pytest.mark.slow
@pytest.mark.xdist_group("bad-input-installed")
@pytest.mark.parametrize("name", sorted(BY_THE_VALIDATOR))
def test_a_bad_config_is_one_line_and_changes_nothing_in_an_installed_home(installed, name):
    check(BY_THE_VALIDATOR[name], installed, *attempt(installed, BY_THE_VALIDATOR[name]))


@pytest.mark.slow
@pytest.mark.xdist_group("bad-input-installed")
def test_a_bad_config_on_a_first_install_takes_the_new_tool_venv_away(e2e_base):
    shell = fresh(e2e_base)
    try:
        case = Case(EXIT_CONFIG, "'cd' is a shell builtin", config=PROJECT.format("cd"))
        check(case, shell, *attempt(shell, case))
    finally:
        shell.cleanup()


# -- fleet targets the kit does not support -----------------------------------------------------
OLD_PYTHONS = {"old38": "3.8", "old27": "2.7"}
BOXES = {"ok": "bhold1", "old38": "bhold2", "old27": "bhold3"}


def old_python_inventory(directory: Path, server, key: Path) -> Path:
    """A host with a supported Python, one with 3.8, one with 2.7, one nobody answers."""
    # pylint: disable=import-outside-toplevel
    import sshd
    from harness import pyenv_python

    hosts = {box: {"ansible_user": name} for box, name in BOXES.items()}
    for box, version in OLD_PYTHONS.items():
        hosts[box]["ansible_python_interpreter"] = str(pyenv_python(version))
    hosts["gone"] = {"ansible_user": "bhold1", "ansible_port": sshd.free_port()}
    connection = sshd.connection_vars(server.port, key, sshd.target_python())
    return sshd.write_inventory(directory, {"fleet": hosts}, {"all": connection}, {})


@pytest.mark.slow
@pytest.mark.xdist_group("bad-input-fleet")
def test_fleet_hosts_with_an_old_python_fail_by_name_and_are_left_unchanged(tmp_path, uv_cache):
    import sshd  # pylint: disable=import-outside-toplevel

    reason = sshd.available()
    if reason:
        pytest.skip(f"fleet tests: {reason}")
    key = sshd.keypair(tmp_path)
    (tmp_path / "controller").mkdir()
    bootstrap = ["bash", str(copy_kit(tmp_path / "kit") / "bootstrap.sh"), "--inventory"]
    with sshd.users_lock("bhold"), sshd.Sshd(tmp_path / "sshd", allow_users="bhold*") as server:
        public = key.with_suffix(".pub").read_text(encoding="utf-8")
        users = {box: sshd.ensure_user(name, public) for box, name in BOXES.items()}
        inventory = old_python_inventory(tmp_path / "inventory", server, key)
        before = {box: tree(users[box].home) for box in OLD_PYTHONS}
        run = subprocess.run(
            bootstrap + [str(inventory)],
            env=sshd.controller_env(tmp_path / "controller", UV_CACHE_DIR=str(uv_cache)),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        after = {box: tree(users[box].home) for box in OLD_PYTHONS}
        configured = (users["ok"].home / ".bashrc").read_text(encoding="utf-8")
    assert run.returncode == 5, run.stdout + run.stderr
    assert run.stderr.count("\n") == 1, run.stderr
    assert "some hosts failed (old27, old38); some hosts were unreachable (gone)" in run.stderr
    for version in OLD_PYTHONS.values():
        assert f"is {version}; the kit needs 3.9 or newer" in run.stdout, run.stdout
    assert "deserialization" not in run.stdout
    assert after == before
    assert "# >>> beachhouse >>>" in configured
