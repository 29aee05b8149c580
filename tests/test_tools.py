"""vim, tmux and git in a home bootstrap.sh installed for real: each program asked what
it loaded, as a user would see it (see test_shell.py for the fixtures)."""

import shutil
import tempfile

import pytest

from harness import USER_GITCONFIG, make_repo, on

pytestmark = pytest.mark.slow


def vim_says(shell, *commands: str, vimrc=None) -> str:
    """What vim echoes after loading ~/.vimrc (or *vimrc*) and running *commands*."""
    out = shell.root / "vim.out"
    try:
        argv = ["vim", "-es", "-N", "-u", str(vimrc or shell.home / ".vimrc")]
        for command in (f"redir! > {out}", *commands, "redir END", "qa"):
            argv += ["-c", command]
        result = shell.run(argv)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), result
        return out.read_text(encoding="utf-8").strip()
    finally:
        out.unlink(missing_ok=True)  # the shared shell's folder stays as the install left it


def test_vim_loads_the_vimrc_silently_and_makes_its_state_dirs(installed):
    assert vim_says(installed, "echo &number &undofile &hlsearch") == "1 1 1", "vimrc not loaded"
    state = installed.home / ".local/state/beachhouse/vim"
    assert {p.name for p in state.iterdir()} == {"undo", "swap", "backup"}


@on("generic-linux")
@pytest.mark.parametrize(
    ("filetype", "expected"),
    [("python", "1 4 4"), ("yaml", "1 2 2"), ("make", "0 8 0"), ("text", "1 4 4")],
)
def test_vim_indents_each_filetype_its_own_way(installed, filetype, expected):
    said = vim_says(installed, f"set ft={filetype}", "echo &expandtab &shiftwidth &softtabstop")
    assert said == expected


@on("generic-linux")
def test_vim_settings_after_the_block_win(installed_copy):
    vimrc = installed_copy.home / ".vimrc"
    installed_copy.write(".vimrc", vimrc.read_text(encoding="utf-8") + "set nonumber\n")
    assert vim_says(installed_copy, "echo &number &undofile &hlsearch") == "0 1 1"


@on("generic-linux")
def test_tmux_loads_the_config_without_error(installed):
    socket_dir = tempfile.mkdtemp(prefix="bh-tmux-")  # socket paths must stay short
    if installed.user:
        shutil.chown(socket_dir, installed.user.pw_uid)
    tmux = ["tmux", "-S", f"{socket_dir}/s"]
    conf = str(installed.home / ".tmux.conf")
    try:
        started = installed.run(tmux + ["-f", conf, "new-session", "-d"])
        assert started.returncode == 0, started.stderr
        options = installed.run(tmux + ["show-options", "-g"]).stdout
        # new-session -d starts even when a line of the file fails; sourcing it
        # again reports any error on stderr and in the exit status.
        reload = installed.run(tmux + ["source-file", conf])
    finally:
        installed.run(tmux + ["kill-server"])
        shutil.rmtree(socket_dir, ignore_errors=True)
    assert "mouse on" in options.splitlines()
    assert "history-limit 50000" in options.splitlines()
    assert (reload.returncode, reload.stderr) == (0, "")


def git_config(shell, key: str) -> str:
    return shell.run(["git", "config", "--get", key]).stdout.strip()


@on("generic-linux")
def test_git_defaults_come_through_the_include(installed):
    assert git_config(installed, "init.defaultBranch") == "main"
    assert git_config(installed, "pull.rebase") == "true"
    assert git_config(installed, "alias.st") == "status --short --branch"


@on("generic-linux", "codespaces")
def test_the_git_identity_comes_from_config_and_the_users_own_settings_win(installed):
    user_set = installed.profile.name in USER_GITCONFIG
    assert git_config(installed, "user.name") == ("Grace Hopper" if user_set else "Ada Lovelace")
    assert git_config(installed, "user.email") == "ada@example.com"
    assert git_config(installed, "init.defaultBranch") == ("trunk" if user_set else "main")
    if user_set:
        assert (installed.home / ".gitconfig").read_text() == USER_GITCONFIG["codespaces"]


@on("generic-linux")
def test_git_global_ignore_applies_in_every_repo(installed_copy):
    repo = make_repo(installed_copy, "src/p")
    paths = ["__pycache__/m.pyc", ".venv/bin/python", "src/app.py"]
    result = installed_copy.run(["git", "-C", str(repo), "check-ignore", *paths])
    assert result.stdout.split() == paths[:2]
