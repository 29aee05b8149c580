"""The project template: bake every option, then run each baked project's own checks inside it.

Fast tests render only. Slow ones (`-m slow`) install the baked project from PyPI with its own
`make install` and run its `make lint test`, pre-commit and, for the service, a real gunicorn.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pathspec
import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.9 and 3.10
    tomllib = pytest.importorskip("tomli")

from template_helpers import (
    CHOICES,
    DEFAULT_PYTHON,
    DEPLOY_TARGETS,
    KIT_BIN,
    PROJECT_TYPES,
    PYTHONS,
    TEMPLATE,
    bake,
    bake_command,
    baked_files,
    combinations,
    find_python,
    project_env,
    run,
    template_leftovers,
    tools_dir,
)

COMBOS = [(kind, deploy) for kind in PROJECT_TYPES for deploy in DEPLOY_TARGETS]
# The full option matrix runs on the newest offered Python this machine has (3.14 where
# present); a covering subset runs on the oldest offered one, with python_min set to it.
NEWEST = next(
    (found for found in map(find_python, reversed(PYTHONS)) if found),
    Path(shutil.which("python3") or "python3"),
)
OLDEST = PYTHONS[0]

# A command prefix with no network at all (a fresh network namespace), where root may make one.
OFFLINE = (
    ["unshare", "--net"]
    if shutil.which("unshare")
    and subprocess.run(["unshare", "--net", "true"], capture_output=True, check=False).returncode
    == 0
    else []
)

# What every baked project has, and what each option adds: written out here, apart from the
# post-gen hook's own table, so a slip in either shows.
ALWAYS = {
    ".editorconfig",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/dependabot.yml",
    ".github/workflows/ci.yml",
    "LICENSE",
    "Makefile",
    "README.md",
    "pyproject.toml",
    "src/{pkg}/__init__.py",
    "src/{pkg}/py.typed",
}
PACKAGE_FILES = {"src/{pkg}/core.py", "tests/test_core.py", ".github/workflows/release.yml"}
BY_TYPE = {
    "library": PACKAGE_FILES,
    "cli": PACKAGE_FILES | {"src/{pkg}/cli.py", "tests/test_cli.py"},
    "flask-ml-service": {
        "src/{pkg}/app.py",
        "src/{pkg}/model.py",
        "tests/test_app.py",
        "tests/test_model.py",
        "make_prediction.sh",
        "Dockerfile",
        ".dockerignore",
    },
}
BY_DEPLOY = {
    "none": (set(), set()),
    # (for every type, for the service only)
    "aws-elastic-beanstalk": (
        {"buildspec.yml"},
        {"Procfile", ".ebignore", ".ebextensions/health.config"},
    ),
    "azure-app-service": ({"azure-pipelines.yml"}, {"startup.sh"}),
    "gcp-cloud-run": ({"cloudbuild.yaml"}, set()),
}


def expected_files(kind: str, deploy: str, notebook: str = "no", pkg: str = "my_project") -> set:
    every, service_only = BY_DEPLOY[deploy]
    names = ALWAYS | BY_TYPE[kind] | every
    if kind == "flask-ml-service":
        names |= service_only
    if notebook == "yes":
        names |= {"notebooks/iris.ipynb"}
    return {name.format(pkg=pkg) for name in names}


def group(kind: str, deploy: str, notebook: str = "no", python_min: str = "", uv: bool = True):
    """One xdist group per bake, so the tests sharing it run on the worker that made it."""
    return f"{kind}-{deploy}-{notebook}-{python_min or DEFAULT_PYTHON}-{'uv' if uv else 'pip'}"


def covering_subset(combos: list) -> list:
    """Few combinations that still use every value of every option at least once."""
    chosen, unseen = [], {(axis, value) for combo in combos for axis, value in enumerate(combo)}
    while unseen:
        # Greedy: each pick covers the most option values not yet covered.
        best = max(combos, key=lambda combo: len(unseen & set(enumerate(combo))))
        chosen.append(best)
        unseen -= set(enumerate(best))
    return chosen


def matrix_params():
    """Every combination on the newest Python; a covering subset on the oldest."""
    full = [(*combo, "") for combo in combinations()]
    oldest = [(*combo, OLDEST) for combo in covering_subset(combinations())]
    return [
        pytest.param(
            kind,
            deploy,
            notebook,
            python_min,
            id=f"{kind}-{deploy}-notebook_{notebook}-{python_min or 'default'}",
            marks=pytest.mark.xdist_group(group(kind, deploy, notebook, python_min)),
        )
        for kind, deploy, notebook, python_min in full + oldest
    ]


@pytest.fixture(name="render")
def fixture_render(tmp_path, uv_cache):
    """Bake with the given answers (no install); returns the project directory."""

    def render(**context) -> Path:
        env = project_env(tmp_path / "home", uv_cache)
        return bake(tmp_path / f"out{len(list(tmp_path.glob('out*')))}", env, **context)

    return render


@pytest.fixture(name="rendered", scope="module")
def fixture_rendered(tmp_path_factory, uv_cache):
    """Bake each combination once per worker with default answers; tests only read it."""
    made = {}

    def rendered(kind: str = "library", deploy: str = "none", notebook: str = "no") -> Path:
        if (kind, deploy, notebook) not in made:
            base = tmp_path_factory.mktemp(f"render-{kind}-{deploy}-{notebook}")
            env = project_env(base / "home", uv_cache)
            made[kind, deploy, notebook] = bake(
                base / "out", env, project_type=kind, deploy_target=deploy, notebook=notebook
            )
        return made[kind, deploy, notebook]

    return rendered


# ---------------------------------------------------------------- fast: rendering only


@pytest.mark.parametrize(("kind", "deploy", "notebook"), combinations())
def test_bake_holds_exactly_the_files_its_options_need(rendered, kind, deploy, notebook):
    root = rendered(kind, deploy, notebook)
    assert baked_files(root) == expected_files(kind, deploy, notebook)


@pytest.mark.parametrize(("kind", "deploy", "notebook"), combinations())
def test_no_template_syntax_is_left_in_any_baked_file(rendered, kind, deploy, notebook):
    root = rendered(kind, deploy, notebook)
    assert not template_leftovers(root)
    # The allowance for workflows is used, and only for real Actions expressions.
    assert "${{ matrix.python-version }}" in (root / ".github/workflows/ci.yml").read_text()


def test_leftover_check_catches_unrendered_jinja(tmp_path):
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / "README.md").write_text("hello {{ cookiecutter.author }}\n")
    (tmp_path / "Makefile").write_text("x:\n\t{% if y %}\n")
    (tmp_path / ".github/workflows/ci.yml").write_text("a: ${{ github.ref }} {{ b }}\n")
    (tmp_path / "ok.yml").write_text("a: ${{ github.ref }}\n")
    assert [hit.split(":")[0] for hit in template_leftovers(tmp_path)] == [
        ".github/workflows/ci.yml",
        "Makefile",
        "README.md",
        "ok.yml",
    ]


@pytest.mark.parametrize(("kind", "deploy"), COMBOS)
def test_github_files_are_the_same_for_every_option(rendered, kind, deploy):
    # So checking them on one bake per project type below covers all twelve.
    for name in (".github/workflows/ci.yml", ".github/dependabot.yml"):
        assert (rendered(kind, deploy) / name).read_bytes() == (rendered() / name).read_bytes()


@pytest.mark.parametrize("kind", PROJECT_TYPES)
def test_github_files_pass_zizmor_and_their_schemas(rendered, kind):
    root = rendered(kind)
    workflows = sorted(str(path.relative_to(root)) for path in root.glob(".github/workflows/*"))
    assert len(workflows) == (1 if kind == "flask-ml-service" else 2)
    for schema, path in [
        *[("vendor.github-workflows", workflow) for workflow in workflows],
        *[("custom.github-workflows-require-timeout", workflow) for workflow in workflows],
        ("vendor.dependabot", ".github/dependabot.yml"),
    ]:
        run([KIT_BIN / "check-jsonschema", "--builtin-schema", schema, path], cwd=root)
    zizmor = run([KIT_BIN / "zizmor", "--offline", "--no-progress", "."], cwd=root)
    assert "No findings" in zizmor.stdout
    if (KIT_BIN / "actionlint").exists():
        run([KIT_BIN / "actionlint", *workflows], cwd=root)


@pytest.mark.parametrize("kind", PROJECT_TYPES)
def test_plain_make_lists_the_targets(rendered, kind, tmp_path):
    shown = run(["make"], rendered(kind), project_env(tmp_path / "h", tmp_path / "c")).stdout
    targets = re.findall(r"^  make (\S+)", shown, re.M)
    service = ["train", "run", "bundle"] if kind == "flask-ml-service" else []
    assert targets == [
        "help",
        "install",
        "lint",
        "format",
        "test",
        "docs",
        "all",
        *service,
        "clean",
    ]


# The releases that run on Node 24, by the commit each tag names (checked against public
# workflows that pin them, as the kit's own ci.yml does).
CURRENT_ACTIONS = {
    "actions/checkout": ("de0fac2e4500dabe0009e67214ff5f5447ce83dd", "v6."),
    "actions/setup-python": ("a309ff8b426b58ec0e2a45f0f869d46889d02405", "v6."),
    "pypa/gh-action-pypi-publish": ("ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e", "v1."),
}
USES = re.compile(r"^\s*- uses: ([\w-]+/[\w-]+)@(\S+)(?: # (\S+))?$", re.M)


@pytest.mark.parametrize("kind", ["library", "flask-ml-service"])
def test_workflows_pin_current_actions_by_sha_without_credentials(rendered, kind):
    root = rendered(kind)
    for path in root.glob(".github/workflows/*.yml"):
        text = path.read_text()
        workflow = yaml.safe_load(text)
        assert workflow["permissions"] == {"contents": "read"}, path.name
        assert "workflow_dispatch" in workflow[True], path.name  # YAML 1.1 reads `on` as True
        for action, ref, comment in USES.findall(text):
            assert (ref, comment[: len(CURRENT_ACTIONS[action][1])]) == CURRENT_ACTIONS[action]
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout"):
                    assert step["with"]["persist-credentials"] is False
    ci = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())
    assert ci["concurrency"]["cancel-in-progress"] is True
    steps = ci["jobs"]["test"]["steps"]
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    assert steps[-1]["run"].startswith("make install lint test")
    assert ci["jobs"]["docs"]["steps"][-1]["run"].startswith("make install docs")


def test_kit_ci_pins_the_same_action_releases_as_the_template():
    kit_ci = (TEMPLATE.parent / ".github/workflows/ci.yml").read_text()
    pins = USES.findall(kit_ci)
    assert pins
    for action, ref, comment in pins:
        assert (ref, comment[: len(CURRENT_ACTIONS[action][1])]) == CURRENT_ACTIONS[action]
    dependabot = yaml.safe_load((TEMPLATE.parent / ".github/dependabot.yml").read_text())
    assert [entry["package-ecosystem"] for entry in dependabot["updates"]] == ["github-actions"]


def test_release_workflow_builds_checks_and_publishes_by_trusted_publishing(rendered):
    release = yaml.safe_load((rendered("cli") / ".github/workflows/release.yml").read_text())
    assert release[True]["release"] == {"types": ["published"]}
    (job,) = release["jobs"].values()
    # Only the publishing job may mint an OIDC token, and it holds no other right.
    assert job["permissions"] == {"id-token": "write"}
    assert job["environment"]["name"] == "pypi"
    commands = "\n".join(step.get("run", "") for step in job["steps"])
    assert "python -m build" in commands and "twine check --strict dist/*" in commands
    publish = job["steps"][-1]
    assert publish["uses"].startswith("pypa/gh-action-pypi-publish@") and "with" not in publish


def test_dependabot_groups_its_updates(rendered):
    config = yaml.safe_load((rendered() / ".github/dependabot.yml").read_text())
    ecosystems = {entry["package-ecosystem"]: entry for entry in config["updates"]}
    assert set(ecosystems) == {"github-actions", "pip"}
    for entry in ecosystems.values():
        assert [group["patterns"] for group in entry["groups"].values()] == [["*"]]
        assert entry["cooldown"]["default-days"] >= 7


def test_pythons_on_offer_are_today_s_with_3_9_kept_and_marked_end_of_life():
    assert PYTHONS == ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
    # The default is a Python still in support (3.11 and newer, in December 2026).
    assert int(DEFAULT_PYTHON.split(".")[1]) >= 11
    labels = CHOICES["__prompts__"]["python_min"]
    assert "end of life" in labels["3.9"] and "end of life" in labels["3.10"]
    assert "AWS CloudShell" in labels["3.9"]
    assert set(labels) - {"__prompt__"} == set(PYTHONS)


@pytest.mark.parametrize("python_min", PYTHONS)
def test_ci_matrix_runs_from_the_minimum_python_to_3_14(render, python_min):
    root = render(python_min=python_min)
    workflow = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())
    assert workflow["jobs"]["test"]["strategy"]["matrix"]["python-version"] == list(
        PYTHONS[PYTHONS.index(python_min) :]
    )
    pyproject = (root / "pyproject.toml").read_text()
    assert f'"Programming Language :: Python :: {PYTHONS[-1]}"' in pyproject
    assert f'requires-python = ">={python_min}"' in pyproject
    assert f'py-version = "{python_min}"' in pyproject
    # pytest 9 (whose `strict = true` the config uses) needs 3.10; 3.9 spells strict out.
    pytest_ini = tomllib.loads(pyproject)["tool"]["pytest"]["ini_options"]
    assert pytest_ini.get("strict", False) == (python_min != "3.9")
    assert 'filterwarnings = [\n    "error",\n]' in pyproject and '"-ra"' in pyproject


@pytest.mark.parametrize(
    ("kind", "notebook"), [(kind, "no") for kind in PROJECT_TYPES] + [("flask-ml-service", "yes")]
)
def test_pyproject_is_valid_and_keeps_dev_tools_out_of_the_metadata(rendered, kind, notebook):
    root = rendered(kind, notebook=notebook)
    run([KIT_BIN / "validate-pyproject", "pyproject.toml"], cwd=root)
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    project = pyproject["project"]
    assert "optional-dependencies" not in project
    assert set(pyproject["dependency-groups"]) == {"lint", "test", "docs", "dev"}
    tools = {
        re.split("==", entry)[0]
        for name in ("lint", "test", "docs")
        for entry in pyproject["dependency-groups"][name]
    }
    assert {"black", "pylint", "mypy", "zizmor", "pytest", "pdoc"} <= tools
    assert ({"nbmake", "nbqa", "nbstripout", "ipykernel"} <= tools) == (notebook == "yes")
    assert project["urls"]["Source"] == "https://github.com/your-name/my-project"
    assert pyproject["tool"]["mypy"]["strict"] is True
    pytest_ini = pyproject["tool"]["pytest"]["ini_options"]
    assert pytest_ini["minversion"] == "9.0" and pytest_ini["log_level"] == "INFO"


@pytest.mark.parametrize("kind", PROJECT_TYPES)
def test_azure_pipeline_matches_its_schema_and_deploys_only_the_service(rendered, kind):
    root = rendered(kind, "azure-app-service")
    run(
        [
            KIT_BIN / "check-jsonschema",
            # The Azure schema's patterns use escapes only Python's re accepts.
            "--regex-variant",
            "python",
            "--builtin-schema",
            "vendor.azure-pipelines",
            "azure-pipelines.yml",
        ],
        cwd=root,
    )
    pipeline = yaml.safe_load((root / "azure-pipelines.yml").read_text())
    stages = [stage["stage"] for stage in pipeline["stages"]]
    assert stages == (["Build", "Deploy"] if kind == "flask-ml-service" else ["Build"])
    scripts = [step.get("script") for step in pipeline["stages"][0]["jobs"][0]["steps"]]
    assert "make install" in scripts and "make lint test" in scripts
    # Pull requests to main are checked (the Build stage), by an explicit pr block.
    assert pipeline["pr"] == {"branches": {"include": ["main"]}}


def azure_condition(expression: str, variables: dict, succeeded: bool = True) -> bool:
    """Evaluate an Azure Pipelines condition built from and/or/not/eq/ne/succeeded()."""
    tokens = re.findall(r"[A-Za-z]+\(|variables\['[^']+'\]|'[^']*'|\)|,", expression)
    assert "".join(tokens) == re.sub(r"\s+", "", expression), "an unknown construct"
    position = 0

    def value():
        nonlocal position
        token = tokens[position]
        position += 1
        if token.startswith("variables["):
            return variables.get(token[11:-2], "")
        if token.startswith("'"):
            return token[1:-1]
        args = []
        while tokens[position] != ")":
            args.append(value())
            if tokens[position] == ",":
                position += 1
        position += 1
        functions = {
            "and(": lambda *a: all(a),
            "or(": lambda *a: any(a),
            "not(": lambda a: not a,
            # Azure compares strings without regard to case.
            "eq(": lambda a, b: str(a).lower() == str(b).lower(),
            "ne(": lambda a, b: str(a).lower() != str(b).lower(),
            "succeeded(": lambda: succeeded,
        }
        return functions[token](*args)

    result = value()
    assert position == len(tokens)
    return result


def test_azure_deploys_only_what_reached_main_never_a_pull_request(rendered):
    root = rendered("flask-ml-service", "azure-app-service")
    pipeline = yaml.safe_load((root / "azure-pipelines.yml").read_text())
    deploy = pipeline["stages"][1]
    main_push = {"Build.SourceBranch": "refs/heads/main", "Build.Reason": "IndividualCI"}
    assert azure_condition(deploy["condition"], main_push)
    assert not azure_condition(deploy["condition"], main_push, succeeded=False)
    for build in (
        {"Build.SourceBranch": "refs/pull/7/merge", "Build.Reason": "PullRequest"},
        # A pull request whose head branch is called main is still a pull request.
        {"Build.SourceBranch": "refs/heads/main", "Build.Reason": "PullRequest"},
        {"Build.SourceBranch": "refs/heads/feature", "Build.Reason": "IndividualCI"},
    ):
        assert not azure_condition(deploy["condition"], build), build
    steps = deploy["jobs"][0]["strategy"]["runOnce"]["deploy"]["steps"]
    (web_app,) = [step for step in steps if step.get("task") == "AzureWebApp@1"]
    assert web_app["inputs"]["startUpCommand"] == "bash startup.sh"
    build_steps = pipeline["stages"][0]["jobs"][0]["steps"]
    (staged,) = [step for step in build_steps if step.get("task") == "CopyFiles@2"]
    assert {"!.git/**", "!.venv/**"} <= set(staged["inputs"]["Contents"].split())
    (archive,) = [step for step in build_steps if step.get("task") == "ArchiveFiles@2"]
    assert archive["inputs"]["rootFolderOrFile"] == staged["inputs"]["TargetFolder"]
    assert "make bundle" in [step.get("script") for step in build_steps]


def test_condition_evaluator_reads_what_it_is_given():
    assert azure_condition("eq(variables['A'], 'x')", {"A": "X"})
    assert not azure_condition("and(succeeded(), ne(variables['A'], 'x'))", {"A": "x"})
    assert azure_condition("or(not(succeeded()), eq('a', 'a'))", {}, succeeded=True)


@pytest.mark.parametrize("kind", PROJECT_TYPES)
def test_cloudbuild_matches_its_schema_and_deploys_only_the_service(rendered, kind):
    root = rendered(kind, "gcp-cloud-run")
    run(
        [KIT_BIN / "check-jsonschema", "--builtin-schema", "vendor.cloudbuild", "cloudbuild.yaml"],
        cwd=root,
    )
    text = (root / "cloudbuild.yaml").read_text()
    build = yaml.safe_load(text)
    assert build["steps"][0]["args"] == ["install", "lint", "test"]
    deploys = [step for step in build["steps"] if step.get("args", [None])[0] == "run"]
    assert len(deploys) == (1 if kind == "flask-ml-service" else 0)
    # $SHORT_SHA is empty on a manual `gcloud builds submit`; $BUILD_ID never is.
    assert "SHORT_SHA" not in text
    if kind == "flask-ml-service":
        assert all(tag.endswith(":$BUILD_ID") for tag in build["images"])
        # The checks run on the Python the image serves with.
        image_python = re.search(
            r"^FROM python:(\S+)-slim$", (root / "Dockerfile").read_text(), re.M
        )
        assert build["steps"][0]["name"] == f"python:{image_python.group(1)}"
        readme = (root / "README.md").read_text()
        assert "roles/run.admin" in readme and "roles/iam.serviceAccountUser" in readme


@pytest.mark.parametrize("kind", PROJECT_TYPES)
def test_buildspec_runs_the_checks_and_the_service_ships_a_procfile(rendered, kind):
    # CodeBuild has no published JSON schema: check the keys its docs require.
    root = rendered(kind, "aws-elastic-beanstalk")
    spec = yaml.safe_load((root / "buildspec.yml").read_text())
    assert spec["version"] == 0.2
    assert spec["phases"]["install"]["commands"] == ["make install"]
    assert spec["phases"]["build"]["commands"][0] == "make lint test"
    assert re.fullmatch(r"3\.1\d", spec["phases"]["install"]["runtime-versions"]["python"])
    if kind == "flask-ml-service":
        assert spec["phases"]["build"]["commands"][-1] == "make bundle"
        assert spec["artifacts"]["files"] == ["**/*"]
        health = yaml.safe_load((root / ".ebextensions/health.config").read_text())
        process = health["option_settings"]["aws:elasticbeanstalk:environment:process:default"]
        assert process["HealthCheckPath"] == "/health"
        procfile = (root / "Procfile").read_text().splitlines()
        assert procfile == [
            'web: gunicorn --bind 127.0.0.1:8000 --workers 2 "my_project.app:create_app()"'
        ]
    else:
        assert "artifacts" not in spec


def test_devcontainer_is_json_that_installs_the_project(render):
    root = render(devcontainer="yes", project_name='Quote "Me"')
    config = json.loads((root / ".devcontainer/devcontainer.json").read_text())
    assert not template_leftovers(root)
    assert config["name"] == 'Quote "Me"'
    assert config["postCreateCommand"] == "make install"


@pytest.mark.parametrize(
    ("license_id", "first_line"),
    [
        ("MIT", "MIT License"),
        ("Apache-2.0", "Apache License"),
        ("BSD-3-Clause", "BSD 3-Clause License"),
    ],
)
def test_chosen_license_lands_in_license(render, license_id, first_line):
    root = render(license=license_id, author="Ada Lovelace")
    text = (root / "LICENSE").read_text()
    assert text.strip().splitlines()[0].strip() == first_line
    if license_id != "Apache-2.0":
        assert f"{time.gmtime().tm_year}" in text and "Ada Lovelace" in text
    assert f'license = "{license_id}"' in (root / "pyproject.toml").read_text()
    assert not (root / "licenses").exists()


def test_no_license_means_no_license_file(render):
    root = render(license="none")
    assert not (root / "LICENSE").exists()
    assert "license =" not in (root / "pyproject.toml").read_text()


def test_first_commit_uses_the_author_answers_without_writing_git_config(render, fresh_home):
    root = render(author="Grace Hopper", email="grace@example.com")
    log = run(["git", "log", "--format=%an <%ae>|%cn <%ce>"], cwd=root).stdout.splitlines()
    assert log == ["Grace Hopper <grace@example.com>|Grace Hopper <grace@example.com>"]
    assert run(["git", "status", "--porcelain"], cwd=root).stdout == ""
    assert not (fresh_home / ".gitconfig").exists()
    assert "user" not in (root / ".git/config").read_text()


def test_first_commit_keeps_an_identity_git_already_has(render, fresh_home):
    (fresh_home / ".gitconfig").write_text(
        "[user]\n\tname = Known Person\n\temail = known@example.com\n"
    )
    root = render(author="Grace Hopper", email="grace@example.com")
    log = run(["git", "log", "--format=%an <%ae>"], cwd=root).stdout.strip()
    assert log == "Known Person <known@example.com>"


def test_next_steps_are_printed(tmp_path, uv_cache):
    done = run(bake_command(tmp_path, {}), cwd=tmp_path, env=project_env(tmp_path / "h", uv_cache))
    assert "cd my-project\n    make install\n    make lint test" in done.stdout


def test_defaults_bake_a_library_named_after_the_project(render):
    root = render(project_name="Tide Tables")
    assert root.name == "tide-tables"
    assert baked_files(root) == expected_files("library", "none", pkg="tide_tables")


BAD_ANSWERS = [
    ({"project_slug": "1project"}, "project_slug '1project' is not usable"),
    ({"project_slug": "my project"}, "project_slug 'my project' is not usable"),
    ({"package_name": "my-pkg"}, "package_name 'my-pkg' is not a Python identifier"),
    ({"package_name": "class"}, "package_name 'class' is a Python keyword"),
    ({"package_name": "none"}, "package_name 'none' is a Python keyword"),
    ({"package_name": "json"}, "package_name 'json' would shadow the standard library"),
    ({"package_name": "tests"}, "package_name 'tests' clashes with the project's own tests/"),
    ({"project_name": ""}, "project_name is empty"),
    ({"project_name": "  "}, "project_name is empty"),
    ({"email": "ada at example.com"}, "email 'ada at example.com' is not an email address"),
    ({"email": "ada@localhost"}, "email 'ada@localhost' is not an email address"),
    ({"project_name": "Flask"}, "'flask' is the name of one of the project's own dependencies"),
    ({"project_name": "NumPy"}, "'numpy' is the name of one of the project's own dependencies"),
    ({"package_name": "pytest"}, "'pytest' is the name of one of the project's own dependencies"),
    ({"project_slug": "black"}, "'black' is the name of one of the project's own dependencies"),
    ({"project_slug": "scikit-learn"}, "'scikit-learn' is the name of one of the project's own"),
    ({"repository": "git@github.com:ada/x"}, "repository 'git@github.com:ada/x' is not an https"),
    ({"notebook": "yes"}, "notebook=yes needs project_type=flask-ml-service"),
]


@pytest.mark.parametrize(
    ("answers", "message"), BAD_ANSWERS, ids=[m.split(" is")[0] for _, m in BAD_ANSWERS]
)
def test_bad_answer_stops_with_one_line_and_leaves_nothing(tmp_path, uv_cache, answers, message):
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [str(part) for part in bake_command(out, answers)],
        env=project_env(tmp_path / "home", uv_cache),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and message in errors[0], done.stderr
    assert not list(out.iterdir())


def test_python_outside_the_choices_is_refused_by_cookiecutter_before_any_file(tmp_path, uv_cache):
    # A choice now: the prompt offers only these; on the command line cookiecutter itself
    # refuses another value (with its own traceback, before any hook or file).
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [str(part) for part in bake_command(out, {"python_min": "3.8"})],
        env=project_env(tmp_path / "home", uv_cache),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "3.8 provided for choice variable python_min" in done.stderr.splitlines()[-1]
    assert not list(out.iterdir())


def test_placeholder_author_and_no_git_identity_skip_the_commit_in_one_line(tmp_path, uv_cache):
    out = tmp_path / "out"
    out.mkdir()
    done = run(bake_command(out, {}), cwd=out, env=project_env(tmp_path / "home", uv_cache))
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "no first commit" in warnings[0], done.stderr
    root = out / "my-project"
    assert run(["git", "status", "--porcelain"], root).stdout.startswith("A  ")
    head = subprocess.run(["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=root, check=False)
    assert head.returncode != 0


def test_git_identity_from_the_environment_wins_over_placeholders(tmp_path, uv_cache):
    out = tmp_path / "out"
    out.mkdir()
    env = project_env(tmp_path / "home", uv_cache)
    for role in ("AUTHOR", "COMMITTER"):
        env.update({f"GIT_{role}_NAME": "Learner", f"GIT_{role}_EMAIL": "learner@example.com"})
    run(bake_command(out, {}), cwd=out, env=env)
    log = run(["git", "log", "--format=%an <%ae>"], out / "my-project", env).stdout.strip()
    assert log == "Learner <learner@example.com>"


def render_hook(name: str, answers: dict) -> str:
    """The hook's source with its Jinja answers filled in, as cookiecutter would."""
    source = (TEMPLATE / "hooks" / name).read_text()
    return re.sub(
        r"\{\{ cookiecutter\.(\w+) \| tojson \}\}",
        lambda m: json.dumps(answers[m.group(1)]),
        source,
    )


@pytest.mark.parametrize(("package", "code"), [("json", 1), ("asyncio", 1), ("tide_tables", 0)])
def test_pre_gen_hook_finds_the_stdlib_on_python_3_9_too(tmp_path, package, code):
    python39 = find_python("3.9")
    if python39 is None:
        pytest.skip("no Python 3.9 here")
    hook = tmp_path / "pre_gen_project.py"
    answers = {
        "project_name": "X",
        "project_slug": "x",
        "package_name": package,
        "email": "x@example.com",
        "repository": "https://example.com/x",
        "project_type": "library",
        "notebook": "no",
    }
    hook.write_text(render_hook("pre_gen_project.py", answers))
    done = subprocess.run([str(python39), str(hook)], capture_output=True, text=True, check=False)
    assert done.returncode == code, done.stderr
    assert ("standard library" in done.stderr) == (code == 1)


# ---------------------------------------------------------------- slow: the baked project's make


@dataclass
class Baked:
    """A baked and installed project, and the environment its commands run in."""

    root: Path
    env: dict
    seconds: dict = field(default_factory=dict)

    def make(self, *targets: str, timeout: float = 600):
        return run(
            ["make", *targets, f"PYTHON={self.env['BAKED_PYTHON']}"], self.root, self.env, timeout
        )


@pytest.fixture(name="bakery", scope="module")
def fixture_bakery(tmp_path_factory, uv_cache):
    """Bake and `make install` once per combination (and worker): later tests reuse it."""
    made = {}

    def installed(
        kind="library", deploy="none", notebook="no", python_min="", uv=True, **answers
    ) -> Baked:
        key = (kind, deploy, notebook, python_min, uv, tuple(sorted(answers.items())))
        if key not in made:
            python = find_python(python_min) if python_min else NEWEST
            if python is None:
                pytest.skip(f"no Python {python_min} here")
            base = tmp_path_factory.mktemp(group(kind, deploy, notebook, python_min, uv))
            extra = tools_dir(base / "tools") if uv else None
            env = project_env(base / "home", uv_cache, extra)
            env["BAKED_PYTHON"] = str(python)
            if python_min:
                answers["python_min"] = python_min
            root = bake(
                base / "out",
                env,
                project_type=kind,
                deploy_target=deploy,
                notebook=notebook,
                author="Ada Lovelace",
                email="ada@example.com",
                **answers,
            )
            baked = Baked(root, env)
            started = time.monotonic()
            baked.make("install")
            baked.seconds["install"] = time.monotonic() - started
            made[key] = baked
        return made[key]

    return installed


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "deploy", "notebook", "python_min"), matrix_params())
def test_baked_project_passes_its_own_make_install_lint_test(
    bakery, kind, deploy, notebook, python_min
):
    baked = bakery(kind, deploy, notebook, python_min)
    # uv made this venv (it seeds no pip): the fast path really ran.
    assert not (baked.root / ".venv/bin/pip").exists()
    venv_python = run(
        [
            baked.root / ".venv/bin/python",
            "-c",
            "import sys; print('%d.%d' % sys.version_info[:2])",
        ],
        baked.root,
    )
    assert venv_python.stdout.strip() == (python_min or NEWEST.name.replace("python", ""))
    checked = baked.make("lint", "test")
    assert re.search(r"\d+ passed", checked.stdout) and "failed" not in checked.stdout
    assert "Required test coverage of 90.0% reached" in checked.stdout
    assert "Success: no issues found" in checked.stdout  # mypy --strict
    if notebook == "yes":
        assert "notebooks/iris.ipynb::iris.ipynb PASSED" in checked.stdout or re.search(
            r"notebooks/iris\.ipynb \.", checked.stdout
        )


def test_covering_subset_uses_every_option_value():
    combos = combinations()
    subset = covering_subset(combos)
    assert len(subset) < len(combos)
    for axis in range(3):
        assert {combo[axis] for combo in subset} == {combo[axis] for combo in combos}


# The deploy target adds no Python and no hook config, so one bake per type covers these.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "notebook"),
    [
        pytest.param(kind, notebook, marks=pytest.mark.xdist_group(group(kind, "none", notebook)))
        for kind, notebook in [(kind, "no") for kind in PROJECT_TYPES]
        + [("flask-ml-service", "yes")]
    ],
)
def test_pre_commit_passes_offline_and_format_changes_nothing(bakery, kind, notebook):
    baked = bakery(kind, "none", notebook)
    hooks = run(
        [*OFFLINE, baked.root / ".venv/bin/pre-commit", "run", "--all-files"], baked.root, baked.env
    )
    assert "make lint" in hooks.stdout and "Passed" in hooks.stdout
    assert ("nbstripout" in hooks.stdout) == (notebook == "yes")
    # A fresh project is already formatted, and no check left an untracked file behind.
    baked.make("format")
    assert run(["git", "status", "--porcelain"], baked.root, baked.env).stdout == ""


@pytest.mark.slow
@pytest.mark.xdist_group(group("flask-ml-service", "none", "yes"))
def test_notebook_saved_with_outputs_fails_lint_until_format_strips_it(bakery):
    baked = bakery("flask-ml-service", "none", "yes")
    notebook = baked.root / "notebooks/iris.ipynb"
    clean = notebook.read_bytes()
    executed = json.loads(clean)
    executed["cells"][2]["outputs"] = [
        {"name": "stdout", "output_type": "stream", "text": ["150 flowers\n"]}
    ]
    executed["cells"][2]["execution_count"] = 1
    notebook.write_text(json.dumps(executed, indent=1) + "\n")
    with pytest.raises(AssertionError, match="nbstripout"):
        baked.make("lint")
    baked.make("format")
    assert notebook.read_bytes() == clean


@pytest.mark.slow
@pytest.mark.xdist_group(group("flask-ml-service", "none", "yes"))
def test_names_the_pre_gen_hook_refuses_cover_every_installed_distribution(bakery):
    baked = bakery("flask-ml-service", "none", "yes")
    listing = run(
        [
            baked.root / ".venv/bin/python",
            "-c",
            "import importlib.metadata as m, json\n"
            "names = set()\n"
            "for dist in m.distributions():\n"
            "    names.add(dist.metadata['Name'])\n"
            "    names.update((dist.read_text('top_level.txt') or '').split())\n"
            "print(json.dumps(sorted(names)))",
        ],
        baked.root,
    )
    hook = (TEMPLATE / "hooks/pre_gen_project.py").read_text()
    taken = set(re.search(r'TAKEN = frozenset\(\s*"""(.*?)"""', hook, re.S).group(1).split())
    installed = {
        re.sub(r"[-_.]+", "_", name).lower()
        for name in json.loads(listing.stdout)
        # Skipped: private modules, and mypy's compiled helpers (named by a hash).
        if not name.startswith("_") and not name.endswith("_mypyc") and name != "my-project"
    }
    assert installed - taken == set(), "add these to TAKEN in hooks/pre_gen_project.py"


@pytest.mark.slow
@pytest.mark.xdist_group(group("library", "none", uv=False))
def test_install_falls_back_to_pip_when_uv_is_absent(bakery):
    baked = bakery("library", "none", uv=False)
    assert shutil.which("uv", path=baked.env["PATH"]) is None
    assert (baked.root / ".venv/bin/pip").exists()
    baked.make("lint", "test")
    baked.make("clean")
    assert not (baked.root / ".venv").exists() and not (baked.root / ".coverage").exists()
    assert run(["git", "status", "--porcelain", "--ignored"], baked.root, baked.env).stdout == ""
    # .venv as a link to another disk, whose folder is gone (a restart wiped /tmp): Python's
    # venv refuses links, so make install must build it where the link points.
    outside = baked.root.parent / "outside" / "venv"
    (baked.root / ".venv").symlink_to(outside)
    baked.make("install")
    assert (outside / "bin" / "pip").exists() and outside.stat().st_mode & 0o777 == 0o700
    assert "passed" in baked.make("test").stdout
    assert run(["git", "status", "--porcelain"], baked.root, baked.env).stdout == ""


@pytest.mark.slow
@pytest.mark.xdist_group(group("library", "none"))
def test_make_docs_builds_the_api_pages(bakery):
    baked = bakery("library", "none")
    baked.make("docs")
    page = (baked.root / "build/docs/my_project/core.html").read_text()
    assert "summarize" in page and "Summary statistics" in page


@pytest.mark.slow
@pytest.mark.xdist_group(group("flask-ml-service", "aws-elastic-beanstalk"))
def test_eb_bundle_carries_the_model_the_pins_and_the_health_check(bakery):
    baked = bakery("flask-ml-service", "aws-elastic-beanstalk")
    baked.make("bundle")
    # What `eb deploy` zips: with an .ebignore, the working tree less what it lists.
    ignore = pathspec.PathSpec.from_lines(
        "gitignore", (baked.root / ".ebignore").read_text().splitlines()
    )
    uploaded = {
        path.relative_to(baked.root).as_posix()
        for path in baked.root.rglob("*")
        if path.is_file() and not ignore.match_file(path.relative_to(baked.root).as_posix())
    }
    assert {"model.joblib", "requirements.txt", "Procfile", ".ebextensions/health.config"} <= (
        uploaded
    )
    assert not [name for name in uploaded if name.startswith((".venv/", ".git/", "build/"))]
    # The pins are the runtime the model was trained in: what the platform installs.
    pins = (baked.root / "requirements.txt").read_text().splitlines()
    runtime = baked.root / "build/runtime/bin/python"
    sklearn = run([runtime, "-c", "import sklearn; print(sklearn.__version__)"], baked.root)
    assert f"scikit-learn=={sklearn.stdout.strip()}" in pins
    assert pins[-1] == "." and not [pin for pin in pins if pin.startswith("my-project")]
    assert "pytest" not in (baked.root / "requirements.txt").read_text()
    # The bundle's build products stay out of git.
    assert run(["git", "status", "--porcelain"], baked.root, baked.env).stdout == ""


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post_json(url: str, body: dict):
    """POST body as JSON; returns (status, decoded JSON answer) for 2xx and 4xx alike."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.slow
@pytest.mark.xdist_group(group("flask-ml-service", "none"))
def test_served_model_answers_make_prediction_and_rejects_bad_requests(bakery):
    baked = bakery("flask-ml-service", "none")
    (baked.root / "model.joblib").unlink(missing_ok=True)
    no_model = subprocess.run(
        ["make", "run", f"PYTHON={baked.env['BAKED_PYTHON']}"],
        cwd=baked.root,
        env=baked.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert no_model.returncode != 0
    assert no_model.stderr.splitlines()[0] == (
        "make run: no model at model.joblib; run make train first"
    )
    assert "Traceback" not in no_model.stdout + no_model.stderr
    baked.make("train")
    assert (baked.root / "model.joblib").is_file()
    port = free_loopback_port()
    env = {**baked.env, "PORT": str(port), "HOST": "127.0.0.1"}
    server = subprocess.Popen(  # pylint: disable=consider-using-with
        ["make", "run", f"PORT={port}", "HOST=127.0.0.1"],
        cwd=baked.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2) as answer:
                    assert json.loads(answer.read())["status"] == "ok"
                    break
            except OSError:  # refused, reset or timed out while gunicorn starts
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer /health in 60 s"
                time.sleep(0.3)
        predicted = run(["./make_prediction.sh"], baked.root, env)
        assert json.loads(predicted.stdout) == {"prediction": "setosa"}
        # A service URL, as for a deployed one (HOST and PORT then play no part).
        predicted = run(["./make_prediction.sh", f"{base}/"], baked.root, {**env, "PORT": "1"})
        assert json.loads(predicted.stdout) == {"prediction": "setosa"}
        status, answer = post_json(
            f"{base}/predict",
            {"sepal_length": 5.1, "sepal_width": -1, "petal_length": 1.4, "petal_width": 0.2},
        )
        assert status == 400 and "sepal_width" in answer["error"]
        status, answer = post_json(f"{base}/nowhere", {})
        assert status == 404 and answer["error"]
        status, answer = post_json(f"{base}/predict", {"sepal_length": "long"})
        assert status == 400 and "missing field" in answer["error"]
        status, answer = post_json(
            f"{base}/predict",
            {"sepal_length": "x", "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2},
        )
        assert status == 400 and "sepal_length" in answer["error"]
    finally:
        # The server and its workers are our own session: stop exactly that group.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        server.stdout.close()
