#!/usr/bin/env python3
"""Print describe()-style statistics of people.csv's height and weight columns."""

import csv
import statistics
import sys


def describe(values) -> list:
    """Count, mean, std, min, 25%, 50%, 75% and max of VALUES."""
    quartiles = statistics.quantiles(values, n=4, method="inclusive")
    return [
        ("count", len(values)),
        ("mean", statistics.mean(values)),
        ("std", statistics.stdev(values)),
        ("min", min(values)),
        ("25%", quartiles[0]),
        ("50%", quartiles[1]),
        ("75%", quartiles[2]),
        ("max", max(values)),
    ]


def main(path="people.csv") -> int:
    """Print one line per statistic: its name, the height value, the weight value."""
    with open(path, encoding="utf-8") as people:
        rows = list(csv.DictReader(people))
    heights = describe([float(row["height_in"]) for row in rows])
    weights = describe([float(row["weight_lb"]) for row in rows])
    print("stat height_in weight_lb")
    for (name, height), (_, weight) in zip(heights, weights):
        if name == "count":
            print(f"{name} {height} {weight}")
        else:
            print(f"{name} {height:.2f} {weight:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
