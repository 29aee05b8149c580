"""Uninstall gives back every original byte for byte and keeps the user's later lines.

The round-trip properties run against the home module's logic directly, over many
generated homes; then once for real, through bootstrap.sh in a cloud-shell profile.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from harness import KIT, prepare, snapshot_dir

sys.path.insert(0, str(KIT / "playbooks" / "module_utils"))
import beachhouse_home  # noqa: E402  pylint: disable=import-error,wrong-import-position

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


def leftover_temps(home: Path) -> list:
    """Temp files of an interrupted write (`.beachhouse-XXXXXXXX`, `.beachhouse-link-PID`)."""
    return [str(p.relative_to(home)) for p in home.rglob(".beachhouse-*")]


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


MINE = "export MY_OWN=1\n"


@pytest.mark.slow
@settings(
    max_examples=1,
    deadline=None,
    phases=[Phase.generate],
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# ~/.bashrc stays AWS CloudShell's stock one: the user adds a line to it after install.
@given(files=HOMES.filter(lambda f: len(f) >= 4 and ".bashrc" not in f))
def test_a_real_uninstall_restores_every_original_and_keeps_lines_added_after_install(
    make_shell, files
):
    shell = prepare(make_shell("aws-cloudshell"))
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
    stock = shell.profile.stock[".bashrc"]
    backups = list((shell.home / ".local/state/beachhouse/backups").rglob(".bashrc"))
    assert backups and backups[0].read_text() == stock
    with open(shell.home / ".bashrc", "a", encoding="utf-8") as rc:
        rc.write(MINE)

    removed = shell.bootstrap("--uninstall")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    after = shell.snapshot()
    bashrc = after.pop(".bashrc")[1].decode()
    assert MINE in bashrc and "beachhouse" not in bashrc and bashrc.startswith(stock)
    del before[".bashrc"]
    # The named venv is the user's data now; everything else is as before install.
    assert {k: v for k, v in after.items() if not k.startswith(".venvs")} == before
