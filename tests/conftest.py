"""Fixtures shared by every test: no test may touch the real $HOME."""

import os
import sys
import tempfile
from pathlib import Path

import pytest

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PROFILES, profile_param  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(autouse=True)
def fresh_home(tmp_path, monkeypatch):
    """Point HOME (and the XDG dirs) at an empty temp dir, as cookiecutter's own tests do."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    return home


@pytest.fixture(scope="session")
def kit() -> Path:
    """The kit's checkout, read-only for tests."""
    return KIT


@pytest.fixture(scope="session")
def uv_cache(tmp_path_factory) -> Path:
    """One package cache for the whole run: bakes and bootstraps stay fast and offline-ish."""
    shared = os.environ.get("BEACHHOUSE_TEST_UV_CACHE")
    if shared:
        return Path(shared)
    return tmp_path_factory.getbasetemp().parent / "uv-cache"


@pytest.fixture(scope="session")
def e2e_base(worker_id):
    """A base the unprivileged user can reach: a copy of the kit, a tools dir with uv."""
    # pylint: disable=import-outside-toplevel
    import shutil
    import subprocess

    from harness import copy_kit, ensure_user, prepare_e2e_root, system_bin_without_python
    from harness import uv_tools_dir

    root = prepare_e2e_root()
    user = ensure_user()
    cache = root / "uv-cache"
    cache.mkdir(exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix=f"run-{worker_id}-", dir=root))
    base.chmod(0o755)
    kit_copy = copy_kit(base / "kit")
    tools = uv_tools_dir(base / "tools")
    system_bin_without_python(base / "sysbin")
    if user:
        # Another run may be deleting its temp files under the cache meanwhile.
        subprocess.run(["chown", "-R", f"{user.pw_uid}:{user.pw_gid}", str(cache)], check=False)
    yield {"base": base, "kit": kit_copy, "tools": tools}
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def make_shell(e2e_base):
    """Build a CloudShell for a named profile; cleaned up after the test."""
    # pylint: disable=import-outside-toplevel
    from harness import BY_NAME, CloudShell

    made = []

    def make(name: str = "generic-linux"):
        shell = CloudShell(BY_NAME[name], e2e_base["base"], e2e_base["kit"], e2e_base["tools"])
        made.append(shell)
        return shell

    yield make
    for shell in made:
        shell.cleanup()


@pytest.fixture(scope="session")
def installs(e2e_base):
    """One real bootstrap per profile (after a dry run), with the test config, made when a
    test first asks for it and kept for the whole session. (pytest's own cache of a
    parametrized session fixture holds one value at a time: tests of different profiles
    interleaved on one worker would reinstall at every switch.)"""
    # pylint: disable=import-outside-toplevel
    from harness import BY_NAME, VOLATILE, CloudShell, outside_home, prepare, snapshot_dir

    made = {}

    def install(name: str):
        if name in made:
            return made[name]
        base = e2e_base["base"]
        shell = prepare(CloudShell(BY_NAME[name], base, e2e_base["kit"], e2e_base["tools"]))
        shell.before = shell.snapshot()
        shell.dry_run = shell.bootstrap("--check")
        shell.after_dry_run = shell.snapshot()
        # The dry run keeps its log outside $HOME, in TMPDIR: the install must add nothing more.
        shell.outside_before = outside_home(shell)
        result = shell.bootstrap()
        if result.returncode != 0:
            shell.cleanup()
            pytest.fail(f"the {name} install failed:\n{result.stdout}{result.stderr}")
        shell.first_output = result.stdout
        shell.reference = snapshot_dir(shell.home, VOLATILE, shell.root)
        shell.run(["git", "init", "-q", "-b", "main", str(shell.home / "src/flask-ml")])
        made[name] = shell
        return shell

    yield install
    for shell in made.values():
        shell.cleanup()


@pytest.fixture(params=[profile_param(p.name) for p in PROFILES])
def installed(request, installs):
    """The shared install of one profile. A test that changes the home puts it back before
    it ends (and says so); one that cannot uses `installed_copy`."""
    return installs(request.param)


@pytest.fixture
def installed_copy(installed, e2e_base):
    """A private copy of the installed home, for a test that changes it."""
    # pylint: disable=import-outside-toplevel
    from harness import copy_home

    copy = copy_home(installed, e2e_base["base"])
    yield copy
    copy.cleanup()
