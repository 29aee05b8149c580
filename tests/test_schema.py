"""One home for each fact: the config schema, and everything made or read from it.

lib/beachhouse/config.schema.json holds every config key with its default and its
description. The roles' defaults, the example config and the README's table are
generated from it; these tests fail when a copy drifts, or when a role or a shell
fragment uses a value that nothing defines or defines one that nothing reads.
"""

import re
import sys

import yaml

from harness import KIT

sys.path.insert(0, str(KIT / "lib"))
# pylint: disable=wrong-import-position,import-error  # lib/ joins sys.path just above
from beachhouse import generate, schema  # noqa: E402

SCHEMA = schema.load()
ROLES = KIT / "playbooks/roles"
# A role-prefixed name that is not a config key: the facts the roles pass to home, and
# home's own result (home_bytes is a field of it).
NOT_CONFIG = re.compile(r"^(\w+_declared|\w+_result|home_bytes)$")
ROLE_NAMES = "|".join(sorted(p.name for p in ROLES.iterdir()))


def test_every_generated_file_matches_the_schema():
    stale = [
        str(path.relative_to(KIT))
        for path, text in generate.outputs().items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `make generate`: {stale} drifted from the schema"


def test_every_key_has_a_default_and_a_description():
    for key in schema.keys(SCHEMA):
        assert key.description.endswith("."), key
        assert yaml.safe_load(generate.flow(key.default)) == key.default


def test_every_role_default_is_a_config_key_and_every_internal_value_is_double_underscored():
    variables = schema.role_defaults(SCHEMA)
    for defaults in ROLES.glob("*/defaults/main.yml"):
        for name, value in (yaml.safe_load(defaults.read_text(encoding="utf-8")) or {}).items():
            assert variables.get(name, object()) == value, f"{defaults}: {name}"
    for internal in ROLES.glob("*/vars/main.yml"):
        names = yaml.safe_load(internal.read_text(encoding="utf-8")) or {}
        assert all(name.startswith("__") for name in names), internal


def test_the_roles_use_no_role_variable_the_schema_does_not_define():
    # A role default outside the schema (as shell_projects_dir was) is one no user can set.
    variables = set(schema.role_defaults(SCHEMA))
    used = set()
    for path in [*ROLES.rglob("*.yml"), *ROLES.rglob("*.j2"), KIT / "playbooks/site.yml"]:
        used |= set(re.findall(rf"\b(?<!__)(?:{ROLE_NAMES})_[a-z_]+\b", path.read_text()))
    unknown = {name for name in used - variables if not NOT_CONFIG.match(name)}
    assert not unknown
    # ...and every key is read by some role.
    assert variables <= used


def test_every_variable_the_kit_writes_for_the_shell_has_a_reader():
    written = set()
    for template in ROLES.glob("*/templates/*.sh.j2"):
        written |= set(re.findall(r"^(BEACHHOUSE_\w+)=", template.read_text(), re.M))
    readers = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for folder in ("dotfiles", "scripts")
        for path in (KIT / folder).rglob("*")
        if path.is_file()
    )
    assert written, "the templates write no variables: this test reads the wrong files"
    unread = {name for name in written if not re.search(rf"\$\{{?{name}\b", readers)}
    assert not unread


def test_every_variable_bootstrap_exports_for_ansible_has_a_reader():
    exported = set(re.findall(r"\b(BEACHHOUSE_\w+)=", (KIT / "bootstrap.sh").read_text()))
    # The script's own constants and test seams, read by bootstrap.sh itself.
    exported -= {"BEACHHOUSE_VERSION", "BEACHHOUSE_ARCHIVE_URL", "BEACHHOUSE_ARCHIVE_SHA256"}
    exported -= {"BEACHHOUSE_NO_MAIN", "BEACHHOUSE_TEST_STOP_AT"}
    plugins = "".join(p.read_text() for p in (KIT / "playbooks").rglob("*.py"))
    unread = {name for name in exported if f'"{name}"' not in plugins}
    assert not unread


def test_every_role_of_the_play_declares_its_files_and_home_applies_them_last():
    plays = yaml.safe_load((KIT / "playbooks/site.yml").read_text(encoding="utf-8"))
    (play,) = [play for play in plays if "roles" in play]
    roles = [entry["role"] for entry in play["roles"]]
    assert roles[-1] == "home" and roles.count("home") == 1
    # A role folder missing from the play would never be applied.
    assert set(roles) == {path.name for path in ROLES.iterdir()}
    for entry in play["roles"][:-1]:
        assert entry["tags"] == [entry["role"]]
        tasks = (ROLES / entry["role"] / "tasks/main.yml").read_text(encoding="utf-8")
        assert f"{entry['role']}_declared:" in tasks
    # home knows no role by name: it collects from the play whatever each one declared.
    home = "".join(p.read_text(encoding="utf-8") for p in (ROLES / "home").rglob("*.yml"))
    others = "|".join(sorted(p.name for p in ROLES.iterdir() if p.name != "home"))
    assert not re.findall(rf"\b(?:{others})_\w+", home)
