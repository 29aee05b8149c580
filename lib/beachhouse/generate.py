"""Write (or, with --check, compare) the files generated from config.schema.json.

The schema is the one home of each config key's default and description. From it come
each role's defaults/main.yml, dotfiles/config.example.yml and the table in README.md.
`make generate` rewrites them; the tests fail when one has drifted from the schema.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, Optional

import jsonschema
import yaml

from . import schema as config_schema

KIT = Path(__file__).resolve().parents[2]
GENERATED = "Generated from lib/beachhouse/config.schema.json by `make generate`: edit the schema."
TABLE_BEGIN = "<!-- config table: generated from lib/beachhouse/config.schema.json -->"
TABLE_END = "<!-- end of config table -->"
EXAMPLE_HEADER = """\
# beachhouse configuration: copy to ~/.config/beachhouse/config.yml and edit.
# Every key is optional; with no file at all you get the defaults shown here.
# Sections are the kit's roles. An unknown key or a wrong type stops the run
# with one line naming the key, before anything changes.
# Names (projects, venvs, aliases) are letters, digits, "-" and "_" only.
"""
PLAIN = re.compile(r"^[A-Za-z0-9~/][A-Za-z0-9~/._+@-]*(?: [A-Za-z0-9~/._+@-]+)*$")


def flow(value: Any) -> str:
    """*value* as one line of YAML: plain scalars where they read back the same."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, str) and PLAIN.match(value) and yaml.safe_load(value) == value:
        return value
    text = json.dumps(value)  # JSON is YAML: true, 80, "" and quoted strings
    assert yaml.safe_load(text) == value, value
    return text


def comment(text: str, indent: str = "") -> str:
    return "".join(f"{indent}# {line}\n" for line in textwrap.wrap(text, 88 - len(indent)))


def valid(schema: dict, key: config_schema.Key) -> bool:
    """Whether the default is a value a user could write (git.name's "" is not)."""
    config = {key.section: {key.name: key.default}}
    return jsonschema.Draft202012Validator(schema).is_valid(config)


def role_defaults(schema: dict, section: str) -> str:
    """A role's defaults/main.yml: every knob of its section, commented."""
    text = f"# {GENERATED}\n" + comment(config_schema.sections(schema)[section]) + "\n"
    for key in config_schema.keys(schema):
        if key.section == section:
            text += comment(key.description) + f"{key.variable}: {flow(key.default)}\n"
    return text


def example(schema: dict) -> str:
    """dotfiles/config.example.yml: each section with its defaults, and examples commented."""
    text = EXAMPLE_HEADER
    for section, description in config_schema.sections(schema).items():
        text += "\n" + comment(description) + f"{section}:\n"
        for key in config_schema.keys(schema):
            if key.section != section:
                continue
            text += comment(key.description, "  ")
            if valid(schema, key):
                text += f"  {key.name}: {flow(key.default)}\n"
            for value in key.examples:
                text += f"  # {key.name}: {flow(value)}\n"
    return text


def table(schema: dict) -> str:
    """The README's table of every key, its default and what it does."""
    rows = ["| key | default | what it does |", "|---|---|---|"]
    for key in config_schema.keys(schema):
        default = flow(key.default).replace("|", "\\|")
        rows.append(f"| `{key.section}.{key.name}` | `{default}` | {key.description} |")
    return "\n".join(rows) + "\n"


def readme(schema: dict, current: str) -> str:
    """README.md with the text between the table's markers replaced."""
    before, rest = current.split(TABLE_BEGIN + "\n", 1)
    _, after = rest.split(TABLE_END, 1)
    return f"{before}{TABLE_BEGIN}\n{table(schema)}{TABLE_END}{after}"


def outputs(kit: Path = KIT) -> dict[Path, str]:
    """Every generated file and what it should hold."""
    schema = config_schema.load()
    files = {
        kit / "playbooks/roles" / section / "defaults/main.yml": role_defaults(schema, section)
        for section in config_schema.sections(schema)
    }
    files[kit / "dotfiles/config.example.yml"] = example(schema)
    files[kit / "README.md"] = readme(schema, (kit / "README.md").read_text(encoding="utf-8"))
    return files


def main(argv: Optional[list[str]] = None) -> int:
    """Write the generated files; with --check, list the stale ones and exit 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        verb = "is stale: run make generate" if args.check else "written"
        print(f"{path.relative_to(KIT)} {verb}", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
