"""Fleet mode for real: bootstrap.sh --inventory against users of a loopback sshd.

Four unprivileged users stand in for four machines, each its own inventory host reached
over SSH on 127.0.0.1; a fifth host points at a port nobody listens on. The inventory sets
variables per group and per host the way the example in playbooks/inventory/ does.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

import sshd
from harness import copy_kit

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("fleet")]

PREFIX = "bhfleet"
BLOCK = "# >>> beachhouse >>>"
ROW = re.compile(r"^  (\S+) +(\d+) +(\d+) +(\d+) +(\d+) +([\d.]+)s$")
# box name -> user; the groups and variables below refer to these names.
BOXES = {f"box{n}": f"{PREFIX}{n}" for n in range(1, 5)}
GROUPS = {"students": ["box1", "box2"], "cloud9": ["box3"], "workstations": ["box4"]}
HISTORY = 4321
IDENTITIES = {"box1": ("Ada Lovelace", "ada@example.edu"), "box2": ("Grace Hopper", "grace@x.org")}
# The controller's own config.yml: the fleet-wide default that groups and hosts refine.
FLEET_CONFIG = "shell: {history_size: 7777}\ngit: {name: Fleet Default, email: fleet@example.org}\n"
FLEET_DEFAULT = ("Fleet Default", "fleet@example.org")


@dataclass
class Run:
    """One bootstrap.sh run on the controller and the table it printed."""

    code: int
    stdout: str
    stderr: str

    @property
    def rows(self) -> dict:
        """host -> {changed, ok, failed, unreachable}, from the per-host table."""
        found = {}
        for line in self.stdout.splitlines():
            match = ROW.match(line)
            if match:
                counts = [int(value) for value in match.groups()[1:5]]
                found[match[1]] = dict(zip(("changed", "ok", "failed", "unreachable"), counts))
        return found


@dataclass
class Controller:
    """The machine bootstrap.sh runs on: a snapshot of the kit, a home, an inventory."""

    kit: Path
    inventory: Path
    env: dict

    def bootstrap(self, *args: str, **env: str) -> Run:
        result = subprocess.run(
            ["bash", str(self.kit / "bootstrap.sh"), "--inventory", str(self.inventory), "--yes"]
            + list(args),
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        return Run(result.returncode, result.stdout, result.stderr)


@dataclass
class Fleet:
    """The controller, the targets' users, and what the module's first two runs did."""

    controller: Controller
    users: dict
    first: Run
    bashrc_after_first: dict
    second: Run
    leftovers: dict

    def shell(self, box: str, script: str) -> subprocess.CompletedProcess:
        """A real interactive bash of box's user, as a login would start it."""
        return sshd.run_as(self.users[box], ["bash", "-ic", script])


def fleet_inventory(directory: Path, port: int, key: Path, python: str) -> Path:
    """The fleet's inventory: connection settings for all, then per group and per host."""
    groups = {
        group: {box: {"ansible_user": BOXES[box]} for box in boxes}
        for group, boxes in GROUPS.items()
    }
    groups["workstations"]["box-wrong-port"] = {
        "ansible_user": BOXES["box4"],
        "ansible_port": sshd.free_port(),
    }
    host_vars = {
        box: {"git_name": name, "git_email": email} for box, (name, email) in IDENTITIES.items()
    }
    host_vars["box1"]["venvs_envs"] = [{"name": "scratch", "python": python}]
    group_vars = {
        "all": sshd.connection_vars(port, key, python),
        "students": {"shell_history_size": HISTORY},
        "cloud9": {"beachhouse_platform": "aws-cloud9"},
    }
    return sshd.write_inventory(directory, groups, group_vars, host_vars)


@pytest.fixture(name="fleet", scope="module")
def fleet_fixture(tmp_path_factory, uv_cache) -> Fleet:
    reason = sshd.available()
    if reason:
        pytest.skip(f"fleet tests: {reason}")
    work = tmp_path_factory.mktemp("fleet")
    key = sshd.keypair(work)
    python = sshd.target_python()
    (work / "controller/.config/beachhouse").mkdir(parents=True)
    (work / "controller/.config/beachhouse/config.yml").write_text(FLEET_CONFIG, encoding="utf-8")
    with sshd.users_lock(PREFIX), sshd.Sshd(work / "sshd", allow_users=f"{PREFIX}*") as server:
        public_key = key.with_suffix(".pub").read_text(encoding="utf-8")
        users = {box: sshd.ensure_user(name, public_key) for box, name in BOXES.items()}
        controller = Controller(
            copy_kit(work / "kit"),
            fleet_inventory(work / "inventory", server.port, key, python),
            sshd.controller_env(work / "controller", UV_CACHE_DIR=str(uv_cache)),
        )
        first = controller.bootstrap()
        bashrc = {box: (user.home / ".bashrc").read_bytes() for box, user in users.items()}
        second = controller.bootstrap()
        leftovers = {
            box: sorted(p.name for p in user.home.iterdir() if p.name == ".ansible")
            + sorted(str(p) for p in Path("/tmp").glob(".beachhouse-ansible-*") if owned(p, user))
            for box, user in users.items()
        }
        yield Fleet(controller, users, first, bashrc, second, leftovers)


def owned(path: Path, user: sshd.User) -> bool:
    return path.stat().st_uid == user.uid


def test_fleet_run_reports_the_wrong_port_host_unreachable_and_exits_5(fleet):
    run = fleet.first
    assert run.code == 5, run.stdout + run.stderr
    assert "some hosts were unreachable" in run.stderr
    rows = run.rows
    assert set(rows) == set(BOXES) | {"box-wrong-port"}, run.stdout
    assert rows["box-wrong-port"]["unreachable"] == 1
    assert "Connection refused" in run.stdout
    for box in BOXES:
        assert rows[box]["failed"] == 0 and rows[box]["unreachable"] == 0, run.stdout
        assert rows[box]["changed"] >= 1, run.stdout
    assert "hosts: changed=4 ok=0 failed=1" in run.stdout


@pytest.mark.parametrize("box", sorted(BOXES))
def test_every_reachable_host_ends_configured(fleet, box):
    bashrc = (fleet.users[box].home / ".bashrc").read_text(encoding="utf-8")
    assert bashrc.count(BLOCK) == 1
    # Debian's own ~/.bashrc stays, with the block added to it.
    assert Path("/etc/skel/.bashrc").read_text(encoding="utf-8").strip() in bashrc
    # Debian's skel sets HISTSIZE=1000; the kit raises such stock sizes at the first prompt,
    # which `bash -ic` never draws: run its hook as that prompt would.
    script = 'type -t workon; eval "$PROMPT_COMMAND"; echo "$BEACHHOUSE_PLATFORM $HISTSIZE"'
    result = fleet.shell(box, script)
    assert result.returncode == 0, result.stderr
    platform = "aws-cloud9" if box in GROUPS["cloud9"] else "linux"
    # The students group's value beats the controller's config.yml, which beats the default.
    history = HISTORY if box in GROUPS["students"] else 7777
    assert result.stdout.splitlines() == ["function", f"{platform} {history}"]


@pytest.mark.parametrize("box", sorted(BOXES))
def test_host_vars_set_each_hosts_git_identity_over_the_config_default(fleet, box):
    result = sshd.run_as(fleet.users[box], ["git", "config", "--get-all", "user.name"])
    name, email = IDENTITIES.get(box, FLEET_DEFAULT)
    assert result.stdout.splitlines() == [name]
    assert sshd.run_as(fleet.users[box], ["git", "config", "user.email"]).stdout.strip() == email


def test_host_vars_venv_is_built_on_its_host_only(fleet):
    result = fleet.shell("box1", 'workon scratch && python -c "import sys; print(sys.prefix)"')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(fleet.users["box1"].home / ".venvs" / "scratch")
    assert not (fleet.users["box2"].home / ".venvs" / "scratch").exists()


def test_second_fleet_run_changes_nothing(fleet):
    run = fleet.second
    assert run.code == 5, run.stdout + run.stderr
    rows = run.rows
    for box in BOXES:
        assert (rows[box]["changed"], rows[box]["failed"], rows[box]["unreachable"]) == (0, 0, 0)
    assert rows["box-wrong-port"]["unreachable"] == 1
    assert "hosts: changed=0 ok=4 failed=1" in run.stdout
    for box, user in fleet.users.items():
        assert (user.home / ".bashrc").read_bytes() == fleet.bashrc_after_first[box]


def test_pipelined_runs_leave_no_ansible_temp_on_the_targets(fleet):
    assert fleet.leftovers == {box: [] for box in BOXES}


def test_without_pipelining_each_remote_user_gets_its_own_temp(fleet):
    # Several users of one host: a shared /tmp path would be the first user's only.
    run = fleet.controller.bootstrap("--limit", "box1,box2,box3", ANSIBLE_PIPELINING="False")
    assert run.code == 0, run.stdout + run.stderr
    assert set(run.rows) == {"box1", "box2", "box3"}
    assert all(row["changed"] == 0 for row in run.rows.values()), run.stdout
    for box in ("box1", "box2", "box3"):
        assert owned(fleet.users[box].home / ".ansible" / "tmp", fleet.users[box])


def test_check_diff_on_a_fresh_host_shows_the_changes_and_makes_none(fleet):
    # Last: it gives box4's user a fresh home again.
    old = fleet.users["box4"]
    user = sshd.ensure_user(old.name, (old.home / ".ssh/authorized_keys").read_text("utf-8"))
    before = sorted(str(p.relative_to(user.home)) for p in user.home.rglob("*"))
    run = fleet.controller.bootstrap("--check", "--diff", "--limit", "box4")
    assert run.code == 0, run.stdout + run.stderr
    assert re.search(r"^roles: changed=[1-9]", run.stdout, re.MULTILINE), run.stdout
    assert BLOCK in run.stdout  # the diff of ~/.bashrc
    assert sorted(str(p.relative_to(user.home)) for p in user.home.rglob("*")) == before
    assert (user.home / ".bashrc").read_bytes() == Path("/etc/skel/.bashrc").read_bytes()
