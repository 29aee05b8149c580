"""The shell environment of issue 3, after a real `bootstrap.sh` in each cloud-shell profile.

Tests that only read share one bootstrapped home per profile (a module-scoped fixture);
tests that must break something get a home of their own. The round-trip properties run
against the home module's logic directly, with many generated homes, and once for real.
"""

# pytest passes fixtures by argument name; `installed` is parametrized indirectly.
# pylint: disable=redefined-outer-name

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from harness import BY_NAME, KIT, PROFILES, CloudShell

sys.path.insert(0, str(KIT / "playbooks" / "module_utils"))
import beachhouse_home  # noqa: E402  pylint: disable=import-error,wrong-import-position

SHELLS = ["bash", "zsh"]
CONFIG = """\
aliases:
  projects:
    - {name: flask-ml, path: ~/src/flask-ml, venv: flask-ml}
venvs:
  envs:
    - {name: flask-ml, packages: []}
git:
  name: Ada Lovelace
  email: ada@example.com
"""
GCP_CONFIG = "platform:\n  gcp_boot_packages: [zsh]\n"
# Codespaces users arrive with an identity of their own; the kit must not replace it.
USER_GITCONFIG = {"codespaces": "[user]\n\tname = Grace Hopper\n"}
PROMPT_TAGS = {
    "aws-cloudshell": "[aws:us-east-1] ",
    "aws-cloud9-ubuntu": "[aws:eu-west-1] ",
    "gcp-cloudshell": "[gcp:my-project] ",
    "azure-cloudshell": "[azure] ",
    "codespaces": "[codespaces] ",
    "generic-linux": "",
}
# Debian's skel ~/.profile sources ~/.bashrc and then prepends ~/.local/bin itself.
DEBIAN_SKEL_PROFILES = {"aws-cloud9-ubuntu", "gcp-cloudshell", "codespaces"}
RENDER_PROMPT = {
    "bash": 'eval "$PROMPT_COMMAND"; printf "%s\\n" "${PS1@P}"',
    "zsh": 'for f in $precmd_functions; do $f; done; print -P -- "$PROMPT"',
}
PREFIX = "python -c 'import sys; print(sys.prefix)'"
# What a run leaves that is not the same from one run to the next: logs, backups and
# state stamped with the time, caches the shells fill, the tool venv (its own tests).
VOLATILE = (".local/state/beachhouse", ".local/share/beachhouse/venv", ".cache")


def summary(output: str) -> dict:
    """The counts of the last `roles: changed=N ok=N failed=N` line."""
    line = [l for l in output.splitlines() if l.startswith("roles: ")][-1]
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def role_line(output: str, role: str) -> str:
    """The summary line of one role, e.g. `venvs      ok`, with its spacing squeezed."""
    lines = [" ".join(l.split()) for l in output.splitlines() if l.startswith(f"  {role} ")]
    return lines[-1] if lines else ""


def snapshot_dir(home: Path, skip=(".local/state/beachhouse",), root=None) -> dict:
    """Every path under *home* with its bytes, link target or mode, *home* written as ~
    (and *root*, the folder of a profile's own Python, as <root>).

    Folders that merely lead to a skipped one are left out, as CloudShell.snapshot does.
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


def leftover_temps(home: Path) -> list:
    """Temp files of an interrupted write (`.beachhouse-XXXXXXXX`, `.beachhouse-link-PID`)."""
    return [
        str(p.relative_to(home))
        for p in home.rglob(".beachhouse-*")
        if p.name != ".beachhouse-lock" and ".local/share/beachhouse/venv" not in str(p)
    ]


def prepare(shell: CloudShell) -> CloudShell:
    """Give a fresh home the config every profile is tested with."""
    config = CONFIG + (GCP_CONFIG if shell.profile.platform == "gcp-cloudshell" else "")
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


def fresh_shell(e2e_base, name: str) -> CloudShell:
    return CloudShell(BY_NAME[name], e2e_base["base"], e2e_base["kit"], e2e_base["tools"])


@pytest.fixture(
    scope="module",
    params=[
        pytest.param(p.name, marks=pytest.mark.xdist_group(f"shell-env-{p.name}")) for p in PROFILES
    ],
)
def installed(request, e2e_base):
    """One real bootstrap per profile, with the test config, shared by tests that only read.

    A test that changes the home puts it back before it ends (and says so).
    """
    shell = prepare(fresh_shell(e2e_base, request.param))
    shell.outside_before = outside_home(shell)
    result = shell.bootstrap()
    assert result.returncode == 0, result.stdout + result.stderr
    shell.first_output = result.stdout
    shell.reference = snapshot_dir(shell.home, VOLATILE, shell.root)
    shell.run(["git", "init", "-q", "-b", "main", str(shell.home / "src/flask-ml")])
    yield shell
    shell.cleanup()


def on(*names: str):
    """Parametrize `installed` with only these profiles."""
    return pytest.mark.parametrize(
        "installed",
        [pytest.param(n, marks=pytest.mark.xdist_group(f"shell-env-{n}")) for n in names],
        indirect=True,
    )


def ok(shell: CloudShell, sh: str, script: str, **kwargs) -> str:
    """stdout of a script that must succeed in an interactive shell without a word on stderr."""
    result = shell.tty_shell(sh, script, **kwargs)
    assert (result.returncode, result.stderr) == (0, ""), result
    return result.stdout


# -- shells --------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("sh", SHELLS)
def test_interactive_shells_start_without_a_single_error_line(installed, sh):
    # Twice: zsh's first start builds the completion dump, the second reads it.
    for _ in range(2):
        result = installed.tty_shell(sh, "true")
        assert (result.returncode, result.stderr) == (0, ""), result


@pytest.mark.slow
@pytest.mark.parametrize("sh", SHELLS)
def test_aliases_workon_and_the_project_command_exist(installed, sh):
    first_prompt = {
        "bash": 'eval "$PROMPT_COMMAND"',
        "zsh": "for f in $precmd_functions; do $f; done",
    }
    out = ok(installed, sh, f"{first_prompt[sh]}; type workon flask-ml ll la .. gs; alias ll gs")
    assert "workon is a" in out and "flask-ml is a" in out
    assert "ls -alF" in out and "git status" in out
    assert ok(installed, sh, "workon").split() == ["flask-ml"]


@pytest.mark.slow
@pytest.mark.parametrize("sh", SHELLS)
def test_the_project_command_cds_and_activating_changes_python(installed, sh):
    venv = installed.home / ".venvs/flask-ml"
    out = ok(installed, sh, f"{PREFIX}; flask-ml; pwd; echo $VIRTUAL_ENV; {PREFIX}").split()
    assert out[0] != str(venv), "python was the venv's before activation"
    assert out[1:] == [str(installed.home / "src/flask-ml"), str(venv), str(venv)]


@pytest.mark.slow
@pytest.mark.parametrize("sh", SHELLS)
def test_workon_activates_the_configured_venv_and_deactivate_undoes_it(installed, sh):
    venv = installed.home / ".venvs/flask-ml"
    out = ok(installed, sh, f"{PREFIX}; workon flask-ml; {PREFIX}; deactivate; {PREFIX}").split()
    assert out[1] == str(venv) != out[0] == out[2]


@pytest.mark.slow
@pytest.mark.parametrize("sh", SHELLS)
def test_the_prompt_shows_the_platform_venv_and_branch(installed, sh):
    prompt = ok(installed, sh, f"flask-ml; {RENDER_PROMPT[sh]}").splitlines()[-1]
    tag = PROMPT_TAGS[installed.profile.name]
    assert prompt.startswith(f"{tag}(flask-ml) ~/src/flask-ml (main)"), prompt


@pytest.mark.slow
def test_vim_loads_the_vimrc_without_an_error(installed):
    out = installed.root / "vim.out"
    try:
        result = installed.run(
            ["vim", "-es", "-N", "-u", str(installed.home / ".vimrc"), "-c", f"redir! > {out}"]
            + ["-c", "echo &number &undofile &hlsearch", "-c", "redir END", "-c", "qa"]
        )
        loaded = out.read_text(encoding="utf-8").split()
    finally:
        out.unlink(missing_ok=True)  # the shared shell's folder stays as the install left it
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert loaded == ["1", "1", "1"], "the vimrc was not loaded"


ENVIRONMENT = "env | grep -v -e '^_=' -e '^SHLVL=' -e '^PATH=' | sort; alias; declare -F"


@pytest.mark.slow
def test_a_login_shell_gets_the_same_environment_as_an_interactive_one(installed):
    interactive = ok(installed, "bash", ENVIRONMENT)
    login = ok(installed, "bash", ENVIRONMENT, login=True)
    assert "workon" in login and "flask-ml" in login
    assert login == interactive


@pytest.mark.slow
def test_a_login_shell_has_local_bin_on_path_once(installed):
    # Debian's skel ~/.profile prepends ~/.local/bin again after it sources ~/.bashrc:
    # the kit's block at its end takes the duplicate out.
    path = ok(installed, "bash", "echo $PATH", login=True).strip().split(":")
    assert path.count(str(installed.home / ".local/bin")) == 1, path


# -- the runs themselves -----------------------------------------------------------------------
@pytest.mark.slow
@on("aws-cloudshell", "azure-cloudshell")
def test_a_second_full_run_changes_nothing_on_old_and_new_ansible(installed):
    version = installed.run(
        [str(installed.home / ".local/share/beachhouse/venv/bin/ansible"), "--version"]
    )
    newest = re.search(r"ansible-core==([\d.]+)", (KIT / "requirements/py3.13.txt").read_text())[1]
    expected = "2.15." if installed.profile.python == "3.9" else newest
    assert f"ansible [core {expected}" in version.stdout, version.stdout
    assert role_line(installed.first_output, "venvs") == "venvs changed 2 changes"

    full = installed.bootstrap("--full")
    assert full.returncode == 0, full.stdout + full.stderr
    assert summary(full.stdout)["changed"] == 0, full.stdout
    assert role_line(full.stdout, "venvs") == "venvs ok"
    assert installed.bootstrap().stdout.endswith("beachhouse: up to date\n")


@pytest.mark.slow
@on("generic-linux", "codespaces")
def test_the_git_identity_comes_from_config_and_the_users_own_name_wins(installed):
    def git(key):
        return installed.run(["git", "config", "--get", key]).stdout.strip()

    user_set = installed.profile.name in USER_GITCONFIG
    assert git("user.name") == ("Grace Hopper" if user_set else "Ada Lovelace")
    assert git("user.email") == "ada@example.com"
    if user_set:
        assert (installed.home / ".gitconfig").read_text() == USER_GITCONFIG["codespaces"]


@pytest.mark.slow
@on("gcp-cloudshell")
def test_gcp_boot_packages_go_to_customize_environment_and_nothing_outside_home(installed):
    script = installed.home / ".customize_environment"
    assert script.stat().st_mode & 0o111 == 0o111
    assert re.search(r"apt-get install .*\bzsh\b", script.read_text())
    assert outside_home(installed) == installed.outside_before
    assert installed.sudo_calls() == []


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
@on("azure-cloudshell")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_run_killed_during_ansible_converges_when_run_again(installed, e2e_base, sig):
    shell = prepare(fresh_shell(e2e_base, installed.profile.name))
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
    # The kit's block sits at the top now (issue 9): the user's lines follow it, whole.
    assert (shell.home / ".bashrc").read_text().endswith(shell.profile.stock[".bashrc"] + mine)
    assert shell.bootstrap().stdout.endswith("beachhouse: up to date\n")

    removed = shell.bootstrap("--uninstall")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    after = shell.snapshot()
    # The named venv is the user's data now; everything else is as before install.
    assert {k: v for k, v in after.items() if not k.startswith(".venvs")} == original
    shell.cleanup()


# -- uninstall round trips -----------------------------------------------------------------------
# The engine's declarations, reduced to one of each kind it uses (see playbooks/roles/*/vars).
SPECS = [
    {"role": "shell", "path": "~/.config/beachhouse/shell/init.bash", "content": "# init\n"},
    {
        "role": "shell",
        "path": "~/.bashrc",
        "block": '. "$HOME/.config/beachhouse/shell/init.bash"\n',
    },
    {"role": "shell", "path": "~/.zshrc", "block": '. "$HOME/.config/beachhouse/shell/init.zsh"\n'},
    {
        "role": "shell",
        "path": ["~/.bash_profile", "~/.bash_login", "~/.profile"],
        "block": '. "$HOME/.bashrc"\n',
        "unless_contains": ".bashrc",
    },
    {"role": "vim", "path": "~/.vimrc", "comment": '"', "position": "top", "block": "source x\n"},
    {"role": "git", "path": "~/.config/git/config", "position": "top", "block": "[include]\n"},
    {"role": "tmux", "path": "~/.tmux.conf", "position": "top", "block": "source-file x\n"},
    {"role": "kit", "path": "~/.local/bin/learn", "link": "~/.local/share/beachhouse/kit/learn"},
    {"role": "platform", "path": "~/.customize_environment", "mode": "0755", "block": "apt-get\n"},
]
DOTFILES = [
    ".bashrc", ".zshrc", ".bash_profile", ".bash_login", ".profile", ".vimrc", ".tmux.conf",
    ".config/git/config", ".customize_environment", ".local/bin/learn",
    ".config/beachhouse/shell/init.bash",
]  # fmt: skip
# pylint sees playbooks/library/beachhouse_home.py under the same name.
MARKERS = beachhouse_home.markers("#")  # pylint: disable=no-member
BEGIN, END = (line.rstrip("\n") for line in MARKERS)
LINES = st.one_of(
    st.sampled_from(
        ["", "# comment", ". ~/.bashrc", "export PATH=$HOME/bin:$PATH", "\tindented", "x\r",
         "# >>> beachhouse >>>", "# <<< beachhouse <<<", '" >>> beachhouse >>>']  # fmt: skip
    ),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=30),
)
CONTENT = st.builds(
    lambda lines, end, junk: "\n".join(lines).encode() + (b"\n" if end else b"") + junk,
    # A file holding both of the kit's markers holds a kit block, whoever wrote it.
    st.lists(LINES, max_size=8).filter(lambda lines: not {BEGIN, END} <= set(lines)),
    st.booleans(),
    st.sampled_from([b"", b"\xff\xfe not utf-8\n"]),
)
# A pre-existing dotfile: content and mode, or a link into the user's own dotfiles repo.
EXISTING = st.one_of(
    st.tuples(st.just("file"), CONTENT, st.sampled_from([0o644, 0o600, 0o755])),
    st.tuples(st.just("link"), CONTENT, st.just(0o644)),
)
HOMES = st.dictionaries(st.sampled_from(DOTFILES), EXISTING, max_size=len(DOTFILES))


def lay_out(home: Path, files: dict) -> None:
    """Write the generated dotfiles; a `link` one points into ~/dotfiles, as stow would."""
    for relative, (kind, data, mode) in sorted(files.items()):
        path = home / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "link":
            target = home / "dotfiles" / relative.replace("/", "_")
            target.parent.mkdir(exist_ok=True)
            path.symlink_to(target)
            path = target
        path.write_bytes(data)
        path.chmod(mode)


def apply_specs(state_dir: str) -> list:
    return beachhouse_home.Home(state_dir).apply(SPECS)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=HOMES, runs=st.integers(1, 2))
def test_uninstall_restores_any_generated_dotfiles_byte_for_byte(files, runs):
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        home = Path(tmp)
        patch.setenv("HOME", tmp)
        lay_out(home, files)
        before = snapshot_dir(home)
        for _ in range(runs):
            apply_specs("~/.local/state/beachhouse")
        assert all(r["action"] == "ok" for r in apply_specs("~/.local/state/beachhouse"))
        assert leftover_temps(home) == []
        beachhouse_home.Home("~/.local/state/beachhouse").uninstall()
        assert snapshot_dir(home) == before


@settings(max_examples=40, deadline=None)
@given(files=HOMES, added=st.sampled_from([".bashrc", ".zshrc", ".vimrc", ".tmux.conf"]))
def test_lines_added_after_install_survive_uninstall_of_generated_homes(files, added):
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        home = Path(tmp)
        patch.setenv("HOME", tmp)
        lay_out(home, files)
        apply_specs("~/.local/state/beachhouse")
        path = (home / added).resolve()
        with open(path, "ab") as rc:
            rc.write(b"\nexport ADDED_AFTER_INSTALL=1\n")
        beachhouse_home.Home("~/.local/state/beachhouse").uninstall()
        text = path.read_bytes()
        assert b"export ADDED_AFTER_INSTALL=1\n" in text
        assert b"beachhouse >>>" not in text.replace(files.get(added, ("", b""))[1], b"")


@pytest.mark.slow
@settings(
    max_examples=1,
    deadline=None,
    phases=[Phase.generate],
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=HOMES.filter(lambda f: len(f) >= 4))
def test_a_real_uninstall_restores_generated_dotfiles_byte_for_byte(make_shell, files):
    shell = prepare(make_shell("codespaces"))
    lay_out(shell.home, files)
    if shell.user:
        subprocess.run(
            ["chown", "-hR", f"{shell.user.pw_uid}:{shell.user.pw_gid}", str(shell.home)],
            check=True,
        )
    before = shell.snapshot()
    installed = shell.bootstrap()
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert shell.snapshot() != before
    removed = shell.bootstrap("--uninstall")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    after = shell.snapshot()
    assert {k: v for k, v in after.items() if not k.startswith(".venvs")} == before
