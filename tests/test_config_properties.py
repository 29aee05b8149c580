"""Configs generated from the schema itself, with hostile strings mixed in, applied for real.

Every generated config goes through the real validator: it is accepted, or refused in one
line (exit 3). The accepted ones are applied by the real site.yml in a few ansible-playbook
runs, each host of the inventory a home of its own (a local connection whose interpreter
sets HOME), with the tool venv that one real bootstrap built, and the roles that write
the config's strings. Then real `bash -i` and
`zsh -i` start in every home without a word on stderr, the values they read are the
config's own characters, and the canary file that every hostile string tries to create
never exists.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from harness import BY_NAME, KIT, CloudShell, _prefix, run_in_tty

sys.path.insert(0, str(KIT / "lib"))
# pylint: disable=wrong-import-position,import-error  # lib/ joins sys.path just above
from beachhouse import config  # noqa: E402

VALID_WANTED = int(os.environ.get("BEACHHOUSE_TEST_CONFIGS", "200"))
# About one in six is refused (a builtin as a name, a venvs dir that climbs out): enough spare.
GENERATED = VALID_WANTED * 3 // 2
BATCHES = 3
SHELL_WORDS = ["local", "cd", "test", "if", "then", "source", "exec", "workon"]


def hostile(canary: Path) -> list[str]:
    """Strings that would do harm if a config were code anywhere on its way."""
    touch = f"touch {canary}"
    return [
        f"$({touch})",
        f"`{touch}`",
        f"{{{{ lookup('pipe', '{touch}') }}}}",
        f"{{% set x = lookup('pipe', '{touch}') %}}x",
        f"{{{{ query('pipe', '{touch}') }}}}",
        "{{ 7*7 }}",
        "{# x",
        "%}",
        f"'; {touch}; '",
        f'"; {touch}; "',
        f"x\n{touch}",
        "${HOME}",
        "$PATH",
        "!!",
        "-rf",
        "--help",
        "~",
        "true",
        "null",
        "0777",
        "..",
        "~root/x",
        "ŝéł 🏖 مرحبا 中文",
        "\u2028x\u0085",
        "\x7f",
        "x" * 5000,
        *SHELL_WORDS,
    ]


def resolved(schema: dict, node: dict) -> dict:
    """*node* with its $ref followed (the schema's own $defs), other keys kept."""
    while "$ref" in node:
        target = schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def strategy(schema: dict, node: dict, extra: list[str]):
    """A strategy for *node*: the schema's own values, with hostile strings mixed into
    every string that they fit (and names that break shells, which must be refused)."""
    node = resolved(schema, node)
    kind = node.get("type")
    if kind == "object":
        known = {
            key: strategy(schema, value, extra) for key, value in node.get("properties", {}).items()
        }
        fixed = st.fixed_dictionaries({}, optional=known)
        if isinstance(node.get("additionalProperties"), dict):
            names = strategy(schema, node.get("propertyNames", {"type": "string"}), extra)
            values = strategy(schema, node["additionalProperties"], extra)
            return st.dictionaries(names, values, max_size=3)
        return fixed
    if kind == "array":
        return st.lists(
            strategy(schema, node.get("items", {}), extra), max_size=node.get("maxItems", 3)
        )
    if kind == "string":
        plain = {k: v for k, v in node.items() if k not in ("default", "description")}
        pattern = re.compile(node.get("pattern", ""))
        limit = node.get("maxLength", 10**6)
        fitting = [s for s in extra if pattern.search(s) and len(s) <= limit]
        generated = from_schema(plain)
        return st.one_of(generated, st.sampled_from(fitting)) if fitting else generated
    return from_schema({k: v for k, v in node.items() if k not in ("default", "description")})


def offline(schema: dict) -> dict:
    """The schema with what needs a network, or this machine's files, taken out: a venv is
    built from python3 with no packages, and vim plugins are not cloned."""
    schema = copy.deepcopy(schema)
    sections = schema["properties"]
    sections["vim"]["properties"]["plugins"] = {"type": "array", "maxItems": 0}
    env = sections["venvs"]["properties"]["envs"]
    env["maxItems"] = 1
    items = env["items"]["properties"]
    items["python"] = {"enum": ["python3"]}
    items["packages"] = {"type": "array", "maxItems": 0}
    items.pop("requirements", None)
    sections["venvs"]["properties"]["dir"] = {
        "type": "string",
        "pattern": r"^~/[A-Za-z0-9._{}* %-]{1,40}$",
        "description": "a folder under ~/",
    }
    return schema


def generated_configs(canary: Path) -> list[dict]:
    schema = json.loads(config.SCHEMA_PATH.read_text(encoding="utf-8"))
    configs = []

    @settings(
        max_examples=GENERATED,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy(offline(schema), offline(schema), hostile(canary)))
    def collect(value):
        configs.append(value)

    collect()  # pylint: disable=no-value-for-parameter # hypothesis supplies it
    return configs


def validate(home: Path, data: dict, monkeypatch) -> tuple[int, str, Path]:
    """The real validator on *data*, written as YAML into *home*: code, stderr, vars."""
    path = home / ".config/beachhouse/config.yml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = home.parent / "config.json"
    monkeypatch.setenv("HOME", str(home))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = config.main([str(path), "--out", str(out)])
    return code, err.getvalue(), out


@pytest.fixture(scope="module")
def tool_venv(e2e_base):
    """One real bootstrap, whose tool venv then applies every generated config."""
    shell = CloudShell(
        BY_NAME["generic-linux"], e2e_base["base"], e2e_base["kit"], e2e_base["tools"]
    )
    result = shell.bootstrap("--tags", "shell")
    assert result.returncode == 0, result.stdout + result.stderr
    yield shell
    shell.cleanup()


def inventory(shell: CloudShell, homes: list[tuple[str, Path, Path]], batch: Path) -> Path:
    """An inventory of local hosts, each with its home (through its interpreter) and its
    config's variables, written by config.ansible_vars as bootstrap.sh writes them."""
    python = shell.home / ".local/share/beachhouse/venv/bin/python"
    (batch / "host_vars").mkdir(parents=True)
    hosts = {}
    for name, home, variables in homes:
        interpreter = home.parent / "python"
        interpreter.write_text(f'#!/bin/sh\nHOME="{home}" exec "{python}" "$@"\n')
        interpreter.chmod(0o755)
        hosts[name] = {
            "ansible_connection": "local",
            "ansible_python_interpreter": str(interpreter),
        }
        text = config.ansible_vars(json.loads(variables.read_text(encoding="utf-8")))
        (batch / "host_vars" / f"{name}.json").write_text(text, encoding="utf-8")
    (batch / "hosts.yml").write_text(json.dumps({"all": {"hosts": hosts}}), encoding="utf-8")
    facts = {
        "beachhouse_platform": "linux",
        "beachhouse_kit_src": str(shell.kit),
        "beachhouse_config_dir": "~/.config/beachhouse",
        "beachhouse_state_dir": "~/.local/state/beachhouse",
        "beachhouse_data_dir": "~/.local/share/beachhouse",
        "beachhouse_tool_venv": "",
    }
    # As bootstrap.sh passes them: every string marked unsafe.
    (batch / "facts.json").write_text(config.ansible_vars(facts), encoding="utf-8")
    return batch


def apply(shell: CloudShell, batch: Path) -> dict:
    """ansible-playbook site.yml over the batch's hosts, as its user; the per-host summary."""
    venv = shell.home / ".local/share/beachhouse/venv"
    env = shell.env(
        ANSIBLE_CONFIG=str(shell.kit / "playbooks/ansible.cfg"),
        ANSIBLE_HOME=str(batch / "ansible"),
        ANSIBLE_LOCAL_TEMP=str(batch / "ansible/tmp"),
        ANSIBLE_REMOTE_TEMP=str(batch / "ansible/remote"),
        BEACHHOUSE_LOG=str(batch / "run.log"),
        BEACHHOUSE_SUMMARY=str(batch / "summary.json"),
    )
    if shell.user:
        owner = f"{shell.user.pw_uid}:{shell.user.pw_gid}"
        subprocess.run(["chown", "-R", owner, str(shell.root)], check=True)
    command = [
        str(venv / "bin/ansible-playbook"),
        str(shell.kit / "playbooks/site.yml"),
        "-i",
        str(batch / "hosts.yml"),
        "-e",
        f"@{batch / 'facts.json'}",
        "--forks",
        "8",
        # The roles whose files carry the config's strings (and the shell role, which
        # makes bash and zsh read them). The others read no string of the offline config
        # (platform's only on Google Cloud Shell); each task costs ~0.1 s per host here.
        "--tags",
        "shell,aliases,venvs,git",
    ]
    run = subprocess.run(
        _prefix(shell.user) + command,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert (batch / "summary.json").exists(), run.stdout + run.stderr
    return run, json.loads((batch / "summary.json").read_text(encoding="utf-8"))["hosts"]


def expected_venvs_dir(data: dict, home: Path) -> str:
    """What BEACHHOUSE_VENVS_DIR must hold in an interactive shell of *home*."""
    if not data.get("shell", {}).get("enabled", True) or not data.get("venvs", {}).get(
        "enabled", True
    ):
        return ""
    folder = data.get("venvs", {}).get("dir", "~/.venvs")
    return str(home) + folder[1:] if folder.startswith("~") else folder


def start_shell(shell: CloudShell, home: Path, sh: str):
    env = shell.env(HOME=str(home), TERM="xterm-256color")
    return run_in_tty(
        [sh, "-i", "-c", 'printf "%s" "${BEACHHOUSE_VENVS_DIR-}"'],
        cwd=home,
        env=env,
        user=shell.user,
    )


def problems_in(shell: CloudShell, name: str, home: Path, data: dict) -> list[str]:
    """What is wrong with one applied home: a shell's error line, or a value not kept."""
    problems = []
    for sh in ("bash", "zsh"):
        result = start_shell(shell, home, sh)
        if result.returncode != 0 or result.stderr:
            problems.append(f"{name} {sh}: {result.returncode} {result.stderr!r}")
        elif result.stdout != expected_venvs_dir(data, home):
            problems.append(f"{name} {sh}: venvs dir {result.stdout!r}, config {data.get('venvs')}")
    git = data.get("git", {})
    if git.get("name") and git.get("enabled", True):
        settings_file = home / ".config/beachhouse/git/settings"
        got = subprocess.run(
            ["git", "config", "--file", str(settings_file), "user.name"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.rstrip("\n")
        if got != git["name"]:
            problems.append(f"{name} git: {got!r} != {git['name']!r}")
    return problems


def validated(shell: CloudShell, canary: Path, monkeypatch) -> list[tuple]:
    """Every generated config through the real validator, each in a home of its own:
    refused in one line, or (name, home, variables, config) to apply."""
    accepted, refused = [], []
    for number, data in enumerate(generated_configs(canary)):
        home = shell.root / "homes" / f"h{number:03d}" / "home"
        code, err, out = validate(home, data, monkeypatch)
        assert code in (0, 3), err
        if code == 3:
            assert err.count("\n") == 1 and err.endswith("\n"), err
            refused.append(err)
        else:
            accepted.append((f"h{number:03d}", home, out, data))
    print(f"{len(accepted)} valid, {len(refused)} refused")
    assert len(accepted) >= VALID_WANTED, refused[:5]
    return accepted[:VALID_WANTED]


@pytest.mark.slow
@pytest.mark.xdist_group("config-properties")
def test_generated_configs_are_refused_in_one_line_or_applied_as_data(tool_venv, monkeypatch):
    shell = tool_venv
    started = time.monotonic()
    canary = shell.root / "canary"
    accepted = validated(shell, canary, monkeypatch)
    failed = {}
    for index in range(BATCHES):
        part = accepted[index::BATCHES]
        batch = shell.root / "batches" / str(index)
        run, hosts = apply(shell, inventory(shell, [item[:3] for item in part], batch))
        assert len(hosts) == len(part), run.stdout + run.stderr
        failed.update({n: h for n, h in hosts.items() if h["failed"] or h["unreachable"]})
    assert not failed, failed
    print(f"{len(accepted)} applied ({time.monotonic() - started:.0f} s)")
    assert not canary.exists(), "a config value ran as code during the apply"

    with ThreadPoolExecutor(max_workers=4) as pool:
        found = pool.map(lambda item: problems_in(shell, item[0], item[1], item[3]), accepted)
        problems = [problem for some in found for problem in some]
    assert not problems
    print(f"bash and zsh started in each ({time.monotonic() - started:.0f} s)")
    assert not canary.exists(), "a config value ran as code in a shell"
