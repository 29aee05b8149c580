"""Ansible stdout callback: one line per role, a summary, and the full log in a file.

A person wants to know which parts of their shell changed and whether anything failed;
the task-by-task detail goes to the log named by BEACHHOUSE_LOG. With more than one host
(fleet mode) it prints a table of hosts instead. BEACHHOUSE_SUMMARY receives the counts
as JSON for bootstrap.sh.
"""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

# The callback API hands results over as objects whose fields are underscore-named.
# pylint: disable=protected-access

DOCUMENTATION = r"""
name: beachhouse
type: stdout
short_description: One line per role, a summary, and a per-host table for fleets
description:
  - Prints each role's outcome once, warnings under the role that raised them, and a
    final changed/ok/failed summary. Writes every task result to BEACHHOUSE_LOG.
"""

RANK = {"skipped": 0, "ok": 1, "changed": 2, "failed": 3}
MARK = {"skipped": "-", "ok": "ok", "changed": "changed", "failed": "FAILED"}


def _private(path, flags):
    return os.open(path, flags, 0o600)


def _plain(value):
    """Results may hold Ansible's tagged types; make them JSON-ready."""
    return json.loads(json.dumps(value, default=str))


class CallbackModule(CallbackBase):
    """See the module docstring."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "beachhouse"

    def __init__(self):
        super().__init__()
        self.started = time.monotonic()
        self.roles = {}  # host -> role -> {"status", "changed", "notes"}
        self.last_seen = {}
        self.warning_count = {}  # host -> warnings of the home module
        log_path = os.environ.get("BEACHHOUSE_LOG")
        # The log stays open for the whole run; it is closed when the process ends. It is
        # the user's alone (0600), whatever the umask, even when bootstrap.sh did not make it.
        # pylint: disable-next=consider-using-with
        self.log = open(log_path, "a", encoding="utf-8", opener=_private) if log_path else None

    # -- collecting ----------------------------------------------------------------------
    def _role_state(self, host, role):
        return self.roles.setdefault(host, {}).setdefault(
            role, {"status": "skipped", "changed": 0, "notes": []}
        )

    def _bump(self, host, role, status, changed=0, note=None):
        state = self._role_state(host, role)
        if RANK[status] > RANK[state["status"]]:
            state["status"] = status
        state["changed"] += changed
        if note:
            state["notes"].append(note)

    def _record(self, result, status):
        host = result._host.get_name()
        task = result._task
        data = result._result
        self.last_seen[host] = time.monotonic()
        if self.log:
            # Diffs hold the user's own rc files, and so any secret in them: never logged.
            logged = (
                {k: v for k, v in data.items() if k != "diff"} if isinstance(data, dict) else data
            )
            entry = {"host": host, "task": task.get_name(), "status": status, "result": logged}
            self.log.write(json.dumps(_plain(entry), sort_keys=True) + "\n")
            self.log.flush()
        role = task._role.get_name() if task._role else "play"
        self._record_home_warnings(host, data)
        files = data.get("files") if isinstance(data, dict) else None
        if status in ("ok", "changed") and isinstance(files, list) and files:
            # The one task that applies every role's files reports per role.
            for item in files:
                touched = item.get("action") != "ok"
                self._bump(host, item.get("role") or role, "changed" if touched else "ok", touched)
            return
        self._bump(host, role, status, int(status == "changed"))
        if status == "failed":
            message = str(data.get("msg") or data.get("stderr") or "failed").strip()
            self._role_state(host, role)["notes"].append(message.splitlines()[0])
        elif task.action in ("debug", "ansible.builtin.debug"):
            # A looped debug reports its messages per item.
            for item in data.get("results") or [data]:
                if isinstance(item, dict) and item.get("msg") and not item.get("skipped"):
                    self._role_state(host, role)["notes"].append(str(item["msg"]))

    def _record_home_warnings(self, host, data):
        """The home module's warnings (a file skipped, a block that cannot run): one note
        each under the role that declared the file, counted in the summary."""
        for warning in data.get("home_warnings") or [] if isinstance(data, dict) else []:
            self._role_state(host, warning.get("role") or "home")["notes"].append(
                f"warning: {warning['message']}"
            )
            self.warning_count[host] = self.warning_count.get(host, 0) + 1

    def v2_runner_on_ok(self, result):
        self._record(result, "changed" if result._result.get("changed") else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "ok" if ignore_errors else "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        host = result._host.get_name()
        self.last_seen[host] = time.monotonic()
        message = str(result._result.get("msg", "unreachable")).strip().splitlines()[0]
        self._bump(host, "connection", "failed", note=message)

    def v2_on_file_diff(self, result):
        diff = result._result.get("diff")
        if diff and result._task.diff:
            self._display.display(self._get_diff(diff))

    # -- reporting -----------------------------------------------------------------------
    def _role_lines(self, host):
        colours = {"failed": "red", "changed": "yellow", "ok": "green", "skipped": None}
        for role, state in self.roles.get(host, {}).items():
            if role in ("home", "play") and state["status"] != "failed" and not state["notes"]:
                continue  # the bookkeeping roles matter only when they fail or warn
            count = state["changed"]
            detail = f"{count} change{'s' if count != 1 else ''}" if count else ""
            line = f"  {role:<10} {MARK[state['status']]:<8} {detail}".rstrip()
            self._display.display(line, color=colours[state["status"]])
            for note in state["notes"]:
                self._display.display(f"      {note}", color="bright purple")

    def v2_playbook_on_stats(self, stats):
        hosts = sorted(stats.processed)
        summary = {}
        for host in hosts:
            counts = stats.summarize(host)
            summary[host] = {
                "ok": counts["ok"],
                "changed": counts["changed"],
                "failed": counts["failures"],
                "unreachable": counts["unreachable"],
                "warnings": self.warning_count.get(host, 0),
                "seconds": round(self.last_seen.get(host, self.started) - self.started, 1),
                "roles": {
                    role: state["status"] for role, state in self.roles.get(host, {}).items()
                },
            }
        if len(hosts) == 1:
            self._role_lines(hosts[0])
            roles = self.roles.get(hosts[0], {})
            shown = [state["status"] for role, state in roles.items() if role != "play"]
            unit = "roles"
        else:
            self._host_table(summary)
            shown = [
                "failed" if h["failed"] or h["unreachable"] else "changed" if h["changed"] else "ok"
                for h in summary.values()
            ]
            unit = "hosts"
        counts = {status: shown.count(status) for status in ("changed", "ok", "failed")}
        warned = sum(self.warning_count.values())
        self._display.display(
            f"{unit}: changed={counts['changed']} ok={counts['ok']} failed={counts['failed']}"
            + (f" warnings={warned}" if warned else ""),
            color="red" if counts["failed"] else None,
        )
        out = os.environ.get("BEACHHOUSE_SUMMARY")
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                json.dump({"hosts": summary}, handle, sort_keys=True)

    def _host_table(self, summary):
        header = (
            f"  {'host':<24} {'changed':>7} {'ok':>4} {'failed':>6} {'unreachable':>11} {'time':>7}"
        )
        self._display.display(header)
        for host, item in summary.items():
            bad = item["failed"] or item["unreachable"]
            line = (
                f"  {host:<24} {item['changed']:>7} {item['ok']:>4} {item['failed']:>6}"
                f" {item['unreachable']:>11} {item['seconds']:>6}s"
            )
            self._display.display(line, color="red" if bad else None)
            if bad:
                for role, state in self.roles.get(host, {}).items():
                    for note in state["notes"] if state["status"] == "failed" else []:
                        self._display.display(f"      {role}: {note}", color="red")
