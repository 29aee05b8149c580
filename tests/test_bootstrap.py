"""bootstrap.sh, driven for real in a fresh home standing in for each cloud shell."""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
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
    assert '+\tname = "Ada Lovelace"' in result.stdout
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
    # Written as the user: a ~/.config the user cannot write to is refused on its own.
    shell.write(".config/beachhouse/config.yml", config)
    result = shell.bootstrap()
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert (shell.home / ".bashrc").read_text() == "# mine\n"
    assert not (shell.home / ".config/beachhouse/shell").exists()


def release(kit: Path, into: Path, version: str = "0.1.0") -> tuple:
    """What `make release` publishes, from *kit*: the archive, and the script (as text)
    that pins its sha256 (and says *version*)."""
    archive = into / f"beachhouse-{version}.tar.gz"
    subprocess.run(
        [
            "tar",
            "-czf",
            str(archive),
            "--transform",
            f"s,^\\.,beachhouse-{version},",
            "-C",
            str(kit),
            ".",
        ],
        check=True,
    )
    archive.chmod(0o644)
    sha = hashlib.sha256(archive.read_bytes()).hexdigest()
    script = (kit / "bootstrap.sh").read_text()
    assert script.count('\nBEACHHOUSE_ARCHIVE_SHA256=""\n') == 1
    script = script.replace(
        '\nBEACHHOUSE_ARCHIVE_SHA256=""\n', f'\nBEACHHOUSE_ARCHIVE_SHA256="{sha}"\n'
    )
    script = re.sub(r'\nBEACHHOUSE_VERSION="[^"]*"', f'\nBEACHHOUSE_VERSION="{version}"', script)
    return archive, script


def piped(shell, script: str, archive: Path, *args: str) -> subprocess.CompletedProcess:
    """`curl … | bash`, offline: the script on stdin, the archive from a file:// address."""
    return shell.run(
        ["bash", "-s", "--", *args], stdin=script, BEACHHOUSE_ARCHIVE_URL=f"file://{archive}"
    )


@pytest.mark.slow
def test_a_fetched_kit_runs_from_a_pipe_with_no_tty(make_shell, e2e_base):
    shell = make_shell("codespaces")
    archive, script = release(e2e_base["kit"], shell.root)
    result = piped(shell, script, archive)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fetching the kit" in result.stdout
    src = shell.home / ".local/share/beachhouse/src"
    assert src.is_symlink() and os.readlink(src) == "src-0.1.0"
    assert (src / "playbooks/site.yml").exists()
    assert "# >>> beachhouse >>>" in (shell.home / ".bashrc").read_text()
    assert piped(shell, script, archive).stdout.endswith("beachhouse: up to date\n")


def test_a_tampered_release_archive_is_refused_and_nothing_changes(make_shell, e2e_base):
    shell = make_shell("gcp-cloudshell")
    archive, script = release(e2e_base["kit"], shell.root)
    with open(archive, "ab") as tampered:  # gzip reads on past the end: a payload rides along
        tampered.write(gzip.compress(b"echo pwned > ~/pwned\n"))
    before = shell.snapshot(skip=())
    result = piped(shell, script, archive)
    assert result.returncode == 4, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "not the" in result.stderr, result.stderr
    assert "this script pins: refused, nothing changed" in result.stderr
    assert shell.snapshot(skip=()) == before


def test_a_script_that_pins_nothing_never_fetches(make_shell, e2e_base):
    shell = make_shell("generic-linux")
    archive, _ = release(e2e_base["kit"], shell.root)
    before = shell.snapshot(skip=())
    result = piped(shell, (KIT / "bootstrap.sh").read_text(), archive)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "is not a release" in result.stderr
    assert "fetching" not in result.stdout
    assert shell.snapshot(skip=()) == before


@pytest.mark.slow
def test_a_newer_script_over_an_older_install_runs_the_new_kit(make_shell, e2e_base):
    shell = make_shell("aws-cloudshell")
    before = shell.snapshot()
    old_archive, old_script = release(e2e_base["kit"], shell.root)
    assert piped(shell, old_script, old_archive).returncode == 0
    newer = shell.root / "kit-0.2.0"
    shutil.copytree(e2e_base["kit"], newer, symlinks=True)
    with open(newer / "dotfiles/vim/vimrc", "a", encoding="utf-8") as vimrc:
        vimrc.write('" new in 0.2.0\n')
    (shell.root / "new").mkdir()
    archive, script = release(newer, shell.root / "new", "0.2.0")
    subprocess.run(["chmod", "-R", "a+rX", str(shell.root)], check=True)

    result = piped(shell, script, archive)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fetching the kit" in result.stdout and "vim        changed" in result.stdout
    assert '" new in 0.2.0' in (shell.home / ".config/beachhouse/vim/vimrc").read_text()
    data = shell.home / ".local/share/beachhouse"
    assert os.readlink(data / "src") == "src-0.2.0"
    assert sorted(p.name for p in data.glob("src*")) == ["src", "src-0.2.0"]

    removed = piped(shell, script, archive, "--uninstall")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert shell.snapshot() == before


@pytest.mark.slow
def test_plaintext_secrets_are_reported_by_line_but_never_echoed(make_shell):
    shell = make_shell("aws-cloudshell")
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    with open(shell.home / ".bashrc", "a", encoding="utf-8") as rc:
        rc.write(f"export AWS_SECRET_ACCESS_KEY={secret}\n")
    result = shell.bootstrap()
    assert result.returncode == 0, result.stdout + result.stderr
    # The line as the file now has it, the kit's block at its top: where the user will look.
    line = (shell.home / ".bashrc").read_text().splitlines().index(
        f"export AWS_SECRET_ACCESS_KEY={secret}"
    ) + 1
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
    # A cache folder is the kit's, made when a shell first needs it: absent until then.
    missing = [path for path, (kind, value) in outputs.items() if value is None and kind != "cache"]
    assert not missing


def umask_000(shell, *args: str, **env) -> subprocess.CompletedProcess:
    """bootstrap.sh run by a user whose umask lets everyone write."""
    return shell.run(
        ["bash", "-c", 'umask 000 && exec bash "$0" "$@"', str(shell.kit / "bootstrap.sh"), *args],
        **env,
    )


@pytest.mark.slow
def test_logs_are_private_and_hold_no_secret_whatever_the_umask(make_shell):
    shell = make_shell("aws-cloudshell")
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    # At the top, beside where the kit's block goes: the diff's context holds it.
    shell.write(
        ".bashrc", f"export AWS_SECRET_ACCESS_KEY={secret}\n" + shell.profile.stock[".bashrc"]
    )
    result = umask_000(shell, "--diff", "--verbose")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "a line holding an AWS secret access key, hidden" in result.stdout
    assert secret not in result.stdout + result.stderr
    state = shell.home / ".local/state/beachhouse"
    logs = list((state / "logs").glob("*.log"))
    assert logs and all(secret not in log.read_text(encoding="utf-8") for log in logs)
    assert {oct(log.stat().st_mode & 0o777) for log in logs} == {"0o600"}
    assert oct((state / "logs").stat().st_mode & 0o777) == "0o700"
    lock = shell.home / ".local/share/beachhouse/venv/.beachhouse-lock"
    assert lock.stat().st_mode & 0o022 == 0, oct(lock.stat().st_mode)

    # A dry run's log: not in a folder another user could have made first, full of links.
    uid = shell.user.pw_uid if shell.user else os.getuid()
    trap = shell.root / f"beachhouse-check-logs-{uid}"
    trap.mkdir(mode=0o777)
    for second in range(120):
        stamp = time.strftime("%Y%m%dT%H%M%S", time.localtime(time.time() + second))
        (trap / f"{stamp}.log").symlink_to(shell.home / ".bashrc")
    bashrc = (shell.home / ".bashrc").read_bytes()
    shell.write(".config/beachhouse/config.yml", "git:\n  name: Ada Lovelace\n")
    dry = umask_000(shell, "--check", "--diff", "--verbose")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert (shell.home / ".bashrc").read_bytes() == bashrc
    assert secret not in dry.stdout + dry.stderr
    log = Path(re.search(r"log: (\S+)", dry.stdout).group(1))
    assert log.parent.parent == shell.root and log.parent != trap
    assert oct(log.parent.stat().st_mode & 0o777) == "0o700"
    assert oct(log.stat().st_mode & 0o777) == "0o600"
    assert secret not in log.read_text(encoding="utf-8")
    assert '+\tname = "Ada Lovelace"' in dry.stdout


def sourced(shell, script: str) -> subprocess.CompletedProcess:
    """Call bootstrap.sh's functions (its test seam: BEACHHOUSE_NO_MAIN) in *shell*'s home."""
    preamble = f'. "{shell.kit}/bootstrap.sh"; setup_colour; parse_args; set_paths; locate_kit; '
    return shell.run(["bash", "-c", preamble + script], BEACHHOUSE_NO_MAIN="1")


def test_a_venv_that_cannot_import_ansible_is_not_trusted(make_shell):
    shell = make_shell("generic-linux")
    venv = shell.home / ".local/share/beachhouse/venv"
    python = shell.bin / "python3"
    # What a killed uninstall used to leave: the lock, an interpreter, no ansible.
    shell.write(".local/share/beachhouse/venv/.beachhouse-lock", f"0 13 {python}\n")
    (venv / "bin").mkdir()
    (venv / "bin/python").symlink_to(python)
    result = sourced(shell, "if reuse_tool_python; then echo trusted; else echo rebuilt; fi")
    assert result.stdout == "rebuilt\n", result.stdout + result.stderr


def test_a_second_run_waits_for_the_first_saying_so(make_shell):
    shell = make_shell("generic-linux")
    for link in shell.bin.glob("python*"):
        link.unlink()  # the run ends right after the lock: no Python
    state = shell.home / ".local/state/beachhouse"
    shell.write(".local/state/beachhouse/run.lock", "")
    with open(state / "run.lock", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with shell.start_bootstrap() as run:
            line = run.stdout.readline()
            time.sleep(0.5)
            waiting = run.poll() is None
            fcntl.flock(held, fcntl.LOCK_UN)
            out, err = run.communicate(timeout=60)
    assert "another beachhouse run is changing this home; waiting for it to finish" in line
    assert waiting, "the second run did not wait"
    assert run.returncode == 4 and "no Python 3.9 to 3.13" in err, out + err


def test_a_run_refused_after_the_lock_leaves_no_trace(make_shell):
    shell = make_shell("azure-cloudshell")
    for link in shell.bin.glob("python*"):
        link.unlink()
    before = shell.snapshot(skip=())
    result = shell.bootstrap(PATH=f"{shell.bin}:{shell.tools.parent / 'sysbin'}")
    assert result.returncode == 4, result.stderr
    assert shell.snapshot(skip=()) == before


def test_a_diff_hides_every_line_that_holds_a_credential():
    sys.path.insert(0, str(KIT / "playbooks" / "module_utils"))
    # pylint: disable-next=import-error,import-outside-toplevel
    from beachhouse_scan import redact_diff

    key = (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nAAAA\n"
        "-----END OPENSSH PRIVATE KEY-----\n"
    )
    before = "alias ll='ls -l'\nexport AWS_SECRET_ACCESS_KEY=abc/def\n" + key + "set -o vi"
    after = before + "\n# >>> beachhouse >>>\n. init.bash\n# <<< beachhouse <<<\n"
    diff = redact_diff({"before": before, "after": after, "after_header": "~/.bashrc"})
    for text in (diff["before"], diff["after"]):
        assert "abc/def" not in text and "b3BlbnNzaC1rZXk" not in text and "AAAA" not in text
        assert text.startswith("alias ll='ls -l'\n# [beachhouse: a line holding an AWS secret")
        assert text.count("a line holding a private key, hidden]\n") == 4
    assert diff["after"].endswith(
        "set -o vi\n# >>> beachhouse >>>\n. init.bash\n# <<< beachhouse <<<\n"
    )
    assert diff["after_header"] == "~/.bashrc"
