"""Whole bootstrap.sh runs in each cloud-shell profile: the first install (after a dry
run), the runs after it, bad input, and runs cut short. The session's install of each
profile is shared with test_shell.py and test_tools.py; see conftest.py."""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from harness import (
    BY_NAME,
    KIT,
    PREFIX,
    VOLATILE,
    CloudShell,
    ok,
    on,
    outside_home,
    prepare,
    role_line,
    snapshot_dir,
    summary,
)

pytestmark = pytest.mark.slow
ROLE_LINE = re.compile(
    r"^  (kit|shell|vim|aliases|git|tmux|platform|secrets|venvs) +(ok|changed|FAILED|-)"
)


def ansible_core(python_minor: str) -> str:
    """The ansible-core version the lock for that Python pins."""
    lock = (KIT / f"requirements/py3.{python_minor}.txt").read_text(encoding="utf-8")
    return re.search(r"ansible-core==([\d.]+)", lock)[1]


def test_each_cloud_shell_installs_then_is_up_to_date(installed):
    dry = installed.dry_run
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert f"platform: {installed.profile.platform}" in dry.stdout
    assert installed.after_dry_run == installed.before, "--check wrote to $HOME"

    first = installed.first_output
    assert f"platform: {installed.profile.platform}\n" in first
    assert summary(first)["failed"] == 0
    roles = {m.group(1) for m in map(ROLE_LINE.match, first.splitlines()) if m}
    assert roles >= {"kit", "shell", "vim", "git", "tmux"}
    assert role_line(first, "venvs") == "venvs changed 2 changes"
    assert "# >>> beachhouse >>>" in (installed.home / ".bashrc").read_text()
    venv = installed.home / ".local/share/beachhouse/venv"
    minor = installed.profile.python.split(".")[1]
    assert (venv / ".beachhouse-lock").read_text().split()[1] == minor, "not the profile's Python"
    version = installed.run([str(venv / "bin/ansible"), "--version"]).stdout
    assert f"ansible [core {ansible_core(minor)}]" in version, version
    for relative, text in installed.profile.stock.items():
        # The user's own lines all stay, whole and in order, below the kit's block.
        assert text.rstrip("\n") in (installed.home / relative).read_text()

    again = installed.bootstrap()
    assert again.returncode == 0 and again.stdout.endswith("beachhouse: up to date\n"), again
    full = installed.bootstrap("--full")
    assert full.returncode == 0, full.stdout + full.stderr
    assert summary(full.stdout)["changed"] == 0, full.stdout
    assert role_line(full.stdout, "venvs") == "venvs ok"
    assert installed.bootstrap().stdout.endswith("beachhouse: up to date\n")
    assert installed.sudo_calls() == []


@on("gcp-cloudshell")
def test_gcp_boot_packages_go_to_customize_environment_and_nothing_outside_home(installed):
    script = installed.home / ".customize_environment"
    assert script.stat().st_mode & 0o111 == 0o111
    assert re.search(r"apt-get install .*\bzsh\b", script.read_text())
    assert outside_home(installed) == installed.outside_before
    assert installed.sudo_calls() == []


@on("aws-cloudshell")
def test_aws_cloudshell_warns_when_home_passes_80_percent_of_its_1_gb(installed):
    big = installed.home / "data.bin"
    fill = installed.run(["fallocate", "-l", "850M", str(big)])
    try:
        if fill.returncode != 0 or big.stat().st_blocks * 512 < 850 * 2**20:
            pytest.skip(f"fallocate cannot allocate real blocks here: {fill.stderr.strip()}")
        result = installed.bootstrap("--full")
    finally:
        big.unlink(missing_ok=True)  # the shared home gets its space back
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    platform = lines.index(next(l for l in lines if l.startswith("  platform ")))
    assert "of the 1.0 GB this platform keeps" in "\n".join(lines[platform : platform + 4])


@on("generic-linux")
def test_a_venv_whose_interpreter_vanished_is_detected_and_rebuilt(installed):
    # As when a cloud shell's image changes: the venv's python points at nothing.
    # The shared home is whole again when the test ends: the rebuild is the fix.
    python = installed.home / ".venvs/flask-ml/bin/python"
    python.unlink()
    python.symlink_to("/opt/vanished/bin/python3")
    if installed.user:
        os.lchown(python, installed.user.pw_uid, installed.user.pw_gid)
    result = installed.bootstrap()  # no --full: the fast path must notice
    assert result.returncode == 0, result.stdout + result.stderr
    assert role_line(result.stdout, "venvs").startswith("venvs changed"), result.stdout
    assert ok(installed, "bash", f"workon flask-ml; {PREFIX}").strip() == str(python.parent.parent)
    assert role_line(installed.bootstrap("--full").stdout, "venvs") == "venvs ok"


UNSAFE_NAMES = ["a b", "../x", "x;rm"]
UNSAFE_PLACES = {
    "aliases.projects[0].name": "aliases:\n  projects:\n    - {{name: '{}', path: ~/src/p}}\n",
    "aliases.projects[0].venv": (
        "aliases:\n  projects:\n    - {{name: p, path: ~/src/p, venv: '{}'}}\n"
    ),
    "venvs.envs[0].name": "venvs:\n  envs:\n    - {{name: '{}'}}\n",
    "aliases.extra": "aliases:\n  extra:\n    '{}': ls\n",
}


@on("generic-linux")
@pytest.mark.parametrize("name", UNSAFE_NAMES)
@pytest.mark.parametrize("place", sorted(UNSAFE_PLACES))
def test_an_unsafe_alias_or_venv_name_is_one_line_and_changes_nothing(installed, place, name):
    config = installed.home / ".config/beachhouse/config.yml"
    good = config.read_bytes()
    before = snapshot_dir(installed.home, VOLATILE)
    config.write_text(UNSAFE_PLACES[place].format(name))
    try:
        result = installed.bootstrap()
        after = snapshot_dir(installed.home, VOLATILE)
    finally:
        config.write_bytes(good)
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"config.yml: {place}: '{name}' is not a safe name" in result.stderr
    del before[".config/beachhouse/config.yml"], after[".config/beachhouse/config.yml"]
    assert after == before


# -- interrupted runs ------------------------------------------------------------------------
def session_processes(leader: int) -> list:
    """Command lines of the processes in the session *leader* started."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == leader:
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            continue
    return found


def wait_for_ansible(run: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not any("ansible-playbook" in cmd for cmd in session_processes(run.pid)):
        assert run.poll() is None, "bootstrap ended before Ansible started"
        assert time.monotonic() < deadline, "Ansible never started"
        time.sleep(0.05)


def interrupt_during_ansible(shell: CloudShell, sig: signal.Signals) -> str:
    """Start bootstrap.sh, send *sig* to all of it 0.2-2.5 s into Ansible; say what happened.

    On a quiet machine a whole first apply can end before the signal: then the signal
    finds no process, which is one more point at which a run may be cut.
    """
    delay = random.uniform(0.2, 2.5)
    with shell.start_bootstrap() as run:  # closes the pipes, whatever happens
        try:
            wait_for_ansible(run)
            time.sleep(delay)
            running = run.poll() is None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(run.pid, sig)
            out, err = run.communicate(timeout=120)
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait()
    return f"{sig.name} {delay:.2f} s into Ansible (still running: {running})\n{out}{err}"


def leftover_temps(home: Path) -> list:
    """Temp files of an interrupted write (`.beachhouse-XXXXXXXX`, `.beachhouse-link-PID`)."""
    return [
        str(p.relative_to(home))
        for p in home.rglob(".beachhouse-*")
        if p.name != ".beachhouse-lock" and ".local/share/beachhouse/venv" not in str(p)
    ]


@on("azure-cloudshell")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_run_killed_during_ansible_converges_when_run_again(installed, e2e_base, sig):
    profile = BY_NAME[installed.profile.name]
    shell = prepare(CloudShell(profile, e2e_base["base"], e2e_base["kit"], e2e_base["tools"]))
    mine = "export MY_OWN_LINE=1  # the user's, before install\n"
    shell.write(".bashrc", shell.profile.stock[".bashrc"] + mine)
    original = shell.snapshot()
    print(interrupt_during_ansible(shell, sig))
    assert mine in (shell.home / ".bashrc").read_text()

    again = shell.bootstrap()
    assert again.returncode == 0, again.stdout + again.stderr
    assert leftover_temps(shell.home) == []
    result = snapshot_dir(shell.home, VOLATILE, shell.root)
    del result[".bashrc"]
    reference = dict(installed.reference)
    del reference[".bashrc"]
    assert result == reference
    # The kit's block sits at the top (issue 9): the user's lines follow it, whole.
    assert (shell.home / ".bashrc").read_text().endswith(shell.profile.stock[".bashrc"] + mine)
    assert shell.bootstrap().stdout.endswith("beachhouse: up to date\n")

    removed = shell.bootstrap("--uninstall")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    after = shell.snapshot()
    # The named venv is the user's data now; everything else is as before install.
    assert {k: v for k, v in after.items() if not k.startswith(".venvs")} == original
    shell.cleanup()
