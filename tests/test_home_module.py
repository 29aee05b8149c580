"""The beachhouse_home logic on its own: the parts a whole bootstrap rarely reaches."""

import sys
from pathlib import Path

from harness import KIT, tree

sys.path.insert(0, str(KIT / "playbooks" / "module_utils"))
# pylint: disable=wrong-import-position,import-error,no-member
# (pylint takes playbooks/library/beachhouse_home.py for this module: same name.)
import beachhouse_home  # noqa: E402


def test_a_temp_file_left_by_a_killed_write_is_swept_on_the_next_run(fresh_home):
    target = fresh_home / ".config/beachhouse/shell"
    target.mkdir(parents=True)
    stale = target / f"{beachhouse_home.TEMP_PREFIX}abc123"
    stale.write_text("half a file")
    mine = target / ".beachhouse-notes"  # not the kit's temp prefix: left alone
    mine.write_text("the user's")
    home = beachhouse_home.Home("~/.local/state/beachhouse")
    home.apply([{"role": "shell", "path": str(target / "env.sh"), "content": "x=1\n"}])
    assert not stale.exists()
    assert mine.read_text() == "the user's"
    assert (target / "env.sh").read_text() == "x=1\n"


def test_check_mode_writes_nothing_not_even_state(fresh_home):
    (fresh_home / ".bashrc").write_text("# mine\n")
    home = beachhouse_home.Home("~/.local/state/beachhouse", check_mode=True)
    results = home.apply([{"role": "shell", "path": "~/.bashrc", "block": "echo hi\n"}])
    assert [r["action"] for r in results] == ["changed"]
    assert "echo hi" not in home.diffs[0]["before"] and "echo hi" in home.diffs[0]["after"]
    assert sorted(p.name for p in fresh_home.iterdir()) == [".bashrc"]


def test_the_first_change_is_backed_up_once(fresh_home):
    (fresh_home / ".vimrc").write_text('" mine\n')
    spec = {"role": "vim", "path": "~/.vimrc", "block": "set number\n", "comment": '"'}
    beachhouse_home.Home("~/.local/state/beachhouse", stamp="1").apply([spec])
    spec["block"] = "set nonumber\n"
    beachhouse_home.Home("~/.local/state/beachhouse", stamp="2").apply([spec])
    backups = sorted((fresh_home / ".local/state/beachhouse/backups").rglob(".vimrc"))
    assert [b.parent.name for b in backups] == ["1"]
    assert backups[0].read_text() == '" mine\n'


# -- real homes: links, one block per real file, warnings (issue 9) ---------------------------
STATE = "~/.local/state/beachhouse"
BASHRC = {"role": "shell", "path": "~/.bashrc", "position": "top", "rc_file": True,
          "line": "LINE", "block": "init\n"}  # fmt: skip
PROFILE = {"role": "shell", "path": ["~/.bash_profile", "~/.profile"], "rc_file": True,
           "line": "LINE", "partner": "~/.bashrc", "block": "via-rc\n",
           "partner_block": "direct\n"}  # fmt: skip


def apply(*specs, **options):
    home = beachhouse_home.Home(STATE, **options)
    results = home.apply(list(specs))
    return home, {Path(r["path"]).name: r["action"] for r in results}


def uninstall():
    beachhouse_home.Home(STATE).uninstall()


def test_a_profile_linked_to_the_bashrc_gets_one_block_and_its_backup_stays_original(
    fresh_home,
):
    original = b"# mine\nexport A=1\n"
    (fresh_home / ".bashrc").write_bytes(original)
    (fresh_home / ".bash_profile").symlink_to(".bashrc")
    before = tree(fresh_home)
    apply(BASHRC, PROFILE)
    text = (fresh_home / ".bashrc").read_text()
    assert text.count(beachhouse_home.BEGIN) == 1 and "init" in text and "via-rc" not in text
    assert (fresh_home / ".bash_profile").is_symlink()
    (backup,) = (fresh_home / ".local/state/beachhouse/backups").rglob(".bashrc")
    assert backup.read_bytes() == original
    _, again = apply(BASHRC, PROFILE)
    assert set(again.values()) == {"ok"}
    uninstall()
    assert tree(fresh_home, skip=(".local",)) == before


def test_a_backup_is_never_replaced_by_a_later_copy(fresh_home):
    (fresh_home / ".vimrc").write_text("one\n")
    home = beachhouse_home.Home(STATE, stamp="same")
    first = home._backup(str(fresh_home / ".vimrc"))  # pylint: disable=protected-access
    (fresh_home / ".vimrc").write_text("two\n")
    assert home._backup(str(fresh_home / ".vimrc")) == first  # pylint: disable=protected-access
    assert Path(first).read_text(encoding="utf-8") == "one\n"


def test_a_link_into_the_users_repository_is_not_written_and_says_which_line_to_add(
    fresh_home,
):
    repo = fresh_home / "dotfiles"
    repo.mkdir()
    (repo / "bashrc").write_text("# in git\n")
    (fresh_home / ".bashrc").symlink_to(repo / "bashrc")
    home, actions = apply(BASHRC)
    assert (repo / "bashrc").read_text() == "# in git\n" and ".bashrc" not in actions
    assert len(home.warnings) == 1
    warning = home.warnings[0]
    assert warning["message"] == (
        "~/.bashrc is a link to ~/dotfiles/bashrc (yours): the kit writes nothing through it;"
        " to get the kit, add this line to it: LINE"
    )


def test_follow_links_writes_through_a_link_inside_home_but_never_outside(fresh_home, tmp_path):
    (fresh_home / "dotfiles").mkdir()
    (fresh_home / "dotfiles/bashrc").write_text("# in git\n")
    (fresh_home / ".bashrc").symlink_to(fresh_home / "dotfiles/bashrc")
    outside = tmp_path / "elsewhere"
    (fresh_home / ".zshrc").symlink_to(outside / "zshrc")  # dangling, outside $HOME
    zshrc = {**BASHRC, "path": "~/.zshrc"}
    home, _ = apply(BASHRC, zshrc, follow_links=True)
    assert "init" in (fresh_home / "dotfiles/bashrc").read_text()
    assert not outside.exists()
    assert len(home.warnings) == 1
    warning = home.warnings[0]
    assert "outside your home: the kit writes only under $HOME" in warning["message"]


def test_a_read_only_file_is_skipped_with_a_warning_and_the_rest_applies(fresh_home):
    (fresh_home / ".bashrc").write_text("# locked\n")
    (fresh_home / ".bashrc").chmod(0o444)
    vimrc = {"role": "vim", "path": "~/.vimrc", "comment": '"', "block": "x\n"}
    home, actions = apply(BASHRC, vimrc)
    assert (fresh_home / ".bashrc").read_text() == "# locked\n"
    assert actions == {".vimrc": "created"}
    assert [w["message"].split(";")[0] for w in home.warnings] == [
        "~/.bashrc is read-only: skipped"
    ]


def test_kit_files_under_a_folded_config_folder_get_one_warning_and_no_write(fresh_home):
    (fresh_home / "dotfiles/config").mkdir(parents=True)
    (fresh_home / ".config").symlink_to("dotfiles/config")
    specs = [
        {"role": "shell", "path": f"~/.config/beachhouse/shell/{n}", "content": "x\n"}
        for n in ("a.sh", "b.sh")
    ]
    home, actions = apply(*specs)
    assert not actions and not (fresh_home / "dotfiles/config/beachhouse").exists()
    assert len(home.warnings) == 1
    warning = home.warnings[0]
    assert warning["message"].startswith("~/.config is a link to ~/dotfiles/config (yours)")
    assert "stow --no-folding" in warning["message"]


def test_crlf_and_an_early_exit_above_the_block_are_warned_about(fresh_home):
    (fresh_home / ".bashrc").write_bytes(b"# mine\r\nalias x=y\r\n")
    (fresh_home / ".bash_profile").write_text("export A=1\nexec zsh\n")
    home, _ = apply(BASHRC, PROFILE)
    messages = [w["message"] for w in home.warnings]
    assert messages[0].startswith("~/.bashrc has Windows (CRLF) line endings")
    assert "sed -i 's/\\r$//' ~/.bashrc" in messages[0]
    assert messages[1].startswith("~/.bash_profile line 2 (exec zsh) can end it before")
    assert len(messages) == 2


def test_zdotdir_from_zshenv_gets_the_block_and_no_stray_zshrc(fresh_home):
    (fresh_home / ".zshenv").write_text('export ZDOTDIR="$HOME/.config/zsh"\n')
    (fresh_home / ".config/zsh").mkdir(parents=True)
    zshrc = {**BASHRC, "path": "~/.zshrc", "zdotdir": True}
    home, actions = apply(zshrc)
    assert actions == {".zshrc": "created"}
    assert "init" in (fresh_home / ".config/zsh/.zshrc").read_text()
    assert not (fresh_home / ".zshrc").exists()
    assert "ZDOTDIR" in home.warnings[0]["message"]


def test_a_block_kit_0_1_appended_moves_to_the_top_and_one_the_user_moved_stays(fresh_home):
    begin, end = beachhouse_home.markers("#")
    (fresh_home / ".bashrc").write_text(f"export MINE=1\n{begin}old\n{end}")
    apply(BASHRC)
    assert (fresh_home / ".bashrc").read_text() == f"{begin}init\n{end}export MINE=1\n"
    (fresh_home / ".bashrc").write_text(f"set -u\n{begin}init\n{end}export MINE=1\n")
    _, actions = apply(BASHRC)
    assert actions == {".bashrc": "ok"}


def test_a_profile_that_bashrc_sources_runs_the_init_itself(fresh_home):
    (fresh_home / ".bashrc").write_text('[ -n "$PS1" ] && source ~/.bash_profile\n')
    (fresh_home / ".bash_profile").write_text("export MINE=1\n")
    apply(BASHRC, PROFILE)
    assert "direct" in (fresh_home / ".bash_profile").read_text()
    (fresh_home / ".bashrc").write_text("# nothing of the profile\n")
    (fresh_home / ".bash_profile").write_text("export MINE=1\n")
    beachhouse_home.Home(STATE).uninstall()
    apply(BASHRC, PROFILE)
    assert "via-rc" in (fresh_home / ".bash_profile").read_text()


def test_a_vimrc_the_kit_creates_gets_the_new_file_block_for_good(fresh_home):
    vimrc = {"role": "vim", "path": "~/.vimrc", "comment": '"', "position": "top",
             "block": "mine-exists\n", "new_file_block": "defaults\n"}  # fmt: skip
    apply(vimrc)
    assert "defaults" in (fresh_home / ".vimrc").read_text()
    _, actions = apply(vimrc)
    assert actions == {".vimrc": "ok"}


def test_the_cache_folder_goes_at_uninstall_with_the_parents_the_kit_made(fresh_home):
    cache = {"role": "shell", "path": "~/.cache/beachhouse", "cache": True}
    apply(cache)
    (fresh_home / ".cache/beachhouse/kubectl-completion.bash").write_text("x")
    uninstall()
    assert not (fresh_home / ".cache").exists()


def test_history_kit_0_1_kept_apart_goes_back_into_bash_history(fresh_home):
    state = fresh_home / ".local/state/beachhouse"
    state.mkdir(parents=True)
    (fresh_home / ".bash_history").write_text("old\n")
    (state / "bash_history").write_text("old\ntyped with the kit\n")
    (state / "bash_history").chmod(0o644)
    uninstall()
    assert (fresh_home / ".bash_history").read_text() == "old\ntyped with the kit\n"
    assert (fresh_home / ".bash_history").stat().st_mode & 0o777 == 0o600
    assert not (state / "bash_history").exists()
