"""bootstrap.sh, driven for real in a fresh home standing in for each cloud shell."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from harness import KIT

SNAPSHOTS = Path(__file__).parent / "snapshots"


def test_help_matches_the_snapshot():
    result = subprocess.run(
        ["bash", str(KIT / "bootstrap.sh"), "--help"], capture_output=True, text=True, check=True
    )
    assert result.stdout == (SNAPSHOTS / "help.txt").read_text(encoding="utf-8")


def test_version_is_printed():
    result = subprocess.run(
        ["bash", str(KIT / "bootstrap.sh"), "--version"], capture_output=True, text=True, check=True
    )
    assert re.fullmatch(r"beachhouse \d+\.\d+\.\d+\n", result.stdout)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--bogus"], "unknown option '--bogus'"),
        (["--platform", "mars"], "unknown platform 'mars'; use one of: aws-cloudshell"),
        (["--forks", "many"], "--forks 'many' is not a positive number"),
        (["--tags"], "--tags needs a value"),
        (["--managed-python", "latest"], "--managed-python 'latest' is not a Python version"),
        (["--config", "/nonexistent.yml"], "/nonexistent.yml: no such file"),
    ],
)
def test_bad_usage_is_one_line_and_changes_nothing(make_shell, args, message):
    shell = make_shell("gcp-cloudshell")
    before = shell.snapshot()
    result = shell.bootstrap(*args)
    assert result.returncode in (2, 3)
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert shell.snapshot() == before


def test_no_python_new_enough_names_the_fix_for_the_platform(make_shell):
    shell = make_shell("azure-cloudshell")
    for link in shell.bin.glob("python*"):
        link.unlink()
    before = shell.snapshot()
    result = shell.bootstrap(PATH=f"{shell.bin}:{shell.tools.parent / 'sysbin'}")
    assert result.returncode == 4, result.stderr
    assert "no Python 3.9 to 3.13 on PATH" in result.stderr
    assert "Azure Cloud Shell has no sudo" in result.stderr
    assert shell.snapshot() == before


def test_a_python_too_old_is_refused(make_shell):
    from harness import pyenv_python  # pylint: disable=import-outside-toplevel

    shell = make_shell("generic-linux")
    result = shell.bootstrap("--python", str(pyenv_python("3.8")))
    assert result.returncode == 4
    assert "is Python 3.8; the kit has locks for Python 3.9 to 3.13" in result.stderr


def test_a_managed_python_that_cannot_be_fetched_is_one_clear_error(make_shell):
    shell = make_shell("aws-cloudshell")
    before = shell.snapshot(skip=())
    result = shell.bootstrap("--managed-python", "3.12", UV_OFFLINE="1")
    assert result.returncode == 4, result.stdout + result.stderr
    assert "could not fetch Python 3.12" in result.stderr
    assert shell.snapshot(skip=()) == before


def test_a_read_only_home_is_refused_before_anything_is_written(make_shell):
    shell = make_shell("generic-linux")
    if not shell.user:
        pytest.skip("root can write a read-only home; run as root to test as an unprivileged user")
    shell.home.chmod(0o555)
    try:
        result = shell.bootstrap()
    finally:
        shell.home.chmod(0o755)
    assert result.returncode == 4
    assert "cannot write to $HOME" in result.stderr
    assert not list(shell.home.iterdir())


def test_no_network_for_the_first_install_is_one_clear_error(make_shell):
    shell = make_shell("gcp-cloudshell")
    before = shell.snapshot()
    offline = shell.root / "empty-cache"
    offline.mkdir()
    offline.chmod(0o777)
    result = shell.bootstrap(UV_OFFLINE="1", UV_CACHE_DIR=str(offline), PIP_NO_INDEX="1")
    assert result.returncode == 4, result.stdout + result.stderr
    assert "could not install the tool venv from PyPI" in result.stderr
    assert shell.snapshot() == before


def test_a_full_home_is_refused_before_anything_is_written(make_shell):
    shell = make_shell("aws-cloudshell")
    if not shell.user:
        pytest.skip("mounting a small filesystem as the home needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m,mode=0755", "tmpfs", str(shell.home)], check=False
    )
    if mounted.returncode != 0:
        pytest.skip("this machine cannot mount a tmpfs")
    try:
        subprocess.run(["chown", shell.user.pw_name, str(shell.home)], check=True)
        (shell.home / ".bashrc").write_text(shell.profile.stock[".bashrc"])
        before = shell.snapshot()
        result = shell.bootstrap()
        assert result.returncode == 4, result.stdout + result.stderr
        assert "MB free and the kit needs 200 MB" in result.stderr
        assert shell.snapshot() == before
    finally:
        subprocess.run(["umount", str(shell.home)], check=True)


@pytest.mark.slow
def test_without_uv_on_path_a_pinned_uv_comes_from_pypi_and_no_cache_stays(make_shell):
    shell = make_shell("aws-cloudshell")
    bare_path = f"{shell.bin}:{shell.tools.parent / 'sysbin'}"
    result = shell.bootstrap("--tags", "vim", PATH=bare_path, UV_CACHE_DIR=None)
    assert result.returncode == 0, result.stdout + result.stderr
    venv = shell.home / ".local/share/beachhouse/venv"
    assert (venv / "bin/ansible-playbook").exists()
    assert not (shell.home / ".cache").exists(), "a package cache was left in $HOME"
    assert "past its end of life" in result.stderr  # Python 3.9: said once...
    second = shell.bootstrap("--tags", "vim", PATH=bare_path, UV_CACHE_DIR=None)
    assert "past its end of life" not in second.stderr  # ...and only once


@pytest.mark.slow
def test_drift_is_noticed_and_repaired(make_shell):
    shell = make_shell("codespaces")
    assert shell.bootstrap().returncode == 0
    (shell.home / ".config/beachhouse/vim/vimrc").write_text('" mangled\n')
    result = shell.bootstrap()
    assert "up to date" not in result.stdout
    assert "vim        changed" in result.stdout
    assert '" mangled' not in (shell.home / ".config/beachhouse/vim/vimrc").read_text()


@pytest.mark.slow
def test_check_diff_shows_the_exact_change_and_writes_nothing(make_shell):
    shell = make_shell("generic-linux")
    assert shell.bootstrap().returncode == 0
    config = shell.home / ".config/beachhouse/config.yml"
    config.write_text("git:\n  name: Ada Lovelace\n  email: ada@example.com\n")
    before = shell.snapshot()
    result = shell.bootstrap("--check", "--diff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "+\tname = Ada Lovelace" in result.stdout
    assert "dry run: nothing was changed" in result.stdout
    assert shell.snapshot() == before


@pytest.mark.slow
@pytest.mark.parametrize(
    "config, message",
    [
        ("shel:\n  history_size: 5\n", "(top level): unknown key 'shel'"),
        ("shell:\n  history_size: lots\n", "shell.history_size: expected an integer, got 'lots'"),
        (
            "venvs:\n  envs:\n    - name: my env\n",
            "venvs.envs[0].name: 'my env' is not a safe name",
        ),
        (
            "aliases:\n  projects:\n    - {name: p, path: '~/a;rm -rf ~'}\n",
            "aliases.projects[0].path",
        ),
        ("shell: [\n", "config.yml:2:"),
    ],
)
def test_a_bad_config_is_one_line_and_changes_nothing(make_shell, config, message):
    shell = make_shell("generic-linux")
    (shell.home / ".bashrc").write_text("# mine\n")
    path = shell.home / ".config/beachhouse/config.yml"
    path.parent.mkdir(parents=True)
    path.write_text(config)
    result = shell.bootstrap()
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert (shell.home / ".bashrc").read_text() == "# mine\n"
    assert not (shell.home / ".config/beachhouse/shell").exists()


@pytest.mark.slow
def test_a_fetched_kit_runs_from_a_pipe_with_no_tty(make_shell, e2e_base):
    shell = make_shell("codespaces")
    archive = shell.root / "kit.tar.gz"
    subprocess.run(
        [
            "tar",
            "-czf",
            str(archive),
            "--transform",
            "s,^\\.,beachhouse-0.1.0,",
            "-C",
            str(e2e_base["kit"]),
            ".",
        ],
        check=True,
    )
    archive.chmod(0o644)
    script = (KIT / "bootstrap.sh").read_text()
    result = shell.run(["bash"], stdin=script, BEACHHOUSE_ARCHIVE_URL=f"file://{archive}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fetching the kit" in result.stdout
    assert (shell.home / ".local/share/beachhouse/src/playbooks/site.yml").exists()
    assert "# >>> beachhouse >>>" in (shell.home / ".bashrc").read_text()


@pytest.mark.slow
def test_plaintext_secrets_are_reported_by_line_but_never_echoed(make_shell):
    shell = make_shell("aws-cloudshell")
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    with open(shell.home / ".bashrc", "a", encoding="utf-8") as rc:
        rc.write(f"export AWS_SECRET_ACCESS_KEY={secret}\n")
    line = (shell.home / ".bashrc").read_text().splitlines().index(
        f"export AWS_SECRET_ACCESS_KEY={secret}"
    ) + 1
    result = shell.bootstrap()
    assert result.returncode == 0, result.stdout + result.stderr
    assert f".bashrc:{line} holds an AWS secret access key" in result.stdout
    assert "aws configure sso" in result.stdout
    logs = list((shell.home / ".local/state/beachhouse/logs").glob("*.log"))
    assert secret not in result.stdout + result.stderr
    assert all(secret not in log.read_text() for log in logs)


@pytest.mark.slow
def test_the_manifest_lists_every_managed_output(make_shell):
    shell = make_shell("generic-linux")
    assert shell.bootstrap().returncode == 0
    manifest = json.loads((shell.home / ".local/state/beachhouse/manifest.json").read_text())
    outputs = manifest["outputs"]
    assert str(shell.home / ".bashrc") in outputs
    assert all(value is not None for _, value in outputs.values())
