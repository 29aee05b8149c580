#!/usr/bin/env python3
"""Greedy travelling salesman with random starts: ./tsp.py N runs N simulations."""

import csv
import random
import sys


def read_distances(path="cities.tsv") -> dict:
    """Return {city: {other city: distance}} from a table of from/to/distance lines."""
    distances = {}
    with open(path, encoding="utf-8") as table:
        for row in csv.DictReader(table, delimiter="\t"):
            distances.setdefault(row["from"], {})[row["to"]] = int(row["distance"])
    return distances


def greedy_route(start, distances):
    """Return (route, total): from START, always on to the nearest unvisited city."""
    route, total = [start], 0
    unvisited = set(distances) - {start}
    while unvisited:
        here = route[-1]
        nearest = min(unvisited, key=lambda city: distances[here][city])
        total += distances[here][nearest]
        route.append(nearest)
        unvisited.remove(nearest)
    return route, total


def main(argv) -> int:
    """Run int(argv[1]) simulations and print each, then the shortest route."""
    runs = int(argv[1]) if len(argv) > 1 else 1
    distances = read_distances()
    best_route, best_total = None, None
    for i in range(1, runs + 1):
        route, total = greedy_route(random.choice(sorted(distances)), distances)
        print(f"run {i}: start {route[0]} distance {total}")
        if best_total is None or total < best_total:
            best_route, best_total = route, total
    print(f"shortest: {best_total}")
    print("route: " + " ".join(best_route))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
