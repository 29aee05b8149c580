"""Stand-ins for each cloud shell: a fresh home, the platform's variables and stock
dotfiles, its Python (from pyenv), a `sudo` that fails the test if called, and an
unprivileged user to run as when the tests themselves run as root (as CI does).
"""

from __future__ import annotations

import fcntl
import os
import pty
import pwd
import re
import select
import shutil
import subprocess
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

KIT = Path(__file__).resolve().parent.parent
USER = "bhtest"
NETWORK_VARS = re.compile(r"(?i)(^SSL_CERT_|_CA_BUNDLE$|^PIP_|^UV_(?!CACHE_DIR)|_proxy$)")
SETPRIV = shutil.which("setpriv") or "/usr/bin/setpriv"
# Where homes live when the tests run as root: the unprivileged user must reach them.
E2E_ROOT = Path(tempfile.gettempdir()) / "beachhouse-e2e"

# Amazon Linux 2023's stock ~/.bashrc, as AWS CloudShell has it.
AL2023_BASHRC = """\
# .bashrc

# Source global definitions
if [ -f /etc/bashrc ]; then
        . /etc/bashrc
fi

# User specific environment
if ! [[ "$PATH" =~ "$HOME/.local/bin:$HOME/bin:" ]]
then
    PATH="$HOME/.local/bin:$HOME/bin:$PATH"
fi
export PATH

# User specific aliases and functions
if [ -d ~/.bashrc.d ]; then
\tfor rc in ~/.bashrc.d/*; do
\t\tif [ -f "$rc" ]; then
\t\t\t. "$rc"
\t\tfi
\tdone
fi

unset rc
export AWS_EXECUTION_ENV=CloudShell
"""
AL2023_BASH_PROFILE = """\
# .bash_profile

# Get the aliases and functions
if [ -f ~/.bashrc ]; then
\t. ~/.bashrc
fi

# User specific environment and startup programs
"""
DEBIAN_SKEL = {
    ".bashrc": Path("/etc/skel/.bashrc").read_text(encoding="utf-8"),
    ".profile": Path("/etc/skel/.profile").read_text(encoding="utf-8"),
}


@dataclass(frozen=True)
class Profile:
    """One target shell as the tests stand it in."""

    name: str
    platform: str
    python: str
    env: dict = field(default_factory=dict)
    stock: dict = field(default_factory=dict)
    dirs: tuple = ()


PROFILES = [
    Profile(
        "aws-cloudshell",
        "aws-cloudshell",
        "3.9",
        {"AWS_EXECUTION_ENV": "CloudShell", "AWS_REGION": "us-east-1"},
        {".bashrc": AL2023_BASHRC, ".bash_profile": AL2023_BASH_PROFILE},
    ),
    Profile(
        "aws-cloud9-ubuntu",
        "aws-cloud9",
        "3.10",
        {"C9_USER": "ubuntu", "C9_PROJECT": "dev", "AWS_REGION": "eu-west-1"},
        DEBIAN_SKEL,
        ("environment", ".c9"),
    ),
    Profile(
        "gcp-cloudshell",
        "gcp-cloudshell",
        "3.11",
        {"CLOUD_SHELL": "true", "GOOGLE_CLOUD_PROJECT": "my-project"},
        DEBIAN_SKEL,
    ),
    Profile(
        "azure-cloudshell",
        "azure-cloudshell",
        "3.12",
        {"AZUREPS_HOST_ENVIRONMENT": "cloud-shell/1.0", "ACC_CLOUD": "PROD"},
        {".bashrc": "# .bashrc\n[ -f /etc/bashrc ] && . /etc/bashrc\n"},
    ),
    Profile("codespaces", "codespaces", "3.12", {"CODESPACES": "true"}, DEBIAN_SKEL),
    Profile("generic-linux", "linux", "3.13"),
]
BY_NAME = {profile.name: profile for profile in PROFILES}


def supported_pythons() -> list[int]:
    """The minor versions of Python 3 the kit has a tool-venv lock for, oldest first."""
    return sorted(int(p.stem.split(".")[1]) for p in (KIT / "requirements").glob("py3.*.txt"))


def pyenv_python(version: str) -> Path:
    """The interpreter for a minor version, e.g. 3.9: pyenv's here, PATH's on a CI runner."""
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True)
        found = sorted(Path(root.stdout.strip()).glob(f"versions/{version}.*/bin/python{version}"))
        if found:
            return found[-1]
    on_path = shutil.which(f"python{version}")
    if on_path and "shims" not in on_path:
        return Path(on_path).resolve()
    raise RuntimeError(
        f"no Python {version}: install it with pyenv (or put python{version} on PATH)"
    )


def as_root() -> bool:
    return os.geteuid() == 0


def ensure_user() -> Optional[pwd.struct_passwd]:
    """The unprivileged account the kit runs as when the tests run as root."""
    if not as_root():
        return None
    return ensure_account(USER, ["--no-create-home", "--shell", "/bin/bash"])


def ensure_account(name: str, useradd_args: list[str]) -> pwd.struct_passwd:
    """Create account `name` once, whatever number of xdist workers ask at the same time."""
    # One lock for every process on the machine: check and create as one step.
    with open(
        Path(tempfile.gettempdir()) / ".beachhouse-useradd.lock", "w", encoding="utf-8"
    ) as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return pwd.getpwnam(name)
        except KeyError:
            made = subprocess.run(["useradd", *useradd_args, name], check=False)
            # 9: the name is taken — another process outside this lock made it first.
            if made.returncode not in (0, 9):
                raise RuntimeError(f"useradd {name} exited {made.returncode}") from None
            return pwd.getpwnam(name)


def prepare_e2e_root() -> Path:
    """A world-traversable base with a copy of the kit the unprivileged user can read."""
    E2E_ROOT.mkdir(exist_ok=True)
    E2E_ROOT.chmod(0o1777)
    if as_root():
        # pyenv's Pythons live under /root, which is 0700: allow traversal only.
        Path("/root").chmod(Path("/root").stat().st_mode | 0o001)
    return E2E_ROOT


def copy_kit(dest: Path) -> Path:
    """A snapshot of the working tree (uncommitted work included), readable by anyone."""
    ignore = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", "out")
    shutil.copytree(KIT, dest, ignore=ignore, symlinks=True)
    subprocess.run(["chmod", "-R", "a+rX", str(dest)], check=True)
    return dest


SUDO_TRAP = """#!/bin/sh
echo "sudo $*" >> "{log}"
echo "sudo: the kit must never call sudo" >&2
exit 1
"""


def system_bin_without_python(folder: Path) -> Path:
    """Every command of /usr/bin and /bin but the Pythons: the profile brings its own."""
    folder.mkdir(exist_ok=True)
    for system in (Path("/bin"), Path("/usr/bin")):
        for command in system.iterdir():
            if not command.name.startswith("python") and not (folder / command.name).exists():
                (folder / command.name).symlink_to(command)
    return folder


# -- helpers added for the shell-environment tests -------------------------------------------
def _take_terminal() -> None:
    """Make stdin (a pty) the controlling terminal: without one, `bash -i` prints
    "no job control in this shell" whatever the rc files say."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _prefix(user: Optional[pwd.struct_passwd]) -> list:
    if not user:
        return []
    return [SETPRIV, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"]


def run_in_tty(
    argv: list, *, cwd, env: dict, user: Optional[pwd.struct_passwd] = None, timeout: int = 120
) -> subprocess.CompletedProcess:
    """Run *argv* (as *user*) with a pty for stdin that is its controlling terminal, and
    stdout and stderr captured apart, as in a user's terminal session."""
    primary, secondary = pty.openpty()
    try:
        if user:
            os.fchown(secondary, user.pw_uid, user.pw_gid)
        # pylint: disable-next=subprocess-popen-preexec-fn # the test process has one thread
        return subprocess.run(
            _prefix(user) + argv,
            stdin=secondary,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=timeout,
            start_new_session=True,
            preexec_fn=_take_terminal,
            check=False,
        )
    finally:
        os.close(primary)
        os.close(secondary)


def write_as(
    user: Optional[pwd.struct_passwd], path: Path, data, mode: Optional[int] = None
) -> Path:
    """Write *data* (str or bytes) to *path*, making its folders, all owned by *user*."""
    made = []
    parent = path.parent
    while not parent.exists():
        made.append(parent)
        parent = parent.parent
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    if mode is not None:
        path.chmod(mode)
    if user:
        for owned in [path, *made]:
            os.chown(owned, user.pw_uid, user.pw_gid)
    return path


class CloudShell:  # pylint: disable=too-many-instance-attributes # one per folder it owns
    """A fresh home standing in for one profile, and ways to act in it as its user."""

    def __init__(self, profile: Profile, base: Path, kit: Path, tools: Path):
        self.profile = profile
        self.kit = kit
        self.root = Path(tempfile.mkdtemp(prefix=f"{profile.name}-", dir=base))
        self.root.chmod(0o755)
        self.home = self.root / "home"
        self.home.mkdir()
        self.bin = self.root / "bin"
        self.bin.mkdir()
        self.sudo_log = self.root / "sudo.log"
        sudo = self.bin / "sudo"
        sudo.write_text(SUDO_TRAP.format(log=self.sudo_log), encoding="utf-8")
        sudo.chmod(0o755)
        python = pyenv_python(profile.python)
        for name in ("python3", f"python{profile.python}"):
            (self.bin / name).symlink_to(python)
        self.tools = tools
        for relative, text in profile.stock.items():
            (self.home / relative).write_text(text, encoding="utf-8")
        for relative in profile.dirs:
            (self.home / relative).mkdir(parents=True)
        self.user = ensure_user()
        if self.user:
            subprocess.run(
                ["chown", "-R", f"{self.user.pw_uid}:{self.user.pw_gid}", str(self.root)],
                check=True,
            )

    def env(self, **extra) -> dict:
        """The environment a user of this cloud shell has: no more than it needs."""
        env = {
            "HOME": str(self.home),
            "USER": self.user.pw_name if self.user else os.environ.get("USER", "user"),
            "PATH": f"{self.bin}:{self.tools}:{self.tools.parent / 'sysbin'}",
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "NO_COLOR": "1",
            "TMPDIR": str(self.root),
            "UV_CACHE_DIR": str(E2E_ROOT / "uv-cache"),
        }
        # The machine's network settings (CA bundle, proxies, package indexes) are the
        # user's too: a cloud shell has its own, and the kit must honour them.
        env.update({k: v for k, v in os.environ.items() if NETWORK_VARS.search(k)})
        env.update(self.profile.env)
        env.update(extra)
        return {key: value for key, value in env.items() if value is not None}

    def run(self, command: list, stdin: Optional[str] = None, **env) -> subprocess.CompletedProcess:
        """Run *command* as this shell's user, in its home, with no TTY."""
        prefix = []
        if self.user:
            prefix = [
                SETPRIV,
                f"--reuid={self.user.pw_uid}",
                f"--regid={self.user.pw_gid}",
                "--clear-groups",
                "--",
            ]
        return subprocess.run(
            prefix + command,
            cwd=self.home,
            env=self.env(**env),
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def bootstrap(self, *args: str, **env) -> subprocess.CompletedProcess:
        return self.run(["bash", str(self.kit / "bootstrap.sh"), *args], **env)

    def shell(
        self, shell: str, script: str, login: bool = False, **env
    ) -> subprocess.CompletedProcess:
        """A real interactive (and, with *login*, login) shell running *script*."""
        flags = "-lic" if login else "-ic"
        return self.run([shell, flags, script], **env)

    def snapshot(self, skip=(".local/state/beachhouse",)) -> dict:
        """Every path under the home with its bytes, link target or mode (see snapshot_dir)."""
        return snapshot_dir(self.home, skip)

    def sudo_calls(self) -> list:
        return self.sudo_log.read_text().splitlines() if self.sudo_log.exists() else []

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def tty_shell(self, shell: str, script: str, login: bool = False, cwd=None, **env):
        """*script* in a real interactive shell that owns a terminal, as a user's would.

        stdout and stderr stay apart (pipes); only stdin is the pty, which becomes the
        controlling terminal, so job control works and bash says nothing about it.
        """
        argv = [shell, "-i"] + (["-l"] if login else []) + ["-c", script]
        env = self.env(**{"TERM": "xterm-256color", **env})
        return run_in_tty(argv, cwd=cwd or self.home, env=env, user=self.user)

    def start_bootstrap(self, *args: str, **env) -> subprocess.Popen:
        """bootstrap.sh started in its own session (so a test can signal the whole tree)."""
        return subprocess.Popen(  # pylint: disable=consider-using-with # the caller waits
            _prefix(self.user) + ["bash", str(self.kit / "bootstrap.sh"), *args],
            cwd=self.home,
            env=self.env(**env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def write(self, relative: str, data, mode: Optional[int] = None) -> Path:
        """Write a file under the home as its user would have."""
        return write_as(self.user, self.home / relative, data, mode)


# -- what the tests of an installed home share ----------------------------------------------
SHELLS = ["bash", "zsh"]
# Render the prompt the way the shell does before drawing it: run its hooks, expand it.
RENDER_PROMPT = {
    "bash": 'eval "$PROMPT_COMMAND"; printf "%s\\n" "${PS1@P}"',
    "zsh": 'for f in $precmd_functions; do $f; done; print -P -- "$PROMPT"',
}
# What the shell runs before its first prompt, when the kit fills in its aliases.
FIRST_PROMPT = {"bash": 'eval "$PROMPT_COMMAND"', "zsh": "for f in $precmd_functions; do $f; done"}
WHICH_PYTHON = {"bash": "type -P python", "zsh": "whence -p python"}
PREFIX = "python -c 'import sys; print(sys.prefix)'"
TOOL_VENV = ".local/share/beachhouse/venv"
# What a run leaves that is not the same from one run to the next: logs, backups and
# state stamped with the time, caches the shells fill, the tool venv (its own tests).
VOLATILE = (".local/state/beachhouse", TOOL_VENV, ".cache")


def snapshot_dir(home: Path, skip=(".local/state/beachhouse",), root=None) -> dict:
    """Every path under *home* with its bytes, link target or mode, *home* written as ~
    (and *root*, the folder of a profile's own Python, as <root>).

    The skipped folders (by default the kit's state: backups outlive an uninstall on
    purpose) and the folders that merely lead to them are left out.
    """
    names = [(str(home), "~")] + ([(str(root), "<root>")] if root else [])

    def relocated(text: str) -> str:
        for name, short in names:
            text = text.replace(name, short)
        return text

    result = {}
    for path in sorted(home.rglob("*")):
        relative = str(path.relative_to(home))
        if any(relative == s or relative.startswith(s + "/") for s in skip):
            continue
        leads_to_skipped = any(s.startswith(relative + "/") for s in skip)
        if path.is_dir() and not path.is_symlink() and leads_to_skipped:
            continue
        if path.is_symlink():
            result[relative] = ("link", relocated(os.readlink(path)))
        elif path.is_file():
            data = path.read_bytes()
            for name, short in names:
                data = data.replace(name.encode(), short.encode())
            result[relative] = ("file", data, path.stat().st_mode & 0o777)
        else:
            result[relative] = ("dir",)
    return result


def summary(output: str) -> dict:
    """The counts of the last `roles: changed=N ok=N failed=N` line."""
    line = [l for l in output.splitlines() if l.startswith("roles: ")][-1]
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def role_line(output: str, role: str) -> str:
    """The summary line of one role, e.g. `venvs      ok`, with its spacing squeezed."""
    lines = [" ".join(l.split()) for l in output.splitlines() if l.startswith(f"  {role} ")]
    return lines[-1] if lines else ""


def make_venv(shell: CloudShell, relative: str) -> Path:
    """A venv (without pip: fast) at *relative* under the shell's home, owned by its user."""
    path = shell.home / relative
    shell.run([str(pyenv_python(shell.profile.python)), "-m", "venv", "--without-pip", str(path)])
    assert (path / "bin/activate").exists(), path
    return path


def make_repo(shell: CloudShell, relative: str, branch: str = "feature/x") -> Path:
    """A git repository with one commit on *branch*, made by the shell's user."""
    path = shell.home / relative
    git = ["git", "-C", str(path), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    shell.run(["mkdir", "-p", str(path)])
    shell.run(git + ["init", "-q", "-b", branch])
    shell.write(f"{relative}/a.txt", "one\n")
    shell.run(git + ["add", "a.txt"])
    assert shell.run(git + ["commit", "-q", "-m", "first"]).returncode == 0
    return path


def ok(shell: CloudShell, sh: str, script: str, **kwargs) -> str:
    """stdout of a script that must succeed in an interactive shell without a word on stderr."""
    result = shell.tty_shell(sh, script, **kwargs)
    assert (result.returncode, result.stderr) == (0, ""), result
    return result.stdout


# -- the installed home every profile is tested in ------------------------------------------
QUOTED_DIR = "it s"  # a project path with a space in it must survive the generated file
# A project with a named venv, one whose path needs quoting and uses its own .venv, one
# with a relative path (it starts in the platform's projects folder), an extra alias, a
# named venv and a git identity: every role has something to do.
INSTALL_CONFIG = f"""\
aliases:
  projects:
    - {{name: flask-ml, path: ~/src/flask-ml, venv: flask-ml}}
    - {{name: it-s, path: "~/src/{QUOTED_DIR}"}}
    - {{name: notes, path: notes}}
  extra:
    gl: git log --oneline --graph
venvs:
  envs:
    - {{name: flask-ml, packages: []}}
git:
  name: Ada Lovelace
  email: ada@example.com
"""
GCP_CONFIG = "platform:\n  gcp_boot_packages: [zsh]\n"
# Codespaces users arrive with git settings of their own; the kit must not replace them.
USER_GITCONFIG = {"codespaces": "[user]\n\tname = Grace Hopper\n[init]\n\tdefaultBranch = trunk\n"}


def prepare(shell: CloudShell) -> CloudShell:
    """Give a fresh home the config (and the user's own git settings) it is tested with."""
    config = INSTALL_CONFIG + (GCP_CONFIG if shell.profile.platform == "gcp-cloudshell" else "")
    shell.write(".config/beachhouse/config.yml", config)
    if shell.profile.name in USER_GITCONFIG:
        shell.write(".gitconfig", USER_GITCONFIG[shell.profile.name])
    return shell


def outside_home(shell: CloudShell) -> set:
    """What the shell's own folder holds besides the home (TMPDIR points there too)."""
    return {
        str(p.relative_to(shell.root))
        for p in shell.root.rglob("*")
        if shell.home not in [p, *p.parents]
    }


def profile_param(name: str):
    """A profile as a parameter of the `installed` fixture: one worker per profile."""
    import pytest  # pylint: disable=import-outside-toplevel # the harness serves bench/ too

    return pytest.param(name, marks=pytest.mark.xdist_group(f"installed-{name}"))


def on(*names: str):
    """Parametrize the `installed` fixture with only these profiles."""
    import pytest  # pylint: disable=import-outside-toplevel

    return pytest.mark.parametrize("installed", [profile_param(n) for n in names], indirect=True)


def copy_home(shell: CloudShell, base: Path) -> CloudShell:
    """A private copy of an installed home, for a test that changes it; the tool venv
    stays where it was built, linked. Every file the kit writes names its paths from
    $HOME, so the copy is an install (the named venvs are not: make your own)."""
    copy = CloudShell(shell.profile, base, shell.kit, shell.tools)
    shutil.rmtree(copy.home)
    # Left out: the tool venv (linked instead), and what shells started since wrote.
    skipped = {
        str(shell.home / TOOL_VENV).rsplit("/", 1)[0]: {"venv"},
        str(shell.home): {".cache", ".bash_history", ".zsh_history"},
        str(shell.home / ".local/state/beachhouse"): {"bash_history", "vim"},
    }
    shutil.copytree(
        shell.home,
        copy.home,
        symlinks=True,
        ignore=lambda folder, names: [n for n in names if n in skipped.get(folder, ())],
    )
    (copy.home / TOOL_VENV).symlink_to((shell.home / TOOL_VENV).resolve())
    shutil.rmtree(copy.home / ".venvs", ignore_errors=True)
    if copy.user:
        subprocess.run(
            ["chown", "-hR", f"{copy.user.pw_uid}:{copy.user.pw_gid}", str(copy.home)], check=True
        )
    return copy


# -- for bench/: the same homes, measured rather than checked --------------------------------
# What a developer's own session may carry that would steer the kit or the shells.
LEAKY_VARS = {"PROMPT_COMMAND", "HISTFILE", "VIRTUAL_ENV", "ZDOTDIR", "BASH_ENV", "ENV", "TMUX"}
LEAKY_PREFIXES = ("XDG_", "BEACHHOUSE_", "ANSIBLE_")


def clean_env(home: Path, extra_path: Optional[Path] = None, **extra: str) -> dict:
    """This process's environment with HOME moved and nothing that would steer the kit."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in LEAKY_VARS and not k.startswith(LEAKY_PREFIXES)
    }
    env.update(HOME=str(home), NO_COLOR="1", TERM="dumb")
    if extra_path:
        env["PATH"] = f"{extra_path}:{env.get('PATH', '/usr/bin:/bin')}"
    env.update(extra)
    return env


def uv_tools_dir(folder: Path) -> Path:
    """A PATH entry holding uv (the dev venv's, else PATH's), as a cloud shell with uv has."""
    folder.mkdir(exist_ok=True)
    uv = shutil.which("uv", path=str(KIT / ".venv" / "bin")) or shutil.which("uv")
    if uv:
        shutil.copy2(uv, folder / "uv")
    return folder


# -- a whole tree, compared ---------------------------------------------------------------------
def tree(root: Path, skip: tuple = ()) -> dict:
    """Every path under *root* (links not followed): its type, mode, and bytes or link
    target, keyed by the path relative to *root*. Paths in *skip* (relative) and all
    under them are left out, as are the folders that only lead to one of them."""
    result = {}
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs) + sorted(files):
            path = Path(folder) / name
            relative = str(path.relative_to(root))
            if any(relative == s or relative.startswith(s + "/") for s in skip):
                continue
            info = path.lstat()
            if path.is_symlink():
                result[relative] = ("link", os.readlink(path))
            elif path.is_dir():
                if not any(s.startswith(relative + "/") for s in skip):
                    result[relative] = ("dir", info.st_mode & 0o7777)
            elif path.is_file():
                result[relative] = ("file", info.st_mode & 0o7777, path.read_bytes())
            else:
                result[relative] = ("other", info.st_mode)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return result


def tree_diff(before: dict, after: dict) -> list:
    """What differs between two `tree`s, one line per path: + added, - gone, ~ changed."""
    lines = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        if old is None:
            lines.append(f"+ {path} {new[0]}")
        elif new is None:
            lines.append(f"- {path} {old[0]}")
        else:
            what = "type" if old[0] != new[0] else "mode" if old[1] != new[1] else "content"
            lines.append(f"~ {path} ({what}: {str(old)[:120]} -> {str(new)[:120]})")
    return lines


def type_on_tty(
    argv: list,
    typed: str,
    *,
    cwd,
    env: dict,
    user: Optional[pwd.struct_passwd] = None,
    timeout: float = 10,
) -> tuple:
    """Run *argv* with a pty as its terminal (stdin, and where zsh's line editor draws),
    type *typed* into it as a person would, and return (exit code or None on timeout,
    stderr, seconds). stdout goes to the pty too; read what matters from files."""
    primary, secondary = pty.openpty()
    if user:
        os.fchown(secondary, user.pw_uid, user.pw_gid)
    started = time.monotonic()
    # pylint: disable-next=subprocess-popen-preexec-fn,consider-using-with # one thread; waited below
    process = subprocess.Popen(
        _prefix(user) + argv,
        stdin=secondary,
        stdout=secondary,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        start_new_session=True,
        preexec_fn=_take_terminal,
    )
    os.close(secondary)
    os.write(primary, typed.encode())
    errors = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
    reader.start()
    code = None
    while time.monotonic() - started < timeout:
        # Drain the terminal, or a shell that draws a prompt would block on a full pty.
        if select.select([primary], [], [], 0.05)[0]:
            try:
                os.read(primary, 65536)
            except OSError:
                pass
        code = process.poll()
        if code is not None:
            break
    seconds = time.monotonic() - started
    if code is None:
        os.killpg(process.pid, 9)
        process.wait()
    reader.join(5)
    process.stderr.close()
    os.close(primary)
    return code, (errors[0] if errors else b"").decode("utf-8", "replace"), seconds


def print_figures(rows: list, heading: str) -> int:
    """A bench's figures as a Markdown table: 0 when every target was met."""
    print(f"{heading}\n")
    print("| figure | measured | target |\n|---|---|---|")
    for name, value, target, met in rows:
        print(f"| {name} | {value} | {target}{'' if met else ' **missed**'} |")
    return 0 if all(row[3] for row in rows) else 1
