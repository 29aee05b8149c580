"""Load ~/.config/beachhouse/config.yml, validate it, and turn it into role variables.

A config section is named for the role it configures and each key for the role
variable it sets: ``shell: {history_size: 5000}`` becomes ``shell_history_size``.
Every error is one line a person can act on: the file, the key path, the fix.

A config is data, never code: its values reach Ansible marked unsafe (see
``ansible_vars``), so a ``{{ }}`` in a name stays those characters.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
import sys
from pathlib import Path
from typing import Any, Optional

import jsonschema
import yaml
from packaging.requirements import InvalidRequirement, Requirement

SCHEMA_PATH = Path(__file__).with_name("config.schema.json")
# A config is a page of settings: anything bigger or deeper is a mistake or an attack.
MAX_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_NODES = 20000
# Words a project command or an alias may not take: bash's and zsh's builtins and
# keywords (a function named `local` or `cd` breaks every shell the user opens), and
# the commands the kit's own shell files define or call by name.
SHELL_WORDS = frozenset("""
    alias autoload bg bind bindkey break builtin bye caller case cd chdir command compadd
    comparguments compcall compctl compdescribe compfiles compgen compgroups complete compopt
    compquote compset comptags comptry compvalues continue coproc declare dirs disable disown
    do done echo echotc echoti elif else emulate enable end esac eval exec exit export false
    fc fg fi float for foreach function functions getln getopts hash help history if in
    integer jobs kill let limit local log logout mapfile noglob nocorrect popd print printf
    private pushd pushln pwd r read readarray readonly rehash repeat return sched select set
    setopt shift shopt source suspend test then time times trap true ttyctl type typeset
    ulimit umask unalias unfunction unhash unlimit unset unsetopt until vared wait whence
    where which while zcompile zformat zle zmodload zparseopts zregexparse zstyle
    workon deactivate learn
    """.split())


class ConfigError(Exception):
    """A config file that cannot be used, with the one line that says why."""


class _Refused(yaml.YAMLError):
    """YAML that parses, but not into a config: the message says why and what to do."""


class StrictLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors # PyYAML's layout
    """YAML as a person means it: no duplicate or non-string keys, no runaway nesting."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep; a config needs a few")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            where = f"line {key_node.start_mark.line + 1}"
            if not isinstance(key, str):
                raise _Refused(f"{where}: key {key!r} is not a name; quote it or remove it")
            if key in seen:
                raise _Refused(f"{where}: key {key!r} is there twice (also {seen[key]}); keep one")
            seen[key] = where
        return super().construct_mapping(node, deep=deep)


def _read(path: Path) -> bytes:
    """The file's bytes, refusing what is not a small, readable, regular file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}; give the path of a YAML file") from exc
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise ConfigError(f"{path}: is {kind}; the config must be a YAML file")
    if info.st_size > MAX_BYTES:
        raise ConfigError(f"{path}: {info.st_size} bytes; a config is at most {MAX_BYTES} bytes")
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read it ({exc.strerror}); check its permissions"
        ) from exc


def _too_many_nodes(value: Any, budget: list) -> bool:
    """Whether *value* expands past the budget (YAML aliases can multiply a small file)."""
    budget[0] -= 1
    if isinstance(value, dict):
        value = list(value.values())
    if budget[0] < 0:
        return True
    return isinstance(value, list) and any(_too_many_nodes(child, budget) for child in value)


def load(path: Path) -> dict:
    """Parse the YAML file at *path*; an empty file is an empty config."""
    raw = _read(path)
    if b"\0" in raw:
        raise ConfigError(f"{path}: is a binary file, not YAML; give the path of a YAML file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: byte {exc.start} is not UTF-8 text; save the file as UTF-8"
        ) from exc
    try:
        data = yaml.load(text, Loader=StrictLoader)  # nosec B506 # a SafeLoader, stricter
    except _Refused as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0] or "not valid YAML"
        raise ConfigError(
            f"{path}{where}: {problem}; fix the YAML (see dotfiles/config.example.yml)"
        ) from exc
    except RecursionError as exc:  # aliases of aliases can still nest too deep
        raise ConfigError(f"{path}: nested too deeply; a config needs a few levels") from exc
    except ValueError as exc:  # e.g. an integer of 5000 digits
        raise ConfigError(f"{path}: {_cut(str(exc), 80)}; use a smaller value") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of sections, got {type(data).__name__}")
    try:
        too_many = _too_many_nodes(data, [MAX_NODES])
    except RecursionError:  # an alias that holds itself
        too_many = True
    if too_many:
        raise ConfigError(
            f"{path}: expands to more than {MAX_NODES} values (YAML aliases?); write it out plainly"
        )
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
        return (
            f"expected {_article(schema['type'])}, got {_short(error.instance)}; change the value"
        )
    if "description" in schema and error.validator in ("pattern", "minLength", "maxLength"):
        return f"{_short(error.instance)} is not {schema['description']}; change the value"
    return f"{_cut(error.message, 200)}; change the value"


def _short(value: Any) -> str:
    """A value as a one-line message shows it: its repr, cut to 60 characters."""
    return _cut(repr(value))


def _cut(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


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
    for where, problem in semantic_problems(data):
        raise ConfigError(f"{path}: {where}: {problem}")


def semantic_problems(data: dict):
    """What the schema cannot say: names that break shells, packages pip would misread,
    a venvs folder outside the home. Yields (key path, what is wrong and the fix)."""
    aliases = data.get("aliases", {})
    names = [
        (f"aliases.projects[{i}].name", p["name"])
        for i, p in enumerate(aliases.get("projects", []))
    ]
    names += [(f"aliases.extra.{name}", name) for name in aliases.get("extra", {})]
    for where, name in names:
        if name in SHELL_WORDS or name.startswith("beachhouse"):
            yield where, (
                f"{name!r} is a shell builtin or keyword, or a command of the kit's own;"
                " choose another name"
            )
    venvs = data.get("venvs", {})
    for index, env in enumerate(venvs.get("envs", [])):
        for number, package in enumerate(env.get("packages", [])):
            problem = package_problem(package)
            if problem:
                yield f"venvs.envs[{index}].packages[{number}]", problem
    if "dir" in venvs and not inside_home(venvs["dir"]):
        yield "venvs.dir", f"{venvs['dir']!r} is not a folder under $HOME; use one such as ~/.venvs"


def package_problem(package: str) -> Optional[str]:
    """Why *package* is not one requirement (``six --pre`` is two words to pip), or None."""
    try:
        requirement = Requirement(package)
    except InvalidRequirement:
        return f"{_short(package)} is not a requirement such as flask or 'requests>=2'"
    if requirement.url:
        return f"{_short(package)} names a URL; list the package by name"
    return None


def inside_home(folder: str) -> bool:
    """Whether *folder* (~/..., or absolute) stays under $HOME once normalised."""
    home = os.path.realpath(os.path.expanduser("~"))
    if not (folder == "~" or folder.startswith("~/") or folder.startswith("/")):
        return False
    resolved = os.path.realpath(os.path.expanduser(folder))
    return resolved != home and resolved.startswith(home + os.sep)


def warnings(data: dict) -> list[str]:
    """Names that are fine for the kit but hide a command the user may want."""
    aliases = data.get("aliases", {})
    names = [p["name"] for p in aliases.get("projects", [])] + list(aliases.get("extra", {}))
    return [
        f"{name!r} hides the command {shutil.which(name)} in interactive shells"
        for name in names
        if shutil.which(name)
    ]


def role_vars(data: dict) -> dict[str, Any]:
    """Flatten ``{role: {key: value}}`` into ``{role_key: value}``."""
    return {f"{role}_{key}": value for role, keys in data.items() for key, value in keys.items()}


def _as_data(value: Any) -> Any:
    """*value* with every string in Ansible's JSON form of an unsafe value: never
    templated, and kept as it is ("~", "" or "true" stay strings, as `!unsafe` in YAML
    does not guarantee on ansible-core 2.19+)."""
    if isinstance(value, str):
        return {"__ansible_unsafe": value}
    if isinstance(value, dict):
        return {key: _as_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_data(item) for item in value]
    return value


def ansible_vars(variables: dict) -> str:
    """Role variables as an Ansible vars file (JSON) in which no string is a template."""
    return json.dumps(_as_data(variables), sort_keys=True, ensure_ascii=False)


def main(argv: Optional[list[str]] = None) -> int:
    """Validate a config file and write its role variables as JSON (or, with --ansible,
    turn such JSON into the vars file Ansible reads)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path, nargs="?", help="config.yml (absent: defaults)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the variables")
    parser.add_argument(
        "--ansible", action="store_true", help="read role variables (JSON), write Ansible vars"
    )
    args = parser.parse_args(argv)
    if args.ansible:
        variables = json.loads(args.config.read_text(encoding="utf-8"))
        args.out.write_text(ansible_vars(variables), encoding="utf-8")
        return 0
    variables: dict[str, Any] = {}
    if args.config is not None:
        try:
            data = load(args.config)
            validate(data, args.config)
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            return 3
        for warning in warnings(data):
            print(f"beachhouse: warning: {args.config}: {warning}", file=sys.stderr)
        variables = role_vars(data)
    args.out.write_text(json.dumps(variables, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
