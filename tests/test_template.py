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

import pytest
import yaml

from template_helpers import (
    DEPLOY_TARGETS,
    KIT_BIN,
    PROJECT_TYPES,
    PYTHONS,
    TEMPLATE,
    bake,
    bake_command,
    baked_files,
    find_python,
    project_env,
    run,
    template_leftovers,
    tools_dir,
)

COMBOS = [(kind, deploy) for kind in PROJECT_TYPES for deploy in DEPLOY_TARGETS]
# The interpreter the option matrix runs with (default minimum is 3.10).
MATRIX_PYTHON = find_python("3.12") or Path(shutil.which("python3") or "python3")

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
}
BY_TYPE = {
    "library": {"src/{pkg}/core.py", "tests/test_core.py"},
    "cli": {"src/{pkg}/core.py", "tests/test_core.py", "src/{pkg}/cli.py", "tests/test_cli.py"},
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
    "aws-elastic-beanstalk": ({"buildspec.yml"}, {"Procfile", "requirements.txt"}),
    "azure-app-service": ({"azure-pipelines.yml"}, {"startup.sh", "requirements.txt"}),
    "gcp-cloud-run": ({"cloudbuild.yaml"}, set()),
}


def expected_files(kind: str, deploy: str, pkg: str = "my_project") -> set:
    every, service_only = BY_DEPLOY[deploy]
    names = ALWAYS | BY_TYPE[kind] | every
    if kind == "flask-ml-service":
        names |= service_only
    return {name.format(pkg=pkg) for name in names}


def group(kind: str, deploy: str, python_min: str = "3.10", uv: bool = True) -> str:
    """One xdist group per bake, so the tests sharing it run on the worker that made it."""
    return f"{kind}-{deploy}-{python_min}-{'uv' if uv else 'pip'}"


def combo_params():
    """Every project type x deploy target, each in the xdist group of its bake."""
    return [
        pytest.param(
            kind, deploy, id=f"{kind}-{deploy}", marks=pytest.mark.xdist_group(group(kind, deploy))
        )
        for kind, deploy in COMBOS
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

    def rendered(kind: str = "library", deploy: str = "none") -> Path:
        if (kind, deploy) not in made:
            base = tmp_path_factory.mktemp(f"render-{kind}-{deploy}")
            env = project_env(base / "home", uv_cache)
            made[kind, deploy] = bake(base / "out", env, project_type=kind, deploy_target=deploy)
        return made[kind, deploy]

    return rendered


# ---------------------------------------------------------------- fast: rendering only


@pytest.mark.parametrize(("kind", "deploy"), COMBOS)
def test_bake_holds_exactly_the_files_its_options_need(rendered, kind, deploy):
    root = rendered(kind, deploy)
    assert baked_files(root) == expected_files(kind, deploy)


@pytest.mark.parametrize(("kind", "deploy"), COMBOS)
def test_no_template_syntax_is_left_in_any_baked_file(rendered, kind, deploy):
    root = rendered(kind, deploy)
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
    workflow, dependabot = ".github/workflows/ci.yml", ".github/dependabot.yml"
    for schema, path in (
        ("vendor.github-workflows", workflow),
        ("custom.github-workflows-require-timeout", workflow),
        ("vendor.dependabot", dependabot),
    ):
        run([KIT_BIN / "check-jsonschema", "--builtin-schema", schema, path], cwd=root)
    zizmor = run([KIT_BIN / "zizmor", "--offline", "--no-progress", "."], cwd=root)
    assert "No findings" in zizmor.stdout
    if (KIT_BIN / "actionlint").exists():
        run([KIT_BIN / "actionlint", workflow], cwd=root)


@pytest.mark.parametrize("kind", PROJECT_TYPES)
def test_plain_make_lists_the_targets(rendered, kind, tmp_path):
    shown = run(["make"], rendered(kind), project_env(tmp_path / "h", tmp_path / "c")).stdout
    targets = re.findall(r"^  make (\S+)", shown, re.M)
    service = ["train", "run"] if kind == "flask-ml-service" else []
    assert targets == ["help", "install", "lint", "format", "test", "all", *service, "clean"]


def test_workflow_pins_every_action_by_sha_without_credentials(rendered):
    workflow = yaml.safe_load((rendered() / ".github/workflows/ci.yml").read_text())
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    steps = workflow["jobs"]["test"]["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", use) for use in uses)
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    assert steps[-1]["run"].startswith("make install lint test")


@pytest.mark.parametrize("python_min", PYTHONS)
def test_ci_matrix_runs_from_the_minimum_python_to_3_13(render, python_min):
    root = render(python_min=python_min)
    workflow = yaml.safe_load((root / ".github/workflows/ci.yml").read_text())
    assert workflow["jobs"]["test"]["strategy"]["matrix"]["python-version"] == list(
        PYTHONS[PYTHONS.index(python_min) :]
    )
    pyproject = (root / "pyproject.toml").read_text()
    assert f'requires-python = ">={python_min}"' in pyproject
    assert f'py-version = "{python_min}"' in pyproject
    # pytest 9 (whose `strict = true` the config uses) needs 3.10; 3.9 spells strict out.
    assert bool(re.search("^strict = true$", pyproject, re.M)) == (python_min != "3.9")
    assert 'filterwarnings = ["error"]' in pyproject and '"-ra"' in pyproject


@pytest.mark.parametrize("kind", PROJECT_TYPES)
def test_pyproject_is_valid_pep_621(rendered, kind):
    root = rendered(kind)
    run([KIT_BIN / "validate-pyproject", "pyproject.toml"], cwd=root)


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


@pytest.mark.parametrize("kind", PROJECT_TYPES)
def test_cloudbuild_matches_its_schema_and_deploys_only_the_service(rendered, kind):
    root = rendered(kind, "gcp-cloud-run")
    run(
        [KIT_BIN / "check-jsonschema", "--builtin-schema", "vendor.cloudbuild", "cloudbuild.yaml"],
        cwd=root,
    )
    build = yaml.safe_load((root / "cloudbuild.yaml").read_text())
    assert build["steps"][0]["args"] == ["install", "lint", "test"]
    deploys = [step for step in build["steps"] if step.get("args", [None])[0] == "run"]
    assert len(deploys) == (1 if kind == "flask-ml-service" else 0)


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
        assert spec["artifacts"]["files"] == ["**/*"]
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
    ({"python_min": "3.8"}, "python_min '3.8' is not supported"),
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
    answers = {"project_slug": "x", "package_name": package, "python_min": "3.10"}
    hook.write_text(render_hook("pre_gen_project.py", {**answers, "__supported_pythons": "3.10"}))
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

    def installed(kind="library", deploy="none", python_min="3.10", python=None, uv=True) -> Baked:
        key = (kind, deploy, python_min, str(python), uv)
        if key not in made:
            base = tmp_path_factory.mktemp(group(kind, deploy, python_min, uv))
            extra = tools_dir(base / "tools") if uv else None
            env = project_env(base / "home", uv_cache, extra)
            env["BAKED_PYTHON"] = str(python or MATRIX_PYTHON)
            root = bake(
                base / "out", env, project_type=kind, deploy_target=deploy, python_min=python_min
            )
            baked = Baked(root, env)
            started = time.monotonic()
            baked.make("install")
            baked.seconds["install"] = time.monotonic() - started
            made[key] = baked
        return made[key]

    return installed


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "deploy"), combo_params())
def test_baked_project_passes_its_own_make_install_lint_test(bakery, kind, deploy):
    baked = bakery(kind, deploy)
    # uv made this venv (it seeds no pip): the fast path really ran.
    assert not (baked.root / ".venv/bin/pip").exists()
    checked = baked.make("lint", "test")
    assert re.search(r"\d+ passed", checked.stdout) and "failed" not in checked.stdout
    assert "Required test coverage of 90.0% reached" in checked.stdout


# The deploy target adds no Python and no hook config, so one bake per type covers these.
@pytest.mark.slow
@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(kind, marks=pytest.mark.xdist_group(group(kind, "none")))
        for kind in PROJECT_TYPES
    ],
)
def test_pre_commit_passes_offline_and_format_changes_nothing(bakery, kind):
    baked = bakery(kind, "none")
    hooks = run(
        [*OFFLINE, baked.root / ".venv/bin/pre-commit", "run", "--all-files"], baked.root, baked.env
    )
    assert "make lint" in hooks.stdout and "Passed" in hooks.stdout
    # A fresh project is already formatted, and no check left an untracked file behind.
    baked.make("format")
    assert run(["git", "status", "--porcelain"], baked.root, baked.env).stdout == ""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "python_min"),
    [
        pytest.param(kind, minor, marks=pytest.mark.xdist_group(group(kind, "none", minor)))
        for kind, minor in (("library", "3.9"), ("library", "3.13"), ("flask-ml-service", "3.9"))
    ],
)
def test_both_ends_of_the_python_range_install_lint_and_test(bakery, kind, python_min):
    python = find_python(python_min)
    if python is None:
        pytest.skip(f"no Python {python_min} here")
    baked = bakery(kind, "none", python_min=python_min, python=python)
    venv_python = run(
        [baked.root / ".venv/bin/python", "-c", "import sys; print(sys.version[:4])"], baked.root
    )
    assert venv_python.stdout.strip().rstrip(".") == python_min
    checked = baked.make("lint", "test")
    assert re.search(r"\d+ passed", checked.stdout)


@pytest.mark.slow
@pytest.mark.xdist_group(group("library", "none", "3.10", uv=False))
def test_install_falls_back_to_pip_when_uv_is_absent(bakery):
    baked = bakery("library", "none", uv=False)
    assert shutil.which("uv", path=baked.env["PATH"]) is None
    assert (baked.root / ".venv/bin/pip").exists()
    baked.make("lint", "test")
    baked.make("clean")
    assert not (baked.root / ".venv").exists() and not (baked.root / ".coverage").exists()
    assert run(["git", "status", "--porcelain", "--ignored"], baked.root, baked.env).stdout == ""


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
