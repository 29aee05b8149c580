"""Fixtures shared by every test: no test may touch the real $HOME."""

import os
from pathlib import Path

import pytest

KIT = Path(__file__).resolve().parent.parent


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
