#!/usr/bin/python
"""Ansible module: named virtualenvs that exist, hold their packages, and still run."""

from __future__ import annotations

DOCUMENTATION = r"""
module: beachhouse_venvs
short_description: Create named virtualenvs without ever deleting one the kit did not make
description:
  - A package change installs into the venv in place. A new Python, or an interpreter that
    vanished with a cloud shell's old image, gets a new venv at the venv's own path (a venv
    keeps the path it was made at); the old one moves beside it, to C(.NAME.N), and stays
    there until a later run finds the new one working (or back, if the build fails).
  - A venv the kit did not make (no C(.beachhouse.json) in it) is left exactly as it is.
  - C(state=absent) lists the venvs the kit made and keeps them, unless I(purge) is set.
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
    description: C(present) makes I(envs); C(absent) is the uninstall.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description: With C(state=absent), delete the venvs the kit made instead of keeping them.
    type: bool
    default: false
  state_dir:
    description: Where the record of the venvs the kit made lives.
    type: str
    default: ~/.local/state/beachhouse
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
STATE_FILE = "venvs.json"


def specification(env):
    """What a venv is built from; a new python means a new venv, packages install in place."""
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


def recorded(folder):
    """The specification the kit recorded in a venv it made, or None: not the kit's."""
    try:
        with open(os.path.join(folder, MARKER), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "python" in data else None


def write_json(path, data):
    """Write JSON through a temp file and a rename, so a kill leaves old or new."""
    handle, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".beachhouse-tmp-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, sort_keys=True)
    os.replace(temp, path)


class Venvs:
    """The named venvs under one folder, and the record of those the kit made."""

    def __init__(self, module, root, state_dir):
        self.module = module
        self.root = root
        self.state_path = os.path.join(state_dir, STATE_FILE)
        try:
            with open(self.state_path, encoding="utf-8") as handle:
                self.state = json.load(handle)
        except (OSError, ValueError):
            self.state = {}
        self.state.setdefault("venvs", {})
        self.state.setdefault("made_dirs", [])
        self.cache = None
        self.notes = []

    def save(self):
        if not self.module.check_mode:
            os.makedirs(os.path.dirname(self.state_path), exist_ok=True)
            write_json(self.state_path, self.state)

    # -- building ------------------------------------------------------------------------
    def run(self, step, environ, name):
        code, out, err = self.module.run_command(step, environ_update=environ)
        if code != 0:
            last = (err or out).strip().splitlines()[-1:] or ["no output"]
            return f"venv {name}: {' '.join(step[:3])} failed: {last[0]}"
        return None

    def tools(self):
        """uv and its environment, or None and {} for python -m venv and pip."""
        uv = shutil.which("uv")
        return uv, ({"UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR") or self.cache} if uv else {})

    def install(self, folder, env, spec):
        """Install what *env* asks for into the venv at *folder*; an error message or None."""
        wanted = list(spec["packages"])
        if env.get("requirements"):
            wanted += ["-r", os.path.expanduser(env["requirements"])]
        if not wanted:
            return None
        uv, environ = self.tools()
        python = os.path.join(folder, "bin", "python")
        if uv:
            step = [uv, "pip", "install", "--quiet", "--python", python]
        else:
            step = [python, "-m", "pip", "install", "--quiet", "--no-cache-dir"]
            step.append("--disable-pip-version-check")
        return self.run(step + wanted, environ, env["name"])

    def build(self, env, spec):
        """Build the venv at its own path (a venv keeps the path it was made at), or fail."""
        name = env["name"]
        link = self.link(name)
        python = shutil.which(os.path.expanduser(spec["python"]))
        if python is None:
            self.module.fail_json(msg=f"venv {name}: no interpreter {spec['python']!r} on PATH")
        entry = self.state["venvs"].setdefault(link, {"previous": []})
        # Recorded before it exists: a run killed while building leaves a folder the
        # next run knows to be the kit's, and takes away.
        entry["building"] = link
        self.save()
        uv, environ = self.tools()
        if uv:
            step = [uv, "venv", "--quiet", "--prompt", name, "--python", python, link]
        else:
            step = [python, "-m", "venv", "--prompt", name, link]
        error = self.run(step, environ, name) or self.install(link, env, spec)
        if error is None:
            write_json(os.path.join(link, MARKER), {**spec, "made_by": "beachhouse"})
            if not runs(os.path.join(link, "bin", "python")):
                error = f"venv {name}: its python does not start"
        if error:
            shutil.rmtree(link, ignore_errors=True)
            if entry["previous"]:
                os.rename(entry["previous"].pop(), link)  # the old one back, as it was
            del entry["building"]
            self.save()
            self.module.fail_json(msg=error)
        del entry["building"]
        self.save()

    def link(self, name):
        return os.path.join(self.root, name)

    def free_folder(self, name):
        """The first free folder .NAME.1, .NAME.2, ...: the same in every home that took
        the same steps, so that homes can be compared."""
        number = 1
        while os.path.lexists(os.path.join(self.root, f".{name}.{number}")):
            number += 1
        return os.path.join(self.root, f".{name}.{number}")

    def move_aside(self, name):
        """Keep the old venv beside, under .NAME.N, until a later run finds the new one
        working; the new one is built at NAME, the path it will keep."""
        link = self.link(name)
        old = self.free_folder(name)
        entry = self.state["venvs"].setdefault(link, {"previous": []})
        entry["previous"].append(old)
        self.save()
        os.rename(link, old)

    def drop_half_built(self, name):
        """Take away the venv a killed run was building: the record names it as the kit's."""
        link = self.link(name)
        entry = self.state["venvs"].get(link)
        if not entry or not entry.get("building") or self.module.check_mode:
            return
        shutil.rmtree(entry.pop("building"), ignore_errors=True)
        self.save()

    def tidy(self, name):
        """Take away the old venvs a working new one replaced: only folders the record
        names, never others."""
        link = self.link(name)
        entry = self.state["venvs"].get(link)
        if not entry or self.module.check_mode:
            return
        for old in entry.get("previous", []):
            shutil.rmtree(old, ignore_errors=True)
        entry["previous"] = []
        self.save()

    # -- the states ----------------------------------------------------------------------
    def present(self, env):
        """Bring one venv to its declared state; return the action taken."""
        name = env["name"]
        link = self.link(name)
        spec = specification(env)
        self.drop_half_built(name)
        if not os.path.lexists(link):
            action = "created"
        else:
            mine = recorded(link)
            if mine is None:
                self.notes.append(
                    f"{link} was not made by the kit: left as it is"
                    " (move it away to have the kit build it)"
                )
                return "ok"
            healthy = runs(os.path.join(link, "bin", "python"))
            if healthy and mine["python"] == spec["python"]:
                self.tidy(name)
                if {k: mine.get(k) for k in spec} == spec:
                    return "ok"
                if not self.module.check_mode:
                    error = self.install(link, env, spec)
                    if error:
                        self.module.fail_json(msg=error)
                    write_json(os.path.join(link, MARKER), {**spec, "made_by": "beachhouse"})
                return "updated"
            action = "rebuilt"
        if self.module.check_mode:
            return action
        if not os.path.isdir(self.root):
            os.makedirs(self.root)
            self.state["made_dirs"].append(self.root)
        self.state["venvs"].setdefault(link, {"previous": []})
        if action == "rebuilt":
            self.move_aside(name)
        self.build(env, spec)
        return action

    def absent(self, purge):
        """The venvs the kit made: deleted with *purge*, else named and kept."""
        made = sorted(link for link in self.state["venvs"] if recorded(link) is not None)
        if not purge or self.module.check_mode:
            return made
        for link in made:
            entry = self.state["venvs"][link]
            # The record names the old and half-built ones: the kit's, whatever they hold.
            for folder in [link, *entry.get("previous", []), entry.get("building")]:
                if folder:
                    shutil.rmtree(folder, ignore_errors=True)
        for folder in self.state["made_dirs"]:
            try:
                os.rmdir(folder)
            except OSError:
                pass  # something else lives there now
        if os.path.exists(self.state_path):
            os.unlink(self.state_path)
        return made


def main():
    module = AnsibleModule(
        argument_spec={
            "dir": {"type": "str", "default": "~/.venvs"},
            "envs": {"type": "list", "elements": "dict", "default": []},
            "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
            "purge": {"type": "bool", "default": False},
            "state_dir": {"type": "str", "default": "~/.local/state/beachhouse"},
        },
        supports_check_mode=True,
    )
    venvs = Venvs(
        module,
        os.path.expanduser(module.params["dir"]),
        os.path.expanduser(module.params["state_dir"]),
    )
    if module.params["state"] == "absent":
        made = venvs.absent(module.params["purge"])
        module.exit_json(changed=bool(made) and module.params["purge"], venvs=made)
    results = []
    with tempfile.TemporaryDirectory(prefix="beachhouse-uv-") as cache:
        venvs.cache = cache
        for env in module.params["envs"]:
            results.append({"name": env["name"], "action": venvs.present(env)})
    module.exit_json(
        changed=any(r["action"] != "ok" for r in results), venvs=results, notes=venvs.notes
    )


if __name__ == "__main__":
    main()
