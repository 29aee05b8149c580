"""Controller side of beachhouse_home: read `src` files here, send their content there.

A `src` item may name a directory; it becomes one item per file under it. The module then
runs once on the target, local or over SSH, with every file's content in its arguments.
"""

from __future__ import annotations

import json
import os

from ansible.plugins.action import ActionBase

SKIPPED = ("__pycache__", ".pytest_cache")


def expand(item):
    """Yield module items for one declared item, reading `src` files on the controller."""
    if "src" not in item:
        yield dict(item)
        return
    src = os.path.expanduser(str(item["src"]))
    rest = {key: value for key, value in item.items() if key != "src"}
    if not os.path.isdir(src):
        yield {**rest, **_file_item(src)}
        return
    for root, dirs, names in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
        for name in sorted(names):
            if name.endswith(".pyc"):
                continue
            source = os.path.join(root, name)
            relative = os.path.relpath(source, src)
            yield {**rest, **_file_item(source), "path": os.path.join(str(item["path"]), relative)}


def _file_item(source):
    with open(source, encoding="utf-8") as handle:
        content = handle.read()
    mode = "0755" if os.access(source, os.X_OK) else "0644"
    return {"content": content, "mode": mode}


class ActionModule(ActionBase):
    """Expand `src` items, then run the module once."""

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = dict(self._task.args)
        args["files"] = [out for item in args.get("files") or [] for out in expand(item)]
        # A test seam: tests/test_homes.py applies the very list a real run rendered to
        # many home layouts, without paying for Ansible each time.
        dump = os.environ.get("BEACHHOUSE_HOME_FILES_OUT")
        if dump:
            with open(dump, "w", encoding="utf-8") as out:
                json.dump(args["files"], out)
        result.update(
            self._execute_module(
                module_name="beachhouse_home", module_args=args, task_vars=task_vars
            )
        )
        return result
