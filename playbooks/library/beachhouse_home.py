#!/usr/bin/python
"""Ansible module: bring the kit's files, links and blocks under $HOME to a declared state."""

from __future__ import annotations

DOCUMENTATION = r"""
module: beachhouse_home
short_description: Manage many files, links and marker-delimited blocks in one call
description:
  - Ansible spends most of a second per task here, even when nothing changes, so the kit
    declares every file it manages and applies them all in one module call.
  - Writes through a temp file and a rename; backs up a file that existed before its first
    change; records what it manages so that C(state=absent) restores the originals.
options:
  files:
    description:
      - Each item has C(path) (or a list of paths, the first existing one wins), C(role), and
        one of C(content) (a whole file), C(block) (a marker-delimited block inside a file
        the user owns, with C(comment) and C(position) top or bottom) or C(link) (a symlink
        target). C(unless_contains) skips a block when the file already holds that text.
    type: list
    elements: dict
    default: []
  state:
    description: C(present) applies I(files); C(absent) removes everything recorded.
    type: str
    choices: [present, absent]
    default: present
  prune:
    description: Undo what an earlier run managed and I(files) no longer declares.
    type: bool
    default: false
  state_dir:
    description: Where the record of managed files and the backups live.
    type: str
    default: ~/.local/state/beachhouse
  scan_secrets:
    description: Files to scan for plaintext credentials (reported, never changed).
    type: list
    elements: str
    default: []
  measure_home:
    description: Report the bytes used under $HOME.
    type: bool
    default: false
  follow_links:
    description:
      - Write through a symlinked rc file or folder when its target is inside $HOME.
        Off by default: a link belongs to the user's own dotfiles repository.
    type: bool
    default: false
author: beachhouse
"""

RETURN = r"""
files:
  description: One item per path with its role and action (ok, created, changed, removed, restored).
  type: list
  returned: always
secrets:
  description: Plaintext credentials found, as file, line, what and advice.
  type: list
  returned: always
home_warnings:
  description: One line per file skipped or block that cannot run, with its path and role.
  type: list
  returned: always
home_bytes:
  description: Bytes used under $HOME, when I(measure_home) is set.
  type: int
  returned: when requested
"""

# pylint: disable=wrong-import-position,import-error,no-name-in-module
# Ansible's module layout: docs first; the kit's module_utils resolve only inside Ansible.
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.beachhouse_home import Home
from ansible.module_utils.beachhouse_scan import disk_usage, find_secrets, redact_diff


def main():
    module = AnsibleModule(
        argument_spec={
            "files": {"type": "list", "elements": "dict", "default": []},
            "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
            "prune": {"type": "bool", "default": False},
            "state_dir": {"type": "str", "default": "~/.local/state/beachhouse"},
            "scan_secrets": {"type": "list", "elements": "str", "default": []},
            "measure_home": {"type": "bool", "default": False},
            "follow_links": {"type": "bool", "default": False},
        },
        supports_check_mode=True,
    )
    params = module.params
    home = Home(
        params["state_dir"], check_mode=module.check_mode, follow_links=params["follow_links"]
    )
    try:
        if params["state"] == "absent":
            files = home.uninstall()
        else:
            files = home.apply(params["files"], prune=params["prune"])
    except OSError as exc:
        module.fail_json(
            msg=f"{exc.filename}: {exc.strerror}", files=home.results, home_warnings=home.warnings
        )
    result = {
        "changed": any(item["action"] != "ok" for item in files),
        "files": files,
        # A diff shows the user's own lines, so any secret in them: hidden first.
        "diff": [redact_diff(diff) for diff in home.diffs],
        "home_warnings": home.warnings,
        "secrets": find_secrets(params["scan_secrets"]),
    }
    if params["measure_home"]:
        result["home_bytes"] = disk_usage("~")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
