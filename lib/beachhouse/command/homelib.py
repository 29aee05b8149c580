"""The home module's logic (free of Ansible), imported from the kit's own playbooks: one
home for the marker-block format and for how a file is applied, backed up and removed."""

from __future__ import annotations

import os
import sys


def home_module(kit: str):
    """playbooks/module_utils/beachhouse_home.py of *kit*, as a module."""
    sys.path.insert(0, os.path.join(kit, "playbooks", "module_utils"))
    try:
        # pylint: disable-next=import-outside-toplevel,import-error # found at run time
        import beachhouse_home
    finally:
        sys.path.pop(0)
    return beachhouse_home
