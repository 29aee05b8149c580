"""The config file's schema and its one-line errors, without a bootstrap around them."""

import json
import sys

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
