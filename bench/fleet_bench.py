#!/usr/bin/env python3
"""Fleet mode's wall time for 1, 4 and 8 hosts, first run and no-change re-run.

Each host is an unprivileged user (bhbench1…) of a loopback sshd started for the bench
(tests/sshd.py), reached over real SSH. A first run starts from a home fresh from
/etc/skel; the re-run follows it and must change nothing. Each figure is the median of
--runs repetitions. Issue 6's target: the 8-host re-run within 3x the 1-host one.
Wall time on a busy machine says more about the load than the kit: the controller's CPU
time (the bench's children: bash, ansible-playbook, ssh) is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT / "tests"))

# pylint: disable=wrong-import-position  # tests/ goes on sys.path first
import sshd  # noqa: E402
from harness import copy_kit  # noqa: E402

PREFIX = "bhbench"
TARGET_RATIO = 3.0


def cpu_seconds() -> float:
    """CPU time of this process's finished children: the controller's side of a run."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Bench:
    """A controller, an sshd and the bench users: runs bootstrap.sh on the first n hosts."""

    def __init__(self, work: Path, server: sshd.Sshd, forks: int, hosts: int) -> None:
        self.kit = copy_kit(work / "kit")
        key = sshd.keypair(work)
        self.public_key = key.with_suffix(".pub").read_text(encoding="utf-8")
        self.forks = forks
        self.names = [f"{PREFIX}{n}" for n in range(1, hosts + 1)]
        self.inventory = sshd.write_inventory(
            work / "inventory",
            {"bench": {name: {"ansible_user": name} for name in self.names}},
            {"all": sshd.connection_vars(server.port, key, sshd.target_python())},
            {},
        )
        (work / "controller").mkdir()
        self.env = sshd.controller_env(work / "controller")

    def reset(self, count: int) -> None:
        """Give the first count users a home fresh from /etc/skel."""
        for name in self.names[:count]:
            sshd.ensure_user(name, self.public_key)

    def run(self, count: int, expect_changed: Optional[bool]) -> tuple:
        """Wall and controller CPU seconds of one run on the first count hosts; checks it."""
        command = ["bash", str(self.kit / "bootstrap.sh"), "--inventory", str(self.inventory)]
        command += ["--limit", ",".join(self.names[:count]), "--forks", str(self.forks), "--yes"]
        cpu = cpu_seconds()
        started = time.perf_counter()
        result = subprocess.run(command, env=self.env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            raise RuntimeError(f"{count} hosts: exit {result.returncode}\n{result.stdout}")
        summary = [line for line in result.stdout.splitlines() if "changed=" in line][-1]
        if expect_changed is not None and ("changed=0" not in summary) != expect_changed:
            raise RuntimeError(f"{count} hosts: expected changed={expect_changed}: {summary}")
        return seconds, cpu_seconds() - cpu


def measure(bench: Bench, sizes: list, runs: int) -> dict:
    """size -> {"first": [seconds…], "again": […], "first_cpu": […], "again_cpu": […]}."""
    bench.reset(1)
    bench.run(1, expect_changed=None)  # builds the controller's tool venv, untimed
    figures = {}
    for size in sizes:
        figures[size] = {key: [] for key in ("first", "again", "first_cpu", "again_cpu")}
        for _ in range(runs):
            bench.reset(size)
            for key, changes in (("first", True), ("again", False)):
                wall, cpu = bench.run(size, expect_changed=changes)
                figures[size][key].append(wall)
                figures[size][f"{key}_cpu"].append(cpu)
    return figures


def ratio(figures: dict) -> float:
    """The largest fleet's no-change re-run over the smallest's: what the issue bounds."""
    sizes = sorted(figures)
    largest, smallest = (statistics.median(figures[n]["again"]) for n in (sizes[-1], sizes[0]))
    return largest / smallest


def table(figures: dict, forks: int, runs: int) -> str:
    """The figures as a markdown table, and the ratio the issue sets a target for."""
    lines = [
        f"Fleet mode over loopback SSH, forks={forks}, median of {runs} runs"
        f" ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end):",
        "",
        "| hosts | first run (s) | no-change re-run (s) | controller CPU, first / re-run (s) |",
        "|------:|--------------:|---------------------:|-----------------------------------:|",
    ]
    for size, runs_of in figures.items():
        first, again, first_cpu, again_cpu = (
            statistics.median(runs_of[key]) for key in ("first", "again", "first_cpu", "again_cpu")
        )
        lines.append(f"| {size} | {first:.2f} | {again:.2f} | {first_cpu:.2f} / {again_cpu:.2f} |")
    sizes = sorted(figures)
    verdict = "met" if ratio(figures) <= TARGET_RATIO else "MISSED"
    lines += [
        "",
        f"{sizes[-1]}-host no-change re-run = {ratio(figures):.2f}x the {sizes[0]}-host one"
        f" (target <= {TARGET_RATIO:g}x: {verdict}).",
    ]
    return "\n".join(lines)


def main(argv: Optional[list] = None) -> int:
    """Measure, print the table; 0 when the 8-host target is met, 1 when not, 2 if unable."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions per figure (default 3)")
    parser.add_argument("--hosts", default="1,4,8", help="host counts (default 1,4,8)")
    parser.add_argument("--forks", type=int, default=8, help="bootstrap.sh --forks (default 8)")
    parser.add_argument("--json", type=Path, help="also write the raw seconds here")
    args = parser.parse_args(argv)
    reason = sshd.available()
    if reason:
        print(f"fleet_bench: {reason}", file=sys.stderr)
        return 2
    sizes = sorted(int(n) for n in args.hosts.split(","))
    with tempfile.TemporaryDirectory(prefix="beachhouse-fleet-bench-") as tmp:
        work = Path(tmp)
        with sshd.users_lock(PREFIX), sshd.Sshd(work / "sshd", f"{PREFIX}*") as server:
            bench = Bench(work, server, args.forks, max(sizes))
            figures = measure(bench, sizes, args.runs)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(table(figures, args.forks, args.runs))
    return 0 if ratio(figures) <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
