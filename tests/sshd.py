"""A throwaway OpenSSH server on 127.0.0.1 and unprivileged users to log in to, for fleet runs.

The fleet tests and bench/fleet_bench.py drive bootstrap.sh over real SSH: Debian's sshd with
its own host key and config on a free loopback port, and users with fixed names (bhfleet1…)
whose homes are reset to /etc/skel at the start of each session. A lock file serialises
sessions that share a user prefix, so two test runs on one machine do not wipe each other.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from harness import ensure_account, pyenv_python, supported_pythons

SSHD = "/usr/sbin/sshd"
HOMES = Path("/home")
LOCK_DIR = Path("/tmp")
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class User:
    """An unprivileged login on this machine."""

    name: str
    uid: int
    gid: int
    home: Path


def available() -> Optional[str]:
    """Why a fleet cannot run here, or None when it can."""
    if os.geteuid() != 0:
        return "needs root, to create users and start sshd"
    for tool in (SSHD, "ssh", "ssh-keygen", "useradd", "setpriv"):
        if shutil.which(tool) is None:
            return f"needs {tool} (apt-get install openssh-server openssh-client passwd)"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def keypair(directory: Path) -> Path:
    """Generate an ed25519 key pair in directory; return the private key's path."""
    key = directory / "id_ed25519"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "beachhouse-fleet", "-f", str(key)],
        check=True,
    )
    return key


class Sshd:
    """sshd on a free 127.0.0.1 port with its own host key, config and pid file."""

    def __init__(self, workdir: Path, allow_users: str = "bh*") -> None:
        self.workdir = workdir
        self.allow_users = allow_users
        self.port = 0
        self.log = workdir / "sshd.log"
        self.process: Optional[subprocess.Popen] = None
        self._log_handle = None

    def _config(self, host_key: Path) -> Path:
        config = self.workdir / "sshd_config"
        # Only public keys, only our users, only loopback; many sessions at once for forks.
        config.write_text(
            f"""\
ListenAddress {LOOPBACK}:{self.port}
HostKey {host_key}
PidFile {self.workdir / "sshd.pid"}
UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers {self.allow_users}
AuthorizedKeysFile .ssh/authorized_keys
MaxStartups 64:30:128
MaxSessions 64
UseDNS no
PrintMotd no
Subsystem sftp internal-sftp
LogLevel INFO
""",
            encoding="utf-8",
        )
        return config

    def start(self, timeout: float = 10.0) -> None:
        """Start sshd in the foreground of a child process; return once it accepts connections."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        host_key = self.workdir / "ssh_host_ed25519_key"
        if not host_key.exists():
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)], check=True
            )
        # sshd refuses to start without its privilege-separation directory.
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self.port = free_port()
        config = self._config(host_key)
        subprocess.run([SSHD, "-t", "-f", str(config)], check=True)
        # Both stay open until stop(), not to the end of this scope.
        # pylint: disable-next=consider-using-with
        self._log_handle = self.log.open("wb")
        # pylint: disable-next=consider-using-with
        self.process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._log_handle,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sshd exited at start: {self.log.read_text()[-500:]}")
            with contextlib.suppress(OSError):
                with socket.create_connection((LOOPBACK, self.port), timeout=1) as conn:
                    if conn.recv(64).startswith(b"SSH-"):
                        return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"sshd did not answer on {LOOPBACK}:{self.port} in {timeout} s")

    def stop(self) -> None:
        """Stop sshd and every session it still holds."""
        if self.process is None:
            return
        # Each session is a child of the listener and would outlive it, and with it the
        # client's ControlPersist master.
        for pid in children(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None

    def __enter__(self) -> Sshd:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def children(pid: int) -> list:
    """The process ids whose parent is pid, from /proc."""
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # The command name, in parentheses, may hold spaces: split after it.
            fields = stat_file.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat_file.parent.name))
    return found


@contextlib.contextmanager
def users_lock(prefix: str) -> Iterator[None]:
    """Hold the lock on the users named prefix1…: one session at a time resets their homes."""
    path = LOCK_DIR / f".beachhouse-{prefix}.lock"
    with path.open("w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_user(name: str, public_key: str) -> User:
    """Create (or reuse) user `name` with a home fresh from /etc/skel and this authorized key."""
    home = HOMES / name
    # '*' rather than useradd's locked '!': without PAM, sshd refuses locked accounts.
    entry = ensure_account(
        name,
        ["--home-dir", str(home), "--no-create-home", "--shell", "/bin/bash"]
        + ["--user-group", "--password", "*"],
    )
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree("/etc/skel", home, symlinks=True)
    ssh_dir = home / ".ssh"
    ssh_dir.mkdir(mode=0o700)
    (ssh_dir / "authorized_keys").write_text(public_key, encoding="utf-8")
    (ssh_dir / "authorized_keys").chmod(0o600)
    home.chmod(0o750)
    for path in [home, *home.rglob("*")]:
        os.lchown(path, entry.pw_uid, entry.pw_gid)
    return User(name, entry.pw_uid, entry.pw_gid, home)


def remove_user(name: str) -> None:
    """Delete user `name` and its home (nothing if there is no such user)."""
    with contextlib.suppress(KeyError):
        pwd.getpwnam(name)
        subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)


def target_python() -> str:
    """The oldest Python the kit supports, from pyenv (else the system's): the floor it promises.

    pyenv's Pythons live under /root, which is mode 700 on this image: let others traverse
    it (not list it), as .ci/run does, so the fleet's users can run them.
    """
    try:
        python = pyenv_python(f"3.{supported_pythons()[0]}")
    except RuntimeError:
        return "/usr/bin/python3"
    slash_root = Path("/root")
    if python.is_relative_to(slash_root) and not slash_root.stat().st_mode & stat.S_IXOTH:
        slash_root.chmod(slash_root.stat().st_mode | stat.S_IXOTH)
    return str(python)


def run_as(user: User, command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run command as user, in its home, with the clean environment a login would give."""
    return subprocess.run(
        ["setpriv", f"--reuid={user.uid}", f"--regid={user.gid}", "--init-groups"]
        + ["--reset-env", "--"]
        + command,
        cwd=user.home,
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )


def connection_vars(port: int, key: Path, python: str) -> dict:
    """Inventory variables that reach this machine's test sshd (host keys are throwaway)."""
    return {
        "ansible_host": LOOPBACK,
        "ansible_port": port,
        "ansible_ssh_private_key_file": str(key),
        "ansible_python_interpreter": python,
        "ansible_ssh_common_args": "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
        " -o LogLevel=ERROR",
    }


def write_inventory(directory: Path, groups: dict, group_vars: dict, host_vars: dict) -> Path:
    """Write hosts.yml, group_vars/ and host_vars/ as a user would; return hosts.yml's path.

    groups maps a group to {host: inline vars}; group_vars and host_vars map a group or
    host to the variables of its file.
    """
    directory.mkdir(parents=True, exist_ok=True)
    children = {group: {"hosts": hosts} for group, hosts in groups.items()}
    hosts = directory / "hosts.yml"
    hosts.write_text(json.dumps({"all": {"children": children}}, indent=2), encoding="utf-8")
    for folder, files in (("group_vars", group_vars), ("host_vars", host_vars)):
        (directory / folder).mkdir(exist_ok=True)
        for name, variables in files.items():
            # JSON is YAML: no YAML library needed to write it.
            text = json.dumps(variables, indent=2)
            (directory / folder / f"{name}.yml").write_text(text, encoding="utf-8")
    return hosts


def controller_env(home: Path, **extra: str) -> dict:
    """This process's environment minus what would steer Ansible or the kit, with HOME=home."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ANSIBLE_", "BEACHHOUSE_", "XDG_", "PYTEST_"))
        and key not in ("VIRTUAL_ENV", "CI")
    }
    env.update(HOME=str(home), NO_COLOR="1", TERM="dumb", **extra)
    return env
