"""The `beachhouse` command, driven for real: a fork's config and home/ files in each cloud
shell, status, doctor, edit, rollback and update against local remotes and releases."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from harness import KIT, PROFILES, copy_kit

CLI = KIT / "lib/beachhouse/cli.py"
INPUTRC = "set editing-mode vi\n"
USERS_INPUTRC = "# my own inputrc\nset bell-style none\n"
FORK_CONFIG = "shell:\n  history_size: 4242\nkit:\n  home_links: [.config/fork/linked.conf]\n"


def cli(*args: str, **env) -> subprocess.CompletedProcess:
    """The command as the launcher runs it (python -S), without a home behind it."""
    return subprocess.run(
        [sys.executable, "-S", str(CLI), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def command(shell, *args: str, **env) -> subprocess.CompletedProcess:
    """`beachhouse ARGS` through the launcher the kit installed in the shell's home."""
    return shell.run([str(shell.home / ".local/bin/beachhouse"), *args], **env)


@pytest.fixture(scope="session")
def fork_kit(e2e_base) -> Path:
    """A fork of the kit: its owner's beachhouse.yml and home/ files."""
    fork = copy_kit(e2e_base["base"] / "fork")
    (fork / "beachhouse.yml").write_text(FORK_CONFIG)
    (fork / "home/.config/fork").mkdir(parents=True)
    (fork / "home/.inputrc").write_text(INPUTRC)
    (fork / "home/.config/fork/linked.conf").write_text("linked = yes\n")
    subprocess.run(["chmod", "-R", "a+rX", str(fork)], check=True)
    return fork


# -- the command line, without a home ---------------------------------------------------------
def test_help_lists_every_command_and_each_command_has_its_own():
    from_cli = cli("--help")
    assert from_cli.returncode == 0
    for name in ("apply", "status", "diff", "doctor", "edit", "update", "rollback", "config"):
        assert re.search(rf"^  {name} ", from_cli.stdout, re.M), name
        own = cli(name, "--help")
        assert own.returncode == 0 and f"Usage: beachhouse {name}" in own.stdout, own.stderr


def test_an_unknown_command_is_one_line_and_exit_2():
    result = cli("stauts")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "unknown command 'stauts'" in result.stderr


def test_completion_offers_every_command_in_bash_and_zsh():
    names = set(re.findall(r"^  ([a-z]+) ", cli("--help").stdout, re.M))
    bash = (KIT / "lib/beachhouse/command/completion.bash").read_text()
    zsh = (KIT / "lib/beachhouse/command/completion.zsh").read_text()
    assert names <= set(re.search(r'words="([^"]+)"', bash).group(1).split())
    assert names == set(re.findall(r"^    '([a-z]+):", zsh, re.M))
    script = f". {KIT}/lib/beachhouse/command/completion.bash; COMP_WORDS=(beachhouse st); "
    script += "COMP_CWORD=1; _beachhouse_command; echo ${COMPREPLY[*]}"
    assert subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=True
    ).stdout == ("status\n")


def test_status_before_any_apply_says_so_and_exits_1(tmp_path):
    result = cli("status", HOME=str(tmp_path))
    assert result.returncode == 1 and "no apply recorded yet" in result.stdout


@pytest.mark.parametrize("home_config", [True, False])
def test_the_command_and_bootstrap_choose_the_same_config(tmp_path, fork_kit, home_config):
    own = tmp_path / ".config/beachhouse/config.yml"
    if home_config:
        own.parent.mkdir(parents=True)
        own.write_text("{}\n")
    script = (
        f"BEACHHOUSE_NO_MAIN=1 . {fork_kit}/bootstrap.sh; OPT_CONFIG=; set_paths; "
        f"KIT={fork_kit}; choose_config; echo $CONFIG"
    )
    chosen = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        env={"HOME": str(tmp_path)},
        check=True,
    )
    expected = own if home_config else fork_kit / "beachhouse.yml"
    assert chosen.stdout.strip() == str(expected)
    sys.path.insert(0, str(fork_kit / "lib"))
    try:
        from beachhouse.command import paths  # pylint: disable=import-outside-toplevel

        os.environ["HOME"] = str(tmp_path)
        assert paths.find_config(str(fork_kit))[0] == str(expected)
    finally:
        sys.path.pop(0)


def test_a_release_with_a_wrong_sha256_is_refused(tmp_path):
    sys.path.insert(0, str(KIT / "lib"))
    try:
        from beachhouse.command import release  # pylint: disable=import-outside-toplevel
    finally:
        sys.path.pop(0)
    archive = tmp_path / "beachhouse.tar.gz"
    archive.write_bytes(b"not the published bytes")
    with pytest.raises(release.ReleaseError, match="refused, nothing changed"):
        release.verify_sha256(str(archive), "0" * 64)
    release.verify_sha256(str(archive), hashlib.sha256(archive.read_bytes()).hexdigest())


# -- a fork in each cloud shell -------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("profile", [p.name for p in PROFILES])
def test_a_fork_follows_its_owner_into_each_cloud_shell(make_shell, fork_kit, profile):
    shell = make_shell(profile)
    shell.write(".inputrc", USERS_INPUTRC)
    before = shell.snapshot()
    installed = shell.run(["bash", str(fork_kit / "bootstrap.sh")])
    assert installed.returncode == 0, installed.stdout + installed.stderr
    # The fork's settings (no config.yml in this home) and its files, copied and linked.
    assert (
        "BEACHHOUSE_HISTORY_SIZE=4242"
        in (shell.home / ".config/beachhouse/shell/config.sh").read_text()
    )
    assert (shell.home / ".inputrc").read_text() == INPUTRC
    assert os.readlink(shell.home / ".config/fork/linked.conf") == str(
        fork_kit / "home/.config/fork/linked.conf"
    )
    shown = command(shell, "config", "--show")
    assert re.search(r"shell\.history_size +4242 +\S*beachhouse\.yml", shown.stdout), shown.stdout

    clean = command(shell, "status")
    assert clean.returncode == 0 and "up to date" in clean.stdout, clean.stdout + clean.stderr
    assert command(shell, "apply").stdout == "beachhouse: up to date\n"

    (shell.home / ".inputrc").write_text("set editing-mode emacs\n")
    drifted = command(shell, "status")
    assert drifted.returncode == 1
    assert "~/.inputrc: edited by hand" in drifted.stdout, drifted.stdout

    removed = command(shell, "uninstall", "-y")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert shell.snapshot() == before  # the user's own ~/.inputrc, byte for byte
    assert shell.sudo_calls() == []


@pytest.fixture(scope="module")
def bare_fork(e2e_base) -> Path:
    """A fork whose home/ each test fills and empties (tests of one worker run in turn)."""
    return copy_kit(e2e_base["base"] / "bare-fork")


@pytest.mark.parametrize(
    "path, message",
    [
        (
            ".bashrc",
            "the fork's home/.bashrc would replace ~/.bashrc, where the kit adds its block;",
        ),
        (".config/git/config", "home/.config/git/config would replace ~/.config/git/config,"),
        (".local/share/beachhouse/venv/x", "home/.local/share/beachhouse is the kit's own folder"),
    ],
)
def test_a_fork_file_over_one_of_the_kits_is_refused_before_any_change(
    make_shell, bare_fork, path, message
):
    shell = make_shell("generic-linux")
    shell.write(".bashrc", "# mine\n")
    before = shell.snapshot(skip=())
    owners = bare_fork / "home" / path
    owners.parent.mkdir(parents=True)
    owners.write_text("# the fork owner's\n")
    subprocess.run(["chmod", "-R", "a+rX", str(bare_fork / "home")], check=True)
    try:
        refused = shell.run(["bash", str(bare_fork / "bootstrap.sh")])
    finally:
        shutil.rmtree(bare_fork / "home")
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert refused.stderr.count("\n") == 1 and message in refused.stderr, refused.stderr
    assert shell.snapshot(skip=()) == before


# -- one home, the rest of the commands -------------------------------------------------------
@pytest.mark.slow
def test_doctor_is_green_on_a_healthy_home_and_names_each_problem(make_shell):
    shell = make_shell("generic-linux")
    assert shell.bootstrap().returncode == 0
    healthy = command(shell, "doctor")
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert "✗" not in healthy.stdout and "✓ platform: linux" in healthy.stdout
    # The command's completion is registered in real interactive shells.
    bash = shell.shell("bash", "complete -p beachhouse")
    assert "complete -F _beachhouse_command beachhouse" in bash.stdout, bash.stderr
    zsh = shell.shell("zsh", "print -r -- ${_comps[beachhouse]}")
    assert zsh.stdout.strip() == "_beachhouse_command", zsh.stderr

    bashrc = shell.home / ".bashrc"
    bashrc.write_bytes(bashrc.read_bytes().replace(b"\n", b"\r\n"))
    venv = shell.home / ".venvs/old"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin/python").symlink_to("/opt/gone/python3.8")
    broken = command(shell, "doctor")
    assert broken.returncode == 1
    assert "✗ bash: the kit's init is not reached: ~/.bashrc has Windows line endings" in (
        broken.stdout
    )
    assert "✗ venvs: the Python of ~/.venvs/old is gone" in broken.stdout, broken.stdout


@pytest.mark.slow
def test_edit_keeps_the_old_config_when_the_new_one_is_invalid(make_shell):
    shell = make_shell("generic-linux")
    assert shell.bootstrap().returncode == 0
    config = shell.write(".config/beachhouse/config.yml", "shell:\n  history_size: 5000\n")
    editor = shell.write("editor.sh", "#!/bin/sh\nprintf 'shel:\\n  size: 1\\n' > \"$1\"\n", 0o755)
    refused = command(shell, "edit", EDITOR=str(editor))
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert refused.stderr.count("\n") == 1 and "unknown key 'shel'" in refused.stderr
    assert config.read_text() == "shell:\n  history_size: 5000\n"

    good = shell.write(
        "good.sh", "#!/bin/sh\nprintf 'shell:\\n  history_size: 6000\\n' > \"$1\"\n", 0o755
    )
    saved = command(shell, "edit", "--apply", VISUAL=str(good))
    assert saved.returncode == 0, saved.stdout + saved.stderr
    assert (
        "BEACHHOUSE_HISTORY_SIZE=6000"
        in (shell.home / ".config/beachhouse/shell/config.sh").read_text()
    )


@pytest.mark.slow
def test_rollback_restores_the_first_of_two_applies_exactly(make_shell):
    shell = make_shell("gcp-cloudshell")
    shell.write(".config/beachhouse/config.yml", "shell:\n  history_size: 5000\n")
    assert shell.bootstrap().returncode == 0
    # What the shells fill (~/.cache/beachhouse's contents) is no generation's: rollback
    # leaves the cache where it is, so the trees are compared without it.
    kept = (".local/state/beachhouse", ".cache")
    first = shell.snapshot(skip=kept)
    cache = shell.home / ".cache/beachhouse"
    assert cache.is_dir()
    shell.write(
        ".config/beachhouse/config.yml",
        "shell:\n  history_size: 7000\naliases:\n  extra:\n    gl: git log --oneline\n",
    )
    second = command(shell, "apply")
    assert second.returncode == 0, second.stdout + second.stderr
    assert shell.snapshot(skip=kept) != first
    listed = command(shell, "rollback", "--list")
    assert re.search(r"^\*   2 ", listed.stdout, re.M) and re.search(
        r"^    1 ", listed.stdout, re.M
    )

    back = command(shell, "rollback")
    assert back.returncode == 0, back.stdout + back.stderr
    assert shell.snapshot(skip=kept) == first
    assert cache.is_dir()  # the kit's still, and still recorded: uninstall empties it
    assert command(shell, "status").returncode == 0
    # Backups stay exact: the uninstall after a rollback gives the stock files back.
    assert command(shell, "uninstall", "-y").returncode == 0
    assert (shell.home / ".bashrc").read_text() == shell.profile.stock[".bashrc"]
    assert not cache.exists()


def _git(shell, cwd, *args):
    """git as the shell's user, who owns every repository of the test."""
    done = shell.run(
        ["git", "-C", str(cwd), "-c", "user.name=t", "-c", "user.email=t@example.com", *args]
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_update_pulls_a_git_clone_and_applies(make_shell):
    shell = make_shell("codespaces")
    remote, clone = shell.root / "remote.git", shell.root / "clone"
    work = copy_kit(shell.root / "work")
    if shell.user:
        subprocess.run(["chown", "-R", str(shell.user.pw_uid), str(work)], check=True)
    _git(shell, work, "init", "-q", "-b", "main")
    _git(shell, work, "add", "-A")
    _git(shell, work, "commit", "-qm", "kit")
    _git(shell, shell.root, "clone", "-q", "--bare", str(work), str(remote))
    _git(shell, shell.root, "clone", "-q", str(remote), str(clone))
    assert shell.run(["bash", str(clone / "bootstrap.sh")]).returncode == 0

    shell.write("../work/home/.inputrc", INPUTRC)
    _git(shell, work, "add", "-A")
    _git(shell, work, "commit", "-qm", "an inputrc")
    _git(shell, work, "push", "-q", str(remote), "main")
    updated = command(shell, "update")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert (shell.home / ".inputrc").read_text() == INPUTRC
    assert "up to date" in command(shell, "status").stdout


def _release(kit: Path, into: Path, version: str) -> tuple[Path, str]:
    """What `make release` publishes for *kit* stamped *version*: the archive (its sha256
    beside it, for `update`) and the bootstrap.sh that pins that sha256 (as text)."""
    into.mkdir(parents=True, exist_ok=True)
    script = (kit / "bootstrap.sh").read_text()
    script = re.sub(
        r'^BEACHHOUSE_VERSION="[^"]+"', f'BEACHHOUSE_VERSION="{version}"', script, flags=re.M
    )
    (kit / "bootstrap.sh").write_text(script)
    archive = into / "beachhouse.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(kit, arcname=f"beachhouse-{version}")
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    (into / "beachhouse.tar.gz.sha256").write_text(f"{digest}  beachhouse.tar.gz\n")
    subprocess.run(["chmod", "-R", "a+rX", str(into)], check=True)
    assert script.count('\nBEACHHOUSE_ARCHIVE_SHA256=""\n') == 1
    pinned = script.replace(
        '\nBEACHHOUSE_ARCHIVE_SHA256=""\n', f'\nBEACHHOUSE_ARCHIVE_SHA256="{digest}"\n'
    )
    return archive, pinned


@pytest.mark.slow
def test_update_of_a_release_install_verifies_switches_and_applies(make_shell):
    shell = make_shell("azure-cloudshell")
    first, script = _release(copy_kit(shell.root / "v1"), shell.root / "r1", "0.1.0")
    piped = shell.run(["bash"], stdin=script, BEACHHOUSE_ARCHIVE_URL=f"file://{first}")
    assert piped.returncode == 0, piped.stdout + piped.stderr
    newer = copy_kit(shell.root / "v2")
    (newer / "home").mkdir()
    (newer / "home/.inputrc").write_text(INPUTRC)
    _release(newer, shell.root / "r2", "0.2.0")

    bad = shell.root / "r2/beachhouse.tar.gz.sha256"
    good_text = bad.read_text()
    bad.write_text("0" * 64 + "  beachhouse.tar.gz\n")

    def tree() -> dict:
        """The home but the kit's state and the src link, and the bytecode the command's own
        Python caches in the kit it runs (no kit content: the manifest skips it too)."""
        found = shell.snapshot(skip=(".local/state/beachhouse", ".local/share/beachhouse/src"))
        return {path: what for path, what in found.items() if "__pycache__" not in path}

    before = tree()
    refused = command(shell, "update", BEACHHOUSE_UPDATE_URL=f"file://{shell.root / 'r2'}")
    assert refused.returncode == 4 and "refused, nothing changed" in refused.stderr
    assert tree() == before
    assert (shell.home / ".local/share/beachhouse/src/bootstrap.sh").read_bytes() == (
        shell.root / "v1/bootstrap.sh"
    ).read_bytes()

    bad.write_text(good_text)
    updated = command(shell, "update", BEACHHOUSE_UPDATE_URL=f"file://{shell.root / 'r2'}")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "kit 0.1.0 -> 0.2.0" in updated.stdout
    src = shell.home / ".local/share/beachhouse/src"
    assert src.is_symlink() and os.readlink(src) == "src-0.2.0"
    assert (shell.home / ".inputrc").read_text() == INPUTRC
    assert command(shell, "--version").stdout == "beachhouse 0.2.0\n"
