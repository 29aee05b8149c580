"""Lesson 8's checks of tsp.py, run by check.sh: STEP/FAIL/OK lines for the runner."""

import csv
import re
import subprocess
import sys

from learncheck import fail, step  # scripts/lib, on PYTHONPATH from the runner

RUNS = 200
RUN = re.compile(r"^run (\d+): start (\S+) distance (\d+)$")


def distances_from(path="cities.tsv") -> dict:
    table = {}
    with open(path, encoding="utf-8") as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            table.setdefault(row["from"], {})[row["to"]] = int(row["distance"])
    return table


def greedy(start, table):
    route, total = [start], 0
    left = set(table) - {start}
    while left:
        nearest = min(left, key=lambda city, here=route[-1]: table[here][city])
        total += table[route[-1]][nearest]
        route.append(nearest)
        left.remove(nearest)
    return route, total


def parse(output: str):
    """Return (runs, shortest, route) from tsp.py's output, or raise ValueError."""
    runs, shortest, route = [], None, None
    for line in output.splitlines():
        line = line.strip()
        if match := RUN.match(line):
            runs.append((match.group(2), int(match.group(3))))
        elif line.startswith("shortest:"):
            shortest = int(line.split(":", 1)[1])
        elif line.startswith("route:"):
            route = line.split(":", 1)[1].split()
    if shortest is None or route is None:
        raise ValueError("no 'shortest: ...' and 'route: ...' lines at the end")
    return runs, shortest, route


def main(argv=None) -> int:  # pylint: disable=too-many-return-statements # one per step
    """Check tsp.py in the current directory."""
    del argv
    table = distances_from()
    step(f"./tsp.py {RUNS} prints {RUNS} runs, then the shortest distance and its route")
    proc = subprocess.run(
        ["./tsp.py", str(RUNS)], capture_output=True, text=True, timeout=20, check=False
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        return fail(f"./tsp.py {RUNS}: exited with code {proc.returncode}: {last}")
    try:
        runs, shortest, route = parse(proc.stdout)
    except ValueError as exc:
        return fail(f"./tsp.py {RUNS}: {exc}")
    if len(runs) != RUNS:
        return fail(f"./tsp.py {RUNS}: printed {len(runs)} 'run N: start CITY distance D' lines")

    step("every run follows the greedy rule from its start")
    for number, (start, distance) in enumerate(runs, 1):
        if start not in table:
            return fail(
                f"./tsp.py {RUNS}: run {number} starts at {start}, not a city of cities.tsv"
            )
        expected = greedy(start, table)[1]
        if distance != expected:
            return fail(
                f"run {number}: from {start}, the greedy trip is {expected}, not {distance}"
            )

    step("the runs start at cities picked at random")
    starts = {start for start, _ in runs}
    if len(starts) < 3:
        return fail(f"./tsp.py {RUNS}: all runs start at {' or '.join(sorted(starts))}")

    step("the route visits every city once and is as long as the shortest run")
    if sorted(route) != sorted(table):
        return fail(f"route: {' '.join(route)} does not visit each of the {len(table)} cities once")
    length = sum(table[a][b] for a, b in zip(route, route[1:]))
    if length != shortest or shortest != min(distance for _, distance in runs):
        return fail(
            f"route: is {length} long; shortest: says {shortest}; the best run was "
            f"{min(distance for _, distance in runs)}"
        )

    step(f"with {RUNS} runs, the shortest is the best greedy trip there is")
    best = min(greedy(start, table)[1] for start in table)
    if shortest != best:
        return fail(f"shortest: {shortest}, but starting elsewhere gives {best}")
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
