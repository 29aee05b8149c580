"""Drop the files the chosen options do not need, pick the license, make the first commit."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Answers arrive as JSON string literals (see pre_gen_project.py for why black is held off).
# fmt: off
SLUG = json.loads(r'{{ cookiecutter.project_slug | tojson }}')
PACKAGE = json.loads(r'{{ cookiecutter.package_name | tojson }}')
PROJECT_TYPE = json.loads(r'{{ cookiecutter.project_type | tojson }}')
DEPLOY = json.loads(r'{{ cookiecutter.deploy_target | tojson }}')
LICENSE = json.loads(r'{{ cookiecutter.license | tojson }}')
DEVCONTAINER = json.loads(r'{{ cookiecutter.devcontainer | tojson }}')
NOTEBOOK = json.loads(r'{{ cookiecutter.notebook | tojson }}')
AUTHOR = json.loads(r'{{ cookiecutter.author | tojson }}')
EMAIL = json.loads(r'{{ cookiecutter.email | tojson }}')
# fmt: on

SERVICE = PROJECT_TYPE == "flask-ml-service"
PKG = f"src/{PACKAGE}"
# The template's own example answers: an identity nobody has.
PLACEHOLDERS = {"user.name": "Your Name", "user.email": "you@example.com"}
# Where git itself would find each part of an identity before its config.
IDENTITY_ENV = {"user.name": ("GIT_AUTHOR_NAME",), "user.email": ("GIT_AUTHOR_EMAIL", "EMAIL")}

# Which optional file each option needs: (path, keep it?). Everything else is always kept.
FILES = (
    (f"{PKG}/core.py", not SERVICE),
    ("tests/test_core.py", not SERVICE),
    (f"{PKG}/cli.py", PROJECT_TYPE == "cli"),
    ("tests/test_cli.py", PROJECT_TYPE == "cli"),
    (f"{PKG}/app.py", SERVICE),
    (f"{PKG}/model.py", SERVICE),
    ("tests/test_app.py", SERVICE),
    ("tests/test_model.py", SERVICE),
    ("make_prediction.sh", SERVICE),
    ("notebooks", NOTEBOOK == "yes"),
    (".github/workflows/release.yml", not SERVICE),
    ("Dockerfile", SERVICE),
    (".dockerignore", SERVICE),
    ("buildspec.yml", DEPLOY == "aws-elastic-beanstalk"),
    ("Procfile", SERVICE and DEPLOY == "aws-elastic-beanstalk"),
    (".ebignore", SERVICE and DEPLOY == "aws-elastic-beanstalk"),
    (".ebextensions", SERVICE and DEPLOY == "aws-elastic-beanstalk"),
    ("azure-pipelines.yml", DEPLOY == "azure-app-service"),
    ("startup.sh", SERVICE and DEPLOY == "azure-app-service"),
    ("cloudbuild.yaml", DEPLOY == "gcp-cloud-run"),
    (".devcontainer", DEVCONTAINER == "yes"),
)


def prune(root: Path) -> None:
    """Remove what the options leave unused, and put the chosen license text in LICENSE."""
    for rel, keep in FILES:
        path = root / rel
        if keep:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    licenses = root / "licenses"
    if LICENSE != "none":
        (licenses / LICENSE).replace(root / "LICENSE")
    shutil.rmtree(licenses)


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run git quietly in the new project; the caller decides what a failure means."""
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def first_commit(root: Path) -> str:
    """git init and commit everything; returns a warning line, or '' when all went well."""
    if shutil.which("git") is None:
        return "git not found: no repository created (run `git init` yourself later)"
    git(root, "-c", "init.defaultBranch=main", "init", "--quiet")
    git(root, "add", "--all")
    # Borrow the author's answers only where git knows nobody, and only for this commit:
    # the user's own git config is never written.
    identity = []
    for key, value in (("user.name", AUTHOR), ("user.email", EMAIL)):
        if any(os.environ.get(name) for name in IDENTITY_ENV[key]):
            continue
        if git(root, "config", key).returncode == 0:
            continue
        if value == PLACEHOLDERS[key]:
            return (
                "no first commit: git has no identity and the author answers are the"
                " template's examples; set `git config --global user.name/user.email`, then commit"
            )
        identity += ["-c", f"{key}={value}"]
    done = git(root, *identity, "commit", "--quiet", "-m", "Start from the beachhouse template")
    if done.returncode != 0:
        return f"git commit failed, files left staged: {done.stderr.strip().splitlines()[-1:]}"
    return ""


def main() -> int:
    """Prune, commit, and tell the user what to type next."""
    root = Path.cwd()
    prune(root)
    warning = first_commit(root)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    steps = ["cd " + SLUG, "make install", "make lint test"]
    if SERVICE:
        steps += ["make train run    # then ./make_prediction.sh in another shell"]
    print(f"\nCreated {SLUG}/. Next:\n\n" + "".join(f"    {step}\n" for step in steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
