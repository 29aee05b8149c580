"""The beachhouse_home logic on its own: the parts a whole bootstrap rarely reaches."""

import sys

from harness import KIT

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
