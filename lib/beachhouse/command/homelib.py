"""The home module's logic (free of Ansible), imported from the kit's own playbooks: one
home for the marker-block format and for how a file is applied, backed up and removed."""

from __future__ import annotations

import importlib
import os
import sys


def home_module(kit: str):
    """playbooks/module_utils/beachhouse_home.py of *kit*, as a module.

    Imported by name from that folder, put first on sys.path (its beachhouse_places is
    found there too). Not a plain `import` statement: a linter given playbooks/library as
    well takes that for the Ansible module of the same name, which has none of these
    functions."""
    sys.path.insert(0, os.path.join(kit, "playbooks", "module_utils"))
    try:
        return importlib.import_module("beachhouse_home")
    finally:
        sys.path.pop(0)
