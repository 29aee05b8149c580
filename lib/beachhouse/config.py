"""Load ~/.config/beachhouse/config.yml, validate it, and turn it into role variables.

A config section is named for the role it configures and each key for the role
variable it sets: ``shell: {history_size: 5000}`` becomes ``shell_history_size``.
Every error is one line a person can act on: the file, the key path, the fix.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Optional

import jsonschema
import yaml

SCHEMA_PATH = Path(__file__).with_name("config.schema.json")


class ConfigError(Exception):
    """A config file that cannot be used, with the one line that says why."""


def load(path: Path) -> dict:
    """Parse the YAML file at *path*; an empty file is an empty config."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror}); check the path") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(
            f"{path}{where}: {problem}; fix the YAML (see dotfiles/config.example.yml)"
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of sections, got {type(data).__name__}")
    return data


def key_path(error: jsonschema.ValidationError) -> str:
    """Render an error's location as ``venvs.envs[0].name``."""
    text = ""
    for part in error.absolute_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def describe(error: jsonschema.ValidationError) -> str:
    """Say what is wrong with one value and how to fix it."""
    schema = error.schema
    if error.validator == "additionalProperties":
        known = ", ".join(sorted(schema.get("properties", {}))) or "none"
        extra = sorted(set(error.instance) - set(schema.get("properties", {})))
        return f"unknown key {extra[0]!r}; remove it or use one of: {known}"
    if error.validator == "required":
        return f"{error.message}; add it"
    if error.validator == "type":
        return f"expected {_article(schema['type'])}, got {error.instance!r}; change the value"
    if "description" in schema:
        return f"{error.instance!r} is not {schema['description']}; change the value"
    return f"{error.message}; change the value"


def _article(type_name: str) -> str:
    return {"integer": "an integer", "object": "a mapping", "array": "a list"}.get(
        type_name, f"a {type_name}"
    )


def validate(data: dict, path: Path) -> None:
    """Raise ConfigError naming the first problem in *data*."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise ConfigError(f"{path}: {key_path(error)}: {describe(error)}")


def role_vars(data: dict) -> dict[str, Any]:
    """Flatten ``{role: {key: value}}`` into ``{role_key: value}``."""
    return {f"{role}_{key}": value for role, keys in data.items() for key, value in keys.items()}


def main(argv: Optional[list[str]] = None) -> int:
    """Validate a config file and write its role variables as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path, nargs="?", help="config.yml (absent: defaults)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the variables")
    args = parser.parse_args(argv)
    variables: dict[str, Any] = {}
    if args.config is not None:
        try:
            data = load(args.config)
            validate(data, args.config)
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            return 3
        variables = role_vars(data)
    args.out.write_text(json.dumps(variables, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
