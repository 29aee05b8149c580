"""Runs killed at 30+ points, and runs that overlap, converge (issue 10).

Each kill point is met for real: a named seam of bootstrap.sh (the run stops itself there,
BEACHHOUSE_TEST_STOP_AT, and is killed), a fraction of the Ansible tasks (counted in the
run's log as their results come: a task index, whatever the machine's speed), or the
moment inotify sees the n-th file made or removed in $HOME or ~/.config (a fraction of
what a clean run changes there: a write or removal under way).
After each kill a plain run converges to the tree a clean run makes, and an uninstall (run
again when it was the uninstall that was killed) gives back the original home exactly.

One real first install per worker is the reference; it is stopped once at the seam after
the tool venv is built and the home copied there, so later cycles can resume a first
install from that very state without building the venv again (restoring a home copies it
back to the same path, the venv as hard links: nothing in it is written in place).
"""

# pytest passes fixtures by argument name.
# pylint: disable=redefined-outer-name

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

from harness import BY_NAME, CloudShell

PROFILE = "azure-cloudshell"  # Python 3.12: uv builds the venv, the newest locked ansible-core
MINE = "export MY_OWN_LINE=1  # the user's, before install\n"
CONFIG_A = "git:\n  name: Ada Lovelace\n  email: ada@example.com\n"
# An apply with work in every file role: a new identity, aliases, vim and tmux knobs.
CONFIG_B = """\
git:
  name: Grace Hopper
  email: grace@example.com
aliases:
  projects:
    - {name: flaskml, path: ~/src/flask-ml}
tmux:
  enabled: false
"""
CONFIG = ".config/beachhouse/config.yml"
VENV = ".local/share/beachhouse/venv"
# What differs from one clean run to the next: logs, backups, stamps; the venv's bytes.
VOLATILE = (".local/state/beachhouse", VENV, ".cache")


# -- homes saved and restored ----------------------------------------------------------------
def save(shell: CloudShell, name: str) -> Path:
    """Copy the home aside (owners kept); the venv as hard links, the rest as bytes."""
    saved = shell.root / "saved" / name
    saved.parent.mkdir(exist_ok=True)
    venv = shell.home / VENV
    subprocess.run(["cp", "-a", str(shell.home), str(saved)], check=True)
    if venv.exists():
        shutil.rmtree(saved / VENV)
        subprocess.run(["cp", "-al", str(venv), str(saved.parent / f"{name}.venv")], check=True)
    return saved


def restore(shell: CloudShell, saved: Path) -> None:
    shutil.rmtree(shell.home)
    subprocess.run(["cp", "-a", str(saved), str(shell.home)], check=True)
    venv = saved.parent / f"{saved.name}.venv"
    if venv.exists():
        subprocess.run(["cp", "-al", str(venv), str(shell.home / VENV)], check=True)


def tree(shell: CloudShell) -> dict:
    return shell.snapshot(skip=VOLATILE)


def leftover_temps(home: Path) -> list:
    """Temp files of an interrupted write or fetch, outside the venv."""
    return [
        str(p.relative_to(home))
        for p in home.rglob(".*")
        if p.name.startswith((".beachhouse-tmp-", ".manifest-", ".src-new.", ".src-link."))
        and VENV not in str(p)
    ]


# -- processes ---------------------------------------------------------------------------------
def stopped(pid: int) -> bool:
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        return state.rsplit(")", 1)[1].split()[0] == "T"
    return False


def wait_until(run: subprocess.Popen, ready, what: str, timeout: float = 300) -> bool:
    """Poll *ready* until true; False if the run ended first."""
    deadline = time.monotonic() + timeout
    while not ready():
        if run.poll() is not None:
            return False
        assert time.monotonic() < deadline, f"{what} never came"
        time.sleep(0.02)
    return True


LOGS = ".local/state/beachhouse/logs"


def log_lines(home: Path) -> dict:
    """Lines in each of the kit's logs (one per task result)."""
    counts = {}
    for log in (home / LOGS).glob("*.log"):
        with contextlib.suppress(OSError):
            counts[log.name] = log.read_bytes().count(b"\n")
    return counts


def tasks_logged(home: Path, before: dict) -> int:
    """Task results logged since *before* (a log_lines of the home before the run)."""
    return max([n - before.get(name, 0) for name, n in log_lines(home).items()] or [0])


def tasks_of(shell: CloudShell, run: subprocess.Popen, before: dict) -> int:
    """Let *run* finish, successfully; how many task results it logged."""
    most = 0
    while run.poll() is None:
        most = max(most, tasks_logged(shell.home, before))
        time.sleep(0.05)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, out + err
    return max(most, tasks_logged(shell.home, before))


@dataclass(frozen=True)
class Point:
    """Where a run is killed: at a seam (and *after* seconds past it), once a fraction of
    its Ansible tasks are done, or at the n-th file made or removed in $HOME or
    ~/.config (a write or removal under way)."""

    seam: str = ""
    after: float = 0.0
    fraction: float = 0.0
    write: float = 0.0  # a fraction of the files a clean run makes or removes there

    def __str__(self):
        if self.seam:
            return self.seam + (f"+{self.after:.2f}s" if self.after else "")
        if self.write:
            return f"write{self.write:.0%}"
        return f"ansible{self.fraction:.0%}"


def watch_writes(home: Path) -> subprocess.Popen:
    """Watch the home and the folders of ~/.config (where the kit's own files are)."""
    if not shutil.which("inotifywait"):
        pytest.skip("needs inotifywait: apt-get install inotify-tools (.ci/run does)")
    folders = [home, *(p for p in (home / ".config").rglob("*") if p.is_dir())]
    # pylint: disable-next=consider-using-with # the caller ends it
    watcher = subprocess.Popen(
        ["inotifywait", "-m", "-e", "create", "-e", "delete", "--format", "%f", *map(str, folders)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # "Setting up watches.", then "Watches established.": from then on nothing is missed.
    while "Watches established" not in watcher.stderr.readline():
        assert watcher.poll() is None, "inotifywait did not start"
    return watcher


def writes_seen(watcher: subprocess.Popen) -> int:
    """The temp files *watcher* saw made, once the run is over."""
    time.sleep(0.2)  # inotifywait may not have printed the last events yet
    watcher.terminate()
    out, _ = watcher.communicate(timeout=10)
    return len(out.splitlines())


def nth_write(watcher: subprocess.Popen, run: subprocess.Popen, n: int) -> bool:
    seen = 0
    while seen < n:
        ready, _, _ = select.select([watcher.stdout], [], [], 0.05)
        if ready:
            seen += bool(watcher.stdout.readline())
        elif run.poll() is not None:
            return False
    return True


def kill_at(shell: CloudShell, point: Point, *args: str, clean: tuple) -> bool:
    """Run bootstrap.sh *args*, SIGKILL all of it at *point*; True if it was still running."""
    env = {"BEACHHOUSE_TEST_STOP_AT": point.seam} if point.seam else {}
    before = log_lines(shell.home)
    tasks, writes = clean  # what a clean run of this kind logs, and writes
    enough = max(1, round(point.fraction * tasks))
    watcher = watch_writes(shell.home) if point.write else None
    with shell.start_bootstrap(*args, **env) as run:
        try:
            if point.seam:
                alive = wait_until(run, lambda: stopped(run.pid), str(point))
                assert alive, f"the run ended without reaching {point}"
                if point.after:
                    os.killpg(run.pid, signal.SIGCONT)
                    time.sleep(point.after)
            elif point.write:
                alive = nth_write(watcher, run, max(1, round(point.write * writes)))
            else:
                wait_until(run, lambda: tasks_logged(shell.home, before) >= enough, "tasks")
            alive = run.poll() is None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(run.pid, signal.SIGKILL)
            run.communicate(timeout=60)
        finally:
            if watcher:
                watcher.kill()
                watcher.communicate()
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait()
            end_left_behind(shell)
    return alive


def end_left_behind(shell: CloudShell) -> None:
    """Ansible's workers start sessions of their own, so a kill of the run's session
    misses them; one whose parent died can block forever on its result pipe. End them
    (by pid: they are this test's), so the next run meets no stray writer."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError, ValueError):
            if str(shell.home).encode() in cmdline.read_bytes():
                os.kill(int(cmdline.parent.name), signal.SIGKILL)


# -- the reference ---------------------------------------------------------------------------
@dataclass
class Reference:  # pylint: disable=too-many-instance-attributes # one per saved state
    """The states a worker's kill cycles start from, and the trees a clean run makes."""

    shell: CloudShell
    original: dict  # the user's home before the kit, config A included
    fresh: Path  # that home, saved
    venv_ready: Path  # a first install stopped just after the tool venv was built
    installed: Path  # after the first install
    tree_a: dict  # what a clean install makes
    tree_b: dict  # what a clean apply of config B over it makes
    clean: dict  # for a first install, an apply of B, an uninstall: (tasks logged, writes)


@pytest.fixture(scope="module")
def reference(e2e_base) -> Reference:
    shell = CloudShell(BY_NAME[PROFILE], e2e_base["base"], e2e_base["kit"], e2e_base["tools"])
    shell.write(".bashrc", shell.profile.stock[".bashrc"] + MINE)
    shell.write(CONFIG, CONFIG_A)
    original = shell.snapshot()
    fresh = save(shell, "fresh")
    clean = {}
    with shell.start_bootstrap(BEACHHOUSE_TEST_STOP_AT="venv-ready") as run:
        assert wait_until(run, lambda: stopped(run.pid), "the venv-ready seam")
        venv_ready = save(shell, "venv-ready")
        watcher = watch_writes(shell.home)
        os.kill(run.pid, signal.SIGCONT)
        clean["install"] = (tasks_of(shell, run, {}), writes_seen(watcher))
    installed = save(shell, "installed")
    tree_a = tree(shell)
    shell.write(CONFIG, CONFIG_B)
    trees = []
    for kind, args in (("apply", ()), ("uninstall", ("--uninstall",))):
        before, watcher = log_lines(shell.home), watch_writes(shell.home)
        with shell.start_bootstrap(*args) as run:
            clean[kind] = (tasks_of(shell, run, before), writes_seen(watcher))
        trees.append(tree(shell))
    tree_b = trees[0]
    print(f"a clean run's (tasks logged, writes): {clean}")
    yield Reference(shell, original, fresh, venv_ready, installed, tree_a, tree_b, clean)
    shell.cleanup()


def converges(ref: Reference, expected: dict, why: str) -> None:
    """A plain run repairs whatever the kill left: the clean tree, the user's line, then
    "up to date"."""
    shell = ref.shell
    again = shell.bootstrap()
    assert again.returncode == 0, f"after {why}:\n{again.stdout}{again.stderr}"
    assert leftover_temps(shell.home) == [], why
    got = tree(shell)
    assert got == expected, f"after {why}: {sorted(set(got.items()) ^ set(expected.items()))}"
    assert MINE in (shell.home / ".bashrc").read_text(encoding="utf-8"), why
    assert shell.bootstrap().stdout.endswith("beachhouse: up to date\n"), why


def restores(ref: Reference, why: str) -> None:
    """An uninstall gives back the original home, byte for byte (config B is the user's now)."""
    shell = ref.shell
    removed = shell.bootstrap("--uninstall")
    assert removed.returncode == 0, f"after {why}:\n{removed.stdout}{removed.stderr}"
    expected = dict(ref.original)
    expected[CONFIG] = tree(shell).get(CONFIG)
    got = shell.snapshot()
    assert got == expected, f"after {why}: {sorted(set(got) ^ set(expected))}"


# -- the kill loop -----------------------------------------------------------------------------
# Cycles of three kills: during a first install, during an apply of config B, during the
# uninstall; each followed by a run that converges. A first-install kill in the venv build
# starts from the fresh home; the others resume the first install from the venv-ready seam.
# None means: the kill at venv-ready itself (the saved state is that kill's aftermath).
CYCLES = [
    (Point(seam="venv-unlocked"), Point(seam="site-start"), Point(seam="uninstall-start")),
    (Point(seam="venv-made"), Point(fraction=0.1), Point(seam="uninstall-venv-unlocked")),
    (Point(seam="venv-made", after=1.0), Point(fraction=0.3), Point(write=0.1)),
    (Point(seam="venv-installed"), Point(fraction=0.5), Point(seam="uninstall-removed")),
    (None, Point(fraction=0.7), Point(fraction=0.2)),
    (Point(seam="config-valid"), Point(fraction=0.9), Point(fraction=0.5)),
    (Point(seam="site-start"), Point(write=0.1), Point(seam="uninstall-done")),
    (Point(fraction=0.2), Point(write=0.6), Point(write=0.6)),
    (Point(fraction=0.5), Point(seam="site-done"), Point(fraction=0.8)),
    (
        Point(write=0.3),
        Point(seam="config-valid"),
        Point(seam="uninstall-venv-unlocked", after=0.05),
    ),
    (Point(seam="site-done"), Point(fraction=0.6), Point(write=0.9)),
]
VENV_BUILD_SEAMS = {"venv-unlocked", "venv-made", "venv-installed"}


def killed(shell: CloudShell, point: Point, *args: str, clean: tuple) -> None:
    """Kill a run at *point*; a point the run had already passed is no kill point."""
    assert kill_at(shell, point, *args, clean=clean), f"the run ended before {point}"
    print(f"killed {' '.join(args) or 'a run'} at {point}")


def spread(cases: list) -> list:
    """The cases in two xdist groups, one per core; each builds its own reference."""
    return [
        pytest.param(*case, marks=pytest.mark.xdist_group(f"kills-{i % 2}"))
        for i, case in enumerate(cases)
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    "install, apply, uninstall", spread(CYCLES), ids=lambda p: str(p or "venv-ready")
)
def test_a_killed_run_converges_and_uninstall_restores_the_originals(
    reference, install: Optional[Point], apply: Point, uninstall: Point
):
    ref, shell = reference, reference.shell
    if install is None:
        restore(shell, ref.venv_ready)
    else:
        restore(shell, ref.fresh if install.seam in VENV_BUILD_SEAMS else ref.venv_ready)
        killed(shell, install, clean=ref.clean["install"])
    converges(ref, ref.tree_a, f"a first install killed at {install or 'venv-ready'}")

    shell.write(CONFIG, CONFIG_B)
    killed(shell, apply, clean=ref.clean["apply"])
    converges(ref, ref.tree_b, f"an apply killed at {apply}")

    killed(shell, uninstall, "--uninstall", clean=ref.clean["uninstall"])
    restores(ref, f"an uninstall killed at {uninstall}")


# -- overlapping runs --------------------------------------------------------------------------
# (where the home starts, the first run's args, the second's, when the second starts: a
# fraction of the first's Ansible tasks done, or None: both at once).
PAIRS = [
    ("fresh", (), (), None),
    ("venv_ready", (), (), None),
    ("venv_ready", (), (), 0.1),
    ("venv_ready", (), (), 0.6),
    ("installed", (), (), 0.1),
    ("installed", (), (), 0.4),
    ("installed", (), ("--check", "--diff"), 0.3),
    ("installed", ("--check",), (), None),
]


@pytest.mark.slow
@pytest.mark.parametrize("start, first, second, delay", spread(PAIRS))
def test_overlapping_runs_wait_for_each_other_and_end_up_to_date(
    reference, start, first, second, delay
):
    ref, shell = reference, reference.shell
    restore(shell, getattr(ref, start))
    if start == "installed":
        shell.write(CONFIG, CONFIG_B)
    kind = "apply" if start == "installed" else "install"
    outputs = overlap(shell, first, second, None if delay is None else delay * ref.clean[kind][0])
    # Started at once, either may be first; the other waits, then has nothing to do.
    waited = [out for out in outputs if "waiting for it to finish" in out]
    assert len(waited) == 1, outputs
    if "--check" not in first + second:
        assert waited[0].endswith("beachhouse: up to date\n"), waited[0]
    expected = ref.tree_b if start == "installed" else ref.tree_a
    got = tree(shell)
    assert got == expected, sorted(set(got.items()) ^ set(expected.items()))
    assert MINE in (shell.home / ".bashrc").read_text(encoding="utf-8")
    assert shell.bootstrap().stdout.endswith("beachhouse: up to date\n")
    print(f"pair from {start}: {' '.join(first) or 'run'} + {' '.join(second) or 'run'}, converged")


def overlap(shell: CloudShell, first: tuple, second: tuple, tasks: Optional[float]) -> tuple:
    """Start bootstrap.sh *first*, then *second* once the first logged *tasks* results
    (None: at once); both must succeed. Their outputs."""
    before = log_lines(shell.home)
    with shell.start_bootstrap(*first) as one:
        if tasks is not None:
            enough = max(1, round(tasks))
            assert wait_until(one, lambda: tasks_logged(shell.home, before) >= enough, "tasks")
        with shell.start_bootstrap(*second) as two:
            out2, err2 = two.communicate(timeout=600)
        out1, err1 = one.communicate(timeout=600)
    assert one.returncode == 0, out1 + err1
    assert two.returncode == 0, out2 + err2
    return out1, out2
