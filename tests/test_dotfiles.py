"""The dotfiles a user lives in, exercised in real bash, zsh, vim, tmux and git.

`installed_home` is $HOME after a real `bootstrap.sh` (one per stock ~/.bashrc and
platform); every test then asks a real program what a user would see.
"""

# pytest passes fixtures by argument name: a test names installed_home, and the
# fixtures it parametrizes (stock_bashrc, platform), without using each of them.
# pylint: disable=redefined-outer-name,unused-argument

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from harness import run_in_tty

# Each worker makes a real install per stock ~/.bashrc and platform it meets: one
# worker for the whole module (under --dist loadgroup) makes each of them once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dotfiles")]

KIT = Path(__file__).resolve().parent.parent
DOTFILES = KIT / "dotfiles"
SHELLS = ["bash", "zsh"]
QUOTED_DIR = "it s"  # a project path with a space in it must survive the generated file
# (the config schema refuses quotes in paths)

# What each stock rc file looks like before the kit's block is appended.
AMAZON_LINUX_BASHRC = """\
# .bashrc
# Source global definitions
if [ -f /etc/bashrc ]; then
\t. /etc/bashrc
fi
export AWS_EXECUTION_ENV=CloudShell
# What Amazon Linux's /etc/bashrc sets: a terminal title, ending in ';'.
PROMPT_COMMAND='printf "\\033]0;%s@%s\\007" "${USER}" "${HOSTNAME%%.*}";'
"""
STOCK_BASHRC = {
    "none": "",
    "debian": Path("/etc/skel/.bashrc").read_text(encoding="utf-8"),
    "amazon": AMAZON_LINUX_BASHRC,
}

# Variables a cloud shell or the developer's own session might set; tests set them
# explicitly instead.
LEAKY_VARS = (
    "AWS_REGION AWS_DEFAULT_REGION AWS_EXECUTION_ENV GOOGLE_CLOUD_PROJECT DEVSHELL_PROJECT_ID "
    "CLOUD_SHELL ACC_CLOUD ACC_LOCATION C9_USER CODESPACES PROMPT_COMMAND HISTFILE VIRTUAL_ENV "
    "ZDOTDIR BASH_ENV ENV EDITOR VISUAL PS1 BEACHHOUSE_GIT_DIRTY TMUX"
).split()


# The config every install here is made with: a project with a named venv, one whose
# path needs quoting and uses its own .venv, and an extra alias.
CONFIG = """\
aliases:
  projects:
    - {name: flask-ml, path: ~/src/flask-ml, venv: flask-ml}
    - {name: it-s, path: "~/src/%s"}
  extra:
    gl: git log --oneline --graph
""" % QUOTED_DIR


@pytest.fixture
def stock_bashrc() -> str:
    """Which stock ~/.bashrc the shell had before install; tests parametrize it."""
    return "none"


@pytest.fixture
def platform() -> str:
    """The platform the engine detected; tests parametrize it."""
    return "linux"


@pytest.fixture(scope="module")
def installs(e2e_base):
    """Real `bootstrap.sh` runs, one per (stock ~/.bashrc, platform), made when first
    asked for. The first builds the tool venv; the others reuse it through a link (a
    venv is not what these tests are about, and building one costs seconds)."""
    # pylint: disable=import-outside-toplevel
    from harness import CloudShell, Profile

    made = {}

    def install(stock: str, platform: str):
        if (stock, platform) in made:
            return made[stock, platform]
        stock_files = {".bashrc": STOCK_BASHRC[stock]} if stock != "none" else {}
        # A short name: TMPDIR lies under it, and ansible-core 2.19+ puts a unix socket
        # there, whose path may not pass 107 bytes.
        profile = Profile(f"dot{len(made)}", platform, "3.12", stock=stock_files)
        shell = CloudShell(profile, e2e_base["base"], e2e_base["kit"], e2e_base["tools"])
        shell.write(".config/beachhouse/config.yml", CONFIG)
        if made:
            venv = next(iter(made.values())).home / TOOL_VENV
            shell.write(".local/share/beachhouse/.keep", "").unlink()
            (shell.home / TOOL_VENV).symlink_to(venv)
        result = shell.bootstrap("--platform", platform)
        logs = sorted((shell.home / ".local/state/beachhouse/logs").glob("*.log"))
        log = logs[-1].read_text(encoding="utf-8")[-3000:] if logs else ""
        assert result.returncode == 0, result.stdout + result.stderr + log
        made[stock, platform] = shell
        return shell

    yield install
    for shell in made.values():
        shell.cleanup()


TOOL_VENV = ".local/share/beachhouse/venv"


@pytest.fixture
def installed_home(fresh_home: Path, stock_bashrc: str, platform: str, installs) -> Path:
    """$HOME as bootstrap.sh installed it: a real install, copied into this test's home.

    Every file the kit writes names its paths from $HOME, so the copy is the install;
    the tool venv stays where it was built, linked."""
    template = installs(stock_bashrc, platform).home
    shutil.copytree(
        template,
        fresh_home,
        symlinks=True,
        dirs_exist_ok=True,
        ignore=lambda folder, names: (
            ["venv"] if folder == str(template / TOOL_VENV.rsplit("/", 1)[0]) else []
        ),
    )
    (fresh_home / TOOL_VENV).symlink_to((template / TOOL_VENV).resolve())
    return fresh_home


def shell_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARS}
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


def run_shell(
    shell: str, script: str, *, cwd=None, login: bool = False, **extra: str
) -> subprocess.CompletedProcess:
    """Run script in an interactive shell with a terminal, as a user's would be."""
    argv = [shell, "-i"] + (["-l"] if login else []) + ["-c", script]
    return run_in_tty(argv, cwd=cwd or os.environ["HOME"], env=shell_env(**extra), timeout=60)


def ok(shell: str, script: str, **kwargs) -> str:
    """stdout of a script that must succeed silently on stderr."""
    result = run_shell(shell, script, **kwargs)
    assert (result.returncode, result.stderr) == (0, ""), result
    return result.stdout


def make_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return path


# Render the prompt the way the shell does before drawing it: run its hooks, expand it.
RENDER_PROMPT = {
    "bash": 'eval "$PROMPT_COMMAND"; printf "%s\\n" "${PS1@P}"',
    "zsh": 'for f in $precmd_functions; do $f; done; print -P -- "$PROMPT"',
}
WHICH_PYTHON = {"bash": "type -P python", "zsh": "whence -p python"}
# What the shell runs before its first prompt, when the kit fills in its aliases.
FIRST_PROMPT = {"bash": 'eval "$PROMPT_COMMAND"', "zsh": "for f in $precmd_functions; do $f; done"}
PROMPT_CHAR = {"bash": "$", "zsh": "%"} if os.geteuid() else {"bash": "#", "zsh": "#"}


@pytest.mark.parametrize("stock_bashrc", sorted(STOCK_BASHRC))
def test_bash_starts_without_a_word_on_stderr(installed_home, stock_bashrc):
    result = run_shell("bash", "type workon >/dev/null")
    assert (result.returncode, result.stderr) == (0, "")


def test_zsh_starts_without_a_word_on_stderr(installed_home):
    # Twice: the first start builds the completion dump, the second reads it.
    for _ in range(2):
        result = run_shell("zsh", "type workon >/dev/null")
        assert (result.returncode, result.stderr) == (0, "")


def test_login_bash_gets_the_interactive_environment(installed_home):
    assert ok("bash", "type -t workon; echo $PS1", login=True).startswith("function\n")


@pytest.mark.parametrize("shell", SHELLS)
def test_local_bin_is_on_path_once_even_after_resourcing(installed_home, shell):
    rc = "~/.bashrc" if shell == "bash" else "~/.zshrc"
    out = ok(shell, f". {rc}; . {rc}; echo $PATH")
    assert out.strip().split(":").count(f"{installed_home}/.local/bin") == 1


def test_bash_prompt_command_keeps_the_platform_hook_and_adds_ours_once(installed_home):
    (installed_home / ".bashrc").write_text(
        AMAZON_LINUX_BASHRC + (installed_home / ".bashrc").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    out = ok("bash", '. ~/.bashrc; . ~/.bashrc; printf "%s" "$PROMPT_COMMAND"')
    assert out.startswith('printf "\\033]0;')
    assert out.count("__beachhouse_prompt_refresh") == out.count("__beachhouse_history_append") == 1
    ok("bash", 'eval "$PROMPT_COMMAND"')  # the ';'-terminated original still parses


def test_bash_prompt_command_array_keeps_its_hooks(installed_home):
    bashrc = installed_home / ".bashrc"
    bashrc.write_text(
        "mine() { :; }\nPROMPT_COMMAND=(mine 'echo x')\n" + bashrc.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    out = ok("bash", '. ~/.bashrc; printf "%s\\n" "${PROMPT_COMMAND[@]}"').splitlines()
    assert out == ["mine", "echo x", "__beachhouse_history_append", "__beachhouse_prompt_refresh"]


@pytest.mark.parametrize("stock_bashrc", ["amazon"])
def test_amazon_linux_rc_keeps_its_cloudshell_marker(installed_home, stock_bashrc):
    assert ok("bash", "echo $AWS_EXECUTION_ENV").strip() == "CloudShell"


@pytest.mark.parametrize("shell", SHELLS)
def test_everyday_aliases_exist_and_the_users_own_win(installed_home, shell):
    out = ok(shell, f"{FIRST_PROMPT[shell]}; type ll la .. ... gs ga gc gd; alias gl")
    assert "ls -alF" in out and "cd .." in out
    assert "git log --oneline --graph'" in out or out.rstrip().endswith("--graph")


def test_an_alias_the_user_already_had_is_kept(installed_home):
    bashrc = installed_home / ".bashrc"
    bashrc.write_text("alias ll='ls -lh'\n" + bashrc.read_text(encoding="utf-8"), encoding="utf-8")
    assert ok("bash", "alias ll").strip() == "alias ll='ls -lh'"


@pytest.mark.parametrize("shell", SHELLS)
def test_workon_activates_a_named_venv(installed_home, shell):
    venv = make_venv(installed_home / ".venvs" / "flask-ml")
    out = ok(
        shell,
        f"{WHICH_PYTHON[shell]}; workon flask-ml; {WHICH_PYTHON[shell]}; "
        "python -c 'import sys; print(sys.prefix)'; workon",
    ).split()
    assert out[1] == f"{venv}/bin/python" != out[0]
    assert out[2:] == [str(venv), "flask-ml"]


@pytest.mark.parametrize("shell", SHELLS)
def test_workon_refuses_a_missing_venv_and_a_path(installed_home, shell):
    missing = run_shell(shell, "workon nope")
    assert missing.returncode == 1
    assert "no virtualenv at" in missing.stderr and "python3 -m venv" in missing.stderr
    assert run_shell(shell, "workon ../etc").returncode == 2


@pytest.mark.parametrize("shell", SHELLS)
def test_project_command_cds_and_activates_its_venv(installed_home, shell):
    venv = make_venv(installed_home / ".venvs" / "flask-ml")
    (installed_home / "src" / "flask-ml").mkdir(parents=True)
    out = ok(shell, "flask-ml; pwd; echo $VIRTUAL_ENV").split()
    assert out == [str(installed_home / "src" / "flask-ml"), str(venv)]


@pytest.mark.parametrize("shell", SHELLS)
def test_project_without_a_named_venv_uses_its_own_dot_venv(installed_home, shell):
    project = installed_home / "src" / QUOTED_DIR
    venv = make_venv(project / ".venv")
    out = ok(shell, 'it-s; pwd; echo "$VIRTUAL_ENV"').splitlines()
    assert out == [str(project), str(venv)]


@pytest.mark.parametrize("shell", SHELLS)
def test_unsafe_project_name_is_refused(installed_home, shell):
    result = run_shell(shell, "beachhouse_project 'x;touch pwned' /tmp ''")
    assert result.returncode == 1 and "not a safe identifier" in result.stderr
    assert not (installed_home / "pwned").exists()


def make_repo(path: Path, branch: str = "feature/x") -> Path:
    path.mkdir(parents=True)
    git = ["git", "-C", str(path), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run(git + ["init", "-q", "-b", branch], check=True)
    (path / "a.txt").write_text("one\n", encoding="utf-8")
    subprocess.run(git + ["add", "a.txt"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "first"], check=True)
    return path


PLATFORM_PROMPTS = [
    ("aws-cloudshell", {"AWS_REGION": "us-east-1"}, "[aws:us-east-1]"),
    ("aws-cloud9", {"AWS_DEFAULT_REGION": "eu-west-1"}, "[aws:eu-west-1]"),
    ("gcp-cloudshell", {"GOOGLE_CLOUD_PROJECT": "my-proj"}, "[gcp:my-proj]"),
    ("gcp-cloudshell", {"DEVSHELL_PROJECT_ID": "old-proj"}, "[gcp:old-proj]"),
    ("azure-cloudshell", {"ACC_LOCATION": "westeurope"}, "[azure:westeurope]"),
    ("codespaces", {}, "[codespaces]"),
]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(("platform", "env", "tag"), PLATFORM_PROMPTS)
def test_prompt_shows_platform_venv_and_branch(installed_home, shell, platform, env, tag):
    make_venv(installed_home / ".venvs" / "flask-ml")
    repo = make_repo(installed_home / "src" / "flask-ml")
    prompt = ok(shell, f"workon flask-ml; {RENDER_PROMPT[shell]}", cwd=repo, **env)
    assert (
        prompt.rstrip("\n") == f"{tag} (flask-ml) ~/src/flask-ml (feature/x){PROMPT_CHAR[shell]} "
    )


@pytest.mark.parametrize("shell", SHELLS)
def test_prompt_marks_a_dirty_tree_and_a_subdirectory(installed_home, shell):
    repo = make_repo(installed_home / "src" / "p", branch="main")
    (repo / "a.txt").write_text("two\n", encoding="utf-8")
    (repo / "sub").mkdir()
    prompt = ok(shell, RENDER_PROMPT[shell], cwd=repo / "sub")
    assert prompt.startswith("~/src/p/sub (main*)")  # plain linux: no tag


@pytest.mark.parametrize("shell", SHELLS)
def test_prompt_shows_a_worktree_branch_and_no_git_outside_repos(installed_home, shell):
    repo = make_repo(installed_home / "src" / "p", branch="main")
    subprocess.run(
        ["git", "-C", str(repo), "worktree", "add", "-q", "-b", "wt", str(installed_home / "wt")],
        check=True,
    )
    assert ok(shell, RENDER_PROMPT[shell], cwd=installed_home / "wt").startswith("~/wt (wt)")
    assert "(" not in ok(shell, RENDER_PROMPT[shell], cwd=installed_home)


def test_bash_workon_completion_lists_venv_names(installed_home):
    for name in ("flask-ml", "fastapi", "other"):
        make_venv(installed_home / ".venvs" / name)
    out = ok(
        "bash",
        "complete -p workon; COMP_WORDS=(workon f); COMP_CWORD=1; "
        '_beachhouse_complete_workon; echo "${COMPREPLY[@]}"',
    ).splitlines()
    assert out[0] == "complete -F _beachhouse_complete_workon workon"
    assert sorted(out[1].split()) == ["fastapi", "flask-ml"]


def test_zsh_workon_completion_is_registered(installed_home):
    assert ok("zsh", "echo $_comps[workon]").strip() == "_beachhouse_workon"
    dumps = list((installed_home / ".cache" / "beachhouse").glob("zcompdump*"))
    assert dumps, "compinit keeps its dump in the kit's cache dir"


def test_zsh_rebuilds_a_completion_dump_older_than_a_day(installed_home):
    ok("zsh", "true")
    dump = installed_home / ".cache" / "beachhouse" / "zcompdump"
    day_old = dump.stat().st_mtime - 25 * 3600
    os.utime(dump, (day_old, day_old))
    ok("zsh", "true")
    assert dump.stat().st_mtime > day_old + 3600
    assert (installed_home / ".cache" / "beachhouse" / "zcompdump.zwc").exists()


def test_zsh_resourcing_adds_no_second_prompt_hook(installed_home):
    out = ok("zsh", ". ~/.zshrc; . ~/.zshrc; print -l $precmd_functions")
    assert out.split().count("_beachhouse_precmd") == 1


@pytest.mark.skipif(not shutil.which("aws_completer"), reason="needs the aws CLI")
@pytest.mark.parametrize("shell", SHELLS)
def test_aws_completion_follows_the_completions_switch(installed_home, shell):
    probe = "complete -p aws" if shell == "bash" else "echo $_comps[aws]"
    assert "aws_completer" in ok(shell, probe) or ok(shell, probe).strip() == "_bash_complete"
    config = installed_home / ".config" / "beachhouse" / "shell" / "config.sh"
    config.write_text(
        config.read_text(encoding="utf-8").replace("COMPLETIONS=1", "COMPLETIONS=0"),
        encoding="utf-8",
    )
    assert ok(shell, f"{probe} 2>/dev/null; true").strip() == ""


@pytest.mark.parametrize("shell", SHELLS)
def test_learn_from_the_kit_is_available(installed_home, shell):
    assert "learn start 1" in ok(shell, "learn")


@pytest.mark.parametrize("stock_bashrc", ["debian"])
def test_bash_history_is_large_timestamped_and_written_each_prompt(installed_home, stock_bashrc):
    out = ok("bash", 'history -s "echo marker"; eval "$PROMPT_COMMAND"; echo $HISTSIZE $HISTFILE')
    size, histfile = out.split()
    assert size == "100000"
    lines = Path(histfile).read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "echo marker" and lines[-2].startswith("#")


@pytest.mark.parametrize("stock_bashrc", ["debian"])
def test_bash_history_stays_the_users_and_debians_sizes_are_raised(installed_home, stock_bashrc):
    # History stays in the user's own file (issue 9); Debian's skel sizes (1000/2000)
    # are no choice of the user's, so the kit's apply at the first prompt.
    out = ok("bash", 'eval "$PROMPT_COMMAND"; echo $HISTFILE $HISTSIZE $HISTFILESIZE').split()
    assert out == [str(installed_home / ".bash_history"), "100000", "100000"]


def test_bash_history_is_seeded_once_from_bash_history(installed_home):
    (installed_home / ".bash_history").write_text("echo old\n", encoding="utf-8")
    histfile = Path(ok("bash", "echo $HISTFILE").strip())
    assert histfile.read_text(encoding="utf-8") == "echo old\n"


def test_zsh_history_is_shared_deduplicated_and_timestamped(installed_home):
    out = ok("zsh", "echo $HISTSIZE $SAVEHIST $HISTFILE; setopt").split()
    # Without a ~/.zsh_history of the user's, history goes to the kit's state folder.
    state = f"{installed_home}/.local/state/beachhouse/zsh_history"
    assert out[:3] == ["100000", "100000", state]
    assert {"sharehistory", "extendedhistory", "histignorealldups"} <= set(out[3:])


def test_vim_loads_the_vimrc_silently_and_makes_its_state_dirs(installed_home):
    result = subprocess.run(
        ["vim", "-es", "-N", "-u", str(installed_home / ".vimrc"), "-c", "qa"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    state = installed_home / ".local" / "state" / "beachhouse" / "vim"
    assert {p.name for p in state.iterdir()} == {"undo", "swap", "backup"}


@pytest.mark.parametrize(
    ("filetype", "expected"),
    [("python", "1 4 4"), ("yaml", "1 2 2"), ("make", "0 8 0"), ("text", "1 4 4")],
)
def test_vim_indents_each_filetype_its_own_way(installed_home, filetype, expected):
    out = installed_home / "out.txt"
    subprocess.run(
        ["vim", "-es", "-N", "-u", str(installed_home / ".vimrc")]
        + ["-c", f"set ft={filetype}", "-c", f"redir! > {out}"]
        + ["-c", "echo &expandtab &shiftwidth &softtabstop", "-c", "redir END", "-c", "qa"],
        check=True,
        timeout=30,
    )
    assert out.read_text(encoding="utf-8").strip() == expected


def test_vim_settings_after_the_block_win(installed_home):
    vimrc = installed_home / ".vimrc"
    vimrc.write_text(vimrc.read_text(encoding="utf-8") + "set nonumber\n", encoding="utf-8")
    out = installed_home / "out.txt"
    subprocess.run(
        ["vim", "-es", "-N", "-u", str(vimrc), "-c", f"redir! > {out}"]
        + ["-c", "echo &number &undofile &hlsearch", "-c", "redir END", "-c", "qa"],
        check=True,
        timeout=30,
    )
    assert out.read_text(encoding="utf-8").strip() == "0 1 1"


def test_tmux_loads_the_config_without_error(installed_home):
    socket_dir = tempfile.mkdtemp(prefix="bh-tmux-")  # socket paths must stay short
    tmux = ["tmux", "-S", f"{socket_dir}/s"]
    try:
        subprocess.run(
            tmux + ["-f", str(installed_home / ".tmux.conf"), "new-session", "-d"],
            check=True,
            timeout=30,
            env=shell_env(),
        )
        options = subprocess.run(
            tmux + ["show-options", "-g"], capture_output=True, text=True, check=True
        ).stdout
        # new-session -d starts even when a line of the file fails; sourcing it
        # again reports any error on stderr and in the exit status.
        reload = subprocess.run(
            tmux + ["source-file", str(installed_home / ".tmux.conf")],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        subprocess.run(tmux + ["kill-server"], check=False, capture_output=True)
        shutil.rmtree(socket_dir, ignore_errors=True)
    assert "mouse on" in options.splitlines()
    assert "history-limit 50000" in options.splitlines()
    assert (reload.returncode, reload.stderr) == (0, "")


def git_config(*args: str, cwd=None) -> str:
    return subprocess.run(
        ["git", "config", *args], capture_output=True, text=True, check=True, cwd=cwd
    ).stdout.strip()


def test_git_defaults_come_through_the_include(installed_home):
    assert git_config("--get", "init.defaultBranch") == "main"
    assert git_config("--get", "pull.rebase") == "true"
    assert git_config("--get", "alias.st") == "status --short --branch"


def test_git_settings_of_the_user_win(installed_home):
    (installed_home / ".gitconfig").write_text(
        "[user]\n\tname = Ada Lovelace\n[init]\n\tdefaultBranch = trunk\n", encoding="utf-8"
    )
    assert git_config("--get", "user.name") == "Ada Lovelace"
    assert git_config("--get", "init.defaultBranch") == "trunk"


def test_git_global_ignore_applies_in_every_repo(installed_home):
    repo = make_repo(installed_home / "src" / "p")
    paths = ["__pycache__/m.pyc", ".venv/bin/python", "src/app.py"]
    result = subprocess.run(
        ["git", "check-ignore", *paths], cwd=repo, capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == paths[:2]
