"""Where the kit keeps things in this home, and which config file a run reads.

These mirror bootstrap.sh's set_paths and choose_config (the first-run entry point must
stand alone, so it keeps its own few lines); tests/test_command.py holds them together.
Plain strings and os.path: pathlib alone would cost `status` a tenth of its budget.
"""

from __future__ import annotations

import os

# The kit this command belongs to: lib/beachhouse/command/ is three levels below it.
KIT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__)))))
FORK_CONFIG = "beachhouse.yml"
FORK_HOME = "home"


def home() -> str:
    return os.path.expanduser("~")


def _xdg(variable: str, default: str) -> str:
    return os.path.join(os.environ.get(variable) or os.path.join(home(), default), "beachhouse")


def config_dir() -> str:
    return _xdg("XDG_CONFIG_HOME", ".config")


def state_dir() -> str:
    return _xdg("XDG_STATE_HOME", ".local/state")


def data_dir() -> str:
    return _xdg("XDG_DATA_HOME", ".local/share")


def tool_venv() -> str:
    return os.path.join(data_dir(), "venv")


def home_config() -> str:
    return os.path.join(config_dir(), "config.yml")


def find_config(kit: str = KIT) -> tuple[str, str]:
    """The config file a run reads and where it comes from: the home's own config.yml,
    else the fork's beachhouse.yml at the kit's root, else none ("", the defaults)."""
    own = home_config()
    if os.path.isfile(own):
        return own, "home"
    fork = os.path.join(kit, FORK_CONFIG)
    if os.path.isfile(fork):
        return fork, "fork"
    return "", "defaults"


def tilde(path: str) -> str:
    """A path under $HOME written as ~/…, as the kit's messages show it."""
    text, base = str(path), home()
    return "~" + text[len(base) :] if text == base or text.startswith(base + "/") else text
