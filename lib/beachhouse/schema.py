"""The config schema as data: its sections, keys, defaults and descriptions.

config.schema.json is the one home of every config key. The roles' defaults, the
example config and the README's table are generated from it (beachhouse.generate),
and the manifest reads its defaults from here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, NamedTuple

SCHEMA_PATH = Path(__file__).with_name("config.schema.json")


class Key(NamedTuple):
    """One config key: `section.name`, which sets the role variable `section_name`."""

    section: str
    name: str
    default: Any
    description: str
    examples: list

    @property
    def variable(self) -> str:
        return f"{self.section}_{self.name}"


def load() -> dict:
    """The schema, parsed."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def sections(schema: dict) -> dict[str, str]:
    """Each section's name and description, in the schema's order."""
    return {name: node["description"] for name, node in schema["properties"].items()}


def keys(schema: dict) -> Iterator[Key]:
    """Every key of every section, in the schema's order."""
    for section, node in schema["properties"].items():
        for name, leaf in node["properties"].items():
            yield Key(section, name, leaf["default"], leaf["description"], leaf.get("examples", []))


def role_defaults(schema: dict) -> dict[str, Any]:
    """Every role variable the config can set, with its default."""
    return {key.variable: key.default for key in keys(schema)}
