"""`beachhouse config --show`: the effective config, and where each value came from.

Each key of the schema shows its value from the config file a run reads (this home's
config.yml, else the fork's beachhouse.yml) or, when the file does not set it, the
role's default. It reads YAML, so it runs in the tool venv.
"""

from __future__ import annotations

import json
import os
import sys

from beachhouse.command import paths, tool


def rows(kit: str, source: str) -> list[tuple[str, str, str]]:
    """(key, value, where from) for every key the schema knows."""
    # pylint: disable-next=import-outside-toplevel,import-error # the tool venv's
    import yaml

    with open(os.path.join(kit, "lib/beachhouse/config.schema.json"), encoding="utf-8") as handle:
        schema = json.load(handle)
    data = {}
    if source:
        with open(source, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
    result = []
    for section, spec in schema["properties"].items():
        defaults_file = os.path.join(kit, "playbooks/roles", section, "defaults/main.yml")
        defaults = {}
        if os.path.isfile(defaults_file):
            with open(defaults_file, encoding="utf-8") as handle:
                defaults = yaml.safe_load(handle) or {}
        for key in spec.get("properties", {}):
            if key in (data.get(section) or {}):
                value, origin = data[section][key], paths.tilde(source)
            elif f"{section}_{key}" in defaults:
                value = defaults[f"{section}_{key}"]
                origin = f"default (playbooks/roles/{section}/defaults/main.yml)"
            else:
                value, origin = None, "unset"
            result.append((f"{section}.{key}", json.dumps(value), origin))
    return result


def main(argv: list[str]) -> int:
    """Print the effective config, one key a line."""
    if argv != ["--show"]:
        print(
            "beachhouse: error: config takes --show; see beachhouse config --help", file=sys.stderr
        )
        return 2
    if sys.flags.no_site:  # started by the launcher: rerun where yaml is
        if not tool.python():
            print(
                "beachhouse: error: the tool venv is gone; run beachhouse apply first",
                file=sys.stderr,
            )
            return 4
        return tool.run_kit_module("beachhouse.command.config", "--show").returncode
    source, origin = paths.find_config()
    where = {"home": "this home's own", "fork": "the fork's", "defaults": ""}[origin]
    print(f"config: {paths.tilde(source)} ({where})" if source else "config: none (defaults)")
    found = rows(paths.KIT, source)
    width = max(len(key) for key, _, _ in found)
    for key, value, origin_ in found:
        print(f"  {key:<{width}}  {value:<24}  {origin_}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
