#!/usr/bin/python
"""Ansible module: named virtualenvs that exist, hold their packages, and still run."""

from __future__ import annotations

DOCUMENTATION = r"""
module: beachhouse_venvs
short_description: Create named virtualenvs, and rebuild those whose interpreter vanished
description:
  - Cloud shells replace their image under you; a venv whose Python went with it is
    detected (its interpreter no longer runs) and rebuilt. A venv whose recorded
    specification still matches is left alone, so re-runs install nothing.
  - Uses uv where it is on PATH, else python -m venv and pip. Leaves no package cache
    behind unless UV_CACHE_DIR says where one should live.
options:
  dir:
    description: The folder holding the venvs.
    type: str
    default: ~/.venvs
  envs:
    description: Each item has C(name), and optionally C(python), C(packages), C(requirements).
    type: list
    elements: dict
    default: []
  state:
    description: Only C(present) is supported.
    type: str
    choices: [present]
    default: present
author: beachhouse
"""

# pylint: disable=wrong-import-position
# Ansible's module layout puts DOCUMENTATION before the imports.
import hashlib
import json
import os
import shutil
import subprocess
import tempfile

from ansible.module_utils.basic import AnsibleModule

MARKER = ".beachhouse.json"


def specification(env):
    """What a venv is built from: a change to any part means a rebuild."""
    requirements = env.get("requirements")
    text = ""
    if requirements:
        with open(os.path.expanduser(requirements), encoding="utf-8") as handle:
            text = handle.read()
    return {
        "python": env.get("python") or "python3",
        "packages": sorted(env.get("packages") or []),
        "requirements": hashlib.sha256(text.encode()).hexdigest() if requirements else "",
    }


def runs(python):
    """Whether the venv's interpreter still starts."""
    try:
        return subprocess.run([python, "-c", ""], check=False, capture_output=True).returncode == 0
    except OSError:
        return False


def recorded(path):
    try:
        with open(os.path.join(path, MARKER), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def commands(path, env, spec, python, cache):
    """The steps that build the venv at *path*, and the environment they need."""
    wanted = list(spec["packages"])
    if env.get("requirements"):
        wanted += ["-r", os.path.expanduser(env["requirements"])]
    uv = shutil.which("uv")
    if uv:
        steps = [[uv, "venv", "--quiet", "--clear", "--python", python, path]]
        if wanted:
            steps.append(
                [uv, "pip", "install", "--quiet", "--python", f"{path}/bin/python"] + wanted
            )
        return steps, {"UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR") or cache}
    steps = [[python, "-m", "venv", "--clear", path]]
    if wanted:
        pip = [f"{path}/bin/python", "-m", "pip", "install", "--quiet", "--no-cache-dir"]
        steps.append(pip + ["--disable-pip-version-check"] + wanted)
    return steps, {}


def build(module, path, env, spec, cache):
    """(Re)create the venv at *path* and install what *env* asks for."""
    python = shutil.which(os.path.expanduser(spec["python"]))
    if python is None:
        module.fail_json(msg=f"venv {env['name']}: no interpreter {spec['python']!r} on PATH")
    steps, environ = commands(path, env, spec, python, cache)
    for step in steps:
        code, out, err = module.run_command(step, environ_update=environ)
        if code != 0:
            last = (err or out).strip().splitlines()[-1:] or ["no output"]
            module.fail_json(msg=f"venv {env['name']}: {' '.join(step[:3])} failed: {last[0]}")
    with open(os.path.join(path, MARKER), "w", encoding="utf-8") as handle:
        json.dump(spec, handle, sort_keys=True)


def main():
    module = AnsibleModule(
        argument_spec={
            "dir": {"type": "str", "default": "~/.venvs"},
            "envs": {"type": "list", "elements": "dict", "default": []},
            "state": {"type": "str", "choices": ["present"], "default": "present"},
        },
        supports_check_mode=True,
    )
    root = os.path.expanduser(module.params["dir"])
    results = []
    with tempfile.TemporaryDirectory(prefix="beachhouse-uv-") as cache:
        for env in module.params["envs"]:
            path = os.path.join(root, env["name"])
            spec = specification(env)
            healthy = runs(os.path.join(path, "bin", "python"))
            if healthy and recorded(path) == spec:
                results.append({"name": env["name"], "action": "ok"})
                continue
            if os.path.exists(path) and not os.path.exists(os.path.join(path, "pyvenv.cfg")):
                module.fail_json(msg=f"{path} exists and is not a venv; move it or rename the venv")
            action = (
                "created" if not os.path.exists(path) else "rebuilt" if not healthy else "updated"
            )
            results.append({"name": env["name"], "action": action})
            if not module.check_mode:
                os.makedirs(root, exist_ok=True)
                build(module, path, env, spec, cache)
    module.exit_json(changed=any(r["action"] != "ok" for r in results), venvs=results)


if __name__ == "__main__":
    main()
