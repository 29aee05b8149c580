"""Refuse answers that would give a broken project, before any file is written."""

import json
import keyword
import pkgutil
import re
import sys
import sysconfig

# Each answer arrives as a JSON string literal, so no quote in it can break this file;
# black would turn the single quotes into double ones, which JSON text cannot sit in.
# fmt: off
NAME = json.loads(r'{{ cookiecutter.project_name | tojson }}')
SLUG = json.loads(r'{{ cookiecutter.project_slug | tojson }}')
PACKAGE = json.loads(r'{{ cookiecutter.package_name | tojson }}')
EMAIL = json.loads(r'{{ cookiecutter.email | tojson }}')
REPOSITORY = json.loads(r'{{ cookiecutter.repository | tojson }}')
PROJECT_TYPE = json.loads(r'{{ cookiecutter.project_type | tojson }}')
NOTEBOOK = json.loads(r'{{ cookiecutter.notebook | tojson }}')
# fmt: on

# A distribution and directory name: lower case, starts with a letter, words joined by - or _.
SLUG_RE = re.compile(r"[a-z][a-z0-9]*([-_][a-z0-9]+)*")
# PEP 8 package names: lower case; the identifier and keyword checks come after.
PACKAGE_RE = re.compile(r"[a-z_][a-z0-9_]*")
# What the core metadata's Author-email accepts: one address, no spaces, a dotted domain.
EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
URL_RE = re.compile(r"https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/-]*)?")
# Names the generated project itself uses at its top level.
RESERVED = {"tests", "test", "src", "notebooks", "docs"}
# Every distribution the largest baked project installs (service, notebook, dev tools), in
# PEP 503 form with _ for -: a project of one of these names cannot install next to it, and a
# package of one of these names would shadow it. tests/test_template.py checks this list
# against a real install.
TAKEN = frozenset("""
    anyio appnope argon2_cffi ast_serialize astroid asttokens attrs autocommand autopep8 black
    blinker certifi cffi cfgv charset_normalizer click cloudpickle comm coverage debugpy
    decorator dill distlib exceptiongroup executing fastjsonschema filelock flask gunicorn
    identify idna importlib_metadata iniconfig ipykernel ipython ipython_pygments_lexers isort
    itsdangerous jedi jinja2 joblib jsonschema jsonschema_specifications jupyter_client
    jupyter_core librt markdown2 markupsafe matplotlib_inline mccabe mypy mypy_extensions mypyc
    narwhals nbclient nbformat nbmake nbqa nbstripout nest_asyncio nest_asyncio2 nodeenv numpy
    packaging parso pathspec pdoc pexpect platformdirs pluggy pre_commit prompt_toolkit psutil
    ptyprocess pure_eval py pycodestyle pygments pylint pytest pytest_cov python_dateutil
    python_discovery pytokens pyyaml pyzmq referencing rpds_py scikit_learn scipy six sklearn
    stack_data threadpoolctl tokenize_rt tomli tomlkit tornado traitlets typing_extensions
    tzdata virtualenv wcwidth werkzeug yaml zipp zizmor zmq
    """.split())


def stdlib_names() -> set:
    """The standard library's top-level module names (3.10+ lists them; 3.9 is scanned)."""
    if hasattr(sys, "stdlib_module_names"):
        return set(sys.stdlib_module_names)
    paths = [sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]]
    found = {name for _, name, _ in pkgutil.iter_modules(paths)}
    return found | set(sys.builtin_module_names)


def normal(name: str) -> str:
    """A distribution or import name in one spelling: lower case, runs of -_. as one _."""
    return re.sub(r"[-_.]+", "_", name).lower()


def problem() -> str:
    """The one-line reason the answers cannot work, or '' when they can."""
    taken = next((name for name in (SLUG, PACKAGE) if normal(name) in TAKEN), "")
    checks = (
        (
            not NAME.strip(),
            "project_name is empty: give the project a name (e.g. 'Tide Tables')",
        ),
        (
            not SLUG_RE.fullmatch(SLUG),
            f"project_slug {SLUG!r} is not usable: use lower-case letters, digits and single"
            " - or _ between words, starting with a letter (e.g. 'my-project')",
        ),
        (
            not PACKAGE_RE.fullmatch(PACKAGE) or not PACKAGE.isidentifier(),
            f"package_name {PACKAGE!r} is not a Python identifier: use lower-case letters,"
            " digits and _ (e.g. 'my_project')",
        ),
        (
            keyword.iskeyword(PACKAGE) or keyword.iskeyword(PACKAGE.title()),
            f"package_name {PACKAGE!r} is a Python keyword: pick another name",
        ),
        (
            PACKAGE in stdlib_names(),
            f"package_name {PACKAGE!r} would shadow the standard library's {PACKAGE}:"
            " pick another name",
        ),
        (
            PACKAGE in RESERVED,
            f"package_name {PACKAGE!r} clashes with the project's own {PACKAGE}/:"
            " pick another name",
        ),
        (
            bool(taken),
            f"{taken!r} is the name of one of the project's own dependencies or tools, which"
            " could then not be installed: pick another name",
        ),
        (
            not EMAIL_RE.fullmatch(EMAIL),
            f"email {EMAIL!r} is not an email address: give one like 'ada@example.com'",
        ),
        (
            not URL_RE.fullmatch(REPOSITORY),
            f"repository {REPOSITORY!r} is not an https URL: give one like"
            " 'https://github.com/ada/tide-tables'",
        ),
        (
            NOTEBOOK == "yes" and PROJECT_TYPE != "flask-ml-service",
            "notebook=yes needs project_type=flask-ml-service: the notebook explores the data"
            " the service's model is trained on",
        ),
    )
    return next((message for failed, message in checks if failed), "")


def main() -> int:
    """Print the problem, if any, as one line on stderr; cookiecutter then removes the output."""
    reason = problem()
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
