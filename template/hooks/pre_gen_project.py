"""Refuse a name or Python version that would give a broken project, before any file is written."""

import json
import keyword
import pkgutil
import re
import sys
import sysconfig

# Each answer arrives as a JSON string literal, so no quote in it can break this file;
# black would turn the single quotes into double ones, which JSON text cannot sit in.
# fmt: off
SLUG = json.loads(r'{{ cookiecutter.project_slug | tojson }}')
PACKAGE = json.loads(r'{{ cookiecutter.package_name | tojson }}')
PYTHON_MIN = json.loads(r'{{ cookiecutter.python_min | tojson }}')
SUPPORTED = json.loads(r'{{ cookiecutter.__supported_pythons | tojson }}').split()
# fmt: on

# A distribution and directory name: lower case, starts with a letter, words joined by - or _.
SLUG_RE = re.compile(r"[a-z][a-z0-9]*([-_][a-z0-9]+)*")
# PEP 8 package names: lower case; the identifier and keyword checks come after.
PACKAGE_RE = re.compile(r"[a-z_][a-z0-9_]*")
# Names the generated project itself uses at its top level.
RESERVED = {"tests", "test", "src"}


def stdlib_names() -> set:
    """The standard library's top-level module names (3.10+ lists them; 3.9 is scanned)."""
    if hasattr(sys, "stdlib_module_names"):
        return set(sys.stdlib_module_names)
    paths = [sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]]
    found = {name for _, name, _ in pkgutil.iter_modules(paths)}
    return found | set(sys.builtin_module_names)


def problem(slug: str, package: str, python_min: str) -> str:
    """The one-line reason the answers cannot work, or '' when they can."""
    checks = (
        (
            not SLUG_RE.fullmatch(slug),
            f"project_slug {slug!r} is not usable: use lower-case letters, digits and single"
            " - or _ between words, starting with a letter (e.g. 'my-project')",
        ),
        (
            not PACKAGE_RE.fullmatch(package) or not package.isidentifier(),
            f"package_name {package!r} is not a Python identifier: use lower-case letters,"
            " digits and _ (e.g. 'my_project')",
        ),
        (
            keyword.iskeyword(package) or keyword.iskeyword(package.title()),
            f"package_name {package!r} is a Python keyword: pick another name",
        ),
        (
            package in stdlib_names(),
            f"package_name {package!r} would shadow the standard library's {package}:"
            " pick another name",
        ),
        (
            package in RESERVED,
            f"package_name {package!r} clashes with the project's own {package}/:"
            " pick another name",
        ),
        (
            python_min not in SUPPORTED,
            f"python_min {python_min!r} is not supported: choose one of {', '.join(SUPPORTED)}",
        ),
    )
    return next((message for failed, message in checks if failed), "")


def main() -> int:
    """Print the problem, if any, as one line on stderr; cookiecutter then removes the output."""
    reason = problem(SLUG, PACKAGE, PYTHON_MIN)
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
