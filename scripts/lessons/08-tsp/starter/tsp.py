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
    raise NotImplementedError("greedy_route is yours to write")


def main(argv) -> int:
    """Run int(argv[1]) simulations and print each, then the shortest route."""
    raise NotImplementedError("main is yours to write")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
