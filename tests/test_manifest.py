"""The no-change fast path's manifest (lib/beachhouse/manifest.py) on its own."""

import json
import shutil
import sys

from harness import KIT

sys.path.insert(0, str(KIT / "lib"))
# pylint: disable=wrong-import-position,import-error  # lib/ joins sys.path just above
from beachhouse import manifest  # noqa: E402


def make_kit(root):
    kit = root / "kit"
    (kit / "playbooks").mkdir(parents=True)
    (kit / "bootstrap.sh").write_text("main\n", encoding="utf-8")
    (kit / "playbooks/site.yml").write_text("- hosts: all\n", encoding="utf-8")
    # A write reads the kit's block format from the home module, as in a real kit.
    shutil.copytree(KIT / "playbooks/module_utils", kit / "playbooks/module_utils")
    return kit


def inputs_hash(kit):
    return manifest.kit_hash(manifest.kit_files(str(kit)))


def record(state, entries, config=None):
    """A state dir as the home module leaves it, and the run's inputs (config.json first)."""
    state.mkdir(parents=True, exist_ok=True)
    entries = {str(path): {"kind": kind} for path, kind in entries.items()}
    (state / manifest.INSTALLED).write_text(json.dumps({"entries": entries}), encoding="utf-8")
    config_json = state / "config.json"
    config_json.write_text(json.dumps(config or {}), encoding="utf-8")
    return [config_json]


def test_the_inputs_hash_follows_names_bytes_and_the_executable_bit(tmp_path):
    kit = make_kit(tmp_path)
    first = inputs_hash(kit)
    assert inputs_hash(kit) == first
    (kit / "bootstrap.sh").chmod(0o755)
    executable = inputs_hash(kit)
    (kit / "playbooks/site.yml").write_text("- hosts: local\n", encoding="utf-8")
    changed = inputs_hash(kit)
    (kit / "playbooks/__pycache__").mkdir()
    (kit / "playbooks/__pycache__/x.pyc").write_bytes(b"\0")
    assert len({first, executable, changed}) == 3
    assert inputs_hash(kit) == changed, "caches are not inputs"


def test_a_recorded_run_is_up_to_date_until_an_output_or_input_changes(fresh_home, tmp_path):
    kit, state = make_kit(tmp_path), fresh_home / ".local/state/beachhouse"
    rc, link = fresh_home / ".bashrc", fresh_home / ".local/bin/learn"
    rc.write_text("# mine\n", encoding="utf-8")
    link.parent.mkdir(parents=True)
    link.symlink_to("/kit/learn")
    inputs = record(state, {rc: "file", link: "link"})
    kit, state, inputs = str(kit), str(state), [str(path) for path in inputs]
    assert not manifest.check(kit, state, inputs), "no manifest yet"
    manifest.write(kit, state, inputs)
    assert manifest.check(kit, state, inputs)
    link.unlink()
    link.symlink_to("/elsewhere")
    assert not manifest.check(kit, state, inputs)
    manifest.write(kit, state, inputs)
    with open(inputs[0], "w", encoding="utf-8") as handle:
        json.dump({"shell_history_size": 5}, handle)
    assert not manifest.check(kit, state, inputs)


def test_named_venvs_are_outputs_in_the_schemas_default_folder(fresh_home):
    state = fresh_home / ".local/state/beachhouse"
    record(state, {}, {"venvs_envs": [{"name": "ml"}]})
    config = {"venvs_envs": [{"name": "ml"}]}
    outputs = manifest.managed_outputs(state, config)
    assert outputs == {str(fresh_home / ".venvs/ml"): ["venv", None]}
    assert not manifest.managed_outputs(state, {**config, "venvs_enabled": False})
    assert list(manifest.managed_outputs(state, {**config, "venvs_dir": "~/v"})) == [
        str(fresh_home / "v/ml")
    ]


def test_main_exits_1_when_anything_drifted(fresh_home, tmp_path):
    kit, state = make_kit(tmp_path), fresh_home / "state"
    inputs = [str(p) for p in record(state, {})]
    args = ["--kit", str(kit), "--state-dir", str(state), "--inputs", *inputs]
    assert manifest.main(["check", *args]) == 1
    assert manifest.main(["write", *args]) == 0
    assert manifest.main(["check", *args]) == 0
