"""bootstrap.sh's functions one at a time, through its BEACHHOUSE_NO_MAIN seam.

Sourced with BEACHHOUSE_NO_MAIN set, the script defines its functions and runs nothing;
each test calls one of them in a real bash, as rustup's and nvm's tests do.
"""

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from harness import KIT, PROFILES, pyenv_python, supported_pythons, system_bin_without_python

LOCKED = supported_pythons()
RANGE = f"3.{LOCKED[0]} to 3.{LOCKED[-1]}"


def call(script: str, path: str = "/usr/bin:/bin", **env) -> subprocess.CompletedProcess:
    """Run *script* after sourcing bootstrap.sh (functions only) in a clean environment."""
    setup = f"BEACHHOUSE_NO_MAIN=1 . {KIT}/bootstrap.sh; setup_colour; KIT={KIT}; "
    setup += 'OPT_PLATFORM=""; OPT_PYTHON=""; '
    clean = {"HOME": os.environ["HOME"], "PATH": path, "NO_COLOR": "1", **env}
    return subprocess.run(
        ["/bin/bash", "-c", setup + script], capture_output=True, text=True, env=clean, check=False
    )


@pytest.fixture(scope="module")
def sysbin(tmp_path_factory) -> str:
    """The system's commands without its Pythons, so a test decides which Pythons exist."""
    return str(system_bin_without_python(tmp_path_factory.mktemp("sysbin")))


def fake_python(folder: Path, name: str, minor: int) -> Path:
    """A stand-in for a Python this machine has no build of: it reports its version only."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\necho 3 {minor}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_sourcing_with_the_seam_runs_nothing():
    result = call("echo defined: $(type -t main)")
    assert (result.returncode, result.stdout, result.stderr) == (0, "defined: function\n", "")


@pytest.mark.parametrize("profile", PROFILES, ids=[p.name for p in PROFILES])
def test_each_cloud_shell_is_detected_from_its_variables(profile, fresh_home):
    for folder in profile.dirs:
        (fresh_home / folder).mkdir()
    result = call("detect_platform; echo $PLATFORM", **profile.env)
    assert result.stdout.splitlines()[-1] == profile.platform


def test_cloud9_is_recognised_by_its_folders_alone(fresh_home):
    (fresh_home / "environment").mkdir()
    (fresh_home / ".c9").mkdir()
    assert call("detect_platform; echo $PLATFORM").stdout.splitlines()[-1] == "aws-cloud9"


def test_the_platform_option_wins_over_detection():
    result = call("OPT_PLATFORM=linux; detect_platform; echo $PLATFORM", CLOUD_SHELL="true")
    assert result.stdout.splitlines() == ["beachhouse: platform: linux (from --platform)", "linux"]


def test_the_supported_pythons_are_the_locks_there_are():
    result = call('supported_pythons; echo "$SUPPORTED|$SUPPORTED_RANGE"')
    assert result.stdout.strip() == " ".join(map(str, reversed(LOCKED))) + f"|{RANGE}"


def test_a_python_newer_than_the_locks_is_passed_over_for_a_locked_one(tmp_path, sysbin):
    fake_python(tmp_path, f"python3.{LOCKED[-1] + 1}", LOCKED[-1] + 1)
    real = pyenv_python(f"3.{LOCKED[-2]}")
    (tmp_path / real.name).symlink_to(real)
    result = call("find_python; echo $PY_MINOR $PYTHON", path=f"{tmp_path}:{sysbin}")
    assert result.stdout.split() == [str(LOCKED[-2]), str(tmp_path / real.name)], result


def test_a_python3_newer_than_the_locks_alone_is_refused(tmp_path, sysbin):
    fake_python(tmp_path, "python3", LOCKED[-1] + 1)
    result = call("find_python", path=f"{tmp_path}:{sysbin}")
    assert result.returncode == 4
    assert f"no Python {RANGE} on PATH" in result.stderr


def test_a_given_python_without_a_lock_is_refused_by_name(tmp_path):
    newer = fake_python(tmp_path, "python-next", LOCKED[-1] + 1)
    result = call(f"OPT_PYTHON={newer}; find_python")
    assert result.returncode == 4
    assert f"is Python 3.{LOCKED[-1] + 1}; the kit has locks for Python {RANGE}" in result.stderr


def test_a_tool_venv_built_for_a_python_no_longer_locked_is_not_reused(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin/python").symlink_to(pyenv_python(f"3.{LOCKED[-1]}"))
    ansible = venv / f"lib/python3.{LOCKED[-1]}/site-packages/ansible"
    ansible.mkdir(parents=True)
    (ansible / "__init__.py").touch()  # trusted only where its interpreter finds ansible
    (venv / ".beachhouse-lock").write_text("hash 8 /usr/bin/python3.8\n", encoding="utf-8")
    assert call(f"OPT_PYTHON=''; VENV={venv}; reuse_tool_python").returncode == 1
    (venv / ".beachhouse-lock").write_text(f"hash {LOCKED[-1]} /x/python\n", encoding="utf-8")
    reused = call(f"OPT_PYTHON=''; VENV={venv}; reuse_tool_python && echo $PY_MINOR $PYTHON")
    assert reused.stdout.split() == [str(LOCKED[-1]), "/x/python"]


def test_tilde_writes_paths_under_home_from_it(fresh_home):
    result = call(f'tilde "{fresh_home}/.config/x"; echo; tilde /etc/x; echo')
    assert result.stdout.splitlines() == ["~/.config/x", "/etc/x"]


def test_make_dirs_remembers_what_it_made_and_remove_created_dirs_undoes_it(fresh_home):
    (fresh_home / ".local").mkdir()
    script = (
        f"STATE_DIR={fresh_home}/.local/state/beachhouse; make_dirs {fresh_home}/.local/share/bh/x;"
        f" : > {fresh_home}/.local/keep; remove_created_dirs"
    )
    assert call(script).returncode == 0
    assert sorted(p.name for p in fresh_home.rglob("*")) == [".local", "keep"]


def test_ci_runs_the_kit_on_every_supported_python_and_no_other():
    # GitHub's matrix cannot read requirements/: where it must copy the list, it is checked.
    workflow = yaml.safe_load((KIT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    matrix = workflow["jobs"]["bootstrap"]["strategy"]["matrix"]["python"]
    assert sorted(int(version.split(".")[1]) for version in matrix) == LOCKED
    test_pythons = workflow["jobs"]["test"]["steps"][1]["with"]["python-version"].split()
    assert sorted(int(version.split(".")[1]) for version in test_pythons) == LOCKED
