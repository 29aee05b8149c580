"""The config file's schema and its one-line errors, without a bootstrap around them."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness import KIT

sys.path.insert(0, str(KIT / "lib"))
# pylint: disable=wrong-import-position,import-error  # lib/ joins sys.path just above
from beachhouse import config  # noqa: E402


def test_the_commented_example_is_valid_and_shows_every_section(tmp_path):
    example = KIT / "dotfiles/config.example.yml"
    out = tmp_path / "vars.json"
    assert config.main([str(example), "--out", str(out)]) == 0
    schema = json.loads(config.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(config.load(example)) == set(schema["properties"])
    # The example spells out the defaults: its variables are the roles' own defaults.
    assert json.loads(out.read_text(encoding="utf-8"))["shell_history_size"] == 100000


def test_sections_become_role_variables():
    assert config.role_vars({"shell": {"history_size": 5}, "git": {"name": "A"}}) == {
        "shell_history_size": 5,
        "git_name": "A",
    }


def test_an_empty_file_is_the_defaults(tmp_path):
    path = tmp_path / "config.yml"
    path.write_text("# nothing yet\n")
    assert config.load(path) == {}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"vim": {"enabled": "yes"}}, "vim.enabled: expected a boolean, got 'yes'"),
        ({"venvs": {"envs": [{"packages": []}]}}, "venvs.envs[0]: 'name' is a required property"),
        ({"git": {"email": "not an email"}}, "git.email: 'not an email' does not match"),
        ({"aliases": {"extra": {"a b": "ls"}}}, "aliases.extra: 'a b' is not a safe name"),
        ([], "expected a mapping"),
    ],
)
def test_each_error_names_the_key_and_the_fix(tmp_path, data, message):
    path = tmp_path / "config.yml"
    path.write_text(json.dumps(data))  # JSON is YAML
    with pytest.raises(config.ConfigError) as error:
        config.validate(config.load(path), path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


# -- what config.py refuses that the schema cannot say -----------------------------------------
def refusal(tmp_path, text) -> str:
    """The one line config.py prints for a config file holding *text* (str or bytes)."""
    path = tmp_path / "config.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(config.ConfigError) as error:
        config.validate(config.load(path), path)
    assert "\n" not in str(error.value)
    return str(error.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("git:\n  name: a\n  name: b\n", "line 3: key 'name' is there twice (also line 2)"),
        ("1: x\n", "line 1: key 1 is not a name"),
        ("shell:\n  yes: 1\n", "key True is not a name"),
        ("git:\n  name: Jos\xe9\n".encode("latin-1"), "is not UTF-8 text"),
        (b"\x00\x01\x02\xff", "is a binary file"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 16 levels deep"),
        ("shell:\n  history_size: " + "9" * 5000 + "\n", "use a smaller value"),
        ("aliases:\n  projects:\n    - {name: local, path: ~/x}\n", "'local' is a shell builtin"),
        ("aliases:\n  extra: {then: ls}\n", "aliases.extra.then: 'then' is a shell builtin"),
        ("venvs:\n  envs:\n    - {name: a, packages: ['six --pre']}\n", "is not a requirement"),
        ("venvs:\n  dir: /tmp/v\n", "venvs.dir: '/tmp/v' is not a folder under $HOME"),
        ("venvs:\n  dir: ~/../elsewhere\n", "is not a folder under $HOME"),
    ],
)
def test_what_the_schema_cannot_see_is_refused_in_one_line(tmp_path, text, message):
    assert message in refusal(tmp_path, text)


def test_yaml_aliases_that_multiply_a_small_file_are_refused(tmp_path):
    laughs = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    for this, last in zip("bcde", "abcd"):
        laughs += f"{this}: &{this} [{', '.join([f'*{last}'] * 10)}]\n"
    assert "expands to more than" in refusal(tmp_path, laughs)


def test_a_merge_key_may_repeat_what_it_merges(tmp_path):
    path = tmp_path / "config.yml"
    text = "aliases: &base {enabled: true}\nvim:\n  <<: *base\n  enabled: false\n"
    path.write_text(text, encoding="utf-8")
    assert config.load(path)["vim"] == {"enabled": False}


@pytest.mark.parametrize("special", ["/dev/zero", "directory"])
def test_a_config_that_is_not_a_regular_file_is_refused(tmp_path, special):
    path = tmp_path if special == "directory" else special
    with pytest.raises(config.ConfigError, match="is (a directory|not a regular file)"):
        config.load(Path(path))


def test_every_bash_and_zsh_builtin_and_keyword_is_a_refused_name():
    found = subprocess.run(
        ["bash", "-c", "compgen -b; compgen -k"], capture_output=True, text=True, check=True
    ).stdout.split()
    if shutil.which("zsh"):
        found += subprocess.run(
            ["zsh", "-c", "print -l ${(k)builtins} ${(k)reswords}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    schema = json.loads(config.SCHEMA_PATH.read_text(encoding="utf-8"))
    name = re.compile(schema["$defs"]["name"]["pattern"])
    assert {word for word in found if name.match(word)} <= config.SHELL_WORDS


def test_a_name_that_hides_a_command_is_a_warning_not_an_error(tmp_path, capsys):
    path = tmp_path / "config.yml"
    path.write_text("aliases:\n  extra: {ls: 'ls -F'}\n", encoding="utf-8")
    assert config.main([str(path), "--out", str(tmp_path / "vars.json")]) == 0
    assert "'ls' hides the command" in capsys.readouterr().err


def test_every_string_reaches_ansible_marked_unsafe():
    text = config.ansible_vars({"git_name": "{{ 7*7 }}", "aliases_extra": {"g": ""}, "n": 5})
    assert json.loads(text) == {
        "git_name": {"__ansible_unsafe": "{{ 7*7 }}"},
        "aliases_extra": {"g": {"__ansible_unsafe": ""}},
        "n": 5,
    }


# -- every role off, on every ansible-core the locks hold --------------------------------------
ROLES_ON = """\
aliases:
  projects:
    - {{name: work, path: '~/x{{{{ 7*7 }}}}', venv: work}}
  extra: {{say: 'echo $(touch {canary})'}}
venvs:
  envs:
    - {{name: work}}
git:
  name: "{{{{ lookup('pipe', 'touch {canary}') }}}}Ada"
  email: ada@example.com
platform:
  gcp_boot_packages: [zsh]
"""
# ansible_run_tags is a tuple from 2.19 on: each lock's ansible-core, by the shell with its Python.
LOCKED_CORES = {
    "aws-cloudshell": "2.15",
    "aws-cloud9-ubuntu": "2.17",
    "gcp-cloudshell": "2.19",
    "azure-cloudshell": "2.21",
}


def block_or_file_left(path: Path, entry: dict) -> bool:
    """Whether what the kit recorded at *path* is still there."""
    if entry["kind"] == "link":
        return path.is_symlink() and os.readlink(path) == entry["target"]
    if not path.exists():
        return False
    if entry["kind"] == "block":
        return ">>> beachhouse >>>" in path.read_text(encoding="utf-8")
    return not entry.get("existed")


@pytest.mark.slow
@pytest.mark.parametrize(
    "profile",
    [
        pytest.param(p, id=f"ansible-core-{v}", marks=pytest.mark.xdist_group(f"roles-off-{v}"))
        for p, v in LOCKED_CORES.items()
    ],
)
def test_each_role_turned_off_takes_its_files_away(make_shell, profile):
    shell = make_shell(profile)
    canary = shell.root / "canary"
    shell.write(".config/beachhouse/config.yml", ROLES_ON.format(canary=canary))
    first = shell.bootstrap()
    assert first.returncode == 0, first.stdout + first.stderr
    # The config arrived as data: nothing ran, nothing was templated.
    assert not canary.exists()
    settings = (shell.home / ".config/beachhouse/git/settings").read_text(encoding="utf-8")
    assert f"{{{{ lookup('pipe', 'touch {canary}') }}}}Ada" in settings
    projects = (shell.home / ".config/beachhouse/shell/projects.sh").read_text(encoding="utf-8")
    assert "x{{ 7*7 }}" in projects and f"$(touch {canary})" in projects
    state = json.loads((shell.home / ".local/state/beachhouse/installed.json").read_text())
    entries = state["entries"]
    roles = {entry["role"] for entry in entries.values()}
    assert roles >= {"kit", "shell", "vim", "aliases", "venvs", "git", "tmux", "platform"} - (
        set() if profile == "gcp-cloudshell" else {"platform"}
    )

    schema = json.loads(config.SCHEMA_PATH.read_text(encoding="utf-8"))
    off = {
        role: {"enabled": False}
        for role, s in schema["properties"].items()
        if "enabled" in s["properties"]
    }
    shell.write(".config/beachhouse/config.yml", json.dumps(off))
    second = shell.bootstrap()
    assert second.returncode == 0, second.stdout + second.stderr
    left = [
        path
        for path, entry in entries.items()
        if entry["role"] in off and block_or_file_left(Path(path), entry)
    ]
    assert (
        left == []
    ), f"ansible-core {LOCKED_CORES[profile]} kept files of roles turned off:\n{second.stdout}"
    # Turning the venvs role off stops managing venvs; it never deletes one.
    assert (shell.home / ".venvs/work/bin/python").exists()
    assert not canary.exists()


# -- named venvs: the kit never deletes what it did not make -------------------------------------
def venvs_config(shell, python: str = "python3", packages: tuple = ()) -> None:
    envs = [{"name": "mine"}, {"name": "work", "python": python, "packages": list(packages)}]
    shell.write(".config/beachhouse/config.yml", json.dumps({"venvs": {"envs": envs}}))


@pytest.mark.slow
@pytest.mark.xdist_group("roles-off-2.21")
def test_named_venvs_keep_what_the_user_put_in_them(make_shell):
    from harness import pyenv_python  # pylint: disable=import-outside-toplevel

    shell = make_shell("azure-cloudshell")
    venvs = shell.home / ".venvs"
    # A venv the user made before declaring it: never the kit's to change.
    shell.run(["python3", "-m", "venv", "--without-pip", str(venvs / "mine")])
    shell.write(".venvs/mine/notes.txt", "mine\n")
    mine_before = sorted(p.name for p in (venvs / "mine").rglob("*"))
    venvs_config(shell)
    first = shell.bootstrap()
    assert first.returncode == 0, first.stdout + first.stderr
    assert "/.venvs/mine was not made by the kit: left as it is" in first.stdout
    assert sorted(p.name for p in (venvs / "mine").rglob("*")) == mine_before
    work = venvs / "work"
    assert json.loads((work / ".beachhouse.json").read_text())["made_by"] == "beachhouse"

    # A package change installs into the venv that is there: the user's files stay.
    shell.write(".venvs/work/data.txt", "results\n")
    venvs_config(shell, packages=("six",))
    second = shell.bootstrap()
    assert second.returncode == 0, second.stdout + second.stderr
    assert (work / "data.txt").exists()
    assert shell.run([str(work / "bin/python"), "-c", "import six"]).returncode == 0

    # A new Python: a new venv at its path, the old one kept beside until a later run.
    venvs_config(shell, python=str(pyenv_python("3.11")), packages=("six",))
    third = shell.bootstrap()
    assert third.returncode == 0, third.stdout + third.stderr
    assert (venvs / ".work.1/data.txt").exists() and not (work / "data.txt").exists()
    version = shell.run([str(work / "bin/python"), "-c", "import six, sys; print(sys.prefix)"])
    assert version.stdout.strip() == str(work), version
    assert (work / "bin/python").resolve().name.startswith("python3.11")
    assert shell.bootstrap("--full").returncode == 0
    assert not (venvs / ".work.1").exists()

    # Uninstall names the venvs it made and keeps them; --purge-venvs deletes them.
    removed = shell.bootstrap("--uninstall")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert f"kept the venvs the kit made: {venvs / 'work'}" in removed.stdout
    assert (venvs / "work/bin/python").exists()
    purged = shell.bootstrap("--uninstall", "--purge-venvs")
    assert purged.returncode == 0, purged.stdout + purged.stderr
    assert sorted(p.name for p in venvs.iterdir()) == ["mine"]
    assert sorted(p.name for p in (venvs / "mine").rglob("*")) == mine_before
